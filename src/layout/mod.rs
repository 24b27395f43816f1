//! Events and a canvas -> geometry. A pure function: no drawing library,
//! no I/O; every coordinate a renderer needs is decided here, so that the
//! SVG, PNG and PDF agree and tests can assert positions.

mod labels;
mod ticks;

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};

use crate::figure::{Axis, Theme, TimelineOptions};
use crate::font;
use crate::model::{Event, Importance, Precision, Rgb, Shape, Timeline};

/// What a text is, which decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRole {
    /// The figure's title.
    Title,
    /// The line under the title.
    Subtitle,
    /// A lane's name.
    Lane,
    /// An event's label.
    Label,
    /// Note numbers after a label.
    Note,
    /// A tick label of the time axis.
    Axis,
    /// The key to the marks.
    Key,
    /// The source line.
    Source,
    /// "+3 more": labels left out for lack of room.
    More,
}

/// A line of text, positioned by its box: `left`, `top`, `width`, and the
/// font's line height at `size`.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Left edge.
    pub left: f32,
    /// Top of the line box (ascent above the baseline).
    pub top: f32,
    /// Font size in px.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
    /// Measured width.
    pub width: f32,
    /// What it is.
    pub role: TextRole,
    /// The event it labels, as an index into the scene's events.
    pub event: Option<usize>,
}

impl Text {
    /// A text at a position, measured.
    pub fn new(text: impl Into<String>, left: f32, top: f32, size: f32, role: TextRole) -> Text {
        let text = text.into();
        let bold = matches!(role, TextRole::Title | TextRole::Lane);
        Text {
            width: font::text_width(&text, size, bold),
            text,
            left,
            top,
            size,
            bold,
            role,
            event: None,
        }
    }

    /// The bottom of the line box.
    pub fn bottom(&self) -> f32 {
        self.top + font::line_height(self.size)
    }

    /// The right edge.
    pub fn right(&self) -> f32 {
        self.left + self.width
    }

    /// The baseline.
    pub fn baseline(&self) -> f32 {
        self.top + font::metrics().ascent * self.size
    }
}

/// How a mark is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkKind {
    /// A diamond centred between x0 and x1: a day.
    Diamond,
    /// A bar over the days covered: a month, a year, a period.
    Bar,
    /// A bar whose part left of `solid_from` fades out: start unknown.
    FadeLeft {
        /// Where the solid part starts.
        solid_from: f32,
    },
    /// A bar that runs on past x1 with an arrowhead: no end.
    Arrow,
}

/// A mark for one event.
#[derive(Clone, Debug, PartialEq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "four independent facts about a mark"
)]
pub struct Mark {
    /// Index into the scene's events.
    pub event: usize,
    /// Geometry.
    pub kind: MarkKind,
    /// Left, top, right, bottom.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
    /// Fill colour: the category's.
    pub color: Rgb,
    /// Outline only: uncertain, inferred, or from outside the text.
    pub hollow: bool,
    /// Dashed outline: approximate.
    pub dashed: bool,
    /// The event continues before the window.
    pub clipped_left: bool,
    /// The event continues after the window.
    pub clipped_right: bool,
}

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRole {
    /// A light vertical line at a tick.
    Grid,
    /// The time axis and its ticks.
    Axis,
    /// From a label down to its mark.
    Leader,
}

/// A straight line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Start.
    pub from: (f32, f32),
    /// End.
    pub to: (f32, f32),
    /// What it is.
    pub role: LineRole,
    /// The event a leader line belongs to.
    pub event: Option<usize>,
}

/// A lane's background band.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
    /// Every other lane is shaded.
    pub shaded: bool,
    /// A swatch of the lane's colour beside its name: left, top, size.
    pub swatch: (f32, f32, f32),
    /// The lane's colour.
    pub color: Rgb,
}

/// An entry of the key: a sample mark and its meaning.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyEntry {
    /// The sample.
    pub mark: Mark,
}

/// The geometry of a timeline figure.
#[derive(Clone, Debug)]
pub struct Scene {
    /// Canvas width in px.
    pub width: f32,
    /// Canvas height.
    pub height: f32,
    /// Colours.
    pub theme: Theme,
    /// The figure's title, for `<title>`.
    pub title: String,
    /// A text alternative: span, count, and every event with its date.
    pub description: String,
    /// Lane bands, drawn first.
    pub bands: Vec<Band>,
    /// Grid, axis and leader lines.
    pub lines: Vec<Line>,
    /// Event marks, and the samples of the key.
    pub marks: Vec<Mark>,
    /// Every text.
    pub texts: Vec<Text>,
    /// The ids of events in view, in order: what `event` indices refer to.
    pub events: Vec<String>,
    /// Labels of events left out for lack of room, by event id.
    pub dropped: Vec<String>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f32, f32, f32, f32),
    /// The window shown.
    pub window: (NaiveDate, NaiveDate),
}

