//! What the kinds of chart share: value axes, the frame (title, legend,
//! source line), point shapes, and the texts kept clear of each other and
//! of the canvas' edges. The kinds (`lines.rs`, `slope.rs`, `table.rs`)
//! use this file; `mod.rs` only dispatches to them.

use super::plane::px;
use super::scene::{ChartError, ChartGeometry, ChartScene, Ink, Shape, Style};
use crate::figure::{ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::data::Table;
use crate::model::{PALETTE, Rgb, Timeline};

/// The smallest value a logarithmic axis shows.
pub(super) const LOG_MIN: f64 = 1e-12;

/// The value axis of a chart: its range, and whether it is logarithmic.
pub(super) struct ValueAxis {
    pub(super) low: f64,
    pub(super) high: f64,
    pub(super) log: bool,
}

impl ValueAxis {
    /// An axis for values from `low` to `high`, with room above the top
    /// for labels (`headroom` times it on a linear axis). A linear axis
    /// starts at zero; a logarithmic one at the tick (1, 2, 5 times a power
    /// of ten) just below `low`, so the data fill the plot.
    pub(super) fn new(
        low: f64,
        high: f64,
        log: bool,
        headroom: f64,
    ) -> Result<ValueAxis, ChartError> {
        if log && low <= 0.0 {
            return Err(ChartError::Value(format!(
                "a logarithmic axis cannot show the value {low}"
            )));
        }
        // Values are drawn on a log axis from 1e-12 (`to_axis`); below it,
        // and near the largest float, there are no decades to count.
        if log && (low < LOG_MIN || high > 1e300) {
            return Err(ChartError::Value(format!(
                "a logarithmic axis shows values from 1e-12 to 1e300, not {:e}",
                if low < LOG_MIN { low } else { high }
            )));
        }
        Ok(if log {
            ValueAxis {
                low: tick_below(low),
                high: high * 1.6,
                log,
            }
        } else {
            ValueAxis {
                low: 0f64.min(low),
                high: high * headroom,
                log,
            }
        })
    }

    /// Where a value sits on the (linear) scale plotters is given.
    pub(super) fn to_axis(&self, v: f64) -> f64 {
        if self.log { v.max(LOG_MIN).log10() } else { v }
    }

    pub(super) fn ticks(&self) -> Vec<f64> {
        if self.log {
            log_ticks(self.low, self.high)
        } else {
            nice_ticks(self.low, self.high, 6)
        }
    }
}

/// Round numbers for an axis between `lo` and `hi`, about `count` of them.
pub(super) fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + step * 1e-9 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// The largest of 1, 2, 5 times a power of ten below `v` (`v` > 0).
pub(super) fn tick_below(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [5.0 * p, 2.0 * p, p, 0.5 * p]
        .into_iter()
        .find(|t| *t < v * 0.999)
        .unwrap_or(0.5 * p)
}

/// Ticks of a logarithmic axis: 1, 2, 5 times the powers of ten, or only
/// the powers, or every n-th, so that there are at most about nine. The
/// decades are counted, not stepped through, so any range ends.
pub(super) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi.is_finite() && lo <= hi) {
        return Vec::new();
    }
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let decades = (last - first).max(1);
    let mut out = Vec::new();
    if decades <= 3 {
        for e in first..=last {
            for m in [1.0, 2.0, 5.0] {
                let v = m * 10f64.powi(e);
                if v >= lo * 0.9999 && v <= hi * 1.0001 {
                    out.push(v);
                }
            }
        }
    }
    if out.len() > 9 || decades > 3 {
        let every = (decades + 8) / 9;
        out = (first..=last)
            .filter(|e| (e - first) % every == 0)
            .map(|e| 10f64.powi(e))
            .filter(|v| *v >= lo * 0.9999 && *v <= hi * 1.0001)
            .collect();
    }
    out
}

/// Appends a table's or series' note to a text alternative, as a sentence.
pub(super) fn push_note(text: &mut String, note: Option<&str>) {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else {
        return;
    };
    text.push_str(" Note: ");
    text.push_str(note);
    if !note.ends_with(['.', '!', '?']) {
        text.push('.');
    }
}

