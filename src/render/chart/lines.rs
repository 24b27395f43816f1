//! Lines over a date axis, from series, with event markers.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::common::{
    ChartError, ChartGeometry, Charted, Plot, PointGeometry, ValueAxis, draw_frame, draw_texts,
    frame, keep_clear, marker, nth_color, number, overlaps, plot_area, source_line, unit_and_ticks,
};
use crate::figure::{ChartSpec, TimelineOptions};
use crate::font;
use crate::layout::{Text, TextRole};
use crate::model::data::Value;
use crate::model::{HistDate, Rgb, Timeline};
use crate::render::primitives::{color, px};
use crate::render::theme::{self, palette};

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

/// Lines over a date axis, from series, with event markers.
pub(super) fn lines_chart<DB: DrawingBackend>(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
    backend: DB,
) -> Result<Charted, ChartError> {
    let series: Vec<&crate::model::data::Series> = spec
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

    let (mut left, _, mut right, mut bottom) = frame.plot;
    let (mut top, tick_width) = unit_and_ticks(&mut frame, &first.unit, &ticks, size);
    left += tick_width + 14.0 * s;
    right -= 16.0 * s;
    bottom -= lh + 12.0 * s;
    // Room above the plot for marker labels.
    let marker_rows = markers.len().min(3) as f32;
    top += marker_rows * (lh + 4.0 * s);

    let mut geometry = ChartGeometry {
        plot: (left, top, right, bottom),
        ..ChartGeometry::default()
    };
    let p = palette(options.theme);
    let mut labels: Vec<((f32, f32), Text)> = Vec::new();
    {
        let root = backend.into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| ChartError::Draw(format!("drawing failed: {e}"));
        draw_frame(&root, &frame, options).map_err(err)?;
        let area = plot_area(&root, (left, top, right, bottom));
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
        // (x of the marker's line, the row of its label)
        let mut lines_at: Vec<(f32, usize)> = Vec::new();
        let every_x: Vec<f32> = markers
            .iter()
            .map(|e| at(&chart, day_number(e.date.anchor()), v0).0)
            .collect();
        for e in &markers {
            let day = day_number(e.date.anchor());
            let (x, _) = at(&chart, day, v0);
            geometry.markers.push((e.id.clone(), x));
            let text = format!("{} {}", e.label, e.date.parenthesized());
            let tw = font::text_width(&text, size, false);
            let right_side = x + 6.0 * s;
            let left_side = x - 6.0 * s - tw;
            let fits_right = right_side + tw <= w - 28.0 * s;
            let sides = if fits_right {
                [right_side, left_side]
            } else {
                [left_side, left_side]
            };
            let row_top = |row: usize| top - (row + 1) as f32 * (lh + 4.0 * s);
            // A marker's line runs from the axis up to its label: a label
            // may not lie across the line of a marker labelled higher, nor
            // its own line through a label lower down.
            let across = |label: &Text, row: usize| {
                let margin = 3.0 * s;
                lines_at.iter().any(|&(lx, lrow)| {
                    lrow > row && lx > label.left - margin && lx < label.right() + margin
                }) || marker_labels.iter().zip(&lines_at).any(|(o, &(_, orow))| {
                    orow < row && x > o.left - margin && x < o.right() + margin
                })
            };
            // Best: a label clear of every other marker's line, whatever
            // its row; then one clear of the lines that pass its row.
            let spans_a_line = |label: &Text| {
                let margin = 3.0 * s;
                every_x.iter().any(|&lx| {
                    (lx - x).abs() > 0.5 && lx > label.left - margin && lx < label.right() + margin
                })
            };
            let mut chosen: Option<(Text, usize)> = None;
            'tiers: for strict in [true, false] {
                for row in 0..4 {
                    for left in sides {
                        let mut label = Text::new(
                            text.clone(),
                            left.max(0.0),
                            row_top(row),
                            size,
                            TextRole::Label,
                        );
                        label.left = left.max(0.0);
                        let blocked = marker_labels.iter().any(|o| overlaps(o, &label))
                            || across(&label, row)
                            || (strict && spans_a_line(&label));
                        if !blocked {
                            chosen = Some((label, row));
                            break 'tiers;
                        }
                    }
                }
            }
            // Where no row is clear, the lowest row without an overlap, as
            // before.
            let (label, row) = chosen.unwrap_or_else(|| {
                let mut label = Text::new(text.clone(), sides[0], 0.0, size, TextRole::Label);
                let mut at_row = 0;
                for row in 0..3 {
                    label.top = row_top(row);
                    at_row = row;
                    if !marker_labels.iter().any(|o| overlaps(o, &label)) {
                        break;
                    }
                }
                (label, at_row)
            });
            lines_at.push((x, row));
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
        // The lines: solid between outcomes, dashed into a target. Their
        // segments, in pixels, are what value labels keep off.
        let mut segments: Vec<((f32, f32), (f32, f32))> = Vec::new();
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
                let label = Text::new(text, x_ + 10.0 * s, y_ - lh / 2.0, size, TextRole::Label);
                labels.push(((x_, y_), label));
            }
            for pair in pts.windows(2) {
                segments.push(((pair[0].0, pair[0].1), (pair[1].0, pair[1].1)));
            }
        }
        // The event markers' dashed lines are obstacles too.
        for (_, x) in &geometry.markers {
            segments.push(((*x, top), (*x, bottom)));
        }
        // Each value label at the first place around its point that crosses
        // no line, covers no point, and touches no other text: right, then
        // above or below to the right, left, then straight above or below.
        let r = 9.0 * s;
        let points: Vec<(f32, f32)> = labels.iter().map(|(p, _)| *p).collect();
        let mut placed: Vec<Text> = Vec::new();
        for ((x_, y_), label) in labels {
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
            let clear = |t: &Text| {
                let (x0, y0, x1, y1) = (t.left, t.top, t.right(), t.bottom());
                t.left >= 0.0
                    && t.right() <= w - 8.0 * s
                    && t.top >= 0.0
                    && t.bottom() <= h
                    && !segments
                        .iter()
                        .any(|&(a, b)| segment_meets_box(a, b, (x0, y0, x1, y1)))
                    && !points.iter().any(|&(px_, py)| {
                        px_ + r > x0 && px_ - r < x1 && py + r > y0 && py - r < y1
                    })
                    && !placed.iter().chain(&frame.texts).any(|o| overlaps(o, t))
            };
            let spot = candidates.iter().find_map(|&(x, y)| {
                let mut t = label.clone();
                (t.left, t.top) = (x, y);
                clear(&t).then_some(t)
            });
            // Where no place is clear, the first that only touches lines:
            // a label is never dropped for a line.
            let spot = spot.or_else(|| {
                candidates.iter().find_map(|&(x, y)| {
                    let mut t = label.clone();
                    (t.left, t.top) = (x, y);
                    (t.left >= 0.0
                        && t.right() <= w
                        && !placed.iter().chain(&frame.texts).any(|o| overlaps(o, &t)))
                    .then_some(t)
                })
            });
            placed.extend(spot);
        }
        frame.texts.extend(placed);
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
            .map(|e| format!("{} {}", e.label, e.date.parenthesized()))
            .collect();
        let _ = write!(description, ". Marked: {}", m.join("; "));
    }
    description.push('.');
    for x in &series {
        super::common::push_note(&mut description, x.note.as_deref());
    }
    Ok(Charted {
        title,
        description,
        texts: frame.texts,
        geometry,
    })
}
