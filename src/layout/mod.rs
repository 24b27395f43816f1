//! Events and a canvas -> geometry. A pure function: no drawing library,
//! no I/O; every coordinate a renderer needs is decided here, so that the
//! SVG, PNG and PDF agree and tests can assert positions.

mod axis;
mod blocks;
mod budget;
mod callouts;
mod crossings;
mod frame;
mod labels;
mod lanes;
mod legend;
mod scale;
mod scene;
mod ticks;

use budget::{Join, LaneFit};
pub use crossings::{Crossed, Crossing, leader_crossings};
pub(crate) use frame::Frame;
use lanes::{LanePlan, candidates, label_request, lane_marks};
pub use scene::{Band, Bin, LayoutError, Line, LineRole, Mark, MarkKind, Scene, Text, TextRole};

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::figure::TimelineOptions;
use crate::font;
use crate::model::{Event, Rgb, Timeline};
use scale::Scale;

/// Sizes in px at scale 1 (a 1920x1080 slide).
mod size {
    pub(super) const MARGIN: f32 = 28.0;
    pub(super) const TITLE: f32 = 40.0;
    pub(super) const SUBTITLE: f32 = 26.0;
    /// Lane names, tick labels, and event labels where there is room.
    pub(super) const LABEL: f32 = 21.0;
    /// The sizes labels may take, largest first: a dense figure sets its
    /// labels, lane names and ticks smaller (never under the 18 px a
    /// slide needs) when that identifies more events by their label.
    pub(super) const EVENT_LABELS: [f32; 2] = [LABEL, 18.0];
    pub(super) const NOTE: f32 = 18.0;
    pub(super) const SMALL: f32 = 18.0;
    pub(super) const BAR: f32 = 14.0;
    pub(super) const LANE_NAME_MAX: f32 = 230.0;
    /// Label rows a lane may have, above and below its marks together:
    /// more than an A4 page in portrait holds at 18 px, which a crowded
    /// lane fills (40 left a third of the page empty); a bound on the
    /// placement's time on a huge canvas.
    pub(super) const MAX_ROWS: usize = 100;
    /// Sub-rows of marks a lane may stack before it shows a density strip
    /// instead: at least this many, and at most the second.
    pub(super) const MIN_TRACKS: usize = 8;
    pub(super) const MAX_TRACKS: usize = 20;
    /// The height of a density strip, in sub-rows, and the width of its
    /// bins.
    pub(super) const DENSITY_TRACKS: usize = 3;
    pub(super) const BIN: f32 = 6.0;
    /// How far a label may stand from its anchor, on a bent leader.
    pub(super) const REACH: f32 = 260.0;
    /// Labels a figure tries to place, shared evenly among its lanes; far
    /// more than a canvas holds. Past a lane's share the most important
    /// are tried, spread evenly over time. More choice fits more labels in
    /// a crowded lane (a one-lane figure of 1,000 events labels about 150
    /// with all of them tried, 120 with 300), and costs time in each.
    pub(super) const CANDIDATES: usize = 1200;
    /// The least share of a lane.
    pub(super) const MIN_CANDIDATES: usize = 300;
}

/// The events of `timeline` that `options` selects and the window shows.
fn selected<'t>(
    timeline: &'t Timeline,
    options: &TimelineOptions,
    window: (NaiveDate, NaiveDate),
) -> Vec<&'t Event> {
    options.passing(&timeline.events, window).collect()
}

/// The window: the options', or the events' extent in whole years.
fn window(timeline: &Timeline, options: &TimelineOptions) -> Option<(NaiveDate, NaiveDate)> {
    let everything = TimelineOptions {
        from: None,
        to: None,
        ..options.clone()
    };
    let all = selected(timeline, &everything, (NaiveDate::MIN, NaiveDate::MAX));
    let first = options
        .from
        .or_else(|| all.iter().map(|e| e.date.anchor()).min())
        .and_then(|d| {
            NaiveDate::from_ymd_opt(d.year(), 1, 1)
                .filter(|_| options.from.is_none())
                .or(Some(d))
        })?;
    let last = options
        .to
        .or_else(|| all.iter().map(|e| e.date.anchor_end()).max())
        .and_then(|d| {
            NaiveDate::from_ymd_opt(d.year(), 12, 31)
                .filter(|_| options.to.is_none())
                .or(Some(d))
        })?;
    Some((first, last.max(first)))
}

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

/// The layout with labels at their full size where that labels every
/// event whole; else at the smallest size, which holds more of them.
/// (The smallest is laid out first: a dense figure, the costly kind, is
/// laid out once; the full size is tried as a trial, which stops short of
/// the searches that only a figure with labels left over needs.)
fn best_size(timeline: &Timeline, options: &TimelineOptions) -> Result<Scene, LayoutError> {
    let [large, small] = size::EVENT_LABELS;
    let (scene, whole, fill) = lay_out(timeline, options, (small, false))?;
    // Lanes that fill most of the plot at the smallest size would overflow
    // it at the full size, 17% taller a line: not worth a layout to learn.
    if whole < scene.events.len() || fill > FULL_AT_SMALL {
        return Ok(scene);
    }
    match lay_out(timeline, options, (large, true)) {
        Ok((larger, whole, _)) if whole == larger.events.len() => Ok(larger),
        _ => Ok(scene),
    }
}

/// The share of the plot's height, at the smallest size, past which a
/// figure's lanes are taken not to hold its labels at the full size.
const FULL_AT_SMALL: f32 = 0.9;

