//! Bars and comparison charts of a table.

use super::common::{
    ChartFrame, ValueAxis, dashes, keep_clear, nth_color, number, overlaps, plain, table_frame,
    tick_label, unit_and_ticks,
};
use super::plane::{Plane, px};
use super::scene::{BarGeometry, ChartError, ChartGeometry, ChartScene, Ink, Shape, Style};
use crate::figure::{ChartKind, ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::data::{Cell, Column, Row, Table, Value};
use crate::model::{Rgb, Timeline};

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
    let mut text = format!(
        "{title}. A chart of {} in {}. {}.",
        table.title,
        table.unit,
        parts.join("; ")
    );
    // The table's note says how to read its figures: the reader of the
    // text alternative needs it as much as the reader of the handout.
    super::common::push_note(&mut text, table.note.as_deref());
    text
}

/// The share of a row's pitch its group of bars takes.
const GROUP: f32 = 0.76;
/// The share of a bar's slot in the group the bar fills.
const BAR_SHARE: f32 = 0.88;
/// The thickest a bar is drawn, in px at the slide's scale.
const MAX_BAR: f32 = 96.0;
/// The legend's entry for ranges, with the chart's first range as its
/// example: `lighter, outlined: a range ("95-105"); solid up to its low end`.
fn range_key(low: f64, high: f64) -> String {
    format!(
        "lighter, outlined: a range (\"{}-{}\"); solid up to its low end",
        super::common::number(low),
        super::common::number(high)
    )
}

/// The growth a value implies over `base` (the row's first value): "×2.1",
/// or "×2.7-3.0" for a range.
fn growth_text(cell: &Cell, base: f64) -> String {
    match cell.value {
        Value::Range(a, b) => format!("×{:.1}-{:.1}", a / base, b / base),
        _ => format!("×{:.1}", cell.bounds().map_or(0.0, |b| b.1) / base),
    }
}

/// The least pitch of a row along the category axis: across, its name's
/// lines and a text line per bar (the value labels beside the bars);
/// upright, its name's longest word. (Upright value labels that would
/// touch are left out, the lower first.)
fn least_row_pitch(
    names: &[Vec<String>],
    table: &Table,
    horizontal: bool,
    size: f32,
    s: f32,
    columns: f32,
) -> f32 {
    let lh = font::line_height(size);
    if horizontal {
        let name = names.iter().map(Vec::len).max().unwrap_or(1) as f32 * (lh + 2.0 * s);
        return (name + 4.0 * s).max(columns * (lh + 2.0 * s) / GROUP);
    }
    let word = table
        .rows
        .iter()
        .flat_map(|r| r.label.split_whitespace())
        .map(|w| font::text_width(w, size, false))
        .fold(0.0, f32::max);
    word + 12.0 * s
}

/// A fulfilment chart's table: each row's outcome as a percentage of its
/// target (columns `target` and `outcome`), a range where either is one
/// (the widest the two allow), missing where either is.
pub(super) fn fulfilment_table(table: &Table, (target, outcome): (usize, usize)) -> Table {
    let (t, o) = (&table.columns[target], &table.columns[outcome]);
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let value = match (row.cells[target].bounds(), row.cells[outcome].bounds()) {
                (Some((t0, t1)), Some((o0, o1))) if t0 > 0.0 => {
                    let (low, high) = (o0 / t1 * 100.0, o1 / t0 * 100.0);
                    if (high - low).abs() < 0.5 {
                        Value::Number(low.round())
                    } else {
                        Value::Range(low.round(), high.round())
                    }
                }
                _ => Value::Missing,
            };
            let cell = Cell {
                value,
                approximate: row.cells[target].approximate || row.cells[outcome].approximate,
                decimals: 0,
            };
            Row {
                label: row.label.clone(),
                cells: vec![cell],
            }
        })
        .collect();
    Table {
        id: table.id.clone(),
        title: format!(
            "{}: {} as a percentage of {}",
            table.title, o.label, t.label
        ),
        unit: format!("% of {}", t.label),
        sources: table.sources.clone(),
        note: table.note.clone(),
        columns: vec![Column {
            label: format!("{} as % of {}", o.label, t.label),
            date: o.date.clone(),
        }],
        rows,
    }
}

