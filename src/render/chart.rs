//! Charts of the text's figures, drawn with plotters' chart API
//! (`ChartBuilder`) on the SVG backend the timeline uses.
//!
//! plotters maps values to pixels and draws bars, lines and grid lines;
//! every text is placed here with the one measurer, so labels can be kept
//! apart and the SVG gets the same embedded font and `textLength` as the
//! timeline. The geometry of what is drawn is returned beside the SVG, so
//! tests can check it against the data.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{color, draw_text, outline_rect, palette, px, theme};
use crate::figure::{ChartKind, ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::data::{Cell, Table, Value};
use crate::model::{HistDate, PALETTE, Rgb, Timeline};

/// The chart context of every chart here: f64 on both axes.
type Plot<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Where a bar went: its data and its pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct BarGeometry {
    /// The table row.
    pub row: usize,
    /// The table column.
    pub column: usize,
    /// The low and high values drawn (equal ends of a bar from zero are
    /// 0 and the value; a range's are its low and high).
    pub values: (f64, f64),
    /// Pixels: left, top, right, bottom.
    pub rect: (f32, f32, f32, f32),
    /// A range ("95-105") rather than a single value.
    pub range: bool,
}

/// Where a series point went.
#[derive(Clone, Debug, PartialEq)]
pub struct PointGeometry {
    /// Index of the series in the chart.
    pub series: usize,
    /// The value.
    pub value: f64,
    /// Pixels.
    pub at: (f32, f32),
}

/// What a chart drew, in pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartGeometry {
    /// Bars (bars and comparison charts).
    pub bars: Vec<BarGeometry>,
    /// Points (lines charts).
    pub points: Vec<PointGeometry>,
    /// Event markers: id and x.
    pub markers: Vec<(String, f32)>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f32, f32, f32, f32),
    /// Pixels of value 0 (or the log axis' bottom) and of `value_top`.
    pub value_axis: (f64, f32, f64, f32),
    /// Every text drawn.
    pub texts: Vec<Text>,
}

/// A drawn chart.
#[derive(Clone, Debug)]
pub struct ChartFigure {
    /// The SVG document.
    pub svg: String,
    /// What was drawn where.
    pub geometry: ChartGeometry,
    /// The text alternative: what is plotted, every value with its unit.
    pub description: String,
}

/// Why a chart cannot be drawn.
#[derive(Debug)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartError {}

/// The value axis of a chart: its range, and whether it is logarithmic.
struct ValueAxis {
    low: f64,
    high: f64,
    log: bool,
}

