//! Slope charts: two columns of a table as two dates, a line per row.

use super::common::{ChartFrame, ValueAxis, marker, nth_color, plain, table_frame, unit_and_ticks};
use super::plane::{Plane, px};
use super::scene::{ChartError, ChartGeometry, ChartScene, Ink, PointGeometry, Shape, Style};
use crate::figure::{ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::Timeline;
use crate::model::data::{Cell, Table};

/// The text alternative: each row from its first value to its second.
fn describe(title: &str, table: &Table, (a, b): (usize, usize)) -> String {
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} from {} to {}{}",
                r.label,
                r.cells[a].text(),
                r.cells[b].text(),
                growth(&r.cells[a], &r.cells[b])
                    .map(|g| format!(" ({g})"))
                    .unwrap_or_default()
            )
        })
        .collect();
    format!(
        "{title}. A slope chart of {} in {}, from {} to {}: {}.",
        table.title,
        table.unit,
        table.columns[a].label,
        table.columns[b].label,
        rows.join("; ")
    )
}

/// The factor from the first value to the second: "×2.1", "×2.7-3.0".
fn growth(first: &Cell, second: &Cell) -> Option<String> {
    let base = first.middle().filter(|b| *b > 0.0)?;
    let (low, high) = second.bounds()?;
    Some(if (high - low).abs() < f64::EPSILON {
        format!("×{:.1}", high / base)
    } else {
        format!("×{:.1}-{:.1}", low / base, high / base)
    })
}

/// Moves labels (by their wanted top) apart so that none overlaps the
/// next, staying between `low` and `high`; returns the tops, in the
/// order given.
fn spread(wanted: &[f32], pitch: f32, low: f32, high: f32) -> Vec<f32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|&a, &b| wanted[a].total_cmp(&wanted[b]));
    let mut tops: Vec<f32> = order.iter().map(|&i| wanted[i]).collect();
    // Down from the top, then up from the bottom, then down once more:
    // each label as near its value as its neighbours allow.
    for pass in 0..3 {
        if pass % 2 == 0 {
            let mut floor = low;
            for t in &mut tops {
                *t = t.max(floor);
                floor = *t + pitch;
            }
        } else {
            let mut ceiling = high - pitch;
            for t in tops.iter_mut().rev() {
                *t = t.min(ceiling);
                ceiling = *t - pitch;
            }
        }
    }
    let mut out = vec![0.0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = tops[k];
    }
    out
}

/// A row's index and the bounds of its two values.
type Ends = (usize, (f64, f64), (f64, f64));

/// A slope chart of two columns of a table: the first at the left, the
/// second at the right, a line per row between them; each end labelled,
/// the labels kept apart; a range drawn as a bar at its end.
pub(super) fn slope_chart(
    timeline: &Timeline,
    table: &Table,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartScene, ChartError> {
    let (a, b) = spec
        .columns
        .ok_or_else(|| ChartError::Data("a slope chart needs two columns".into()))?;
    let (title, frame) = table_frame(timeline, table, options, &[]);
    let rows: Vec<Ends> = table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.cells[a].bounds()?, r.cells[b].bounds()?)))
        .collect();
    if rows.is_empty() {
        return Err(ChartError::Data(format!(
            "the table `{}` has no row with both values",
            table.id
        )));
    }
    let mut chart = SlopeChart::new(table, spec, options, frame, &rows)?;
    chart.dates((a, b));
    let ends = chart.lines(&rows, (a, b));
    for (side, ends) in ends.iter().enumerate() {
        chart.labels(side, ends);
    }
    let description = describe(&title, table, (a, b));
    Ok(chart
        .frame
        .finish(options, (title, description), chart.shapes, chart.geometry))
}

/// A slope chart being laid out.
struct SlopeChart<'a> {
    table: &'a Table,
    frame: ChartFrame,
    s: f32,
    size: f32,
    lh: f32,
    axis: ValueAxis,
    /// Left, top, right, bottom.
    plot: (f32, f32, f32, f32),
    /// Each row's label at the left ("Coal 35.0") and at the right
    /// ("75.0 ×2.1").
    texts: [Vec<String>; 2],
    plane: Plane,
    shapes: Vec<Shape>,
    geometry: ChartGeometry,
}

