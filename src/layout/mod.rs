//! Events and a canvas -> geometry. A pure function: no drawing library,
//! no I/O; every coordinate a renderer needs is decided here, so that the
//! SVG, PNG and PDF agree and tests can assert positions.

mod frame;
mod key;
mod labels;
mod lanes;
mod scene;
mod ticks;

pub(crate) use frame::Frame;
use lanes::{LanePlan, candidates, label_request, lane_marks};
pub use scene::{Band, LayoutError, Line, LineRole, Mark, MarkKind, Scene, Text, TextRole};

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};

use crate::figure::{Axis, TimelineOptions};
use crate::font;
use crate::model::{Event, Rgb, Timeline};

/// Sizes in px at scale 1 (a 1920x1080 slide).
mod size {
    pub(super) const MARGIN: f32 = 28.0;
    pub(super) const TITLE: f32 = 40.0;
    pub(super) const SUBTITLE: f32 = 26.0;
    pub(super) const LABEL: f32 = 21.0;
    pub(super) const NOTE: f32 = 18.0;
    pub(super) const SMALL: f32 = 18.0;
    pub(super) const BAR: f32 = 14.0;
    pub(super) const LANE_NAME_MAX: f32 = 230.0;
    pub(super) const MAX_ROWS: usize = 40;
    /// Mark tracks per lane before marks share a track.
    pub(super) const MAX_TRACKS: usize = 6;
    /// Labels a lane tries to place; far more than a canvas holds. Past
    /// this the most important are tried, spread evenly over time.
    pub(super) const MAX_CANDIDATES: usize = 300;
}

/// The events of `timeline` that `options` selects and the window shows.
fn selected<'t>(
    timeline: &'t Timeline,
    options: &TimelineOptions,
    window: (NaiveDate, NaiveDate),
) -> Vec<&'t Event> {
    timeline
        .events
        .iter()
        .filter(|e| e.importance >= options.min_importance)
        .filter(|e| {
            options.categories.is_empty()
                || e.category
                    .as_ref()
                    .is_some_and(|c| options.categories.contains(c))
        })
        .filter(|e| options.tags.is_empty() || e.tags.iter().any(|t| options.tags.contains(t)))
        .filter(|e| {
            let start = e.date.start().unwrap_or(NaiveDate::MIN);
            let end = e.date.end().unwrap_or(NaiveDate::MAX);
            start <= window.1 && end >= window.0
        })
        .collect()
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

