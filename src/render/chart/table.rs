//! Bars and comparison charts of a table.

use plotters::prelude::*;

use super::common::{
    BarGeometry, ChartError, ChartGeometry, Charted, Plot, ValueAxis, draw_frame, draw_texts,
    frame, keep_clear, nth_color, number, overlaps, plain, plot_area, source_line, unit_and_ticks,
};
use crate::figure::{ChartKind, ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::data::{Cell, Column, Row, Table, Value};
use crate::model::{Rgb, Timeline};
use crate::render::primitives::{color, outline_rect, px};
use crate::render::theme::{self, palette};

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
pub(super) fn table_chart<DB: DrawingBackend>(
    timeline: &Timeline,
    table: &Table,
    spec: &ChartSpec,
    options: &TimelineOptions,
    backend: DB,
) -> Result<Charted, ChartError> {
    let horizontal = matches!(spec.kind, ChartKind::Comparison | ChartKind::Fulfilment);
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
    let mut legend = legend;
    // The key's example is the chart's own first range, in its own unit
    // (a fulfilment chart's are percentages, not the table's tons).
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
    let (mut left, _, mut right, bottom) = frame.plot;
    let (top, tick_width) = unit_and_ticks(&mut frame, &table.unit, &ticks, size);
    let mut bottom = bottom;
    let row_labels: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            let max = if horizontal {
                320.0 * s
            } else {
                (right - left) / table.rows.len() as f32 - 12.0 * s
            };
            // At most three lines, a word wider than the column cut.
            font::fit_lines(&r.label, size, false, max, 3)
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

    // Rows along the category axis: each needs room for its name and its
    // value labels; bars are no thicker than MAX_BAR, and capped rows keep
    // together, centred where the plot was.
    let columns = table.columns.len().max(1) as f32;
    let extent = if horizontal {
        bottom - top
    } else {
        right - left
    };
    let least = least_row_pitch(&row_labels, table, horizontal, size, s, columns);
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
    let mut top = top;
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

    let mut geometry = ChartGeometry {
        plot: (left, top, right, bottom),
        ..ChartGeometry::default()
    };
    let mut labels: Vec<Text> = Vec::new();
    let p = palette(options.theme);
    {
        let root = backend.into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| ChartError::Draw(format!("drawing failed: {e}"));
        draw_frame(&root, &frame, options).map_err(err)?;
        let area = plot_area(&root, (left, top, right, bottom));
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
            // What the line stands for, on the chart: over its top end
            // (across), or over its right end (upright bars).
            let text = spec.reference_label.clone().unwrap_or_else(|| number(r));
            let tw = font::text_width(&text, size, true);
            let a = at(&chart, if horizontal { 0.0 } else { rows }, r);
            // Across, the first place clear of the unit and the frame:
            // centred over the line, right of it, left of it, or under the
            // tick labels.
            let places: Vec<(f32, f32)> = if horizontal {
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
            let clear = places.iter().find_map(|&(x, y)| {
                let mut t = label.clone();
                t.left = x.clamp(0.0, (w - tw).max(0.0));
                t.top = y;
                (t.bottom() <= h && !frame.texts.iter().any(|o| overlaps(o, &t))).then_some(t)
            });
            // Where nothing is clear the line goes unlabelled; the
            // description still names its value.
            frame.texts.extend(clear);
        }
        // Bars. A range is grounded: solid from the base to its nearer
        // end, lighter and outlined over the range itself.
        let columns = table.columns.len() as f64;
        let group = f64::from(GROUP);
        let bar = group / columns;
        for (i, row) in table.rows.iter().enumerate() {
            for (j, cell) in row.cells.iter().enumerate() {
                let Some((lo, hi)) = cell.bounds() else {
                    continue;
                };
                let c0 = i as f64 + (1.0 - group) / 2.0 + bar * j as f64 + bar * 0.06;
                let c1 = c0 + bar * f64::from(BAR_SHARE);
                let range = matches!(cell.value, Value::Range(..));
                // The solid part runs from the base to the nearer end of a
                // range (none when the base is inside it), or to the value.
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
                let (p0, p1) = (at(&chart, c0, base), at(&chart, c1, far));
                let rect = (
                    p0.0.min(p1.0),
                    p0.1.min(p1.1),
                    p0.0.max(p1.0),
                    p0.1.max(p1.1),
                );
                let fill = color(theme::mark_color(options.theme, nth_color(j)));
                // A part of the bar between two values, in data coordinates
                // for plotters to place.
                let part = |from: f64, to: f64| {
                    if horizontal {
                        [(to_axis(from), rows - c0), (to_axis(to), rows - c1)]
                    } else {
                        [(c0, to_axis(from)), (c1, to_axis(to))]
                    }
                };
                // An approximate value is light too, with a dashed outline.
                let light = cell.approximate;
                if let Some((from, to)) = solid {
                    let style = if light && !range {
                        fill.mix(0.45).filled()
                    } else {
                        fill.filled()
                    };
                    chart
                        .draw_series(std::iter::once(Rectangle::new(part(from, to), style)))
                        .map_err(err)?;
                }
                let mut outline = None;
                if range {
                    let (a, b) = (at(&chart, c0, lo), at(&chart, c1, hi));
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            part(lo, hi),
                            fill.mix(0.45).filled(),
                        )))
                        .map_err(err)?;
                    outline = Some((
                        px(a.0.min(b.0)),
                        px(a.1.min(b.1)),
                        px(a.0.max(b.0)),
                        px(a.1.max(b.1)),
                    ));
                } else if light {
                    outline = Some((px(rect.0), px(rect.1), px(rect.2), px(rect.3)));
                }
                if let Some(outline) = outline {
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
                // A value at the base has no length: a short thick line
                // across the bar's place shows it.
                let length = if horizontal {
                    rect.2 - rect.0
                } else {
                    rect.3 - rect.1
                };
                if length < 3.0 * s {
                    let (a, b) = (at(&chart, c0, hi), at(&chart, c1, hi));
                    let d = 2.0 * s;
                    let (x0, y0, x1, y1) = if horizontal {
                        (a.0 - d, a.1.min(b.1), a.0 + d, a.1.max(b.1))
                    } else {
                        (a.0.min(b.0), a.1 - d, a.0.max(b.0), a.1 + d)
                    };
                    root.draw(&Rectangle::new(
                        [(px(x0), px(y0)), (px(x1), px(y1))],
                        fill.filled(),
                    ))
                    .map_err(err)?;
                }
                let range_low = range.then(|| {
                    let p = at(&chart, c0, lo);
                    (lo, if horizontal { p.0 } else { p.1 })
                });
                geometry.bars.push(BarGeometry {
                    row: i,
                    column: j,
                    values: (base, far),
                    rect,
                    range,
                    range_low,
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
                    let growth = growth_text(cell, base);
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
    Ok(Charted {
        title,
        description,
        texts: frame.texts,
        geometry,
    })
}
