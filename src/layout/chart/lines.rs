//! Lines over a date axis, from series, with event markers.

use std::fmt::Write as _;

use super::common::{
    ChartFrame, ValueAxis, frame, keep_clear, marker, nth_color, overlaps, source_line, tick_label,
    unit_and_ticks,
};
use super::plane::{Plane, px};
use super::scene::{ChartError, ChartGeometry, ChartScene, Ink, PointGeometry, Shape, Style};
use crate::figure::{ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::data::{Point, Series, Value};
use crate::model::{Event, HistDate, Rgb, Timeline};
use chrono::{Datelike, NaiveDate};

/// The day a date is drawn at: the middle of what it covers.
fn middle_day(date: &HistDate) -> NaiveDate {
    let (a, b) = (date.anchor(), date.anchor_end());
    a + chrono::Duration::days((b - a).num_days() / 2)
}

fn day_number(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

/// Whether the segment from `a` to `b` passes through the box (left, top,
/// right, bottom): an end inside it, or a crossing of one of its sides.
fn segment_meets_box(a: (f32, f32), b: (f32, f32), (x0, y0, x1, y1): (f32, f32, f32, f32)) -> bool {
    let inside = |p: (f32, f32)| p.0 > x0 && p.0 < x1 && p.1 > y0 && p.1 < y1;
    if inside(a) || inside(b) {
        return true;
    }
    let cross = |p: (f32, f32), q: (f32, f32), r: (f32, f32)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    let meets = |c: (f32, f32), d: (f32, f32)| {
        let (d1, d2) = (cross(c, d, a), cross(c, d, b));
        let (d3, d4) = (cross(a, b, c), cross(a, b, d));
        d1 * d2 < 0.0 && d3 * d4 < 0.0
    };
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
    (0..4).any(|i| meets(corners[i], corners[(i + 1) % 4]))
}

/// A value label wanted beside its point.
type Wanted = ((f32, f32), Text);

/// Lines over a date axis, from series, with event markers.
pub(super) fn lines_chart(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartScene, ChartError> {
    let series: Vec<&Series> = spec
        .series
        .iter()
        .map(|id| {
            timeline
                .series(id)
                .ok_or_else(|| ChartError::Data(format!("there is no series `{id}`")))
        })
        .collect::<Result<_, _>>()?;
    let first = series
        .first()
        .ok_or_else(|| ChartError::Data("a lines chart needs a series".into()))?;
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
    let mut frame = frame(options, &title, &legend, source.as_deref());
    frame.shapes = true;
    let markers: Vec<&Event> = spec
        .events
        .iter()
        .filter_map(|id| timeline.event(id))
        .collect();
    let mut chart = LinesChart::new(spec, options, frame, &series, &markers)?;
    chart.grid();
    chart.date_labels(&series);
    chart.markers(&markers);
    chart.year_lines(&series);
    let mut labels = Vec::new();
    for (k, x) in series.iter().enumerate() {
        labels.extend(chart.series(k, x, spec.growth));
    }
    chart.value_labels(labels);
    chart.axis_line();
    let description = describe(&title, &series, &markers);
    Ok(chart
        .frame
        .finish(options, (title, description), chart.shapes, chart.geometry))
}

/// The text alternative: every point of every series, and the markers.
fn describe(title: &str, series: &[&Series], markers: &[&Event]) -> String {
    let mut description = format!(
        "{title}. A chart of {} series in {}: ",
        series.len(),
        series.first().map_or("", |s| s.unit.as_str())
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
            .map(|e| format!("{} {}", e.label, e.date.parenthesized()))
            .collect();
        let _ = write!(description, ". Marked: {}", m.join("; "));
    }
    description.push('.');
    for x in series {
        super::common::push_note(&mut description, x.note.as_deref());
    }
    description
}

/// A lines chart being laid out.
struct LinesChart<'a> {
    options: &'a TimelineOptions,
    frame: ChartFrame,
    s: f32,
    size: f32,
    lh: f32,
    axis: ValueAxis,
    ticks: Vec<f64>,
    /// The days at the plot's left and right.
    days: (f64, f64),
    /// Left, top, right, bottom.
    plot: (f32, f32, f32, f32),
    plane: Plane,
    shapes: Vec<Shape>,
    /// The lines drawn, in pixels: what value labels keep off.
    segments: Vec<((f32, f32), (f32, f32))>,
    geometry: ChartGeometry,
}

impl<'a> LinesChart<'a> {
    fn new(
        spec: &ChartSpec,
        options: &'a TimelineOptions,
        mut frame: ChartFrame,
        series: &[&Series],
        markers: &[&Event],
    ) -> Result<LinesChart<'a>, ChartError> {
        let s = frame.s;
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
        let ticks = axis.ticks();
        // The date range: the points' and the markers'.
        let mut days: Vec<f64> = series
            .iter()
            .flat_map(|x| x.points.iter())
            .map(|p| day_number(middle_day(&p.date)))
            .collect();
        days.extend(markers.iter().map(|e| day_number(e.date.anchor())));
        let (d0, d1) = (
            days.iter().copied().fold(f64::MAX, f64::min),
            days.iter().copied().fold(f64::MIN, f64::max),
        );
        let pad = ((d1 - d0) * 0.08).max(60.0);
        let days = (d0 - pad, d1 + pad);
        let unit = series.first().map_or("", |x| x.unit.as_str());
        let (mut left, _, mut right, mut bottom) = frame.plot;
        let (mut top, tick_width) = unit_and_ticks(&mut frame, unit, &ticks, size);
        left += tick_width + 14.0 * s;
        right -= 16.0 * s;
        bottom -= lh + 12.0 * s;
        // Room above the plot for marker labels.
        let marker_rows = markers.len().min(3) as f32;
        top += marker_rows * (lh + 4.0 * s);
        let plot = (left, top, right, bottom);
        let canvas = (options.size.width, options.size.height);
        let plane = Plane::new(
            plot,
            canvas,
            days,
            (axis.to_axis(axis.low), axis.to_axis(axis.high)),
        );
        Ok(LinesChart {
            options,
            s,
            size,
            lh,
            axis,
            ticks,
            days,
            plot,
            plane,
            shapes: frame.shapes(),
            frame,
            segments: Vec::new(),
            geometry: ChartGeometry {
                plot,
                ..ChartGeometry::default()
            },
        })
    }

    fn at(&self, day: f64, v: f64) -> (f32, f32) {
        self.plane.at(day, self.axis.to_axis(v))
    }

    fn canvas(&self) -> (f32, f32) {
        (
            self.options.size.width as f32,
            self.options.size.height as f32,
        )
    }

    /// Grid lines and tick labels.
    fn grid(&mut self) {
        let (left, ..) = self.plot;
        let (s, size) = (self.s, self.size);
        let (x0, x1) = self.days;
        for &t in &self.ticks {
            let a = self.at(x0, t);
            let t_axis = self.axis.to_axis(t);
            self.shapes.push(Shape::Path(
                vec![self.plane.map((x0, t_axis)), self.plane.map((x1, t_axis))],
                Style::stroke(Ink::Grid, 1),
            ));
            self.frame.texts.push(tick_label(t, left, a.1, size, s));
        }
        let (v0, v1) = (self.axis.low, self.axis.high);
        self.geometry.value_axis = (v0, self.at(x0, v0).1, v1, self.at(x0, v1).1);
    }

    /// Date labels: each point's date as written, once.
    fn date_labels(&mut self, series: &[&Series]) {
        let (_, _, _, bottom) = self.plot;
        let (s, size) = (self.s, self.size);
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
                let (x, _) = self.at(*d, self.axis.low);
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
        let (w, h) = self.canvas();
        let kept = keep_clear(date_labels, &self.frame.texts, w, h);
        self.frame.texts.extend(kept);
    }

    /// Markers: a dashed line at each event's first day, from the axis up
    /// to its label above the plot.
    fn markers(&mut self, markers: &[&Event]) {
        let (_, top, _, bottom) = self.plot;
        let s = self.s;
        let every_x: Vec<f32> = markers
            .iter()
            .map(|e| self.at(day_number(e.date.anchor()), self.axis.low).0)
            .collect();
        let mut rows = MarkerRows {
            every_x,
            top,
            s,
            size: self.size,
            lh: self.lh,
            width: self.canvas().0,
            labels: Vec::new(),
            lines: Vec::new(),
        };
        for (e, &x) in markers.iter().zip(&rows.every_x.clone()) {
            self.geometry.markers.push((e.id.clone(), x));
            rows.place(format!("{} {}", e.label, e.date.parenthesized()), x);
        }
        for ((_, x), label) in self.geometry.markers.iter().zip(&rows.labels) {
            let dash = px(6.0 * s).max(2);
            let mut y = px(label.bottom());
            while y < px(bottom) {
                let end = (y + dash).min(px(bottom));
                self.shapes.push(Shape::Path(
                    vec![(px(*x), y), (px(*x), end)],
                    Style::stroke(Ink::Axis, px(2.0 * s).max(1) as u32),
                ));
                y += 2 * dash;
            }
        }
        let (w, h) = self.canvas();
        let kept = keep_clear(rows.labels, &self.frame.texts, w, h);
        self.frame.texts.extend(kept);
    }

    /// A year's figure is drawn mid-year; faint lines mark where years
    /// begin.
    fn year_lines(&mut self, series: &[&Series]) {
        let yearly = series
            .iter()
            .flat_map(|x| x.points.iter())
            .all(|p| p.date.precision() == crate::model::Precision::Year);
        if !yearly {
            return;
        }
        let (x0, x1) = self.days;
        let (a0, a1) = (
            self.axis.to_axis(self.axis.low),
            self.axis.to_axis(self.axis.high),
        );
        let first = NaiveDate::from_num_days_from_ce_opt(x0 as i32).map_or(0, |d| d.year() + 1);
        let last = NaiveDate::from_num_days_from_ce_opt(x1 as i32).map_or(0, |d| d.year());
        for year in first..=last {
            if let Some(d) = NaiveDate::from_ymd_opt(year, 1, 1) {
                let xd = day_number(d);
                self.shapes.push(Shape::Path(
                    vec![self.plane.map((xd, a0)), self.plane.map((xd, a1))],
                    Style::stroke(Ink::Grid, 1),
                ));
            }
        }
    }

    /// Series `k`'s line: solid between outcomes, dashed into a target;
    /// its points, and the value labels they want.
    fn series(&mut self, k: usize, x: &Series, growth: bool) -> Vec<Wanted> {
        let s = self.s;
        let c = Ink::Mark(nth_color(k));
        let stroke = Style::stroke(c, px(3.0 * s).max(1) as u32);
        let pts: Vec<(f32, f32, &Point)> = x
            .points
            .iter()
            .filter_map(|pt| {
                let v = pt.value.middle()?;
                let (px_, py) = self.at(day_number(middle_day(&pt.date)), v);
                Some((px_, py, pt))
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
                    self.shapes.push(Shape::Path(vec![p0, p1], stroke));
                }
            } else {
                let line = [a.2, b.2].map(|pt| {
                    self.plane.map((
                        day_number(middle_day(&pt.date)),
                        self.axis.to_axis(pt.value.middle().unwrap_or_default()),
                    ))
                });
                self.shapes.push(Shape::Path(line.to_vec(), stroke));
            }
        }
        let mut labels = Vec::new();
        for &(x_, y_, pt) in &pts {
            self.point(k, (x_, y_), pt);
            let label = point_label(x, pt, growth);
            let label = Text::new(
                label,
                x_ + 10.0 * s,
                y_ - self.lh / 2.0,
                self.size,
                TextRole::Label,
            );
            labels.push(((x_, y_), label));
        }
        for pair in pts.windows(2) {
            self.segments
                .push(((pair[0].0, pair[0].1), (pair[1].0, pair[1].1)));
        }
        labels
    }

    /// A point of series `k`: hollow for a target or an approximate value;
    /// a range as a line through it.
    fn point(&mut self, k: usize, (x, y): (f32, f32), pt: &Point) {
        let s = self.s;
        let c = Ink::Mark(nth_color(k));
        let r = 7.0 * s;
        if pt.target || pt.value.approximate {
            self.shapes
                .push(marker(k, (x, y), r, Style::fill(Ink::Background)));
            self.shapes.push(marker(
                k,
                (x, y),
                r,
                Style::stroke(c, px(3.0 * s).max(1) as u32),
            ));
        } else {
            self.shapes.push(marker(k, (x, y), r, Style::fill(c)));
        }
        if let Value::Range(lo, hi) = pt.value.value {
            let day = day_number(middle_day(&pt.date));
            let (a, b) = (self.at(day, lo), self.at(day, hi));
            self.shapes.push(Shape::Path(
                vec![(px(a.0), px(a.1)), (px(b.0), px(b.1))],
                Style::stroke(c, px(2.0 * s).max(1) as u32),
            ));
        }
        self.geometry.points.push(PointGeometry {
            series: k,
            value: pt.value.middle().unwrap_or_default(),
            at: (x, y),
        });
    }

    /// Each value label at the first place around its point that crosses
    /// no line, covers no point, and touches no other text: right, then
    /// above or below to the right, left, then straight above or below.
    fn value_labels(&mut self, labels: Vec<Wanted>) {
        let (_, top, _, bottom) = self.plot;
        // The event markers' dashed lines are obstacles too.
        for (_, x) in &self.geometry.markers {
            self.segments.push(((*x, top), (*x, bottom)));
        }
        let points: Vec<(f32, f32)> = labels.iter().map(|(p, _)| *p).collect();
        let mut placed: Vec<Text> = Vec::new();
        for (at, label) in labels {
            let spot = self.value_spot(at, &label, &points, &placed);
            placed.extend(spot);
        }
        self.frame.texts.extend(placed);
    }

    /// Where a value label goes, if anywhere.
    fn value_spot(
        &self,
        (x_, y_): (f32, f32),
        label: &Text,
        points: &[(f32, f32)],
        placed: &[Text],
    ) -> Option<Text> {
        let (s, lh) = (self.s, self.lh);
        let (w, h) = self.canvas();
        let r = 9.0 * s;
        let (tw, gap) = (label.width, 10.0 * s);
        let candidates = [
            (x_ + gap, y_ - lh / 2.0),
            (x_ + gap * 0.6, y_ - lh - gap * 0.4),
            (x_ + gap * 0.6, y_ + gap * 0.4),
            (x_ - gap - tw, y_ - lh / 2.0),
            (x_ - gap * 0.6 - tw, y_ - lh - gap * 0.4),
            (x_ - gap * 0.6 - tw, y_ + gap * 0.4),
            (x_ - tw / 2.0, y_ - lh - gap),
            (x_ - tw / 2.0, y_ + gap),
            // A little further off, where the lines near it leave room.
            (x_ + gap, y_ + lh * 0.6),
            (x_ + gap, y_ - lh * 1.6),
            (x_ - gap - tw, y_ + lh * 0.6),
            (x_ - gap - tw, y_ - lh * 1.6),
            (x_ - tw / 2.0, y_ + gap + lh),
            (x_ - tw / 2.0, y_ - 2.0 * lh - gap),
        ];
        let texts = &self.frame.texts;
        let clear = |t: &Text| {
            let (x0, y0, x1, y1) = (t.left, t.top, t.right(), t.bottom());
            t.left >= 0.0
                && t.right() <= w - 8.0 * s
                && t.top >= 0.0
                && t.bottom() <= h
                && !self
                    .segments
                    .iter()
                    .any(|&(a, b)| segment_meets_box(a, b, (x0, y0, x1, y1)))
                && !points
                    .iter()
                    .any(|&(px_, py)| px_ + r > x0 && px_ - r < x1 && py + r > y0 && py - r < y1)
                && !placed.iter().chain(texts).any(|o| overlaps(o, t))
        };
        let at = |(x, y): (f32, f32)| {
            let mut t = label.clone();
            (t.left, t.top) = (x, y);
            t
        };
        candidates
            .iter()
            .map(|&p| at(p))
            .find(|t| clear(t))
            // Where no place is clear, the first that only touches lines:
            // a label is never dropped for a line.
            .or_else(|| {
                candidates.iter().map(|&p| at(p)).find(|t| {
                    t.left >= 0.0
                        && t.right() <= w
                        && !placed.iter().chain(texts).any(|o| overlaps(o, t))
                })
            })
    }

    /// The date axis line.
    fn axis_line(&mut self) {
        let (left, _, right, bottom) = self.plot;
        self.shapes.push(Shape::Path(
            vec![(px(left), px(bottom)), (px(right), px(bottom))],
            Style::stroke(Ink::Axis, px(2.0 * self.s).max(1) as u32),
        ));
    }
}

