//! Events and a canvas -> geometry. A pure function: no drawing library,
//! no I/O; every coordinate a renderer needs is decided here, so that the
//! SVG, PNG and PDF agree and tests can assert positions.
//!
//! `lay_out` reads as the list of its passes, each in its own file:
//! `prepare` (across), `fit` (down: the vertical budget, `budget`, over
//! each lane's fit, `lane_fit`, with `labels`, `rows`, `blocks`, `beside`
//! and `packed`), the axis, and `draw` (each lane's geometry).

// No function here may grow past 100 lines (`clippy.toml`): a stage that
// long is a list of passes waiting to be named.
#![warn(clippy::too_many_lines)]

mod axis;
mod beside;
mod blocks;
mod budget;
mod callouts;
pub mod chart;
mod crossings;
mod describe;
mod draw;
mod fit;
mod frame;
mod geometry;
mod labels;
mod lane_fit;
mod lanes;
mod legend;
mod packed;
mod prepare;
mod rows;
mod scale;
mod scene;
mod size;
mod ticks;

pub use crossings::{Crossed, Crossing, leader_crossings};
pub(crate) use frame::Frame;
use lane_fit::LaneFit;
use prepare::prepare;
pub use scene::{Band, Bin, LayoutError, Line, LineRole, Mark, MarkKind, Scene, Text, TextRole};

use crate::figure::TimelineOptions;
use crate::model::Timeline;

/// Lays out a timeline figure, stage by stage: the frame, the lanes and
/// their marks, the time axis (with breaks), the vertical budget and the
/// labels, the callout key, then the geometry of each lane.
pub fn timeline(timeline: &Timeline, options: &TimelineOptions) -> Result<Scene, LayoutError> {
    match best_size(timeline, options) {
        Err(LayoutError::TooManyLanes { .. }) => Err(lanes_fit(timeline, options)
            .err()
            .unwrap_or(LayoutError::NothingToShow)),
        result => result,
    }
}

/// The layout with labels at the largest size that labels every event
/// whole (past the full size, each on one line); else at the
/// smallest size, which holds more of them. (The smallest is laid out
/// first: a dense figure, the costly kind, is laid out once; each larger
/// size is tried as a trial, which stops short of the searches that only
/// a figure with labels left over needs, and the first that fails ends
/// the climb.)
fn best_size(timeline: &Timeline, options: &TimelineOptions) -> Result<Scene, LayoutError> {
    let [smallest, larger @ ..] = size::EVENT_LABELS;
    let (mut best, whole, mut fill) = lay_out(timeline, options, (smallest, false))?;
    if whole < best.events.len() {
        return Ok(best);
    }
    let mut wraps = wrapped(&best);
    for label in larger {
        // Lanes that fill most of the plot would overflow it at the next
        // size, 10-17% taller a line: not worth a layout to learn.
        if fill > FULL_AT_SMALL {
            break;
        }
        // Up to the full size, no more labels wrapped than at the size
        // below; past it, none.
        match lay_out(timeline, options, (label, true)) {
            Ok((scene, whole, f))
                if whole == scene.events.len()
                    && wrapped(&scene) <= if label <= size::LABEL { wraps } else { 0 } =>
            {
                wraps = wrapped(&scene);
                (best, fill) = (scene, f);
            }
            _ => break,
        }
    }
    Ok(best)
}

/// The events whose label takes more than one line.
fn wrapped(scene: &Scene) -> usize {
    let mut lines = std::collections::HashMap::new();
    for t in scene.texts.iter().filter(|t| t.role == TextRole::Label) {
        *lines.entry(t.event).or_insert(0usize) += 1;
    }
    lines.values().filter(|&&n| n > 1).count()
}

/// The share of the plot's height past which a figure's lanes are taken
/// not to hold its labels at the next size.
const FULL_AT_SMALL: f32 = 0.9;

/// Whether the figure's lanes fit its size, from the layout's stages up to
/// the vertical budget (what `check` can afford for every figure); if not,
/// the error names the least height that would hold them.
pub(crate) fn lanes_fit(timeline: &Timeline, options: &TimelineOptions) -> Result<(), LayoutError> {
    match prepare(timeline, options, size::EVENT_LABELS[0]) {
        Err(LayoutError::TooManyLanes {
            lanes,
            needed,
            available,
            ..
        }) => Err(LayoutError::TooManyLanes {
            lanes,
            needed,
            available,
            height: least_fitting_height(timeline, options, needed - available.min(needed)),
        }),
        other => other.map(|_| ()),
    }
}