/// Bars (vertical) and comparison (horizontal) charts of a table.
pub(super) fn table_chart(
    timeline: &Timeline,
    table: &Table,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartScene, ChartError> {
    let horizontal = matches!(spec.kind, ChartKind::Comparison | ChartKind::Fulfilment);
    let (title, frame) = table_frame(timeline, table, options, &legend(table, horizontal));
    let mut chart = TableChart::new(table, spec, options, frame, horizontal)?;
    chart.grid();
    chart.reference();
    for (i, row) in table.rows.iter().enumerate() {
        for (j, cell) in row.cells.iter().enumerate() {
            chart.bar(i, j, cell);
        }
        chart.row_name(i);
    }
    chart.axis_line();
    let description = describe_table(&title, table);
    Ok(chart.finish(title, description))
}

/// The key: a swatch per column (none for a comparison of one), and the
/// chart's first range, in its own unit (a fulfilment chart's are
/// percentages, not the table's tons).
fn legend(table: &Table, horizontal: bool) -> Vec<(String, Rgb, bool)> {
    let mut legend: Vec<(String, Rgb, bool)> = if table.columns.len() > 1 || !horizontal {
        table
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| (c.label.clone(), nth_color(j), false))
            .collect()
    } else {
        Vec::new()
    };
    if let Some((a, b)) = table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .find_map(|c| match c.value {
            Value::Range(a, b) => Some((a, b)),
            _ => None,
        })
    {
        legend.push((range_key(a, b), Rgb(0x66, 0x66, 0x66), true));
    }
    legend
}

/// The value axis of a table's cells and the reference line.
fn value_axis(table: &Table, spec: &ChartSpec) -> Result<ValueAxis, ChartError> {
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
    ValueAxis::new(low_value, top_value, spec.log, 1.18)
}

/// A table chart being laid out: the plot, and what is drawn so far.
struct TableChart<'a> {
    table: &'a Table,
    spec: &'a ChartSpec,
    options: &'a TimelineOptions,
    horizontal: bool,
    frame: ChartFrame,
    /// Scale, text size and line height.
    s: f32,
    size: f32,
    lh: f32,
    axis: ValueAxis,
    ticks: Vec<f64>,
    /// Where bars grow from: zero, or on a logarithmic axis (which has
    /// none) the reference (1913 = 100), so that their length is the
    /// ratio.
    base: f64,
    /// Left, top, right, bottom.
    plot: (f32, f32, f32, f32),
    /// Each row's name, in lines.
    row_labels: Vec<Vec<String>>,
    plane: Plane,
    shapes: Vec<Shape>,
    /// Value labels, kept where clear once all are known.
    labels: Vec<Text>,
    geometry: ChartGeometry,
}