/// A point's value label: the value, "target", and the growth over the
/// series' first value.
fn point_label(x: &Series, pt: &Point, growth: bool) -> String {
    let mut notes = Vec::new();
    if pt.target {
        notes.push("target".to_owned());
    }
    if growth
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
    text
}

/// The marker labels placed so far, in rows above the plot.
struct MarkerRows {
    /// Every marker's x.
    every_x: Vec<f32>,
    /// The plot's top.
    top: f32,
    s: f32,
    size: f32,
    lh: f32,
    /// The canvas' width.
    width: f32,
    labels: Vec<Text>,
    /// The x of each placed marker's line, and the row of its label.
    lines: Vec<(f32, usize)>,
}

impl MarkerRows {
    fn row_top(&self, row: usize) -> f32 {
        self.top - (row + 1) as f32 * (self.lh + 4.0 * self.s)
    }

    /// A marker's line runs from the axis up to its label: a label may not
    /// lie across the line of a marker labelled higher, nor its own line
    /// through a label lower down.
    fn across(&self, label: &Text, row: usize, x: f32) -> bool {
        let margin = 3.0 * self.s;
        self.lines.iter().any(|&(lx, lrow)| {
            lrow > row && lx > label.left - margin && lx < label.right() + margin
        }) || self
            .labels
            .iter()
            .zip(&self.lines)
            .any(|(o, &(_, orow))| orow < row && x > o.left - margin && x < o.right() + margin)
    }