/// Lays out a timeline figure.
pub fn timeline(timeline: &Timeline, options: &TimelineOptions) -> Result<Scene, LayoutError> {
    let window = window(timeline, options).ok_or(LayoutError::NothingToShow)?;
    let events = selected(timeline, options, window);
    if events.is_empty() {
        return Err(LayoutError::NothingToShow);
    }
    let (w, h) = (options.size.width as f32, options.size.height as f32);

    // Header and footer.
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| timeline.title.clone());
    let subtitle = options
        .subtitle
        .clone()
        .or_else(|| timeline.subtitle.clone());
    let source = timeline.source_line.clone().or_else(|| {
        timeline
            .work
            .as_ref()
            .map(|w| format!("Source: {}, {}", w.author, w.title))
    });
    let frame = Frame::new(w, h, &title, subtitle.as_deref(), source.as_deref());
    let (s, margin, mut texts) = (frame.s, frame.margin, frame.texts);
    let plot_top = frame.top + 14.0 * s;
    let mut bottom = frame.bottom;
    let lane_colors: Vec<Rgb> = lanes::lanes(timeline, &events)
        .iter()
        .map(|l| l.1)
        .collect();
    let (key_marks, key_texts, key_top) =
        key::key(&events, s, margin, w, bottom, lane_colors.first().copied());
    bottom = key_top - 14.0 * s;
    let axis_label = size::LABEL * s;
    let axis_y = bottom - font::line_height(axis_label) - 12.0 * s;

    // Lanes and the time scale.
    let lanes = lanes::lanes(timeline, &events);
    let name_width = lanes
        .iter()
        .flat_map(|(name, ..)| font::wrap(name, size::LABEL * s, true, size::LANE_NAME_MAX * s))
        .map(|l| font::text_width(&l, size::LABEL * s, true))
        .fold(0.0, f32::max);
    let swatch = 14.0 * s;
    let plot_left = margin + swatch + 8.0 * s + name_width + 16.0 * s;
    let plot_right = w - margin;
    let inset = 12.0 * s;
    let span_days = ((window.1 - window.0).num_days() + 1) as f32;
    let (x0, x1) = (plot_left + inset, plot_right - inset);
    let x_of = move |d: NaiveDate| x0 + (d - window.0).num_days() as f32 / span_days * (x1 - x0);
    let x_after = move |d: NaiveDate| x_of(d.checked_add_days(Days::new(1)).unwrap_or(d));

    // Axis.
    let mut lines = Vec::new();
    let ticks = match options.axis {
        Axis::Calendar => ticks::calendar(window.0, window.1, axis_label, &x_of),
        Axis::Economic => ticks::economic(
            window.0,
            window.1,
            timeline.dates.economic_year_start,
            axis_label,
            &x_of,
        ),
    };
    lines.push(Line {
        from: (plot_left, axis_y),
        to: (plot_right, axis_y),
        role: LineRole::Axis,
        event: None,
    });
    for t in &ticks {
        lines.push(Line {
            from: (t.x, plot_top),
            to: (t.x, axis_y),
            role: LineRole::Grid,
            event: None,
        });
        lines.push(Line {
            from: (t.x, axis_y),
            to: (t.x, axis_y + 8.0 * s),
            role: LineRole::Axis,
            event: None,
        });
        let mut label = Text::new(&t.label, 0.0, axis_y + 10.0 * s, axis_label, TextRole::Axis);
        label.left = t.label_x - label.width / 2.0;
        if label.left >= margin / 2.0 && label.right() <= w - margin / 2.0 {
            texts.push(label);
        }
    }

    // Marks, lane by lane, then labels in the room left.
    let label_size = size::LABEL * s;
    let row_pitch = font::line_height(label_size) + 4.0 * s;
    let track_pitch = size::BAR * s + 6.0 * s;
    let spacing = labels::Spacing {
        pad: 5.0 * s,
        gap: 10.0 * s,
        left: plot_left,
        right: w - margin,
    };
    let mut prepared: Vec<LanePlan> = lanes
        .iter()
        .map(|(name, color, members)| {
            let name_lines = font::wrap(name, label_size, true, size::LANE_NAME_MAX * s);
            let (marks, tracks) = lane_marks(
                members,
                &events,
                *color,
                s,
                (plot_left, plot_right),
                window,
                &x_of,
                &x_after,
            );
            let (chosen, skipped) = candidates(members, &events, &marks);
            let (requests, notes) = chosen
                .iter()
                .map(|&k| label_request(timeline, events[members[k]], &marks[k], options.notes, s))
                .unzip();
            LanePlan {
                name_lines,
                color: *color,
                marks,
                tracks,
                requests,
                notes,
                chosen,
                skipped,
                placement: labels::Sides::default(),
            }
        })
        .collect();
    let available = axis_y - plot_top;
    let lh = font::line_height(label_size);
    let height_of = |plan: &LanePlan, sides: &labels::Sides| -> f32 {
        let (a, b) = (sides.above.rows, sides.below.rows);
        let below_gap = if b > 0 { 4.0 * s } else { 0.0 };
        let content =
            18.0 * s + (a + b) as f32 * row_pitch + plan.tracks as f32 * track_pitch + below_gap;
        let more = usize::from(!sides.dropped.is_empty() || !plan.skipped.is_empty());
        let names = (plan.name_lines.len() + more) as f32 * (lh + 2.0 * s) + 14.0 * s;
        content.max(names)
    };
    // Rows go, a few at a time, above or below the marks of the lane where
    // they place the most labels (weighted by importance) for the height
    // they cost, while the lanes fit: a crowded lane gets more rows.
    let score = |sides: &labels::Sides, requests: &[labels::Request]| -> usize {
        sides
            .above
            .placed
            .iter()
            .chain(&sides.below.placed)
            // A shortened label is worth a quarter of a whole one: rows
            // that give labels their full text come first.
            .map(|l| {
                (1 + 4 * usize::from(requests[l.index].priority)) * if l.short { 1 } else { 4 }
            })
            .sum()
    };
    let mut caps = vec![(0usize, 0usize); prepared.len()];
    for plan in &mut prepared {
        plan.placement = labels::place_both(&plan.requests, 0, 0, spacing);
    }
    let mut used: f32 = prepared.iter().map(|p| height_of(p, &p.placement)).sum();
    loop {
        // (value, lane, caps, placement, cost) of the best step so far.
        type Step = (f32, usize, (usize, usize), labels::Sides, f32);
        let mut best: Option<Step> = None;
        for (i, plan) in prepared.iter().enumerate() {
            if plan.placement.dropped.is_empty() {
                continue;
            }
            let now = height_of(plan, &plan.placement);
            let base = score(&plan.placement, &plan.requests);
            let (above, below) = caps[i];
            for side in 0..2 {
                for step in 1..=4 {
                    let cap = if side == 0 {
                        (above + step, below)
                    } else {
                        (above, below + step)
                    };
                    if cap.0 + cap.1 > size::MAX_ROWS {
                        break;
                    }
                    let trial = labels::place_both(&plan.requests, cap.0, cap.1, spacing);
                    let gain = score(&trial, &plan.requests).saturating_sub(base);
                    let cost = height_of(plan, &trial) - now;
                    if gain == 0 || used + cost > available {
                        continue;
                    }
                    let value = gain as f32 / cost.max(1.0);
                    if best.as_ref().is_none_or(|b| value > b.0) {
                        best = Some((value, i, cap, trial, cost));
                    }
                    break;
                }
            }
        }
        let Some((_, i, cap, placement, cost)) = best else {
            break;
        };
        caps[i] = cap;
        prepared[i].placement = placement;
        used += cost;
    }
    let extra = ((available - used) / prepared.len() as f32).clamp(0.0, 2.0 * row_pitch);

    let mut bands = Vec::new();
    let mut marks = Vec::new();
    let mut dropped = Vec::new();
    let mut top = plot_top;
    for (lane_index, plan) in prepared.into_iter().enumerate() {
        let sides = &plan.placement;
        let height = height_of(&plan, sides) + extra;
        let bottom = top + height;
        let tracks_top = top + 10.0 * s + sides.above.rows as f32 * row_pitch;
        let tracks_bottom = tracks_top + plan.tracks as f32 * track_pitch;
        bands.push(Band {
            top,
            bottom,
            shaded: lane_index % 2 == 1,
            swatch: (margin, top + 8.0 * s + (lh - swatch) / 2.0, swatch),
            color: plan.color,
        });
        let mut name_y = top + 8.0 * s;
        for line in &plan.name_lines {
            let t = Text::new(
                line,
                margin + swatch + 8.0 * s,
                name_y,
                label_size,
                TextRole::Lane,
            );
            name_y = t.bottom() + 2.0 * s;
            texts.push(t);
        }
        let left_out = sides.dropped.len() + plan.skipped.len();
        if left_out > 0 {
            let more = format!("+{left_out} more");
            texts.push(Text::new(
                more,
                margin + swatch + 8.0 * s,
                name_y,
                label_size,
                TextRole::More,
            ));
        }
        let mut lane_marks = plan.marks;
        for m in &mut lane_marks {
            let track = m.y0;
            let center = tracks_top + (track + 0.5) * track_pitch;
            let half = if m.kind == MarkKind::Diamond {
                9.0 * s
            } else {
                size::BAR * s / 2.0
            };
            m.y0 = center - half;
            m.y1 = center + half;
        }
        for (below, placement) in [(false, &sides.above), (true, &sides.below)] {
            for p in &placement.placed {
                let m = &lane_marks[plan.chosen[p.index]];
                // Row k's top: counted up from the marks, or down from them.
                let row_top = |row: usize| {
                    if below {
                        tracks_bottom + 4.0 * s + row as f32 * row_pitch
                    } else {
                        tracks_top - 4.0 * s - (row + 1) as f32 * row_pitch
                    }
                };
                let n = p.lines.len();
                for (k, (line, _)) in p.lines.iter().enumerate() {
                    // Lines read top-down: above the marks the first line is
                    // in the highest row; below them, in the nearest.
                    let row = if below { p.row + k } else { p.row + n - 1 - k };
                    let mut t = Text::new(
                        line.clone(),
                        p.left,
                        row_top(row),
                        label_size,
                        TextRole::Label,
                    );
                    t.event = Some(m.event);
                    if k == n - 1
                        && let Some(note) = &plan.notes[p.index]
                    {
                        let mut note = Text::new(
                            note.clone(),
                            t.right() + 2.0 * s,
                            t.top - 3.0 * s,
                            size::NOTE * s,
                            TextRole::Note,
                        );
                        note.event = Some(m.event);
                        texts.push(note);
                    }
                    texts.push(t);
                }
                let (from, to) = if below {
                    (m.y1, row_top(p.row) + 4.0 * s)
                } else {
                    (row_top(p.row) + lh - 4.0 * s, m.y0)
                };
                lines.push(Line {
                    from: (p.anchor, from),
                    to: (p.anchor, to),
                    role: LineRole::Leader,
                    event: Some(m.event),
                });
            }
        }
        for &i in sides
            .dropped
            .iter()
            .map(|&r| &plan.chosen[r])
            .chain(&plan.skipped)
        {
            dropped.push(events[lane_marks[i].event].id.clone());
        }
        marks.extend(lane_marks);
        top = bottom;
    }
    marks.extend(key_marks);
    texts.extend(key_texts);

    let description = describe(&title, &events, window);
    Ok(Scene {
        width: w,
        height: h,
        theme: options.theme,
        title,
        description,
        bands,
        lines,
        marks,
        texts,
        events: events.iter().map(|e| e.id.clone()).collect(),
        dropped,
        plot: (plot_left, plot_top, plot_right, axis_y),
        window,
    })
}

/// The text alternative: span, count, then every event with its date as
/// written.
fn describe(title: &str, events: &[&Event], window: (NaiveDate, NaiveDate)) -> String {
    const LISTED: usize = 500;
    use crate::model::date::year_text;
    let mut text = format!(
        "{title}. A timeline from {} to {} with {} events: ",
        year_text(window.0.year()),
        year_text(window.1.year()),
        events.len()
    );
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