/// Whether the figure's lanes fit its size, from the layout's stages up to
/// the vertical budget (what `check` can afford for every figure); if not,
/// the error names the least height that would hold them.
pub(crate) fn lanes_fit(timeline: &Timeline, options: &TimelineOptions) -> Result<(), LayoutError> {
    match prepare(timeline, options, size::EVENT_LABELS[1]) {
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
            prepare(timeline, &taller, size::EVENT_LABELS[1]),
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

/// The stages before the vertical budget: what goes across, the lanes'
/// plans, and whether the lanes fit at all.
struct Prepared<'t> {
    window: (NaiveDate, NaiveDate),
    events: Vec<&'t Event>,
    frame: Frame,
    title: String,
    legend_marks: Vec<Mark>,
    legend_texts: Vec<Text>,
    legend_top: f32,
    scale: Scale,
    geometry: Geometry,
    plot_top: f32,
    plans: Vec<LanePlan>,
    w: f32,
    h: f32,
}

/// `label` is the event labels' size at scale 1.
fn prepare<'t>(
    timeline: &'t Timeline,
    options: &TimelineOptions,
    label: f32,
) -> Result<Prepared<'t>, LayoutError> {
    let window = window(timeline, options).ok_or(LayoutError::NothingToShow)?;
    let events = selected(timeline, options, window);
    if events.is_empty() {
        return Err(LayoutError::NothingToShow);
    }
    let (w, h) = (options.size.width as f32, options.size.height as f32);
    let (frame, title) = header(timeline, options, w, h);
    let (s, margin) = (frame.s, frame.margin);
    let lanes = lanes::lanes(timeline, &events);
    let (legend_marks, legend_texts, legend_top) = legend::legend(
        &events,
        s,
        margin,
        w,
        frame.bottom,
        lanes.first().map(|l| l.1),
    );

    // Across: lane names, then the plot.
    // The column also holds a lane's "+N more", as wide as it may come.
    let names: Vec<String> = lanes
        .iter()
        .map(|l| l.0.clone())
        .chain(std::iter::once(format!("+{} more", events.len())))
        .collect();
    let swatch = 14.0 * s;
    let plot_left = margin + swatch + 8.0 * s + axis::name_width(&names, s, label * s) + 16.0 * s;
    let plot_right = w - margin;
    let inset = 12.0 * s;
    let scale = axis::scale(
        &events,
        window,
        (plot_left + inset, plot_right - inset),
        options.axis_breaks,
        s,
    );
    let geometry = Geometry::new(s, margin, (plot_left, plot_right), label);
    let plot_top = frame.top + 14.0 * s;
    let plans = plan_lanes(
        timeline, options, &events, &lanes, &scale, window, &geometry, plot_top, legend_top,
    );
    geometry.lanes_room(&plans, plot_top, legend_top)?;
    Ok(Prepared {
        window,
        events,
        frame,
        title,
        legend_marks,
        legend_texts,
        legend_top,
        scale,
        geometry,
        plot_top,
        plans,
        w,
        h,
    })
}

/// The layout with event labels `label` px tall at scale 1, how many
/// events it labels whole (not numbered, left out or shortened), and the
/// share of the plot's height its lanes need.
fn lay_out(
    timeline: &Timeline,
    options: &TimelineOptions,
    (label, trial): (f32, bool),
) -> Result<(Scene, usize, f32), LayoutError> {
    let Prepared {
        window,
        events,
        frame,
        title,
        legend_marks,
        legend_texts,
        legend_top,
        scale,
        geometry,
        plot_top,
        plans,
        w,
        h,
    } = prepare(timeline, options, label)?;
    let geometry = Geometry { trial, ..geometry };
    let (s, margin) = (frame.s, frame.margin);
    let (plot_left, plot_right) = (geometry.plot_left, geometry.plot_right);

    // Down: the callout key takes what the labels leave over, which takes
    // room from the labels; a few rounds settle it.
    let cache = Fits::default();
    let mut fitted = fit_lanes(
        &plans,
        &events,
        &geometry,
        (plot_top, legend_top, h),
        &cache,
    );
    // A mark boxed in by its neighbours has no room for its label or its
    // number: it gets a sub-row of its own under the lane's others.
    let mut plans = plans;
    let unboxed = (!geometry.trial)
        .then(|| unbox(&plans, &fitted.fits, geometry.spacing.gap / 2.0))
        .flatten();
    if let Some(unboxed) = unboxed {
        let again = fit_lanes(
            &unboxed,
            &events,
            &geometry,
            (plot_top, legend_top, h),
            &cache,
        );
        let needed: f32 = unboxed
            .iter()
            .zip(&again.fits)
            .map(|(p, f)| geometry.lane_height(p, f))
            .sum();
        if again.left_out.len() < fitted.left_out.len() && needed <= again.axis_y - plot_top {
            (plans, fitted) = (unboxed, again);
        }
    }
    let axis_y = fitted.axis_y;
    let (mut lines, mut texts) = axis::draw(
        &scale,
        options.axis,
        timeline.dates.economic_year_start,
        axis::Place {
            plot_left,
            plot_right,
            plot_top,
            axis_y,
            canvas_width: w,
            margin,
            s,
            label_size: geometry.label_size,
        },
    );
    texts.extend(frame.texts);

    let mut drawn = Drawn::default();
    let mut top = plot_top;
    // Room the lanes do not need is shared out, each lane's content
    // centred in its band, so that the lanes fill the plot.
    let needed: f32 = plans
        .iter()
        .zip(&fitted.fits)
        .map(|(p, f)| geometry.lane_height(p, f))
        .sum();
    let extra = ((axis_y - plot_top - needed) / plans.len() as f32).max(0.0);
    let fill = needed / (axis_y - plot_top).max(1.0);
    for (lane_index, (plan, fit)) in plans.iter().zip(&fitted.fits).enumerate() {
        top = lane(
            &geometry,
            lane_index,
            (top, extra),
            plan,
            fit,
            &fitted.numbers,
            &mut drawn,
        );
    }
    lines.append(&mut drawn.lines);
    texts.append(&mut drawn.texts);
    texts.extend(fitted.legend_texts);
    drawn.marks.extend(legend_marks);
    texts.extend(legend_texts);

    let whole = events.len()
        - fitted.left_out.len()
        - fitted.numbers.len()
        - fitted.fits.iter().map(LaneFit::shortened).sum::<usize>();
    let description = describe(&title, &events, window, &scale, fitted.numbers.len());
    let id = |i: &usize| events[*i].id.clone();
    let mut numbered: Vec<(usize, usize)> = fitted.numbers.iter().map(|(&e, &n)| (n, e)).collect();
    numbered.sort_unstable();
    let scene = Scene {
        width: w,
        height: h,
        theme: options.theme,
        title,
        description,
        bands: drawn.bands,
        lines,
        marks: drawn.marks,
        texts,
        bins: drawn.bins,
        breaks: scale.breaks(),
        events: events.iter().map(|e| e.id.clone()).collect(),
        numbered: numbered.iter().map(|(_, e)| id(e)).collect(),
        dropped: fitted.left_out.iter().map(id).collect(),
        plot: (plot_left, plot_top, plot_right, axis_y),
        window,
    };
    Ok((scene, whole, fill))
}