/// The least canvas height (at the same width) that holds the lanes,
/// rounded up to 10 px; `None` past the largest accepted size.
fn least_fitting_height(timeline: &Timeline, options: &TimelineOptions, short: u32) -> Option<u32> {
    let holds = |height: u32| {
        let taller = TimelineOptions {
            size: crate::figure::Size::new(options.size.width, height),
            ..options.clone()
        };
        !matches!(
            prepare(timeline, &taller, size::EVENT_LABELS[0]),
            Err(LayoutError::TooManyLanes { .. })
        )
    };
    // Grow until it holds, then halve the step back to the least.
    let (mut low, mut high) = (options.size.height, options.size.height + short.max(10));
    while !holds(high) {
        if high >= crate::figure::Size::MAX {
            return None;
        }
        low = high;
        high = (high + high / 4).min(crate::figure::Size::MAX);
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if holds(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    Some(high.div_ceil(10) * 10)
}

/// The layout with event labels `label` px tall at scale 1, how many
/// events it labels whole (not numbered, left out or shortened), and the
/// share of the plot's height its lanes need. Its passes: across (the
/// frame, the key of marks, the time scale, each lane's marks and the
/// labels it asks for), down (the rows each lane's labels get, and the
/// callout key under them), the axis over the key, then each lane's
/// geometry.
fn lay_out(
    timeline: &Timeline,
    options: &TimelineOptions,
    (label, trial): (f32, bool),
) -> Result<(Scene, usize, f32), LayoutError> {
    let mut across = prepare::prepare(timeline, options, label)?;
    across.geometry.trial = trial;
    let plans = std::mem::take(&mut across.plans);
    let (plans, fitted) = fit::fit(plans, &across);
    let axis = axis::draw(
        &across.scale,
        options.axis,
        timeline.dates.economic_year_start,
        axis::Place {
            plot_left: across.geometry.plot_left,
            plot_right: across.geometry.plot_right,
            plot_top: across.plot_top,
            axis_y: fitted.axis_y,
            canvas_width: across.w,
            margin: across.frame.margin,
            s: across.frame.s,
            label_size: across.geometry.label_size,
        },
    );
    let (lanes, fill) = draw::lanes(&across.geometry, &plans, &fitted, across.plot_top);
    let whole = across.events.len()
        - fitted.left_out.len()
        - fitted.numbers.len()
        - fitted.fits.iter().map(LaneFit::shortened).sum::<usize>();
    Ok((scene(options, across, fitted, axis, lanes), whole, fill))
}

/// The scene of a figure laid out: its passes' parts, in the order they
/// are drawn.
fn scene(
    options: &TimelineOptions,
    mut across: prepare::Prepared,
    fitted: fit::Fitted,
    (mut lines, mut texts): (Vec<Line>, Vec<Text>),
    lanes: draw::Drawn,
) -> Scene {
    lines.extend(lanes.lines);
    texts.append(&mut across.frame.texts);
    texts.extend(lanes.texts);
    texts.extend(fitted.legend_texts);
    texts.extend(across.legend_texts);
    let mut marks = lanes.marks;
    marks.extend(across.legend_marks);
    let events = &across.events;
    let description = describe::describe(
        &across.title,
        events,
        across.window,
        &across.scale,
        fitted.numbers.len(),
    );
    let id = |i: &usize| events[*i].id.clone();
    let mut numbered: Vec<(usize, usize)> = fitted.numbers.iter().map(|(&e, &n)| (n, e)).collect();
    numbered.sort_unstable();
    let g = &across.geometry;
    Scene {
        width: across.w,
        height: across.h,
        theme: options.theme,
        description,
        bands: lanes.bands,
        lines,
        marks,
        texts,
        bins: lanes.bins,
        breaks: across.scale.breaks(),
        events: events.iter().map(|e| e.id.clone()).collect(),
        numbered: numbered.iter().map(|(_, e)| id(e)).collect(),
        dropped: fitted.left_out.iter().map(id).collect(),
        plot: (g.plot_left, across.plot_top, g.plot_right, fitted.axis_y),
        window: across.window,
        title: across.title,
    }
}

#[cfg(test)]
mod tests;
