//! Across: the frame, the key of marks, the time scale, and each lane's
//! plan (its marks in sub-rows and the labels it asks for), before any
//! height is given out.

use chrono::{Datelike, NaiveDate};

use super::frame::Frame;
use super::geometry::{Geometry, number_width};
use super::labels::Placements;
use super::lanes::{self, LanePlan, candidates, label_request, lane_marks};
use super::scale::Scale;
use super::scene::{LayoutError, Mark, Text};
use super::{axis, lane_fit, legend, packed, size};
use crate::figure::TimelineOptions;
use crate::model::{Event, Rgb, Timeline};

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

/// The stages before the vertical budget: what goes across, the lanes'
/// plans, and whether the lanes fit at all.
pub(super) struct Prepared<'t> {
    pub(super) window: (NaiveDate, NaiveDate),
    pub(super) events: Vec<&'t Event>,
    pub(super) frame: Frame,
    pub(super) title: String,
    pub(super) legend_marks: Vec<Mark>,
    pub(super) legend_texts: Vec<Text>,
    pub(super) legend_top: f32,
    pub(super) scale: Scale,
    pub(super) geometry: Geometry,
    pub(super) plot_top: f32,
    pub(super) plans: Vec<LanePlan>,
    pub(super) w: f32,
    pub(super) h: f32,
}

/// `label` is the event labels' size at scale 1.
pub(super) fn prepare<'t>(
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
    let x_of = |d: NaiveDate| scale.x(d);
    let x_after = |d: NaiveDate| scale.x_after(d);
    let packed: Vec<(Vec<Mark>, usize)> = lanes
        .iter()
        .map(|(_, color, members)| {
            lane_marks(
                members,
                events,
                *color,
                s,
                (g.plot_left, g.plot_right),
                window,
                &x_of,
                &x_after,
            )
        })
        .collect();
    // Sub-rows a lane may stack before its marks become a density strip:
    // up to half the plot's height between the lanes, what a lane does not
    // need of it left to the lanes that need more.
    let plot_height = legend_top - plot_top;
    let needs: Vec<usize> = packed.iter().map(|p| p.1).collect();
    let shares = track_shares(&needs, plot_height * 0.5 / g.track_pitch);
    lanes
        .iter()
        .zip(packed)
        .zip(shares)
        .enumerate()
        .map(
            |(lane_index, (((name, color, members), (marks, tracks)), max_tracks))| {
                let name_lines = axis::name_lines(name, g.label_size, s);
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
                    placements: Placements::default(),
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
                    let legible = packed::fit_packed(&plan, g.spacing, tall, number)
                        .is_some_and(|f| f.inline.len() <= lane_fit::MAX_NUMBERS);
                    if !legible {
                        plan.tracks = size::DENSITY_TRACKS;
                        plan.bins =
                            lanes::density(&plan.marks, g.plot_left, g.plot_right, size::BIN * s);
                    }
                }
                plan.stack(g.spacing.gap / 2.0);
                plan
            },
        )
        .collect()
}

/// The sub-rows each lane may stack, of `total` between them: a lane that
/// needs no more than an even share of what is left gets what it needs,
/// the others share the rest evenly; each at least `size::MIN_TRACKS` and
/// at most `size::MAX_TRACKS`.
fn track_shares(needs: &[usize], total: f32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..needs.len()).collect();
    order.sort_by_key(|&i| needs[i]);
    let mut shares = vec![0; needs.len()];
    let mut left = total.max(0.0);
    for (k, &i) in order.iter().enumerate() {
        let even = left / (needs.len() - k) as f32;
        let share = if (needs[i] as f32) <= even {
            needs[i]
        } else {
            even as usize
        };
        left -= share as f32;
        shares[i] = share.clamp(size::MIN_TRACKS, size::MAX_TRACKS);
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::{size, track_shares};

    #[test]
    fn lanes_that_need_few_sub_rows_leave_the_rest_to_the_busy_one() {
        // 40 sub-rows between five lanes: four need 1-2, the fifth 30.
        let shares = track_shares(&[1, 2, 30, 1, 1], 40.0);
        assert_eq!(shares[2], 35.min(size::MAX_TRACKS));
        // Each may stack at least the least any lane may.
        assert!(shares.iter().all(|&s| s >= size::MIN_TRACKS));
        // Two busy lanes share what the quiet ones leave evenly.
        assert_eq!(track_shares(&[1, 30, 30], 41.0), vec![8, 20, 20]);
        assert_eq!(track_shares(&[1, 30, 30], 25.0)[1..], [12, 12]);
    }
}