/// The title, subtitle and source line, and the title used.
fn header(timeline: &Timeline, options: &TimelineOptions, w: f32, h: f32) -> (Frame, String) {
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| timeline.title.clone());
    // The file's subtitle describes the whole timeline: a figure with a
    // title or window of its own does not inherit it (it may set its own).
    let d = &timeline.defaults;
    let whole = options.title == d.title && options.from == d.from && options.to == d.to;
    let subtitle = options
        .subtitle
        .clone()
        .or_else(|| timeline.subtitle.clone().filter(|_| whole));
    let source = timeline.source_line.clone().or_else(|| {
        timeline
            .work
            .as_ref()
            .map(|w| format!("Source: {}, {}", w.author, w.title))
    });
    let frame = Frame::new(w, h, &title, subtitle.as_deref(), source.as_deref());
    (frame, title)
}

/// Distances shared by the stages, in px at the figure's scale.
struct Geometry {
    s: f32,
    margin: f32,
    plot_left: f32,
    plot_right: f32,
    /// Event labels, lane names and tick labels: their size and line
    /// height.
    label_size: f32,
    lh: f32,
    row_pitch: f32,
    track_pitch: f32,
    spacing: labels::Spacing,
    /// The width of a callout number's box.
    number_width: f32,
    /// A trial of a larger size, wanted only if it labels every event
    /// whole: each lane's rows are split once, evenly, and no mark is
    /// given a sub-row of its own. (A layout that labels every event whole
    /// this way is what the full search would find.)
    trial: bool,
}

impl Geometry {
    /// `label` is the event labels' size at scale 1.
    fn new(s: f32, margin: f32, (plot_left, plot_right): (f32, f32), label: f32) -> Geometry {
        let label_size = label * s;
        Geometry {
            s,
            margin,
            plot_left,
            plot_right,
            label_size,
            lh: font::line_height(label_size),
            row_pitch: font::line_height(label_size) + 3.0 * s,
            track_pitch: size::BAR * s + 6.0 * s,
            spacing: labels::Spacing {
                pad: 5.0 * s,
                gap: 10.0 * s,
                left: plot_left,
                right: plot_right,
                reach: size::REACH * s,
                below: false,
            },
            number_width: 0.0,
            trial: false,
        }
    }

    /// The height a lane takes with `fit`.
    fn lane_height(&self, plan: &LanePlan, fit: &LaneFit) -> f32 {
        let s = self.s;
        let more = !fit.left_out.is_empty() || !plan.skipped.is_empty();
        let names = self.names_height(plan, more);
        if let Some(p) = &fit.packed {
            return (12.0 * s + p.tracks as f32 * self.packed_pitch()).max(names);
        }
        let (a, b) = fit.rows;
        let below_gap = if b > 0 { 4.0 * s } else { 0.0 };
        let content = 12.0 * s
            + (a + b) as f32 * self.row_pitch
            + plan.tracks as f32 * self.track_pitch
            + below_gap;
        content.max(names)
    }

    /// Room under the lanes for the axis and its tick labels.
    fn axis_room(&self) -> f32 {
        self.lh + 26.0 * self.s
    }

    /// The line under the key saying how many events are left out.
    fn more_text(&self, left_out: usize) -> Vec<String> {
        if left_out == 0 {
            return Vec::new();
        }
        let text = format!(
            "{left_out} more not shown for lack of room (the least important first); the figure's description lists every event"
        );
        font::wrap(
            &text,
            size::SMALL * self.s,
            false,
            self.plot_right - self.margin,
        )
    }

    /// The height of [`Geometry::more_text`]'s lines.
    fn more_height(&self, lines: &[String]) -> f32 {
        if lines.is_empty() {
            return 0.0;
        }
        let lh = font::line_height(size::SMALL * self.s) + 2.0 * self.s;
        lines.len() as f32 * lh + 6.0 * self.s
    }

    /// The least the lanes take, with room under the axis for the line
    /// that counts what is left out.
    fn lanes_least(&self, plans: &[LanePlan]) -> f32 {
        let events: usize = plans.iter().map(|p| p.marks.len()).sum();
        let more = self.more_height(&self.more_text(events)) + 18.0 * self.s;
        plans.iter().map(|p| self.least_height(p)).sum::<f32>() + more
    }

    /// Whether the lanes fit between `plot_top` and `legend_top` with no
    /// label rows at all.
    fn lanes_room(
        &self,
        plans: &[LanePlan],
        plot_top: f32,
        legend_top: f32,
    ) -> Result<(), LayoutError> {
        let available = legend_top - self.axis_room() - plot_top;
        let needed = self.lanes_least(plans);
        if needed > available {
            return Err(LayoutError::TooManyLanes {
                lanes: plans.len(),
                needed: needed.ceil() as u32,
                available: available.max(0.0) as u32,
                height: None,
            });
        }
        Ok(())
    }

    /// The height of a lane's name column, with its "+N more" line or not.
    fn names_height(&self, plan: &LanePlan, more: bool) -> f32 {
        let lines = plan.name_lines.len() + usize::from(more);
        lines as f32 * (self.lh + 2.0 * self.s) + 14.0 * self.s
    }

    /// The least a lane can take: its marks and its name, with a "+N more"
    /// line under it when it has more than one event (which it may need
    /// with no label row; a lone event has its label or number beside it).
    fn least_height(&self, plan: &LanePlan) -> f32 {
        self.lane_height(plan, &LaneFit::default())
            .max(self.names_height(plan, plan.marks.len() > 1))
    }

