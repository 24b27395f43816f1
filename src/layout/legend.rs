//! The legend under the axis: a sample of each kind of mark the figure
//! uses, and what it means. (The callout key, which gives numbered
//! events their labels, is `callouts.rs`.)

use super::scene::{Mark, MarkKind, Text, TextRole};
use super::size;
use crate::font;
use crate::model::{Event, Precision, Rgb, Shape};

/// A legend entry: its sample's kind, hollow, dashed, and its text.
type Entry = (MarkKind, bool, bool, &'static str);

/// The legend: a sample of each kind of mark the figure uses, in rows
/// from the left, the last row's bottom at `bottom`; and its top.
pub(super) fn legend(
    events: &[&Event],
    s: f32,
    margin: f32,
    w: f32,
    bottom: f32,
    color: Option<Rgb>,
) -> (Vec<Mark>, Vec<Text>, f32) {
    let color = color.unwrap_or(crate::model::PALETTE[0]);
    let size = size::SMALL * s;
    let lh = font::line_height(size);
    // Entries in rows, each with its left edge.
    let mut rows: Vec<Vec<(Entry, f32)>> = vec![Vec::new()];
    let mut x = margin;
    for entry in entries(events) {
        let width = SAMPLE * s + 8.0 * s + font::text_width(entry.3, size, false) + 28.0 * s;
        if x + width > w - margin && x > margin {
            rows.push(Vec::new());
            x = margin;
        }
        if let Some(r) = rows.last_mut() {
            r.push((entry, x));
        }
        x += width;
    }
    let top = bottom - rows.len() as f32 * (lh + 6.0 * s);
    let mut marks = Vec::new();
    let mut texts = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let y = top + r as f32 * (lh + 6.0 * s);
        for (entry, x) in row {
            marks.push(sample(entry, (x, y + lh / 2.0), s, color));
            let left = x + SAMPLE * s + 8.0 * s;
            texts.push(Text::new(entry.3, left, y, size, TextRole::Legend));
        }
    }
    (marks, texts, top)
}

/// The width of a sample mark at scale 1.
const SAMPLE: f32 = 40.0;

/// The entries the figure's events call for, in the legend's order.
fn entries(events: &[&Event]) -> Vec<Entry> {
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
    [
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
    .collect()
}

/// An entry's sample mark, its left edge at `x`, centred on `centre`.
fn sample((kind, hollow, dashed, _): Entry, (x, centre): (f32, f32), s: f32, color: Rgb) -> Mark {
    let width = SAMPLE * s;
    let half = s * if kind == MarkKind::Diamond { 9.0 } else { 7.0 };
    let (x0, x1) = match kind {
        MarkKind::Diamond => (x + width / 2.0 - 9.0 * s, x + width / 2.0 + 9.0 * s),
        // (Its arrowhead is drawn past its end.)
        MarkKind::Arrow => (x, x + width - 10.0 * s),
        _ => (x, x + width),
    };
    let kind = match kind {
        MarkKind::FadeLeft { .. } => MarkKind::FadeLeft {
            solid_from: x + width * 0.6,
        },
        k => k,
    };
    Mark {
        event: usize::MAX,
        kind,
        x0,
        y0: centre - half,
        x1,
        y1: centre + half,
        color,
        hollow,
        dashed,
        clipped_left: false,
        clipped_right: false,
    }
}