/// Why there is nothing to lay out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// No event passes the filters and the window.
    NothingToShow,
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::NothingToShow => {
                f.write_str("no event falls in the window and passes the filters")
            }
        }
    }
}

impl std::error::Error for LayoutError {}

/// The frame every figure shares: title and subtitle at the top, the
/// source line at the foot, and the room left between them.
pub(crate) struct Frame {
    /// Text size scale: 1 on a 1920x1080 slide.
    pub(crate) s: f32,
    /// Left and right margin.
    pub(crate) margin: f32,
    /// The title, subtitle and source lines.
    pub(crate) texts: Vec<Text>,
    /// Under the subtitle.
    pub(crate) top: f32,
    /// Over the source line.
    pub(crate) bottom: f32,
}

impl Frame {
    /// Lays out the title, subtitle and source line of a `w` x `h` canvas.
    pub(crate) fn new(
        w: f32,
        h: f32,
        title: &str,
        subtitle: Option<&str>,
        source: Option<&str>,
    ) -> Frame {
        let s = (w / 1920.0).min(h / 1080.0).clamp(0.5, 3.0);
        let margin = size::MARGIN * s;
        let width = w - 2.0 * margin;
        let mut texts = Vec::new();
        // Stacked lines keep 2 px apart, so that no font's boxes touch.
        let mut y = margin;
        for line in font::wrap(title, size::TITLE * s, true, width) {
            let t = Text::new(line, margin, y, size::TITLE * s, TextRole::Title);
            y = t.bottom() + 2.0 * s;
            texts.push(t);
        }
        if let Some(sub) = subtitle {
            y += 4.0 * s;
            for line in font::wrap(sub, size::SUBTITLE * s, false, width) {
                let t = Text::new(line, margin, y, size::SUBTITLE * s, TextRole::Subtitle);
                y = t.bottom() + 2.0 * s;
                texts.push(t);
            }
        }
        let mut bottom = h - margin;
        if let Some(source) = source {
            let small = size::SMALL * s;
            let lines = font::wrap(source, small, false, width);
            let pitch = font::line_height(small) + 2.0 * s;
            bottom -= pitch * lines.len() as f32;
            for (i, line) in lines.into_iter().enumerate() {
                let top = bottom + pitch * i as f32;
                texts.push(Text::new(line, margin, top, small, TextRole::Source));
            }
            bottom -= 8.0 * s;
        }
        Frame {
            s,
            margin,
            texts,
            top: y,
            bottom,
        }
    }
}

/// Words a shortened label does not end on.
const SMALL_WORDS: [&str; 14] = [
    "a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "at", "by", "with", "from",
];

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
    let lane_colors: Vec<Rgb> = lanes(timeline, &events).iter().map(|l| l.1).collect();
    let (key_marks, key_texts, key_top) =
        key(&events, s, margin, w, bottom, lane_colors.first().copied());
    bottom = key_top - 14.0 * s;
    let axis_label = size::LABEL * s;
    let axis_y = bottom - font::line_height(axis_label) - 12.0 * s;

    // Lanes and the time scale.
    let lanes = lanes(timeline, &events);
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

struct LanePlan {
    name_lines: Vec<String>,
    color: Rgb,
    /// Marks with `y0` holding the track number until the lane is placed.
    marks: Vec<Mark>,
    tracks: usize,
    requests: Vec<labels::Request>,
    /// Note numbers drawn after each label.
    notes: Vec<Option<String>>,
    /// The mark of each request.
    chosen: Vec<usize>,
    /// Marks whose labels were not even tried (see `size::MAX_CANDIDATES`).
    skipped: Vec<usize>,
    placement: labels::Sides,
}

/// Lanes in the file's category order; events without a category last.
fn lanes(timeline: &Timeline, events: &[&Event]) -> Vec<(String, Rgb, Vec<usize>)> {
    let mut out: Vec<(String, Rgb, Vec<usize>)> = Vec::new();
    for c in &timeline.categories {
        let members: Vec<usize> = (0..events.len())
            .filter(|&i| events[i].category.as_deref() == Some(&c.id))
            .collect();
        if !members.is_empty() {
            out.push((c.label.clone(), c.color, members));
        }
    }
    let rest: Vec<usize> = (0..events.len())
        .filter(|&i| events[i].category.is_none())
        .collect();
    if !rest.is_empty() {
        let name = if out.is_empty() { "Events" } else { "Other" };
        out.push((name.to_owned(), crate::model::PALETTE[6], rest));
    }
    out
}