    /// The sub-row pitch of a packed lane: a line of text and a little.
    fn packed_pitch(&self) -> f32 {
        (self.lh + 4.0 * self.s).max(self.track_pitch)
    }

    /// The most label rows a lane can have in `available` px.
    fn max_rows(&self, plan: &LanePlan, available: f32) -> usize {
        let fixed = 16.0 * self.s + plan.tracks as f32 * self.track_pitch;
        (((available - fixed) / self.row_pitch).floor().max(0.0) as usize).min(size::MAX_ROWS)
    }
}

/// Each lane's marks (packed into sub-rows, or a density strip) and the
/// labels it asks for.
#[allow(clippy::too_many_arguments)]
fn plan_lanes(
    timeline: &Timeline,
    options: &TimelineOptions,
    events: &[&Event],
    lanes: &[(String, Rgb, Vec<usize>)],
    scale: &Scale,
    window: (NaiveDate, NaiveDate),
    g: &Geometry,
    plot_top: f32,
    legend_top: f32,
) -> Vec<LanePlan> {
    let s = g.s;
    // Sub-rows a lane may stack before its marks become a density strip:
    // up to a third of the plot's height between the lanes.
    let plot_height = legend_top - plot_top;
    let max_tracks = ((plot_height * 0.4 / lanes.len() as f32 / g.track_pitch) as usize)
        .clamp(size::MIN_TRACKS, size::MAX_TRACKS);
    let x_of = |d: NaiveDate| scale.x(d);
    let x_after = |d: NaiveDate| scale.x_after(d);
    lanes
        .iter()
        .enumerate()
        .map(|(lane_index, (name, color, members))| {
            let name_lines = axis::name_lines(name, g.label_size, s);
            let (marks, tracks) = lane_marks(
                members,
                events,
                *color,
                s,
                (g.plot_left, g.plot_right),
                window,
                &x_of,
                &x_after,
            );
            let share = (size::CANDIDATES / lanes.len()).max(size::MIN_CANDIDATES);
            let (chosen, skipped) = candidates(members, events, &marks, share);
            let (requests, notes) = chosen
                .iter()
                .map(|&k| {
                    let event = events[members[k]];
                    label_request(timeline, event, &marks[k], options.notes, (s, g.label_size))
                })
                .unzip();
            let mut plan = LanePlan {
                name_lines,
                color: *color,
                tracks,
                bins: Vec::new(),
                marks,
                requests,
                notes,
                chosen,
                skipped,
                room: Vec::new(),
                stamp: lane_index,
            };
            // Too many sub-rows make a density strip, unless the lane packs
            // (each mark with its label or number beside it) into its share
            // of the plot.
            if tracks > max_tracks {
                let share = plot_height / lanes.len() as f32 - 12.0 * s;
                let tall = (share / g.packed_pitch()) as usize;
                let number = number_width(s, events.len());
                // (Packed with more numbers than a key holds is a pile
                // with a few labels, not a legible lane.)
                let legible = budget::fit_packed(&plan, g.spacing, tall, number)
                    .is_some_and(|f| f.inline.len() <= budget::MAX_NUMBERS);
                if !legible {
                    plan.tracks = size::DENSITY_TRACKS;
                    plan.bins =
                        lanes::density(&plan.marks, g.plot_left, g.plot_right, size::BIN * s);
                }
            }
            plan.stack(g.spacing.gap / 2.0);
            plan
        })
        .collect()
}

/// The lanes again, with the marks each lane leaves out (a few, in a lane
/// of marks in sub-rows) moved to sub-rows of their own after its others;
/// `None` when no lane has such marks.
fn unbox(plans: &[LanePlan], fits: &[LaneFit], margin: f32) -> Option<Vec<LanePlan>> {
    let boxed = |plan: &LanePlan, fit: &LaneFit| {
        let n = fit.left_out.len();
        n > 0
            && n <= UNBOX
            && fit.packed.is_none()
            && plan.bins.is_empty()
            && plan.tracks + n <= size::MAX_TRACKS
    };
    if !plans.iter().zip(fits).any(|(p, f)| boxed(p, f)) {
        return None;
    }
    let mut out = plans.to_vec();
    for (plan, fit) in out.iter_mut().zip(fits) {
        if !boxed(plan, fit) {
            continue;
        }
        for (n, &r) in fit.left_out.iter().enumerate() {
            plan.marks[plan.chosen[r]].y0 = (plan.tracks + n) as f32;
        }
        plan.tracks += fit.left_out.len();
        plan.settle_room(margin);
        // Its marks moved: its fits are another lane's.
        plan.stamp += plans.len();
    }
    Some(out)
}

/// The most marks of a lane given sub-rows of their own (see `unbox`).
const UNBOX: usize = 4;

/// The width of a callout number's box, for numbers up to `events`.
fn number_width(s: f32, events: usize) -> f32 {
    let digits = events.to_string().len();
    font::text_width(&"8".repeat(digits), size::NOTE * s, true) + 2.0 * s
}

/// The lanes' fits, the callout numbers and key, and where the axis goes.
struct Fitted {
    fits: Vec<LaneFit>,
    /// Event index -> callout number.
    numbers: BTreeMap<usize, usize>,
    legend_texts: Vec<Text>,
    /// Event indices neither labelled nor numbered.
    left_out: Vec<usize>,
    axis_y: f32,
}

/// The lanes' fits a layout has worked out, by lane (its stamp) and rows:
/// the key's rounds, the trials of packing and the lanes fitted again
/// after a mark is given a sub-row of its own ask for the same ones again.
#[derive(Default)]
struct Fits {
    /// With `rows` rows, as the budget's ladder asks.
    some: std::cell::RefCell<std::collections::HashMap<(usize, usize), LaneFit>>,
    /// With all the rows the lane may have.
    full: std::cell::RefCell<std::collections::HashMap<(usize, usize), LaneFit>>,
}

