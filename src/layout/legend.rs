//! The legend under the axis: a sample of each kind of mark the figure
//! uses, and what it means. (The callout key, which gives numbered
//! events their labels, is `callouts.rs`.)

use super::{Mark, MarkKind, Text, TextRole, size};
use crate::font;
use crate::model::{Event, Precision, Rgb, Shape};

/// A legend entry being laid out: kind, hollow, dashed, text, left.
type Entry = (MarkKind, bool, bool, String, f32);

/// The legend: a sample of each kind of mark the figure uses.
pub(super) fn legend(
    events: &[&Event],
    s: f32,
    margin: f32,
    w: f32,
    bottom: f32,
    color: Option<Rgb>,
) -> (Vec<Mark>, Vec<Text>, f32) {
    let color = color.unwrap_or(crate::model::PALETTE[0]);
    let has = |f: &dyn Fn(&Event) -> bool| events.iter().any(|e| f(e));
    let point = |e: &Event, p: bool| matches!(e.date.shape(), Shape::Point(span) if (span.precision == Precision::Day) == p);
    // The sample of a certainty is a diamond where only days have it, as
    // they are drawn; otherwise a bar.
    let sample = |f: &dyn Fn(&Event) -> bool| {
        if events.iter().filter(|e| f(e)).all(|e| point(e, true)) {
            MarkKind::Diamond
        } else {
            MarkKind::Bar
        }
    };
    let entries: Vec<(MarkKind, bool, bool, &str)> = [
        (
            has(&|e| point(e, true)),
            MarkKind::Diamond,
            false,
            false,
            "a day",
        ),
        (
            has(&|e| point(e, false)),
            MarkKind::Bar,
            false,
            false,
            "a month, season or year: the bar covers it",
        ),
        (
            has(&|e| matches!(e.date.shape(), Shape::Period(..))),
            MarkKind::Bar,
            false,
            false,
            "a period",
        ),
        (
            has(&|e| matches!(e.date.shape(), Shape::By(_) | Shape::Until(_))),
            MarkKind::FadeLeft { solid_from: 0.0 },
            false,
            false,
            "start unknown (by, until)",
        ),
        (
            has(&|e| matches!(e.date.shape(), Shape::From(_))),
            MarkKind::Arrow,
            false,
            false,
            "no end (from)",
        ),
        (
            has(&Event::is_approximate),
            sample(&Event::is_approximate),
            false,
            true,
            "approximate",
        ),
        (
            has(&Event::is_uncertain),
            sample(&Event::is_uncertain),
            true,
            false,
            "uncertain, inferred or not from the text",
        ),
    ]
    .into_iter()
    .filter(|e| e.0)
    .map(|(_, kind, hollow, dashed, text)| (kind, hollow, dashed, text))
    .collect();
    let size = size::SMALL * s;
    let lh = font::line_height(size);
    let sample = 40.0 * s;
    // Lay entries out in rows, right to left from the bottom row up.
    let mut rows: Vec<Vec<Entry>> = vec![Vec::new()];
    let mut x = margin;
    for (kind, hollow, dashed, text) in entries {
        let width = sample + 8.0 * s + font::text_width(text, size, false) + 28.0 * s;
        if x + width > w - margin && x > margin {
            rows.push(Vec::new());
            x = margin;
        }
        if let Some(r) = rows.last_mut() {
            r.push((kind, hollow, dashed, text.to_owned(), x));
        }
        x += width;
    }
    let top = bottom - rows.len() as f32 * (lh + 6.0 * s);
    let mut marks = Vec::new();
    let mut texts = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let y = top + r as f32 * (lh + 6.0 * s);
        for (kind, hollow, dashed, text, x) in row {
            let (y0, y1) = if kind == MarkKind::Diamond {
                (y + lh / 2.0 - 9.0 * s, y + lh / 2.0 + 9.0 * s)
            } else {
                (y + lh / 2.0 - 7.0 * s, y + lh / 2.0 + 7.0 * s)
            };
            let (x0, x1) = if kind == MarkKind::Diamond {
                (x + sample / 2.0 - 9.0 * s, x + sample / 2.0 + 9.0 * s)
            } else {
                (
                    x,
                    x + sample
                        - if kind == MarkKind::Arrow {
                            10.0 * s
                        } else {
                            0.0
                        },
                )
            };
            let kind = match kind {
                MarkKind::FadeLeft { .. } => MarkKind::FadeLeft {
                    solid_from: x + sample * 0.6,
                },
                k => k,
            };
            marks.push(Mark {
                event: usize::MAX,
                kind,
                x0,
                y0,
                x1,
                y1,
                color,
                hollow,
                dashed,
                clipped_left: false,
                clipped_right: false,
            });
            texts.push(Text::new(
                text,
                x + sample + 8.0 * s,
                y,
                size,
                TextRole::Legend,
            ));
        }
    }
    (marks, texts, top)
}