impl ValueAxis {
    /// An axis for values from `low` to `high`, with room above the top
    /// for labels (`headroom` times it on a linear axis). A linear axis
    /// starts at zero; a logarithmic one at a power of ten below `low`.
    fn new(low: f64, high: f64, log: bool, headroom: f64) -> Result<ValueAxis, ChartError> {
        if log && low <= 0.0 {
            return Err(ChartError(format!(
                "a logarithmic axis cannot show the value {low}"
            )));
        }
        Ok(if log {
            ValueAxis {
                low: 10f64.powf((low / 1.5).log10().floor()),
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
    fn to_axis(&self, v: f64) -> f64 {
        if self.log { v.max(1e-12).log10() } else { v }
    }

    fn ticks(&self) -> Vec<f64> {
        if self.log {
            log_ticks(self.low, self.high)
        } else {
            nice_ticks(self.low, self.high, 6)
        }
    }
}

/// Round numbers for an axis between `lo` and `hi`, about `count` of them.
fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
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

/// Ticks of a logarithmic axis: 1, 2, 5 times the powers of ten.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut p = 10f64.powf(lo.log10().floor());
    while p <= hi * 1.0001 {
        for m in [1.0, 2.0, 5.0] {
            let v = p * m;
            if v >= lo * 0.9999 && v <= hi * 1.0001 {
                out.push(v);
            }
        }
        p *= 10.0;
    }
    if out.len() > 9 {
        out.retain(|v| (v.log10() - v.log10().round()).abs() < 1e-9);
    }
    out
}

fn number(v: f64) -> String {
    if v.abs() >= 100.0 || (v - v.round()).abs() < 1e-9 {
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
fn plain(text: impl Into<String>, left: f32, top: f32, size: f32, role: TextRole) -> Text {
    let mut t = Text::new(text, left, top, size, role);
    if t.bold {
        t.bold = false;
        t.width = font::text_width(&t.text, size, false);
    }
    t
}

/// Two boxes overlap.
fn overlaps(a: &Text, b: &Text) -> bool {
    a.left < b.right() && b.left < a.right() && a.top < b.bottom() && b.top < a.bottom()
}

/// The chart's frame: title, legend, source line, and the plot area left.
struct Frame {
    s: f32,
    texts: Vec<Text>,
    /// Legend swatches: x, y, size, colour, hollow.
    swatches: Vec<(f32, f32, f32, Rgb, bool)>,
    /// Swatches drawn as the series' point shapes (lines charts), so that a
    /// series is told by its shape as well as its colour.
    shapes: bool,
    plot: (f32, f32, f32, f32),
}

fn source_line(timeline: &Timeline, refs: &[crate::model::SourceRef]) -> Option<String> {
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

fn frame(
    options: &TimelineOptions,
    title: &str,
    subtitle: Option<&str>,
    legend: &[(String, Rgb, bool)],
    source: Option<&str>,
) -> Frame {
    let (w, h) = (options.size.width as f32, options.size.height as f32);
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
                TextRole::Key,
            ));
            x += width;
        }
        y += lh;
    }
    let bottom = base.bottom - 4.0 * s;
    Frame {
        s,
        texts,
        swatches,
        shapes: false,
        plot: (margin, y + 16.0 * s, w - margin, bottom),
    }
}

/// The point of series `k`: a circle, square, triangle or diamond, so
/// series differ in shape as well as colour.
fn marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    k: usize,
    (x, y): (f32, f32),
    r: f32,
    style: ShapeStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let points: Vec<(f32, f32)> = match k % 4 {
        0 => return root.draw(&Circle::new((px(x), px(y)), px(r), style)),
        1 => vec![(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        2 => vec![(0.0, -1.15), (1.05, 0.75), (-1.05, 0.75)],
        _ => vec![(0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)],
    };
    let points: Vec<(i32, i32)> = points
        .iter()
        .map(|(dx, dy)| (px(x + dx * r), px(y + dy * r)))
        .collect();
    if style.filled {
        root.draw(&Polygon::new(points, style))
    } else {
        let mut closed = points;
        closed.push(closed[0]);
        root.draw(&PathElement::new(closed, style))
    }
}

/// The colour of the n-th column or series.
fn nth_color(n: usize) -> Rgb {
    PALETTE[n % PALETTE.len()]
}

/// The text alternative of a table chart: every value with its unit.
fn describe_table(title: &str, table: &Table) -> String {
    let mut parts = Vec::new();
    for row in &table.rows {
        let cells: Vec<String> = table
            .columns
            .iter()
            .zip(&row.cells)
            .map(|(c, v)| format!("{} {}", c.label, v.text()))
            .collect();
        parts.push(format!("{}: {}", row.label, cells.join(", ")));
    }
    format!(
        "{title}. A chart of {} in {}. {}.",
        table.title,
        table.unit,
        parts.join("; ")
    )
}

/// Draws a chart figure.
pub fn chart_svg(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartFigure, ChartError> {
    font::register_with_plotters();
    match spec.kind {
        ChartKind::Bars | ChartKind::Comparison => {
            let id = spec.table.as_deref().unwrap_or_default();
            let table = timeline
                .table(id)
                .ok_or_else(|| ChartError(format!("there is no table `{id}`")))?;
            table_chart(timeline, table, spec, options)
        }
        ChartKind::Lines => lines_chart(timeline, spec, options),
    }
}

fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    options: &TimelineOptions,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let p = palette(options.theme);
    root.fill(&color(p.background))?;
    for (k, &(x, y, size, c, hollow)) in frame.swatches.iter().enumerate() {
        let c = color(theme::mark_color(options.theme, c));
        let rect = [(px(x), px(y)), (px(x + size), px(y + size))];
        if frame.shapes {
            let center = (x + size / 2.0, y + size / 2.0);
            root.draw(&PathElement::new(
                vec![
                    (px(x - size * 0.2), px(center.1)),
                    (px(x + size * 1.2), px(center.1)),
                ],
                c.stroke_width(px(size / 5.0).max(1) as u32),
            ))?;
            marker(root, k, center, size * 0.45, c.filled())?;
        } else if hollow {
            root.draw(&Rectangle::new(rect, c.stroke_width(2)))?;
        } else {
            root.draw(&Rectangle::new(rect, c.filled()))?;
        }
    }
    Ok(())
}

fn draw_texts<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    texts: &[Text],
    options: &TimelineOptions,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let p = palette(options.theme);
    for t in texts {
        let c = match t.role {
            TextRole::Title | TextRole::Subtitle | TextRole::Label | TextRole::Lane => p.text,
            _ => p.muted,
        };
        draw_text(root, t, c)?;
    }
    Ok(())
}

/// Keeps the texts that do not overlap earlier ones or leave the canvas.
fn keep_clear(texts: Vec<Text>, fixed: &[Text], w: f32, h: f32) -> Vec<Text> {
    let mut kept: Vec<Text> = Vec::new();
    for t in texts {
        let inside = t.left >= 0.0 && t.right() <= w && t.top >= 0.0 && t.bottom() <= h;
        if inside && !fixed.iter().chain(&kept).any(|o| overlaps(o, &t)) {
            kept.push(t);
        }
    }
    kept
}

/// Bars (vertical) and comparison (horizontal) charts of a table.
fn table_chart(
    timeline: &Timeline,
    table: &Table,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartFigure, ChartError> {
    let horizontal = spec.kind == ChartKind::Comparison;
    let title = options.title.clone().unwrap_or_else(|| table.title.clone());
    let legend: Vec<(String, Rgb, bool)> = if table.columns.len() > 1 || !horizontal {
        table
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| (c.label.clone(), nth_color(j), false))
            .collect()
    } else {
        Vec::new()
    };
    let source = source_line(timeline, &table.sources);
    let mut frame = frame(
        options,
        &title,
        options.subtitle.as_deref(),
        &legend,
        source.as_deref(),
    );
    let s = frame.s;
    let (w, h) = (options.size.width as f32, options.size.height as f32);
    let size = 20.0 * s;
    let lh = font::line_height(size);

    // Value range.
    let values: Vec<(f64, f64)> = table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter_map(Cell::bounds)
        .collect();
    let top_value = values
        .iter()
        .map(|v| v.1)
        .fold(f64::MIN, f64::max)
        .max(spec.reference.unwrap_or(0.0));
    let low_value = values.iter().map(|v| v.0).fold(f64::MAX, f64::min);
    let low_value = low_value.min(spec.reference.unwrap_or(f64::MAX));
    let axis = ValueAxis::new(low_value, top_value, spec.log, 1.18)?;
    let (v0, v1) = (axis.low, axis.high);
    let to_axis = |v: f64| axis.to_axis(v);
    let ticks = axis.ticks();
    // Bars grow from zero; a logarithmic axis has none, so there they grow
    // from the reference (1913 = 100): their length is the ratio.
    let base = if spec.log {
        spec.reference.unwrap_or(v0)
    } else {
        0.0
    };

    // The plot area: room for tick labels, category labels and the unit.
    let (mut left, mut top, mut right, mut bottom) = frame.plot;
    let unit = Text::new(table.unit.clone(), left, top, size, TextRole::Axis);
    top = unit.bottom() + 10.0 * s;
    frame.texts.push(unit);
    let tick_width = ticks
        .iter()
        .map(|t| font::text_width(&number(*t), size, false))
        .fold(0.0, f32::max);
    let row_labels: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            let max = if horizontal {
                320.0 * s
            } else {
                (right - left) / table.rows.len() as f32 - 12.0 * s
            };
            font::wrap(&r.label, size, false, max)
        })
        .collect();
    if horizontal {
        let widest = row_labels
            .iter()
            .flatten()
            .map(|l| font::text_width(l, size, false))
            .fold(0.0, f32::max);
        left += widest + 16.0 * s;
        bottom -= lh + 12.0 * s;
        right -= 90.0 * s; // room for the value labels at the bars' ends
    } else {
        left += tick_width + 14.0 * s;
        let lines = row_labels.iter().map(Vec::len).max().unwrap_or(1) as f32;
        bottom -= lines * (lh + 2.0 * s) + 12.0 * s;
    }