/// The marks (by index into the lane) whose labels are tried, and the
/// rest: all of them, or the most important, spread evenly over time.
fn candidates(members: &[usize], events: &[&Event], marks: &[Mark]) -> (Vec<usize>, Vec<usize>) {
    if members.len() <= size::MAX_CANDIDATES {
        return ((0..members.len()).collect(), Vec::new());
    }
    let mut by_importance: Vec<usize> = (0..members.len()).collect();
    by_importance.sort_by(|&a, &b| {
        events[members[b]]
            .importance
            .cmp(&events[members[a]].importance)
            .then(marks[a].x0.total_cmp(&marks[b].x0))
    });
    let mut chosen = Vec::with_capacity(size::MAX_CANDIDATES);
    let mut rest = Vec::new();
    for tier in by_importance
        .chunk_by(|&a, &b| events[members[a]].importance == events[members[b]].importance)
    {
        let room = size::MAX_CANDIDATES - chosen.len();
        if tier.len() <= room {
            chosen.extend_from_slice(tier);
        } else {
            // Every k-th of the tier, in time order, so the chosen spread out.
            let stride = tier.len().div_ceil(room.max(1));
            for (n, &k) in tier.iter().enumerate() {
                if room > 0 && n % stride == 0 && chosen.len() < size::MAX_CANDIDATES {
                    chosen.push(k);
                } else {
                    rest.push(k);
                }
            }
        }
    }
    chosen.sort_unstable();
    rest.sort_unstable();
    (chosen, rest)
}

/// Marks of one lane, with their track (in `y0`) and the number of tracks.
#[allow(clippy::too_many_arguments)]
fn lane_marks(
    members: &[usize],
    events: &[&Event],
    color: Rgb,
    s: f32,
    (left, right): (f32, f32),
    window: (NaiveDate, NaiveDate),
    x_of: &dyn Fn(NaiveDate) -> f32,
    x_after: &dyn Fn(NaiveDate) -> f32,
) -> (Vec<Mark>, usize) {
    let min_width = 6.0 * s;
    let fade = 90.0 * s;
    let mut marks: Vec<Mark> = members
        .iter()
        .map(|&i| {
            let e = events[i];
            let (kind, a, b) = match e.date.shape() {
                Shape::Point(span) if span.precision == Precision::Day => {
                    let c = f32::midpoint(x_of(span.first), x_after(span.first));
                    (MarkKind::Diamond, c - 9.0 * s, c + 9.0 * s)
                }
                Shape::Point(span) => (MarkKind::Bar, x_of(span.first), x_after(span.last)),
                Shape::Period(a, b) => (MarkKind::Bar, x_of(a.first), x_after(b.last)),
                Shape::By(span) | Shape::Until(span) => {
                    let solid = x_of(span.first);
                    (
                        MarkKind::FadeLeft { solid_from: solid },
                        solid - fade,
                        x_after(span.last),
                    )
                }
                Shape::From(span) => (
                    MarkKind::Arrow,
                    x_of(span.first),
                    x_after(window.1).max(x_of(span.first) + fade),
                ),
            };
            let b = b.max(a + min_width);
            let clipped_left = a < left || e.date.start().is_some_and(|d| d < window.0);
            let clipped_right = b > right || e.date.end().is_some_and(|d| d > window.1);
            let kind = match kind {
                MarkKind::FadeLeft { solid_from } => MarkKind::FadeLeft {
                    solid_from: solid_from.clamp(left, right),
                },
                k => k,
            };
            Mark {
                event: i,
                kind,
                x0: a.clamp(left, right - min_width),
                y0: 0.0,
                x1: b.clamp(left + min_width, right),
                y1: 0.0,
                color,
                hollow: e.is_uncertain(),
                dashed: e.is_approximate(),
                clipped_left,
                clipped_right: clipped_right && kind != MarkKind::Arrow,
            }
        })
        .collect();
    // Greedy interval colouring: the first track where the mark fits. Past
    // MAX_TRACKS marks share the track that frees first, so dense data
    // shows as dense bars instead of a lane taller than the canvas.
    let gap = 6.0 * s;
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by(|&a, &b| marks[a].x0.total_cmp(&marks[b].x0));
    let mut ends: Vec<f32> = Vec::new();
    for i in order {
        let m = &mut marks[i];
        let free = ends.iter().position(|&end| end + gap <= m.x0);
        let track = match free {
            Some(t) => t,
            None if ends.len() < size::MAX_TRACKS => {
                ends.push(f32::MIN);
                ends.len() - 1
            }
            None => (0..ends.len())
                .min_by(|&a, &b| ends[a].total_cmp(&ends[b]))
                .unwrap_or(0),
        };
        ends[track] = ends[track].max(m.x1);
        m.y0 = track as f32;
    }
    let tracks = ends.len().max(1);
    (marks, tracks)
}

