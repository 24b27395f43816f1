//! Distances the passes share, and the heights of a lane's parts.

use super::labels;
use super::lane_fit::LaneFit;
use super::lanes::LanePlan;
use super::scene::LayoutError;
use super::size;
use crate::font;

/// Distances shared by the stages, in px at the figure's scale.
pub(super) struct Geometry {
    pub(super) s: f32,
    pub(super) margin: f32,
    pub(super) plot_left: f32,
    pub(super) plot_right: f32,
    /// Event labels, lane names and tick labels: their size and line
    /// height.
    pub(super) label_size: f32,
    pub(super) lh: f32,
    pub(super) row_pitch: f32,
    pub(super) track_pitch: f32,
    pub(super) spacing: labels::Spacing,
    /// The width of a callout number's box.
    pub(super) number_width: f32,
    /// A trial of a larger size, wanted only if it labels every event
    /// whole: each lane's rows are split once, evenly, and no mark is
    /// given a sub-row of its own. (A layout that labels every event whole
    /// this way is what the full search would find.)
    pub(super) trial: bool,
}

impl Geometry {
    /// `label` is the event labels' size at scale 1.
    pub(super) fn new(
        s: f32,
        margin: f32,
        (plot_left, plot_right): (f32, f32),
        label: f32,
    ) -> Geometry {
        let label_size = label * s;
        Geometry {
            s,
            margin,
            plot_left,
            plot_right,
            label_size,
            lh: font::line_height(label_size),
            row_pitch: font::line_height(label_size) + 3.0 * s,
            // A line of text beside its mark is centred on the sub-row and
            // overhangs it: text larger than the full size sets the
            // sub-rows further apart by its extra height, so that it
            // overhangs as far (past the bars beside it, and the label
            // rows) as at the full size.
            track_pitch: size::BAR * s
                + 6.0 * s
                + (font::line_height(label_size) - font::line_height(size::LABEL * s)).max(0.0),
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
    pub(super) fn lane_height(&self, plan: &LanePlan, fit: &LaneFit) -> f32 {
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
    pub(super) fn axis_room(&self) -> f32 {
        self.lh + 26.0 * self.s
    }

    /// The line under the key saying how many events are left out.
    pub(super) fn more_text(&self, left_out: usize) -> Vec<String> {
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
    pub(super) fn more_height(&self, lines: &[String]) -> f32 {
        if lines.is_empty() {
            return 0.0;
        }
        let lh = font::line_height(size::SMALL * self.s) + 2.0 * self.s;
        lines.len() as f32 * lh + 6.0 * self.s
    }

    /// The least the lanes take, with room under the axis for the line
    /// that counts what is left out.
    pub(super) fn lanes_least(&self, plans: &[LanePlan]) -> f32 {
        let events: usize = plans.iter().map(|p| p.marks.len()).sum();
        let more = self.more_height(&self.more_text(events)) + 18.0 * self.s;
        plans.iter().map(|p| self.least_height(p)).sum::<f32>() + more
    }

    /// Whether the lanes fit between `plot_top` and `legend_top` with no
    /// label rows at all.
    pub(super) fn lanes_room(
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
    pub(super) fn names_height(&self, plan: &LanePlan, more: bool) -> f32 {
        let lines = plan.name_lines.len() + usize::from(more);
        lines as f32 * (self.lh + 2.0 * self.s) + 14.0 * self.s
    }

    /// The least a lane can take: its marks and its name, with a "+N more"
    /// line under it when it has more than one event (which it may need
    /// with no label row; a lone event has its label or number beside it).
    pub(super) fn least_height(&self, plan: &LanePlan) -> f32 {
        self.lane_height(plan, &LaneFit::default())
            .max(self.names_height(plan, plan.marks.len() > 1))
    }

    /// The sub-row pitch of a packed lane: a line of text and a little.
    pub(super) fn packed_pitch(&self) -> f32 {
        (self.lh + 4.0 * self.s).max(self.track_pitch)
    }

    /// The most label rows a lane can have in `available` px.
    pub(super) fn max_rows(&self, plan: &LanePlan, available: f32) -> usize {
        let fixed = 16.0 * self.s + plan.tracks as f32 * self.track_pitch;
        (((available - fixed) / self.row_pitch).floor().max(0.0) as usize).min(size::MAX_ROWS)
    }
}

/// The width of a callout number's box, for numbers up to `events`.
pub(super) fn number_width(s: f32, events: usize) -> f32 {
    let digits = events.to_string().len();
    font::text_width(&"8".repeat(digits), size::NOTE * s, true) + 2.0 * s
}