    let mut svg = String::new();
    let mut geometry = ChartGeometry {
        plot: (left, top, right, bottom),
        ..ChartGeometry::default()
    };
    let mut labels: Vec<Text> = Vec::new();
    let p = palette(options.theme);
    {
        let root = SVGBackend::with_string(&mut svg, (w as u32, h as u32)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| ChartError(format!("drawing failed: {e}"));
        draw_frame(&root, &frame, options).map_err(err)?;
        let area = root.clone().shrink(
            (px(left), px(top)),
            (
                (right - left).max(10.0) as u32,
                (bottom - top).max(10.0) as u32,
            ),
        );
        let rows = table.rows.len() as f64;
        let (a0, a1) = (to_axis(v0), to_axis(v1));
        let mut chart = if horizontal {
            ChartBuilder::on(&area).build_cartesian_2d(a0..a1, 0f64..rows)
        } else {
            ChartBuilder::on(&area).build_cartesian_2d(0f64..rows, a0..a1)
        }
        .map_err(err)?;
        // Maps (category position, value) to pixels, whichever way round.
        let at = |chart: &Plot<'_, _>, c: f64, v: f64| {
            let (x, y) = if horizontal {
                chart.backend_coord(&(to_axis(v), rows - c))
            } else {
                chart.backend_coord(&(c, to_axis(v)))
            };
            (x as f32, y as f32)
        };
        // Grid lines and tick labels.
        // A line across the plot at value v, in data coordinates.
        let across = |v: f64| {
            let v = to_axis(v);
            if horizontal {
                vec![(v, 0.0), (v, rows)]
            } else {
                vec![(0.0, v), (rows, v)]
            }
        };
        for &t in &ticks {
            let a = at(&chart, 0.0, t);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    across(t),
                    color(p.grid).stroke_width(1),
                )))
                .map_err(err)?;
            let text = number(t);
            let tw = font::text_width(&text, size, false);
            let label = if horizontal {
                Text::new(text, a.0 - tw / 2.0, bottom + 8.0 * s, size, TextRole::Axis)
            } else {
                Text::new(
                    text,
                    left - 10.0 * s - tw,
                    a.1 - lh / 2.0,
                    size,
                    TextRole::Axis,
                )
            };
            frame.texts.push(label);
        }
        geometry.value_axis = (
            v0,
            if horizontal {
                at(&chart, 0.0, v0).0
            } else {
                at(&chart, 0.0, v0).1
            },
            v1,
            if horizontal {
                at(&chart, 0.0, v1).0
            } else {
                at(&chart, 0.0, v1).1
            },
        );
        if let Some(r) = spec.reference {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    across(r),
                    color(p.axis).stroke_width(px(2.0 * s).max(1) as u32),
                )))
                .map_err(err)?;
        }
        // Bars.
        let columns = table.columns.len() as f64;
        let group = 0.76;
        let bar = group / columns;
        for (i, row) in table.rows.iter().enumerate() {
            for (j, cell) in row.cells.iter().enumerate() {
                let Some((lo, hi)) = cell.bounds() else {
                    continue;
                };
                let c0 = i as f64 + (1.0 - group) / 2.0 + bar * j as f64 + bar * 0.06;
                let c1 = c0 + bar * 0.88;
                let range = matches!(cell.value, Value::Range(..));
                let (from, to) = if range { (lo, hi) } else { (base, hi) };
                let (p0, p1) = (at(&chart, c0, from), at(&chart, c1, to));
                let rect = (
                    p0.0.min(p1.0),
                    p0.1.min(p1.1),
                    p0.0.max(p1.0),
                    p0.1.max(p1.1),
                );
                let fill = color(theme::mark_color(options.theme, nth_color(j)));
                let corners = [(px(rect.0), px(rect.1)), (px(rect.2), px(rect.3))];
                // The bar in data coordinates, for plotters to place.
                let data = if horizontal {
                    [(to_axis(from), rows - c0), (to_axis(to), rows - c1)]
                } else {
                    [(c0, to_axis(from)), (c1, to_axis(to))]
                };
                // A range, or an approximate value: a lighter bar with its
                // outline (dashed when approximate); a value: a solid bar.
                let light = range || cell.approximate;
                let style = if light {
                    fill.mix(0.45).filled()
                } else {
                    fill.filled()
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(data, style)))
                    .map_err(err)?;
                if light {
                    let outline = (corners[0].0, corners[0].1, corners[1].0, corners[1].1);
                    outline_rect(
                        &root,
                        outline,
                        fill,
                        px(2.0 * s).max(1) as u32,
                        cell.approximate,
                        s,
                    )
                    .map_err(err)?;
                }
                geometry.bars.push(BarGeometry {
                    row: i,
                    column: j,
                    values: (from, to),
                    rect,
                    range,
                });
                // The value, and the growth over the first column.
                let mut text = cell.text();
                if spec.growth
                    && j > 0
                    && let Some(base) = row
                        .cells
                        .first()
                        .and_then(Cell::middle)
                        .filter(|b| *b > 0.0)
                {
                    let growth = match cell.value {
                        Value::Range(a, b) => format!("×{:.1}-{:.1}", a / base, b / base),
                        _ => format!("×{:.1}", hi / base),
                    };
                    if horizontal {
                        text = format!("{text} ({growth})");
                    } else {
                        let gw = font::text_width(&growth, size, true);
                        let mut g = Text::new(
                            growth,
                            f32::midpoint(rect.0, rect.2) - gw / 2.0,
                            rect.1 - 2.0 * lh - 6.0 * s,
                            size,
                            TextRole::Label,
                        );
                        g.bold = true;
                        g.width = gw;
                        labels.push(g);
                    }
                }
                let tw = font::text_width(&text, size, false);
                let label = if horizontal {
                    Text::new(
                        text,
                        rect.2 + 8.0 * s,
                        f32::midpoint(rect.1, rect.3) - lh / 2.0,
                        size,
                        TextRole::Label,
                    )
                } else {
                    Text::new(
                        text,
                        f32::midpoint(rect.0, rect.2) - tw / 2.0,
                        rect.1 - lh - 4.0 * s,
                        size,
                        TextRole::Label,
                    )
                };
                labels.push(label);
            }
            // The row's name under (or beside) its group.
            let lines = &row_labels[i];
            let (cx, cy) = at(&chart, i as f64 + 0.5, v0);
            for (k, line) in lines.iter().enumerate() {
                let tw = font::text_width(line, size, false);
                let t = if horizontal {
                    let pitch = lh + 2.0 * s;
                    let y = cy - pitch * lines.len() as f32 / 2.0 + pitch * k as f32;
                    plain(line.clone(), left - 12.0 * s - tw, y, size, TextRole::Lane)
                } else {
                    plain(
                        line.clone(),
                        cx - tw / 2.0,
                        bottom + 8.0 * s + (lh + 2.0 * s) * k as f32,
                        size,
                        TextRole::Lane,
                    )
                };
                frame.texts.push(t);
            }
        }
        // The value axis line.
        let (a, b) = (at(&chart, 0.0, v0), at(&chart, rows, v0));
        root.draw(&PathElement::new(
            vec![(px(a.0), px(a.1)), (px(b.0), px(b.1))],
            color(p.axis).stroke_width(px(2.0 * s).max(1) as u32),
        ))
        .map_err(err)?;
        let labels = keep_clear(labels, &frame.texts, w, h);
        frame.texts.extend(labels);
        draw_texts(&root, &frame.texts, options).map_err(err)?;
        root.present().map_err(err)?;
    }
    let description = describe_table(&title, table);
    geometry.texts.clone_from(&frame.texts);
    Ok(ChartFigure {
        svg: super::finish(svg, &title, &description),
        geometry,
        description,
    })
}

