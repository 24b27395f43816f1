//! Sizes in px at scale 1 (a 1920x1080 slide).

pub(super) const MARGIN: f32 = 28.0;
pub(super) const TITLE: f32 = 40.0;
pub(super) const SUBTITLE: f32 = 26.0;
/// Lane names, tick labels, and event labels where there is room.
pub(super) const LABEL: f32 = 21.0;
/// The sizes labels may take, smallest first: a dense figure sets its
/// labels, lane names and ticks smaller (never under the 18 px a slide
/// needs) when that identifies more events by their label; a sparse one
/// sets them larger, up to the subtitle's size, rather than leave the
/// page blank, as long as every label stays whole.
pub(super) const EVENT_LABELS: [f32; 4] = [18.0, LABEL, 24.0, SUBTITLE];
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