impl Fits {
    /// The lane's fit with `rows` rows: with all the rows it may have
    /// (`full`: more splits of them tried), or on the budget's ladder; one
    /// split only in a trial.
    fn fit(&self, plan: &LanePlan, rows: usize, full: bool, g: &Geometry) -> LaneFit {
        let cache = if full { &self.full } else { &self.some };
        let key = (plan.stamp, rows);
        if let Some(fit) = cache.borrow().get(&key) {
            return fit.clone();
        }
        let fit = match (g.trial, full) {
            (true, _) => budget::fit_even(plan, rows, g.spacing, g.number_width),
            (false, false) => budget::fit(plan, rows, g.spacing, g.number_width),
            (false, true) => budget::fit_best(plan, rows, g.spacing, g.number_width),
        };
        cache.borrow_mut().insert(key, fit.clone());
        fit
    }
}

/// Rounds of fitting before the callout key's height is taken as settled.
const KEY_ROUNDS: usize = 4;
/// The most of the canvas's height the callout key may take.
const KEY_SHARE: f32 = 0.3;
/// One fit of all lanes above an axis at `axis_y`: the lanes' fits, the
/// events they number (importance, event; the most important first), and
/// the events they leave out.
struct Attempt {
    fits: Vec<LaneFit>,
    wanted: Vec<(u8, usize)>,
    left_out: Vec<usize>,
    axis_y: f32,
}