impl<'a> TableChart<'a> {
    fn new(
        table: &'a Table,
        spec: &'a ChartSpec,
        options: &'a TimelineOptions,
        mut frame: ChartFrame,
        horizontal: bool,
    ) -> Result<TableChart<'a>, ChartError> {
        let s = frame.s;
        let size = 20.0 * s;
        let axis = value_axis(table, spec)?;
        let ticks = axis.ticks();
        let base = if spec.log {
            spec.reference.unwrap_or(axis.low)
        } else {
            0.0
        };
        let (top, tick_width) = unit_and_ticks(&mut frame, &table.unit, &ticks, size);
        let row_labels = row_labels(table, horizontal, frame.plot, size, s);
        let plot = plot_area(
            &mut frame,
            table,
            &row_labels,
            horizontal,
            (top, tick_width, size),
        )?;
        let rows = table.rows.len() as f64;
        let (a0, a1) = (axis.to_axis(axis.low), axis.to_axis(axis.high));
        let canvas = (options.size.width, options.size.height);
        let plane = if horizontal {
            Plane::new(plot, canvas, (a0, a1), (0.0, rows))
        } else {
            Plane::new(plot, canvas, (0.0, rows), (a0, a1))
        };
        Ok(TableChart {
            table,
            spec,
            options,
            horizontal,
            s,
            size,
            lh: font::line_height(size),
            axis,
            ticks,
            base,
            plot,
            row_labels,
            plane,
            shapes: frame.shapes(),
            frame,
            labels: Vec::new(),
            geometry: ChartGeometry {
                plot,
                ..ChartGeometry::default()
            },
        })
    }

    /// The pixel of value `v` at position `c` along the category axis,
    /// whichever way round.
    fn at(&self, c: f64, v: f64) -> (f32, f32) {
        let rows = self.table.rows.len() as f64;
        if self.horizontal {
            self.plane.at(self.axis.to_axis(v), rows - c)
        } else {
            self.plane.at(c, self.axis.to_axis(v))
        }
    }

    /// The pixels of a part of the plot between positions `c0` and `c1`
    /// and values `from` and `to`: a bar's, or a line's ends.
    fn part(&self, (c0, c1): (f64, f64), (from, to): (f64, f64)) -> [(i32, i32); 2] {
        let rows = self.table.rows.len() as f64;
        let (from, to) = (self.axis.to_axis(from), self.axis.to_axis(to));
        if self.horizontal {
            [
                self.plane.map((from, rows - c0)),
                self.plane.map((to, rows - c1)),
            ]
        } else {
            [self.plane.map((c0, from)), self.plane.map((c1, to))]
        }
    }

    /// A line across the plot at value `v`.
    fn across(&self, v: f64) -> Vec<(i32, i32)> {
        let rows = self.table.rows.len() as f64;
        let v = self.axis.to_axis(v);
        if self.horizontal {
            vec![self.plane.map((v, 0.0)), self.plane.map((v, rows))]
        } else {
            vec![self.plane.map((0.0, v)), self.plane.map((rows, v))]
        }
    }

    /// Grid lines and tick labels; where the value axis runs.
    fn grid(&mut self) {
        let (left, _, _, bottom) = self.plot;
        let (s, size) = (self.s, self.size);
        for &t in &self.ticks {
            let a = self.at(0.0, t);
            self.shapes
                .push(Shape::Path(self.across(t), Style::stroke(Ink::Grid, 1)));
            let label = if self.horizontal {
                let text = number(t);
                let tw = font::text_width(&text, size, false);
                Text::new(text, a.0 - tw / 2.0, bottom + 8.0 * s, size, TextRole::Axis)
            } else {
                tick_label(t, left, a.1, size, s)
            };
            self.frame.texts.push(label);
        }
        let (v0, v1) = (self.axis.low, self.axis.high);
        let along = |p: (f32, f32)| if self.horizontal { p.0 } else { p.1 };
        self.geometry.value_axis = (v0, along(self.at(0.0, v0)), v1, along(self.at(0.0, v1)));
    }

    /// The reference line, and what it stands for on the chart: over its
    /// top end (across), or over its right end (upright bars).
    fn reference(&mut self) {
        let Some(r) = self.spec.reference else {
            return;
        };
        let (_, top, right, bottom) = self.plot;
        let (s, size, lh) = (self.s, self.size, self.lh);
        let (w, h) = (
            self.options.size.width as f32,
            self.options.size.height as f32,
        );
        let stroke = Style::stroke(Ink::Axis, px(2.0 * s).max(1) as u32);
        self.shapes.push(Shape::Path(self.across(r), stroke));
        let text = self
            .spec
            .reference_label
            .clone()
            .unwrap_or_else(|| number(r));
        let tw = font::text_width(&text, size, true);
        let rows = self.table.rows.len() as f64;
        let a = self.at(if self.horizontal { 0.0 } else { rows }, r);
        // Across, the first place clear of the unit and the frame:
        // centred over the line, right of it, left of it, or under the
        // tick labels.
        let places: Vec<(f32, f32)> = if self.horizontal {
            let (over, under) = (top - lh - 2.0 * s, bottom + lh + 12.0 * s);
            vec![
                (a.0 - tw / 2.0, over),
                (a.0 + 4.0 * s, over),
                (a.0 - 4.0 * s - tw, over),
                (a.0 - tw / 2.0, under),
            ]
        } else {
            vec![(right - tw, a.1 - lh - 4.0 * s)]
        };
        let mut label = Text::new(text, 0.0, 0.0, size, TextRole::Label);
        label.bold = true;
        label.width = tw;
        let texts = &self.frame.texts;
        let clear = places.iter().find_map(|&(x, y)| {
            let mut t = label.clone();
            t.left = x.clamp(0.0, (w - tw).max(0.0));
            t.top = y;
            (t.bottom() <= h && !texts.iter().any(|o| overlaps(o, &t))).then_some(t)
        });
        // Where nothing is clear the line goes unlabelled; the
        // description still names its value.
        self.frame.texts.extend(clear);
    }

    /// The bar of row `i`, column `j`. A range is grounded: solid from the
    /// base to its nearer end, lighter and outlined over the range itself.
    fn bar(&mut self, i: usize, j: usize, cell: &Cell) {
        let Some((lo, hi)) = cell.bounds() else {
            return;
        };
        let (s, base) = (self.s, self.base);
        let columns = self.table.columns.len() as f64;
        let group = f64::from(GROUP);
        let bar = group / columns;
        let c0 = i as f64 + (1.0 - group) / 2.0 + bar * j as f64 + bar * 0.06;
        let c = (c0, c0 + bar * f64::from(BAR_SHARE));
        let range = matches!(cell.value, Value::Range(..));
        // The solid part runs from the base to the nearer end of a range
        // (none when the base is inside it), or to the value.
        let solid = if !range {
            Some((base, hi))
        } else if base <= lo {
            Some((base, lo))
        } else if base >= hi {
            Some((base, hi))
        } else {
            None
        };
        let far = if base >= hi { lo } else { hi };
        let (p0, p1) = (self.at(c.0, base), self.at(c.1, far));
        let rect = (
            p0.0.min(p1.0),
            p0.1.min(p1.1),
            p0.0.max(p1.0),
            p0.1.max(p1.1),
        );
        let fill = Ink::Mark(nth_color(j));
        // An approximate value is light too, with a dashed outline.
        let light = cell.approximate;
        if let Some(values) = solid {
            let style = if light && !range {
                Style::fill(fill).mix(0.45)
            } else {
                Style::fill(fill)
            };
            self.shapes.push(Shape::Rect(self.part(c, values), style));
        }
        let outline = if range {
            self.shapes.push(Shape::Rect(
                self.part(c, (lo, hi)),
                Style::fill(fill).mix(0.45),
            ));
            let (a, b) = (self.at(c.0, lo), self.at(c.1, hi));
            Some((a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)))
        } else {
            light.then_some(rect)
        };
        if let Some((x0, y0, x1, y1)) = outline {
            let (x0, y0, x1, y1) = (px(x0), px(y0), px(x1), px(y1));
            let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
            let style = Style::stroke(fill, px(2.0 * s).max(1) as u32);
            for dash in dashes(&corners, cell.approximate, s) {
                self.shapes.push(Shape::Path(dash, style));
            }
        }
        self.zero_length(rect, c, hi, fill);
        let range_low = range.then(|| {
            let p = self.at(c.0, lo);
            (lo, if self.horizontal { p.0 } else { p.1 })
        });
        self.geometry.bars.push(BarGeometry {
            row: i,
            column: j,
            values: (base, far),
            rect,
            range,
            range_low,
        });
        self.value_label(i, j, cell, rect);
    }

    /// A value at the base has no length: a short thick line across the
    /// bar's place shows it.
    fn zero_length(&mut self, rect: (f32, f32, f32, f32), c: (f64, f64), hi: f64, fill: Ink) {
        let s = self.s;
        let length = if self.horizontal {
            rect.2 - rect.0
        } else {
            rect.3 - rect.1
        };
        if length >= 3.0 * s {
            return;
        }
        let (a, b) = (self.at(c.0, hi), self.at(c.1, hi));
        let d = 2.0 * s;
        let (x0, y0, x1, y1) = if self.horizontal {
            (a.0 - d, a.1.min(b.1), a.0 + d, a.1.max(b.1))
        } else {
            (a.0.min(b.0), a.1 - d, a.0.max(b.0), a.1 + d)
        };
        self.shapes.push(Shape::Rect(
            [(px(x0), px(y0)), (px(x1), px(y1))],
            Style::fill(fill),
        ));
    }

    /// The value at the bar's end, and the growth over the row's first
    /// column.
    fn value_label(&mut self, i: usize, j: usize, cell: &Cell, rect: (f32, f32, f32, f32)) {
        let (s, size, lh) = (self.s, self.size, self.lh);
        let row = &self.table.rows[i];
        let mut text = cell.text();
        if self.spec.growth
            && j > 0
            && let Some(base) = row
                .cells
                .first()
                .and_then(Cell::middle)
                .filter(|b| *b > 0.0)
        {
            let growth = growth_text(cell, base);
            if self.horizontal {
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
                self.labels.push(g);
            }
        }
        let tw = font::text_width(&text, size, false);
        let label = if self.horizontal {
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
        self.labels.push(label);
    }

    /// Row `i`'s name under (or beside) its group.
    fn row_name(&mut self, i: usize) {
        let (left, _, _, bottom) = self.plot;
        let (s, size, lh) = (self.s, self.size, self.lh);
        let lines = &self.row_labels[i];
        let (cx, cy) = self.at(i as f64 + 0.5, self.axis.low);
        for (k, line) in lines.iter().enumerate() {
            let tw = font::text_width(line, size, false);
            let t = if self.horizontal {
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
            self.frame.texts.push(t);
        }
    }

    /// The value axis line.
    fn axis_line(&mut self) {
        let rows = self.table.rows.len() as f64;
        let v0 = self.axis.low;
        let (a, b) = (self.at(0.0, v0), self.at(rows, v0));
        self.shapes.push(Shape::Path(
            vec![(px(a.0), px(a.1)), (px(b.0), px(b.1))],
            Style::stroke(Ink::Axis, px(2.0 * self.s).max(1) as u32),
        ));
    }

    /// The scene: the value labels kept where they are clear.
    fn finish(mut self, title: String, description: String) -> ChartScene {
        let (w, h) = (
            self.options.size.width as f32,
            self.options.size.height as f32,
        );
        let labels = keep_clear(self.labels, &self.frame.texts, w, h);
        self.frame.texts.extend(labels);
        self.frame.finish(
            self.options,
            (title, description),
            self.shapes,
            self.geometry,
        )
    }
}

/// Each row's name, in at most three lines, a word wider than the column
/// cut.
fn row_labels(
    table: &Table,
    horizontal: bool,
    (left, _, right, _): (f32, f32, f32, f32),
    size: f32,
    s: f32,
) -> Vec<Vec<String>> {
    let max = if horizontal {
        320.0 * s
    } else {
        (right - left) / table.rows.len() as f32 - 12.0 * s
    };
    table
        .rows
        .iter()
        .map(|r| font::fit_lines(&r.label, size, false, max, 3))
        .collect()
}

/// The plot area: room for tick labels, category labels and the unit.
/// Rows along the category axis each need room for their name and their
/// value labels; bars are no thicker than `MAX_BAR`, and capped rows keep
/// together, centred where the plot was.
fn plot_area(
    frame: &mut ChartFrame,
    table: &Table,
    row_labels: &[Vec<String>],
    horizontal: bool,
    (top, tick_width, size): (f32, f32, f32),
) -> Result<(f32, f32, f32, f32), ChartError> {
    let s = frame.s;
    let lh = font::line_height(size);
    let (mut left, _, mut right, mut bottom) = frame.plot;
    let mut top = top;
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
    let columns = table.columns.len().max(1) as f32;
    let extent = if horizontal {
        bottom - top
    } else {
        right - left
    };
    let least = least_row_pitch(row_labels, table, horizontal, size, s, columns);
    let rows_n = table.rows.len() as f32;
    if least * rows_n > extent + 0.5 {
        return Err(ChartError::DoesNotFit(format!(
            "the table `{}` has {} rows and this size holds {} of them: the rows need {:.0} px {} and \
             this size leaves {:.0} px; choose a larger size, or split the table",
            table.id,
            table.rows.len(),
            (extent / least).floor().max(0.0),
            least * rows_n,
            if horizontal { "down" } else { "across" },
            extent
        )));
    }
    let pitch = (extent / rows_n).min(MAX_BAR * s * columns / (GROUP * BAR_SHARE));
    let spare = extent - pitch * rows_n;
    if spare > 0.5 {
        if horizontal {
            // The unit over the axis moves down with the plot.
            if let Some(unit) = frame.texts.last_mut() {
                unit.top += spare / 2.0;
            }
            top += spare / 2.0;
            bottom -= spare / 2.0;
        } else {
            left += spare / 2.0;
            right -= spare / 2.0;
        }
    }
    Ok((left, top, right, bottom))
}