fn label_request(
    timeline: &Timeline,
    e: &Event,
    m: &Mark,
    notes: bool,
    s: f32,
) -> (labels::Request, Option<String>) {
    let size = size::LABEL * s;
    let mut text = e.label.clone();
    if let Some(os) = e.date.old_style() {
        let (y, mo, d) = os.first;
        text = format!(
            "{text} ({d} {} {y} O.S.)",
            &crate::model::date::MONTHS[mo as usize - 1][..3]
        );
    }
    if e.date.is_uncertain() {
        text.push('?');
    }
    let note = notes
        .then(|| timeline.note_numbers(e))
        .filter(|n| !n.is_empty())
        .map(|n| n.iter().map(u32::to_string).collect::<Vec<_>>().join(","));
    let note_width = note.as_ref().map_or(0.0, |n| {
        2.0 * s + font::text_width(n, size::NOTE * s, false)
    });
    let x = match m.kind {
        MarkKind::Diamond => f32::midpoint(m.x0, m.x1),
        MarkKind::FadeLeft { solid_from } => solid_from.max(m.x0 + 2.0 * s),
        MarkKind::Bar | MarkKind::Arrow if m.clipped_left => m.x0 + 14.0 * s,
        MarkKind::Bar | MarkKind::Arrow => m.x0 + (2.0 * s).min((m.x1 - m.x0) / 2.0),
    };
    // A bar's label may meet it anywhere along its first three quarters.
    let reach = match m.kind {
        MarkKind::Bar | MarkKind::Arrow => ((m.x1 - x) * 0.75).max(0.0),
        _ => 0.0,
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut forms = vec![vec![(
        text.clone(),
        font::text_width(&text, size, false) + note_width,
    )]];
    for lines in 2..=3 {
        if words.len() < lines {
            break;
        }
        let target = (forms[0][0].1 / lines as f32).max(1.0);
        let wrapped = font::wrap(&text, size, false, target * 1.15);
        if wrapped.len() != lines {
            continue;
        }
        let last = wrapped.len() - 1;
        forms.push(
            wrapped
                .into_iter()
                .enumerate()
                .map(|(k, l)| {
                    let w = font::text_width(&l, size, false)
                        + if k == last { note_width } else { 0.0 };
                    (l, w)
                })
                .collect(),
        );
    }
    // When nothing else fits, shortened: the first words and an ellipsis.
    // The full label stays in the figure's description.
    let short = (1..words.len().min(4))
        .rev()
        .filter_map(|n| {
            let mut kept = &words[..n];
            while let [rest @ .., last] = kept
                && SMALL_WORDS.contains(&last.to_lowercase().as_str())
            {
                kept = rest;
            }
            let text = kept.join(" ");
            let text = text.trim_end_matches([':', ',', ';']);
            // A stump of a word or two says nothing: better left out.
            (text.chars().count() >= 10).then(|| {
                let short = format!("{text}…");
                let width = font::text_width(&short, size, false) + note_width;
                (short, width)
            })
        })
        .find(|(_, width)| *width < forms[0][0].1 * 0.6);
    let priority = match e.importance {
        Importance::High => 2,
        Importance::Normal => 1,
        Importance::Low => 0,
    };
    (
        labels::Request {
            x,
            reach,
            forms,
            short,
            priority,
        },
        note,
    )
}

/// A key entry being laid out: kind, hollow, dashed, text, left.
type Entry = (MarkKind, bool, bool, String, f32);

/// The key: a sample of each kind of mark the figure uses.
fn key(
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
            MarkKind::Bar,
            false,
            true,
            "approximate",
        ),
        (
            has(&Event::is_uncertain),
            MarkKind::Bar,
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
                TextRole::Key,
            ));
        }
    }
    (marks, texts, top)
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