fn fit_lanes(
    plans: &[LanePlan],
    events: &[&Event],
    g: &Geometry,
    (plot_top, legend_top, h): (f32, f32, f32),
    cache: &Fits,
) -> Fitted {
    let available = legend_top - g.axis_room() - plot_top;
    let least: f32 = plans.iter().map(|p| g.least_height(p)).sum();
    let reserve = g.more_height(&g.more_text(events.len()));
    let s = g.s;
    let small = size::SMALL * s;
    let mut g = Geometry {
        number_width: number_width(s, events.len()),
        ..*g
    };
    g.spacing.left = g.plot_left;
    let g = &g;
    // The key takes at most its share of the canvas, and never the room
    // the lanes need at the least.
    // (`lanes_room` made sure the line counting what is left out fits.)
    let max_key = (KEY_SHARE * h)
        .max(reserve)
        .min(available - least - 18.0 * s)
        .max(0.0);
    let key_block = |key_height: f32| {
        if key_height > 0.0 {
            key_height + 18.0 * s
        } else {
            0.0
        }
    };
    let axis_for =
        |key_height: f32| legend_top - key_block(key_height) - 14.0 * s - g.lh - 12.0 * s;
    // The widest label in the key, at the key's size.
    let widest = plans
        .iter()
        .flat_map(|p| &p.requests)
        .map(|r| r.forms[0][0].1 * small / g.label_size)
        .fold(0.0, f32::max);
    let key_width = 0.0f32.max(g.plot_right - g.margin);
    let estimate = |n: usize| key_block(callouts::estimate(n, widest, key_width, s));
    // The lanes' fits with a key `key_height` tall under them; `key`
    // weighs the numbers by the key they would need besides.
    let attempt = |key_height: f32, key: &dyn Fn(usize) -> f32| -> Attempt {
        let axis_y = axis_for(key_height);
        let available = axis_y - plot_top;
        // The most rows a lane may have: as many as the plot holds over
        // the key. Of several lanes, as the plot holds with no key at all:
        // the budget keeps them within the room (each round asks for the
        // same fits, cached); a lone lane takes all it is given.
        let rows_room = if plans.len() == 1 {
            available
        } else {
            axis_for(0.0) - plot_top
        };
        // A lane's fit depends on its rows alone: rounds and trials of
        // packing ask for the same ones again.
        let fit_lane = |plan: &LanePlan, rows: usize| {
            cache.fit(plan, rows.min(g.max_rows(plan, rows_room)), false, g)
        };
        let max_rows = plans
            .iter()
            .map(|p| g.max_rows(p, rows_room))
            .max()
            .unwrap_or(0);
        let fit_full = |plan: &LanePlan| cache.fit(plan, g.max_rows(plan, rows_room), true, g);
        let height = |plan: &LanePlan, fit: &LaneFit| g.lane_height(plan, fit);
        // A lane may read better packed, each label beside its mark.
        let packed: Vec<Option<LaneFit>> = plans
            .iter()
            .map(|p| {
                // (A packed lane takes 12 px besides its sub-rows.)
                let tall = ((available - 12.0 * g.s) / g.packed_pitch()) as usize;
                budget::fit_packed(p, g.spacing, tall, g.number_width)
            })
            .collect();
        let fits = budget::allot_with_packing(
            plans, available, max_rows, &packed, &fit_lane, &fit_full, &height, key,
        );
        // Callouts, the most important first (then the earliest), as many
        // as the key can hold; numbered in time order.
        let mut wanted: Vec<(u8, usize)> = Vec::new();
        let mut left_out: Vec<usize> = Vec::new();
        for (plan, fit) in plans.iter().zip(&fits) {
            for r in fit
                .numbers
                .iter()
                .map(|n| n.0)
                .chain(fit.inline.iter().map(|n| n.0))
            {
                wanted.push((plan.requests[r].priority, event_of(plan, r)));
            }
            left_out.extend(fit.left_out.iter().map(|&r| event_of(plan, r)));
            left_out.extend(plan.skipped.iter().map(|&k| plan.marks[k].event));
        }
        wanted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Attempt {
            fits,
            wanted,
            left_out,
            axis_y,
        }
    };
    // The key's entries for the first `n` wanted, in time order.
    let entries = |a: &Attempt, n: usize| -> Vec<(usize, String)> {
        let mut chosen: Vec<usize> = a.wanted[..n].iter().map(|w| w.1).collect();
        chosen.sort_unstable();
        chosen
            .iter()
            .enumerate()
            .map(|(k, &e)| (k + 1, full_label(plans, e)))
            .collect()
    };
    let more_text = |a: &Attempt, n: usize| g.more_text(a.left_out.len() + a.wanted.len() - n);
    let more_line = |a: &Attempt, n: usize| g.more_height(&more_text(a, n));
    // How many numbers a key at most `limit` tall shows, and its height.
    let key_for = |a: &Attempt, limit: f32| -> (usize, f32) {
        let fits_in = |n: usize| {
            callouts::layout(
                &entries(a, n),
                g.margin,
                0.0f32.max(g.plot_right - g.margin),
                0.0,
                s,
                limit - more_line(a, n),
            )
        };
        // The largest count whose key fits.
        let (mut lo, mut hi) = (0usize, a.wanted.len());
        if fits_in(hi).is_none() {
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if fits_in(mid).is_some() {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
        } else {
            lo = hi;
        }
        (lo, fits_in(lo).map_or(0.0, |k| k.height) + more_line(a, lo))
    };
    // Lays the key out under the lanes and keeps the numbers it shows.
    let settle = |mut a: Attempt, shown: usize, key_height: f32, needed: f32| -> Fitted {
        let key_y = legend_top - 8.0 * s - key_height.max(needed);
        let mut legend_texts = callouts::layout(
            &entries(&a, shown),
            g.margin,
            g.plot_right - g.margin,
            key_y,
            s,
            f32::INFINITY,
        )
        .map(|k| k.texts)
        .unwrap_or_default();
        let mut y = key_y + needed - more_line(&a, shown) + 4.0 * s;
        for line in more_text(&a, shown) {
            let t = Text::new(line, g.margin, y, small, TextRole::More);
            y = t.bottom() + 2.0 * s;
            legend_texts.push(t);
        }
        let numbers: BTreeMap<usize, usize> = entries(&a, shown)
            .iter()
            .zip({
                let mut c: Vec<usize> = a.wanted[..shown].iter().map(|w| w.1).collect();
                c.sort_unstable();
                c
            })
            .map(|((n, _), e)| (e, *n))
            .collect();
        a.left_out.extend(a.wanted[shown..].iter().map(|w| w.1));
        a.left_out.sort_unstable();
        // Numbers left out of the key are not drawn either.
        for (plan, fit) in plans.iter().zip(&mut a.fits) {
            fit.numbers
                .retain(|(r, ..)| numbers.contains_key(&event_of(plan, *r)));
            fit.inline
                .retain(|(r, ..)| numbers.contains_key(&event_of(plan, *r)));
        }
        Fitted {
            fits: a.fits,
            numbers,
            legend_texts,
            left_out: a.left_out,
            axis_y: a.axis_y,
        }
    };

    // The lanes and the key weighed together: the key as tall as its
    // numbers are estimated to need. Kept when the key holds them all and
    // the lanes fit over it.
    let mut joint = attempt(0.0, &estimate);
    // A trial wants every event labelled: one that numbers or leaves out
    // any has failed, whatever the key.
    if g.trial && !(joint.wanted.is_empty() && joint.left_out.is_empty()) {
        return settle(joint, 0, 0.0, 0.0);
    }
    let (shown, needed) = key_for(&joint, max_key);
    let lanes: f32 = plans
        .iter()
        .zip(&joint.fits)
        .map(|(p, f)| g.lane_height(p, f))
        .sum();
    if shown == joint.wanted.len() && lanes <= axis_for(needed) - plot_top + 0.5 {
        joint.axis_y = axis_for(needed);
        return settle(joint, shown, needed, needed);
    }
    // Else rounds: the key as tall as the numbers of the last round need,
    // until it holds them all (or the last round keeps what it can).
    let mut key_height: f32 = 0.0;
    let mut round = 0;
    loop {
        round += 1;
        let a = attempt(key_height, &|_| 0.0);
        let last_round = round == KEY_ROUNDS;
        let limit = if last_round {
            key_height.min(max_key)
        } else {
            max_key
        };
        let (shown, needed) = key_for(&a, limit);
        if needed <= key_height + 0.5 || last_round {
            return settle(a, shown, key_height, needed);
        }
        key_height = needed;
    }
}

fn event_of(plan: &LanePlan, request: usize) -> usize {
    plan.marks[plan.chosen[request]].event
}

/// The whole label of event `e` as its request sets it on one line.
fn full_label(plans: &[LanePlan], e: usize) -> String {
    plans
        .iter()
        .find_map(|p| {
            (0..p.requests.len())
                .find(|&r| event_of(p, r) == e)
                .map(|r| p.requests[r].forms[0][0].0.clone())
        })
        .unwrap_or_default()
}

/// What the lanes draw.
#[derive(Default)]
struct Drawn {
    bands: Vec<Band>,
    marks: Vec<Mark>,
    lines: Vec<Line>,
    texts: Vec<Text>,
    bins: Vec<Bin>,
}

/// Draws one lane from `top` down, `extra` px taller than it needs;
/// returns its bottom.
fn lane(
    g: &Geometry,
    lane_index: usize,
    (top, extra): (f32, f32),
    plan: &LanePlan,
    fit: &LaneFit,
    numbers: &BTreeMap<usize, usize>,
    out: &mut Drawn,
) -> f32 {
    let s = g.s;
    let (lh, row_pitch, track_pitch) = (g.lh, g.row_pitch, g.track_pitch);
    let bottom = top + g.lane_height(plan, fit) + extra;
    if let Some(packed) = &fit.packed {
        lane_band(g, lane_index, top, bottom, plan, fit, out);
        packed_lane(
            g,
            top + 6.0 * s + extra / 2.0,
            plan,
            (packed, fit),
            numbers,
            out,
        );
        return bottom;
    }
    let (rows_above, _) = fit.rows;
    let tracks_top = top + 6.0 * s + extra / 2.0 + rows_above as f32 * row_pitch;
    let tracks_bottom = tracks_top + plan.tracks as f32 * track_pitch;
    lane_band(g, lane_index, top, bottom, plan, fit, out);
    let density = !plan.bins.is_empty();
    let mut marks = plan.marks.clone();
    for m in &mut marks {
        let track = if density { 0.0 } else { m.y0 };
        let center = tracks_top + (track + 0.5) * track_pitch;
        let half = if m.kind == MarkKind::Diamond {
            9.0 * s
        } else {
            size::BAR * s / 2.0
        };
        (m.y0, m.y1) = if density {
            (tracks_top + 3.0 * s, tracks_bottom - 3.0 * s)
        } else {
            (center - half, center + half)
        };
    }
    if density {
        let most = plan.bins.iter().map(|b| b.2).max().unwrap_or(1).max(1);
        let (base, full) = (
            tracks_bottom - 3.0 * s,
            tracks_bottom - tracks_top - 6.0 * s,
        );
        out.bins
            .extend(plan.bins.iter().map(|&(x0, x1, count)| Bin {
                x0,
                x1,
                top: base - full * (count as f32 / most as f32).max(0.08),
                bottom: base,
                count,
                color: plan.color,
            }));
    }
    // Row k's top: counted up from the marks, or down from them.
    let row_top = |below: bool, row: usize| {
        if below {
            tracks_bottom + 4.0 * s + row as f32 * row_pitch
        } else {
            tracks_top - 4.0 * s - (row + 1) as f32 * row_pitch
        }
    };
    let sides = &fit.sides;
    for (below, placement) in [(false, &sides.above), (true, &sides.below)] {
        for p in &placement.placed {
            let event = event_of(plan, p.index);
            let m = &marks[plan.chosen[p.index]];
            let n = p.lines.len();
            for (k, (line, _)) in p.lines.iter().enumerate() {
                // Lines read top-down: above the marks the first line is
                // in the highest row; below them, in the nearest.
                let row = if below { p.row + k } else { p.row + n - 1 - k };
                let note = plan.notes[p.index].as_ref().filter(|_| k == n - 1);
                push_label(g, line, (p.left, row_top(below, row)), event, note, out);
            }
            leader(g, p, m, below, &row_top, event, &mut out.lines);
        }
    }
    for (r, p, below) in &fit.numbers {
        let event = event_of(plan, *r);
        let Some(number) = numbers.get(&event) else {
            continue;
        };
        let m = &marks[plan.chosen[*r]];
        let text = number.to_string();
        let size = size::NOTE * s;
        let width = font::text_width(&text, size, true);
        // Centred in the box reserved for the widest number, on the row.
        let mut t = Text::new(
            text,
            p.left + (p.width() - width) / 2.0,
            row_top(*below, p.row) + (lh - font::line_height(size)) / 2.0,
            size,
            TextRole::Callout,
        );
        t.bold = true;
        t.width = width;
        t.event = Some(event);
        out.texts.push(t);
        leader(g, p, m, *below, &row_top, event, &mut out.lines);
    }
    for l in &fit.inline_labels {
        let r = &l.index;
        let event = event_of(plan, *r);
        let centre = tracks_top + (l.track as f32 + 0.5) * track_pitch;
        let top = centre - lh / 2.0;
        if let Some(x) = l.elbow {
            let m = &marks[plan.chosen[*r]];
            elbow(g, m, x, (l.left, l.left + l.line.1), centre, event, out);
        }
        push_label(
            g,
            &l.line.0,
            (l.left, top),
            event,
            plan.notes[*r].as_ref(),
            out,
        );
    }
    for &(r, left, track, join) in &fit.inline {
        let event = event_of(plan, r);
        let Some(number) = numbers.get(&event) else {
            continue;
        };
        let centre = tracks_top + (track as f32 + 0.5) * track_pitch;
        let t = number_text(g, *number, left, centre, event);
        let m = &marks[plan.chosen[r]];
        match join {
            Join::Beside => {}
            // A short line along the sub-row joins the number to its mark.
            Join::Along => {
                let (from, to) = if t.right() <= m.x0 {
                    (t.right() + 2.0 * s, m.x0)
                } else {
                    (m.x1, t.left - 2.0 * s)
                };
                out.lines.push(Line {
                    from: (from, centre),
                    to: (to, centre),
                    role: LineRole::Leader,
                    event: Some(event),
                });
            }
            Join::Elbow(x) => elbow(g, m, x, (t.left, t.right()), centre, event, out),
        }
        out.texts.push(t);
    }
    if !density {
        out.marks.extend(marks);
    }
    bottom
}

/// An elbow leader from mark `m` at `x`, straight to the sub-row centred
/// on `centre`, then along it to the near end of the text spanning
/// `(left, right)`.
fn elbow(
    g: &Geometry,
    m: &Mark,
    x: f32,
    (left, right): (f32, f32),
    centre: f32,
    event: usize,
    out: &mut Drawn,
) {
    let edge = if centre > m.y1 { m.y1 } else { m.y0 };
    let end = if left > x {
        left - 2.0 * g.s
    } else {
        right + 2.0 * g.s
    };
    for (from, to) in [((x, edge), (x, centre)), ((x, centre), (end, centre))] {
        out.lines.push(Line {
            from,
            to,
            role: LineRole::Leader,
            event: Some(event),
        });
    }
}

/// A line of an event's label at `(left, top)`, and after it the note
/// numbers as a superscript when given: the note follows its line, so that
/// a label's lines stay together in the document.
fn push_label(
    g: &Geometry,
    line: &str,
    (left, top): (f32, f32),
    event: usize,
    note: Option<&String>,
    out: &mut Drawn,
) {
    let s = g.s;
    let mut t = Text::new(line, left, top, g.label_size, TextRole::Label);
    t.event = Some(event);
    let note = note.map(|note| {
        let mut note = Text::new(
            note.clone(),
            t.right() + 2.0 * s,
            t.top - 2.0 * s,
            size::NOTE * s,
            TextRole::Note,
        );
        note.event = Some(event);
        note
    });
    out.texts.push(t);
    out.texts.extend(note);
}

/// A lane's band, swatch, name and "+N more".
fn lane_band(
    g: &Geometry,
    lane_index: usize,
    top: f32,
    bottom: f32,
    plan: &LanePlan,
    fit: &LaneFit,
    out: &mut Drawn,
) {
    let s = g.s;
    let swatch = 14.0 * s;
    out.bands.push(Band {
        top,
        bottom,
        shaded: lane_index % 2 == 1,
        swatch: (g.margin, top + 8.0 * s + (g.lh - swatch) / 2.0, swatch),
        color: plan.color,
    });
    let mut name_y = top + 8.0 * s;
    for line in &plan.name_lines {
        let t = Text::new(
            line,
            g.margin + swatch + 8.0 * s,
            name_y,
            g.label_size,
            TextRole::Lane,
        );
        name_y = t.bottom() + 2.0 * s;
        out.texts.push(t);
    }
    let left_out = fit.left_out.len() + plan.skipped.len();
    if left_out > 0 {
        out.texts.push(Text::new(
            format!("+{left_out} more"),
            g.margin + swatch + 8.0 * s,
            name_y,
            g.label_size,
            TextRole::More,
        ));
    }
}

/// A packed lane: each mark in its sub-row with its label beside it.
fn packed_lane(
    g: &Geometry,
    tracks_top: f32,
    plan: &LanePlan,
    (packed, fit): (&budget::Packed, &LaneFit),
    numbers: &BTreeMap<usize, usize>,
    out: &mut Drawn,
) {
    let s = g.s;
    let pitch = g.packed_pitch();
    let centre = |track: usize| tracks_top + (track as f32 + 0.5) * pitch;
    let mut marks = plan.marks.clone();
    for (k, m) in marks.iter_mut().enumerate() {
        let c = centre(packed.track_of[k]);
        let half = if m.kind == MarkKind::Diamond {
            9.0 * s
        } else {
            size::BAR * s / 2.0
        };
        (m.y0, m.y1) = (c - half, c + half);
    }
    for (r, left, (line, _), _) in &packed.labels {
        let k = plan.chosen[*r];
        let event = marks[k].event;
        let top = centre(packed.track_of[k]) - g.lh / 2.0;
        push_label(g, line, (*left, top), event, plan.notes[*r].as_ref(), out);
    }
    // Marks whose label found no sub-row: their number beside them.
    for &(r, left, track, _) in &fit.inline {
        let event = event_of(plan, r);
        if let Some(number) = numbers.get(&event) {
            out.texts
                .push(number_text(g, *number, left, centre(track), event));
        }
    }
    out.marks.extend(marks);
}

/// A callout number, its box's left edge at `left`, centred on `centre`.
fn number_text(g: &Geometry, number: usize, left: f32, centre: f32, event: usize) -> Text {
    let size = size::NOTE * g.s;
    let mut t = Text::new(
        number.to_string(),
        left,
        centre - font::line_height(size) / 2.0,
        size,
        TextRole::Callout,
    );
    t.bold = true;
    t.width = font::text_width(&t.text, size, true);
    t.event = Some(event);
    t
}

/// The leader from mark `m` to the label (or number) `p`: straight up (or
/// down) when the label stands beside or over its anchor; bent, slanting
/// through the row under the label, when it stands aside.
fn leader(
    g: &Geometry,
    p: &labels::Placed,
    m: &Mark,
    below: bool,
    row_top: &dyn Fn(bool, usize) -> f32,
    event: usize,
    lines: &mut Vec<Line>,
) {
    let (s, lh) = (g.s, g.lh);
    let x = p.anchor;
    // A diamond's edge slopes: meet it there, not at its bounding box.
    let inset = if m.kind == MarkKind::Diamond {
        (x - f32::midpoint(m.x0, m.x1))
            .abs()
            .min((m.y1 - m.y0) / 2.0)
    } else {
        0.0
    };
    let mut from = if below { m.y1 - inset } else { m.y0 + inset };
    let over = p.left <= x && x <= p.left + p.width();
    let line = |from: (f32, f32), to: (f32, f32)| Line {
        from,
        to,
        role: LineRole::Leader,
        event: Some(event),
    };
    // Hemmed in by other marks, the leader leaves from the mark's end,
    // along its sub-row to a clear column, and turns there.
    if x < m.x0 || x > m.x1 {
        let centre = f32::midpoint(m.y0, m.y1);
        let end = if x < m.x0 { m.x0 } else { m.x1 };
        lines.push(line((end, centre), (x, centre)));
        from = centre;
    }
    if p.bent() {
        // Up (down) to the row under the label, then across to it.
        let (elbow, end) = if below {
            (row_top(true, p.row - 1), row_top(true, p.row) - 1.0 * s)
        } else {
            (
                row_top(false, p.row - 1) + lh,
                row_top(false, p.row) + lh + 1.0 * s,
            )
        };
        lines.push(line((x, from), (x, elbow)));
        lines.push(line((x, elbow), (p.attach, end)));
        return;
    }
    let to = match (below, over) {
        (true, true) => row_top(true, p.row) - 1.0 * s,
        (true, false) => row_top(true, p.row) + 4.0 * s,
        (false, true) => row_top(false, p.row) + lh + 1.0 * s,
        (false, false) => row_top(false, p.row) + lh - 4.0 * s,
    };
    lines.push(line((x, from), (x, to)));
}

/// The text alternative: span, count, then every event with its date as
/// written.
fn describe(
    title: &str,
    events: &[&Event],
    window: (NaiveDate, NaiveDate),
    scale: &Scale,
    numbered: usize,
) -> String {
    const LISTED: usize = 500;
    use crate::model::date::year_text;
    let mut text = format!(
        "{title}. A timeline from {} to {}",
        year_text(window.0.year()),
        year_text(window.1.year()),
    );
    let broken = scale.broken();
    if !broken.is_empty() {
        let gaps: Vec<String> = broken
            .iter()
            .map(|(a, b)| format!("{} and {}", year_text(a.year()), year_text(b.year())))
            .collect();
        let _ = write!(
            text,
            ", its time axis broken between {} (no events there)",
            gaps.join(", between ")
        );
    }
    let _ = write!(
        text,
        ", with {}",
        crate::model::counted(events.len(), "event", "events")
    );
    if numbered > 0 {
        let _ = write!(
            text,
            " ({numbered} of them numbered at their marks, with their labels in the key below)"
        );
    }
    text.push_str(": ");
    // A text alternative that lists a million events helps nobody.
    let items: Vec<String> = events
        .iter()
        .take(LISTED)
        .map(|e| format!("{}: {}", e.date.display(), e.label))
        .collect();
    text.push_str(&items.join("; "));
    if events.len() > LISTED {
        let _ = write!(text, "; and {} more", events.len() - LISTED);
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests;