/// The day a date is drawn at: the middle of what it covers.
fn middle_day(date: &HistDate) -> NaiveDate {
    let (a, b) = (date.anchor(), date.anchor_end());
    a + chrono::Duration::days((b - a).num_days() / 2)
}

fn day_number(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

/// Lines over a date axis, from series, with event markers.
fn lines_chart(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartFigure, ChartError> {
    let series: Vec<&crate::model::data::Series> = spec
        .series
        .iter()
        .map(|id| {
            timeline
                .series(id)
                .ok_or_else(|| ChartError(format!("there is no series `{id}`")))
        })
        .collect::<Result<_, _>>()?;
    let first = series
        .first()
        .ok_or_else(|| ChartError("a lines chart needs a series".into()))?;
    let title = options.title.clone().unwrap_or_else(|| first.label.clone());
    let legend: Vec<(String, Rgb, bool)> = series
        .iter()
        .enumerate()
        .map(|(k, s)| (s.label.clone(), nth_color(k), false))
        .collect();
    let refs: Vec<crate::model::SourceRef> = series
        .iter()
        .flat_map(|s| s.sources.iter().cloned())
        .fold(Vec::new(), |mut v, r| {
            if !v.contains(&r) {
                v.push(r);
            }
            v
        });
    let source = source_line(timeline, &refs);
    let mut frame = frame(
        options,
        &title,
        options.subtitle.as_deref(),
        &legend,
        source.as_deref(),
    );
    frame.shapes = true;
    let s = frame.s;
    let (w, h) = (options.size.width as f32, options.size.height as f32);
    let size = 20.0 * s;
    let lh = font::line_height(size);

    let all: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|x| x.points.iter())
        .filter_map(|p| p.value.bounds())
        .collect();
    let top_value = all.iter().map(|v| v.1).fold(f64::MIN, f64::max);
    let low_value = all.iter().map(|v| v.0).fold(f64::MAX, f64::min);
    let axis = ValueAxis::new(low_value, top_value, spec.log, 1.15)?;
    let (v0, v1) = (axis.low, axis.high);
    let to_axis = |v: f64| axis.to_axis(v);
    let ticks = axis.ticks();

    // The date range: the points' and the markers'.
    let mut days: Vec<f64> = series
        .iter()
        .flat_map(|x| x.points.iter())
        .map(|p| day_number(middle_day(&p.date)))
        .collect();
    let markers: Vec<&crate::model::Event> = spec
        .events
        .iter()
        .filter_map(|id| timeline.event(id))
        .collect();
    days.extend(markers.iter().map(|e| day_number(e.date.anchor())));
    let (d0, d1) = (
        days.iter().copied().fold(f64::MAX, f64::min),
        days.iter().copied().fold(f64::MIN, f64::max),
    );
    let pad = ((d1 - d0) * 0.08).max(60.0);
    let (x0, x1) = (d0 - pad, d1 + pad);

    let (mut left, mut top, mut right, mut bottom) = frame.plot;
    let unit = Text::new(first.unit.clone(), left, top, size, TextRole::Axis);
    top = unit.bottom() + 10.0 * s;
    frame.texts.push(unit);
    let tick_width = ticks
        .iter()
        .map(|t| font::text_width(&number(*t), size, false))
        .fold(0.0, f32::max);
    left += tick_width + 14.0 * s;
    right -= 16.0 * s;
    bottom -= lh + 12.0 * s;
    // Room above the plot for marker labels.
    let marker_rows = markers.len().min(3) as f32;
    top += marker_rows * (lh + 4.0 * s);

    let mut svg = String::new();
    let mut geometry = ChartGeometry {
        plot: (left, top, right, bottom),
        ..ChartGeometry::default()
    };
    let p = palette(options.theme);
    let mut labels: Vec<Text> = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w as u32, h as u32)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| ChartError(format!("drawing failed: {e}"));
        draw_frame(&root, &frame, options).map_err(err)?;
        let area = root.clone().shrink(
            (px(left), px(top)),
            (
                (right - left).max(10.0) as u32,
                (bottom - top).max(10.0) as u32,
            ),
        );
        let mut chart = ChartBuilder::on(&area)
            .build_cartesian_2d(x0..x1, to_axis(v0)..to_axis(v1))
            .map_err(err)?;
        let at = |chart: &Plot<'_, _>, d: f64, v: f64| {
            let (x, y) = chart.backend_coord(&(d, to_axis(v)));
            (x as f32, y as f32)
        };
        for &t in &ticks {
            let a = at(&chart, x0, t);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x0, to_axis(t)), (x1, to_axis(t))],
                    color(p.grid).stroke_width(1),
                )))
                .map_err(err)?;
            let text = number(t);
            let tw = font::text_width(&text, size, false);
            frame.texts.push(Text::new(
                text,
                left - 10.0 * s - tw,
                a.1 - lh / 2.0,
                size,
                TextRole::Axis,
            ));
        }
        geometry.value_axis = (v0, at(&chart, x0, v0).1, v1, at(&chart, x0, v1).1);
        // Date labels: each point's date as written, once.
        let mut dated: Vec<(f64, String)> = series
            .iter()
            .flat_map(|x| x.points.iter())
            .map(|p| (day_number(middle_day(&p.date)), p.date.written().to_owned()))
            .collect();
        dated.sort_by(|a, b| a.0.total_cmp(&b.0));
        dated.dedup_by(|a, b| (a.0 - b.0).abs() < 1.0);
        let date_labels: Vec<Text> = dated
            .iter()
            .map(|(d, text)| {
                let (x, _) = at(&chart, *d, v0);
                let tw = font::text_width(text, size, false);
                Text::new(
                    text.clone(),
                    x - tw / 2.0,
                    bottom + 8.0 * s,
                    size,
                    TextRole::Axis,
                )
            })
            .collect();
        frame
            .texts
            .extend(keep_clear(date_labels, &frame.texts, w, h));
        // Markers: a vertical line at the event's first day, its label above.
        let mut marker_labels: Vec<Text> = Vec::new();
        for e in &markers {
            let day = day_number(e.date.anchor());
            let (x, _) = at(&chart, day, v0);
            geometry.markers.push((e.id.clone(), x));
            let text = format!("{} ({})", e.label, e.date.written());
            let tw = font::text_width(&text, size, false);
            let mut label = Text::new(text, x + 6.0 * s, 0.0, size, TextRole::Label);
            if label.right() > w - 28.0 * s {
                label.left = x - 6.0 * s - tw;
            }
            // The lowest row above the plot where it fits.
            for row in 0..3 {
                label.top = top - (row + 1) as f32 * (lh + 4.0 * s);
                if !marker_labels.iter().any(|o| overlaps(o, &label)) {
                    break;
                }
            }
            marker_labels.push(label);
        }
        // Each marker's dashed line runs from the axis up to its label.
        for ((_, x), label) in geometry.markers.iter().zip(&marker_labels) {
            let dash = px(6.0 * s).max(2);
            let mut y = px(label.bottom());
            while y < px(bottom) {
                let end = (y + dash).min(px(bottom));
                root.draw(&PathElement::new(
                    vec![(px(*x), y), (px(*x), end)],
                    color(p.axis).stroke_width(px(2.0 * s).max(1) as u32),
                ))
                .map_err(err)?;
                y += 2 * dash;
            }
        }
        frame
            .texts
            .extend(keep_clear(marker_labels, &frame.texts, w, h));
        // A year's figure is drawn mid-year; faint lines mark where years begin.
        let yearly = series
            .iter()
            .flat_map(|x| x.points.iter())
            .all(|p| p.date.precision() == crate::model::Precision::Year);
        if yearly {
            let first = NaiveDate::from_num_days_from_ce_opt(x0 as i32).map_or(0, |d| d.year() + 1);
            let last = NaiveDate::from_num_days_from_ce_opt(x1 as i32).map_or(0, |d| d.year());
            for year in first..=last {
                if let Some(d) = NaiveDate::from_ymd_opt(year, 1, 1) {
                    let xd = day_number(d);
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(xd, to_axis(v0)), (xd, to_axis(v1))],
                            color(p.grid).stroke_width(1),
                        )))
                        .map_err(err)?;
                }
            }
        }
        // The lines: solid between outcomes, dashed into a target.
        for (k, x) in series.iter().enumerate() {
            let c = color(theme::mark_color(options.theme, nth_color(k)));
            let pts: Vec<(f32, f32, &crate::model::data::Point)> = x
                .points
                .iter()
                .filter_map(|pt| {
                    pt.value.middle().map(|v| {
                        let (px_, py) = at(&chart, day_number(middle_day(&pt.date)), v);
                        (px_, py, pt)
                    })
                })
                .collect();
            for pair in pts.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let (ax, ay, bx, by) = (px(a.0), px(a.1), px(b.0), px(b.1));
                if b.2.target {
                    let steps = (((bx - ax).pow(2) + (by - ay).pow(2)) as f32).sqrt() / (10.0 * s);
                    let n = steps.max(1.0) as i32;
                    for i in (0..n).step_by(2) {
                        let p0 = (ax + (bx - ax) * i / n, ay + (by - ay) * i / n);
                        let p1 = (ax + (bx - ax) * (i + 1) / n, ay + (by - ay) * (i + 1) / n);
                        root.draw(&PathElement::new(
                            vec![p0, p1],
                            c.stroke_width(px(3.0 * s).max(1) as u32),
                        ))
                        .map_err(err)?;
                    }
                } else {
                    let line = [a.2, b.2].map(|pt| {
                        (
                            day_number(middle_day(&pt.date)),
                            to_axis(pt.value.middle().unwrap_or_default()),
                        )
                    });
                    chart
                        .draw_series(LineSeries::new(
                            line,
                            c.stroke_width(px(3.0 * s).max(1) as u32),
                        ))
                        .map_err(err)?;
                }
            }
            for &(x_, y_, pt) in &pts {
                let r = 7.0 * s;
                if pt.target || pt.value.approximate {
                    marker(&root, k, (x_, y_), r, color(p.background).filled()).map_err(err)?;
                    marker(
                        &root,
                        k,
                        (x_, y_),
                        r,
                        c.stroke_width(px(3.0 * s).max(1) as u32),
                    )
                    .map_err(err)?;
                } else {
                    marker(&root, k, (x_, y_), r, c.filled()).map_err(err)?;
                }
                if let Value::Range(lo, hi) = pt.value.value {
                    let (a, b) = (
                        at(&chart, day_number(middle_day(&pt.date)), lo),
                        at(&chart, day_number(middle_day(&pt.date)), hi),
                    );
                    root.draw(&PathElement::new(
                        vec![(px(a.0), px(a.1)), (px(b.0), px(b.1))],
                        c.stroke_width(px(2.0 * s).max(1) as u32),
                    ))
                    .map_err(err)?;
                }
                geometry.points.push(PointGeometry {
                    series: k,
                    value: pt.value.middle().unwrap_or_default(),
                    at: (x_, y_),
                });
                let mut notes = Vec::new();
                if pt.target {
                    notes.push("target".to_owned());
                }
                if spec.growth
                    && let (Some(first), Some(v)) = (
                        x.points.first().and_then(|f| f.value.middle()),
                        pt.value.middle(),
                    )
                    && !std::ptr::eq(&raw const x.points[0], pt)
                    && first > 0.0
                {
                    notes.push(format!("×{:.1}", v / first));
                }
                let mut text = pt.value.text();
                if !notes.is_empty() {
                    let _ = write!(text, " ({})", notes.join(", "));
                }
                let mut label =
                    Text::new(text, x_ + 10.0 * s, y_ - lh / 2.0, size, TextRole::Label);
                if label.right() > w - 28.0 * s {
                    // No room right of the point: the label goes left of it.
                    label.left = x_ - 10.0 * s - label.width;
                }
                labels.push(label);
            }
        }
        // Labels at one date are spread apart vertically, in value order.
        labels.sort_by(|a, b| a.left.total_cmp(&b.left).then(a.top.total_cmp(&b.top)));
        let mut spread: Vec<Text> = Vec::new();
        for mut l in labels {
            for o in spread.iter().rev() {
                if overlaps(o, &l) {
                    l.top = o.bottom() + 2.0 * s;
                }
            }
            spread.push(l);
        }
        let spread = keep_clear(spread, &frame.texts, w, h);
        frame.texts.extend(spread);
        root.draw(&PathElement::new(
            vec![(px(left), px(bottom)), (px(right), px(bottom))],
            color(p.axis).stroke_width(px(2.0 * s).max(1) as u32),
        ))
        .map_err(err)?;
        draw_texts(&root, &frame.texts, options).map_err(err)?;
        root.present().map_err(err)?;
    }
    let mut description = format!(
        "{title}. A chart of {} series in {}: ",
        series.len(),
        first.unit
    );
    let parts: Vec<String> = series
        .iter()
        .map(|x| {
            let pts: Vec<String> = x
                .points
                .iter()
                .map(|p| {
                    format!(
                        "{} {}{}",
                        p.date.written(),
                        p.value.text(),
                        if p.target { " (target)" } else { "" }
                    )
                })
                .collect();
            format!("{}: {}", x.label, pts.join(", "))
        })
        .collect();
    description.push_str(&parts.join("; "));
    if !markers.is_empty() {
        let m: Vec<String> = markers
            .iter()
            .map(|e| format!("{} ({})", e.label, e.date.written()))
            .collect();
        let _ = write!(description, ". Marked: {}", m.join("; "));
    }
    description.push('.');
    geometry.texts.clone_from(&frame.texts);
    Ok(ChartFigure {
        svg: super::finish(svg, &title, &description),
        geometry,
        description,
    })
}