pub(super) fn number(v: f64) -> String {
    if v.abs() >= 1e15 {
        crate::model::data::fixed_or_scientific(v, 0)
    } else if v.abs() >= 100.0 || (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

/// A text that is never bold (`Text::new` makes lane names bold).
pub(super) fn plain(
    text: impl Into<String>,
    left: f32,
    top: f32,
    size: f32,
    role: TextRole,
) -> Text {
    let mut t = Text::new(text, left, top, size, role);
    if t.bold {
        t.bold = false;
        t.width = font::text_width(&t.text, size, false);
    }
    t
}

/// Two boxes overlap.
pub(super) fn overlaps(a: &Text, b: &Text) -> bool {
    a.left < b.right() && b.left < a.right() && a.top < b.bottom() && b.top < a.bottom()
}

/// The chart's frame: title, legend, source line, and the plot area left.
pub(super) struct ChartFrame {
    pub(super) s: f32,
    pub(super) texts: Vec<Text>,
    /// Legend swatches: x, y, size, colour, hollow.
    pub(super) swatches: Vec<(f32, f32, f32, Rgb, bool)>,
    /// Swatches drawn as the series' point shapes (lines charts), so that a
    /// series is told by its shape as well as its colour.
    pub(super) shapes: bool,
    pub(super) plot: (f32, f32, f32, f32),
}

pub(super) fn source_line(timeline: &Timeline, refs: &[crate::model::SourceRef]) -> Option<String> {
    let base = timeline.source_line.clone().or_else(|| {
        timeline
            .work
            .as_ref()
            .map(|w| format!("Source: {}, {}", w.author, w.title))
    });
    let notes: Vec<String> = refs
        .iter()
        .filter_map(|r| timeline.source(&r.id))
        .map(|s| {
            let page = s
                .page
                .as_deref()
                .map(|p| format!(", p. {p}"))
                .unwrap_or_default();
            match s.note {
                Some(n) => format!("note {n} ({}{page})", s.citation),
                None => format!("{}{page}", s.citation),
            }
        })
        .collect();
    match (base, notes.is_empty()) {
        (Some(b), true) => Some(b),
        (Some(b), false) => Some(format!("{b}. Figures: {}", notes.join("; "))),
        (None, false) => Some(format!("Source: {}", notes.join("; "))),
        (None, true) => None,
    }
}

pub(super) fn frame(
    options: &TimelineOptions,
    title: &str,
    legend: &[(String, Rgb, bool)],
    source: Option<&str>,
) -> ChartFrame {
    let (w, h) = (options.size.width as f32, options.size.height as f32);
    let subtitle = options.subtitle.as_deref();
    let base = crate::layout::Frame::new(w, h, title, subtitle, source);
    let (s, margin, mut texts) = (base.s, base.margin, base.texts);
    let mut y = base.top;
    // The legend, in rows, under the title.
    let size = 20.0 * s;
    let lh = font::line_height(size);
    let mut swatches = Vec::new();
    if !legend.is_empty() {
        y += 12.0 * s;
        let mut x = margin;
        for (label, c, hollow) in legend {
            let width = 22.0 * s + font::text_width(label, size, false) + 30.0 * s;
            if x + width > w - margin && x > margin {
                x = margin;
                y += lh + 6.0 * s;
            }
            swatches.push((x, y + (lh - 16.0 * s) / 2.0, 16.0 * s, *c, *hollow));
            texts.push(Text::new(
                label.clone(),
                x + 22.0 * s,
                y,
                size,
                TextRole::Legend,
            ));
            x += width;
        }
        y += lh;
    }
    let bottom = base.bottom - 4.0 * s;
    ChartFrame {
        s,
        texts,
        swatches,
        shapes: false,
        plot: (margin, y + 16.0 * s, w - margin, bottom),
    }
}

/// A table's chart frame: its title (the figure's, else the table's), the
/// legend, and the source line of the table's sources; with the title.
pub(super) fn table_frame(
    timeline: &Timeline,
    table: &Table,
    options: &TimelineOptions,
    legend: &[(String, Rgb, bool)],
) -> (String, ChartFrame) {
    let title = options.title.clone().unwrap_or_else(|| table.title.clone());
    let source = source_line(timeline, &table.sources);
    let frame = frame(options, &title, legend, source.as_deref());
    (title, frame)
}

/// The point of series `k`: a circle, square, triangle or diamond, so
/// series differ in shape as well as colour.
pub(super) fn marker(k: usize, (x, y): (f32, f32), r: f32, style: Style) -> Shape {
    let points: Vec<(f32, f32)> = match k % 4 {
        0 => return Shape::Circle((px(x), px(y)), px(r), style),
        1 => vec![(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        2 => vec![(0.0, -1.15), (1.05, 0.75), (-1.05, 0.75)],
        _ => vec![(0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)],
    };
    let points: Vec<(i32, i32)> = points
        .iter()
        .map(|(dx, dy)| (px(x + dx * r), px(y + dy * r)))
        .collect();
    if style.filled {
        Shape::Polygon(points, style)
    } else {
        let mut closed = points;
        closed.push(closed[0]);
        Shape::Path(closed, style)
    }
}

/// A line `width` px wide through whole pixels, solid or in dashes of
/// 6 px with gaps of 4 (at the slide's scale `s`): the dashes' ends.
pub(crate) fn dashes(corners: &[(i32, i32)], dashed: bool, s: f32) -> Vec<Vec<(i32, i32)>> {
    if !dashed {
        return vec![corners.to_vec()];
    }
    let (dash, gap) = (px(6.0 * s).max(2), px(4.0 * s).max(2));
    let mut out = Vec::new();
    for w in corners.windows(2) {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        let length = (bx - ax).abs().max((by - ay).abs());
        let point = |t: i32| {
            (
                ax + (bx - ax) * t / length.max(1),
                ay + (by - ay) * t / length.max(1),
            )
        };
        let mut at = 0;
        while at < length {
            let end = (at + dash).min(length);
            out.push(vec![point(at), point(end)]);
            at = end + gap;
        }
    }
    out
}

/// The colour of the n-th column or series.
pub(super) fn nth_color(n: usize) -> Rgb {
    PALETTE[n % PALETTE.len()]
}

/// The table a chart draws.
pub(super) fn table_of<'t>(
    timeline: &'t Timeline,
    spec: &ChartSpec,
) -> Result<&'t Table, ChartError> {
    let id = spec.table.as_deref().unwrap_or_default();
    timeline
        .table(id)
        .ok_or_else(|| ChartError::Data(format!("there is no table `{id}`")))
}

impl ChartFrame {
    /// The background and the legend's swatches: the first shapes drawn.
    pub(super) fn shapes(&self) -> Vec<Shape> {
        let mut shapes = vec![Shape::Fill(Ink::Background)];
        for (k, &(x, y, size, c, hollow)) in self.swatches.iter().enumerate() {
            let rect = [(px(x), px(y)), (px(x + size), px(y + size))];
            if self.shapes {
                let center = (x + size / 2.0, y + size / 2.0);
                shapes.push(Shape::Path(
                    vec![
                        (px(x - size * 0.2), px(center.1)),
                        (px(x + size * 1.2), px(center.1)),
                    ],
                    Style::stroke(Ink::Mark(c), px(size / 5.0).max(1) as u32),
                ));
                shapes.push(marker(k, center, size * 0.45, Style::fill(Ink::Mark(c))));
            } else if hollow {
                shapes.push(Shape::Rect(rect, Style::stroke(Ink::Mark(c), 2)));
            } else {
                shapes.push(Shape::Rect(rect, Style::fill(Ink::Mark(c))));
            }
        }
        shapes
    }

    /// The chart, its texts kept on the canvas.
    pub(super) fn finish(
        self,
        options: &TimelineOptions,
        (title, description): (String, String),
        shapes: Vec<Shape>,
        mut geometry: ChartGeometry,
    ) -> ChartScene {
        let (width, height) = (options.size.width, options.size.height);
        geometry.texts = on_canvas(self.texts, width as f32);
        ChartScene {
            width,
            height,
            title,
            description,
            shapes,
            geometry,
        }
    }
}

/// Whatever a chart's labels, units and legend hold, no text runs off the
/// canvas: one that would is cut, with an ellipsis. The right edge
/// mirrors the frame's left margin.
fn on_canvas(texts: Vec<Text>, width: f32) -> Vec<Text> {
    let margin = texts
        .iter()
        .map(|t| t.left)
        .fold(f32::INFINITY, f32::min)
        .clamp(2.0, 100.0);
    let width = width - margin + 2.0;
    texts
        .into_iter()
        .map(|t| {
            let room = width - 2.0 - t.left.max(0.0);
            if t.left < 0.0 || t.right() > width - 2.0 {
                let mut cut = t.clone();
                cut.left = t.left.max(0.0);
                cut.text = font::fit_lines(&t.text, t.size, t.bold, room.max(t.size), 1)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                cut.width = font::text_width(&cut.text, cut.size, cut.bold);
                cut
            } else {
                t
            }
        })
        .collect()
}

/// Puts the unit over the value axis at the top of the plot area, and
/// returns the new top and the width the tick labels need.
pub(super) fn unit_and_ticks(
    frame: &mut ChartFrame,
    unit: &str,
    ticks: &[f64],
    size: f32,
) -> (f32, f32) {
    let (left, top, ..) = frame.plot;
    let text = Text::new(unit, left, top, size, TextRole::Axis);
    let top = text.bottom() + 10.0 * frame.s;
    frame.texts.push(text);
    let widest = ticks
        .iter()
        .map(|t| font::text_width(&number(*t), size, false))
        .fold(0.0, f32::max);
    (top, widest)
}

/// The label of tick `t` on an upright value axis: right-aligned 10 px
/// left of the plot, centred on the tick's pixel `y`.
pub(super) fn tick_label(t: f64, left: f32, y: f32, size: f32, s: f32) -> Text {
    let text = number(t);
    let tw = font::text_width(&text, size, false);
    let lh = font::line_height(size);
    Text::new(
        text,
        left - 10.0 * s - tw,
        y - lh / 2.0,
        size,
        TextRole::Axis,
    )
}

/// Keeps the texts that do not overlap earlier ones or leave the canvas.
pub(super) fn keep_clear(texts: Vec<Text>, fixed: &[Text], w: f32, h: f32) -> Vec<Text> {
    let mut kept: Vec<Text> = Vec::new();
    for t in texts {
        let inside = t.left >= 0.0 && t.right() <= w && t.top >= 0.0 && t.bottom() <= h;
        if inside && !fixed.iter().chain(&kept).any(|o| overlaps(o, &t)) {
            kept.push(t);
        }
    }
    kept
}
