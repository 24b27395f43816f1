//! The time axis: the scale (with breaks where the figure asks for them),
//! its line, ticks, grid and tick labels.

use chrono::{Days, NaiveDate};

use super::scale::{self, Scale};
use super::scene::{Line, LineRole, Text, TextRole};
use super::size;
use super::ticks;
use crate::figure::{Axis, AxisBreaks};
use crate::font;
use crate::model::{Event, Shape};

/// Where the axis goes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Place {
    pub(super) plot_left: f32,
    pub(super) plot_right: f32,
    pub(super) plot_top: f32,
    pub(super) axis_y: f32,
    pub(super) canvas_width: f32,
    pub(super) margin: f32,
    pub(super) s: f32,
    /// The tick labels' size.
    pub(super) label_size: f32,
}

/// An empty stretch collapses when it is at least this share of the window.
const BREAK_SHARE: f32 = 0.1;
/// The narrowest a segment of a broken axis is drawn, at scale 1.
const MIN_SEGMENT: f32 = 110.0;

/// The scale of the window between `x0` and `x1`: linear, or broken where
/// long stretches hold no event.
pub(super) fn scale(
    events: &[&Event],
    window: (NaiveDate, NaiveDate),
    (x0, x1): (f32, f32),
    breaks: AxisBreaks,
    s: f32,
) -> Scale {
    if breaks == AxisBreaks::None {
        return Scale::linear(window, x0, x1);
    }
    let occupied: Vec<(NaiveDate, NaiveDate)> = events
        .iter()
        .map(|e| match e.date.shape() {
            Shape::Point(span) => (span.first, span.last),
            Shape::Period(a, b) => (a.first, b.last),
            // The fading start of "by 1931" is drawn over a year or so.
            Shape::By(span) | Shape::Until(span) => (
                span.first
                    .checked_sub_days(Days::new(365))
                    .unwrap_or(span.first),
                span.last,
            ),
            Shape::From(span) => (span.first, window.1),
        })
        .collect();
    Scale::with_breaks(
        window,
        (x0, x1),
        &occupied,
        BREAK_SHARE,
        MIN_SEGMENT * s,
        scale::break_width(s),
    )
}

/// The axis line (broken at breaks, each marked by a double slash), the
/// ticks and grid lines of each segment, and the tick labels that fit.
pub(super) fn draw(
    scale: &Scale,
    kind: Axis,
    economic_year_start: u32,
    at: Place,
) -> (Vec<Line>, Vec<Text>) {
    let (s, label_size) = (at.s, at.label_size);
    let mut lines = Vec::new();
    let mut texts: Vec<Text> = Vec::new();
    let breaks = scale.breaks();
    let mut from = at.plot_left;
    for &(a, b) in &breaks {
        lines.push(axis_line((from, at.axis_y), (a, at.axis_y)));
        from = b;
    }
    lines.push(axis_line((from, at.axis_y), (at.plot_right, at.axis_y)));
    for &(a, b) in &breaks {
        for x in [a + 4.0 * s, b - 4.0 * s] {
            lines.push(Line {
                from: (x - 5.0 * s, at.axis_y + 9.0 * s),
                to: (x + 5.0 * s, at.axis_y - 9.0 * s),
                role: LineRole::Break,
                event: None,
            });
        }
    }
    let x_of = |d: NaiveDate| scale.x(d);
    for seg in scale.segments() {
        let ticks = match kind {
            Axis::Calendar => ticks::calendar(seg.from, seg.to, label_size, &x_of),
            Axis::Economic => {
                ticks::economic(seg.from, seg.to, economic_year_start, label_size, &x_of)
            }
        };
        for t in &ticks {
            lines.push(Line {
                from: (t.x, at.plot_top),
                to: (t.x, at.axis_y),
                role: LineRole::Grid,
                event: None,
            });
            lines.push(axis_line((t.x, at.axis_y), (t.x, at.axis_y + 8.0 * s)));
            let mut label = Text::new(
                &t.label,
                0.0,
                at.axis_y + 10.0 * s,
                label_size,
                TextRole::Axis,
            );
            label.left = t.label_x - label.width / 2.0;
            let inside =
                label.left >= at.margin / 2.0 && label.right() <= at.canvas_width - at.margin / 2.0;
            let apart = texts
                .last()
                .is_none_or(|p| p.right() + label_size <= label.left);
            if inside && apart {
                texts.push(label);
            }
        }
    }
    (lines, texts)
}

fn axis_line(from: (f32, f32), to: (f32, f32)) -> Line {
    Line {
        from,
        to,
        role: LineRole::Axis,
        event: None,
    }
}

/// The width of the lane names' column, the names `size` px tall.
/// A lane's name in lines no wider than the names' column: wrapped, a
/// word wider than the column cut, the third line shortened with an
/// ellipsis, so that no name pushes the plot off the canvas.
pub(super) fn name_lines(name: &str, size: f32, s: f32) -> Vec<String> {
    font::fit_lines(name, size, true, size::LANE_NAME_MAX * s, 3)
}

pub(super) fn name_width(names: &[String], s: f32, size: f32) -> f32 {
    names
        .iter()
        .flat_map(|name| name_lines(name, size, s))
        .map(|l| font::text_width(&l, size, true))
        .fold(0.0, f32::max)
}