impl<'a> SlopeChart<'a> {
    /// Across: the left labels, the plot, the right labels, each column as
    /// wide as its widest label.
    fn new(
        table: &'a Table,
        spec: &ChartSpec,
        options: &TimelineOptions,
        mut frame: ChartFrame,
        rows: &[Ends],
    ) -> Result<SlopeChart<'a>, ChartError> {
        let (a, b) = spec.columns.unwrap_or_default();
        let s = frame.s;
        let size = 20.0 * s;
        let lh = font::line_height(size);
        let low = rows
            .iter()
            .map(|r| r.1.0.min(r.2.0))
            .fold(f64::MAX, f64::min);
        let high = rows
            .iter()
            .map(|r| r.1.1.max(r.2.1))
            .fold(f64::MIN, f64::max);
        let axis = ValueAxis::new(low, high, spec.log, 1.08)?;
        let texts: [Vec<String>; 2] = [
            table
                .rows
                .iter()
                .map(|r| format!("{}  {}", r.label, r.cells[a].text()))
                .collect(),
            table
                .rows
                .iter()
                .map(|r| {
                    let value = r.cells[b].text();
                    match growth(&r.cells[a], &r.cells[b]) {
                        Some(g) if spec.growth => format!("{value}  {g}"),
                        _ => value,
                    }
                })
                .collect(),
        ];
        let widest = |texts: &[String]| {
            texts
                .iter()
                .map(|t| font::text_width(t, size, false))
                .fold(0.0, f32::max)
        };
        let (plot_left, _, plot_right, bottom) = frame.plot;
        let (top, _) = unit_and_ticks(&mut frame, &table.unit, &[], size);
        let top = top + lh + 8.0 * s; // the column headings
        let left = plot_left + widest(&texts[0]) + 14.0 * s;
        let right = plot_right - widest(&texts[1]) - 14.0 * s;
        let bottom = bottom - 8.0 * s;
        if right - left < 120.0 * s || (bottom - top) < (lh + 2.0 * s) * rows.len() as f32 {
            return Err(ChartError::DoesNotFit(format!(
                "the table `{}` has {} rows and labels this size cannot hold beside a slope: \
                 choose a larger size, or shorter row names",
                table.id,
                rows.len()
            )));
        }
        let plot = (left, top, right, bottom);
        let canvas = (options.size.width, options.size.height);
        let plane = Plane::new(
            plot,
            canvas,
            (0.0, 1.0),
            (axis.to_axis(axis.low), axis.to_axis(axis.high)),
        );
        let mut geometry = ChartGeometry {
            plot,
            ..ChartGeometry::default()
        };
        let at = |v: f64| plane.at(0.0, axis.to_axis(v)).1;
        geometry.value_axis = (axis.low, at(axis.low), axis.high, at(axis.high));
        Ok(SlopeChart {
            table,
            s,
            size,
            lh,
            axis,
            plot,
            texts,
            plane,
            shapes: frame.shapes(),
            frame,
            geometry,
        })
    }

    fn at(&self, x: f64, v: f64) -> (f32, f32) {
        self.plane.at(x, self.axis.to_axis(v))
    }

    /// The two dates: upright lines, their headings above.
    fn dates(&mut self, (a, b): (usize, usize)) {
        let (left, top, right, bottom) = self.plot;
        let (plot_left, _, plot_right, _) = self.frame.plot;
        let (s, size, lh) = (self.s, self.size, self.lh);
        for (x, column) in [(0.0, a), (1.0, b)] {
            let (x, _) = self.at(x, self.axis.low);
            self.shapes.push(Shape::Path(
                vec![(px(x), px(top)), (px(x), px(bottom))],
                Style::stroke(Ink::Grid, px(2.0 * s).max(1) as u32),
            ));
            // Each heading centred over its line, no wider than half the
            // room between the lines on either side, shortened if need be.
            let heading = font::fit_lines(
                &self.table.columns[column].label,
                size,
                true,
                right - left - 20.0 * s,
                1,
            );
            let text = heading.into_iter().next().unwrap_or_default();
            let tw = font::text_width(&text, size, true);
            let mut t = Text::new(text, x - tw / 2.0, top - lh - 8.0 * s, size, TextRole::Lane);
            t.left = t.left.clamp(plot_left, (plot_right - tw).max(plot_left));
            self.frame.texts.push(t);
        }
    }

    /// A line per row; a range is a bar at its end. Returns each side's
    /// ends: the row and its point's y.
    fn lines(&mut self, rows: &[Ends], (a, b): (usize, usize)) -> [Vec<(usize, f32)>; 2] {
        let s = self.s;
        let stroke = px(3.0 * s).max(1) as u32;
        let mut ends: [Vec<(usize, f32)>; 2] = [Vec::new(), Vec::new()];
        for &(i, first, second) in rows {
            let c = Ink::Mark(nth_color(i));
            let mid = |(lo, hi): (f64, f64)| f64::midpoint(lo, hi);
            let (p0, p1) = (self.at(0.0, mid(first)), self.at(1.0, mid(second)));
            let cells = &self.table.rows[i].cells;
            let style = if cells[a].approximate || cells[b].approximate {
                Style::stroke(c, stroke).mix(0.6)
            } else {
                Style::stroke(c, stroke)
            };
            self.shapes.push(Shape::Path(
                vec![(px(p0.0), px(p0.1)), (px(p1.0), px(p1.1))],
                style,
            ));
            for (side, (x, (lo, hi))) in [(0.0, first), (1.0, second)].into_iter().enumerate() {
                let (cx, y_low) = self.at(x, lo);
                let (_, y_high) = self.at(x, hi);
                if (y_low - y_high).abs() > 1.0 {
                    let half = 5.0 * s;
                    self.shapes.push(Shape::Rect(
                        [(px(cx - half), px(y_high)), (px(cx + half), px(y_low))],
                        Style::fill(c).mix(0.45),
                    ));
                }
                let y = f32::midpoint(y_low, y_high);
                self.shapes
                    .push(marker(0, (cx, y), 6.0 * s, Style::fill(c)));
                self.geometry.points.push(PointGeometry {
                    series: i,
                    value: mid(if side == 0 { first } else { second }),
                    at: (cx, y),
                });
                ends[side].push((i, y));
            }
        }
        ends
    }

    /// The labels at one end, moved apart where they would touch, with a
    /// thin line to their point when moved far.
    fn labels(&mut self, side: usize, ends: &[(usize, f32)]) {
        let (left, top, right, bottom) = self.plot;
        let (s, size, lh) = (self.s, self.size, self.lh);
        let wanted: Vec<f32> = ends.iter().map(|(_, y)| y - lh / 2.0).collect();
        let tops = spread(&wanted, lh + 2.0 * s, top - lh / 2.0, bottom + lh / 2.0);
        for (&(i, y), &label_top) in ends.iter().zip(&tops) {
            let text = self.texts[side][i].clone();
            let tw = font::text_width(&text, size, false);
            let x = if side == 0 {
                left - 12.0 * s - tw
            } else {
                right + 12.0 * s
            };
            let label = plain(text, x, label_top, size, TextRole::Label);
            if (label_top + lh / 2.0 - y).abs() > lh / 2.0 {
                let (edge, point) = if side == 0 {
                    (left - 10.0 * s, left)
                } else {
                    (right + 10.0 * s, right)
                };
                self.shapes.push(Shape::Path(
                    vec![(px(edge), px(label_top + lh / 2.0)), (px(point), px(y))],
                    Style::stroke(Ink::Muted, 1),
                ));
            }
            self.frame.texts.push(label);
        }
    }
}