    /// Whether a label spans another marker's line.
    fn spans_a_line(&self, label: &Text, x: f32) -> bool {
        let margin = 3.0 * self.s;
        self.every_x.iter().any(|&lx| {
            (lx - x).abs() > 0.5 && lx > label.left - margin && lx < label.right() + margin
        })
    }

    /// Places the label of the marker at `x`. Best: a label clear of every
    /// other marker's line, whatever its row; then one clear of the lines
    /// that pass its row; else the lowest row without an overlap.
    fn place(&mut self, text: String, x: f32) {
        let s = self.s;
        let tw = font::text_width(&text, self.size, false);
        let right_side = x + 6.0 * s;
        let left_side = x - 6.0 * s - tw;
        let fits_right = right_side + tw <= self.width - 28.0 * s;
        let sides = if fits_right {
            [right_side, left_side]
        } else {
            [left_side, left_side]
        };
        let mut chosen: Option<(Text, usize)> = None;
        'tiers: for strict in [true, false] {
            for row in 0..4 {
                for left in sides {
                    let mut label = Text::new(
                        text.clone(),
                        left.max(0.0),
                        self.row_top(row),
                        self.size,
                        TextRole::Label,
                    );
                    label.left = left.max(0.0);
                    let blocked = self.labels.iter().any(|o| overlaps(o, &label))
                        || self.across(&label, row, x)
                        || (strict && self.spans_a_line(&label, x));
                    if !blocked {
                        chosen = Some((label, row));
                        break 'tiers;
                    }
                }
            }
        }
        let (label, row) = chosen.unwrap_or_else(|| {
            let mut label = Text::new(text, sides[0], 0.0, self.size, TextRole::Label);
            let mut at_row = 0;
            for row in 0..3 {
                label.top = self.row_top(row);
                at_row = row;
                if !self.labels.iter().any(|o| overlaps(o, &label)) {
                    break;
                }
            }
            (label, at_row)
        });
        self.lines.push((x, row));
        self.labels.push(label);
    }
}
