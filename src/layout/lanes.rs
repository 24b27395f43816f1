//! Lanes: their events' marks on mark tracks, and the label each asks for.

use chrono::NaiveDate;

use super::scene::{Mark, MarkKind};
use super::{labels, size};
use crate::font;
use crate::model::{Event, Importance, Precision, Rgb, Shape, Timeline};

/// Shorter forms of a label, longest first, tried only when no whole form
/// fits anywhere (the full label stays in the figure's description): first
/// without a trailing parenthesis (an Old Style date, an aside), then its
/// first words and an ellipsis. A cut never ends on a number (it would
/// lose its unit), inside a pair of quotation marks, or on a small word,
/// and never leaves a stump of under [`STUMP`] characters: a reader must
/// still tell the event from its neighbours (else it gets a number and
/// the key gives it whole).
pub(super) fn shortened(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut base = text.trim_end_matches('?').trim_end();
    if base.ends_with(')')
        && let Some(open) = base.rfind(" (")
    {
        base = base[..open].trim_end();
        if base.chars().count() >= 10 {
            out.push(base.to_owned());
        }
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    for n in (1..words.len()).rev() {
        let mut kept = &words[..n];
        while let [rest @ .., last] = kept
            && SMALL_WORDS.contains(&last.to_lowercase().as_str())
        {
            kept = rest;
        }
        let Some(last) = kept.last() else { continue };
        if last.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let joined = kept.join(" ");
        if !quotes_balanced(&joined) {
            continue;
        }
        let joined = joined.trim_end_matches([':', ',', ';']);
        let short = format!("{joined}…");
        if joined.chars().count() >= STUMP && !out.contains(&short) {
            out.push(short);
        }
    }
    out.truncate(4);
    out
}

/// The room kept between marks in a sub-row where that costs at most one
/// sub-row more: enough for a callout number of two digits and its gaps.
const ROOMY: f32 = 44.0;

/// The fewest characters a shortened label keeps: about three words.
const STUMP: usize = 16;

/// Whether every quotation opened in `text` is closed: straight double
/// quotes pair up, curly ones match, and a single quote opens only at the
/// start of a word (so an apostrophe does not count).
fn quotes_balanced(text: &str) -> bool {
    let mut depth_double = 0i32;
    let mut depth_single = 0i32;
    let mut straight_double = 0;
    let mut previous = ' ';
    for c in text.chars() {
        match c {
            '"' => straight_double += 1,
            '\u{201c}' => depth_double += 1,
            '\u{201d}' => depth_double -= 1,
            '\u{2018}' => depth_single += 1,
            '\u{2019}' if !previous.is_alphanumeric() || depth_single > 0 => depth_single -= 1,
            '\'' if previous.is_whitespace() || previous == '(' => depth_single += 1,
            '\'' if depth_single > 0 && !previous.is_whitespace() => depth_single -= 1,
            _ => {}
        }
        previous = c;
    }
    straight_double % 2 == 0 && depth_double <= 0 && depth_single <= 0
}

/// Words a shortened label does not end on.
const SMALL_WORDS: [&str; 14] = [
    "a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "at", "by", "with", "from",
];

#[derive(Clone)]
pub(super) struct LanePlan {
    pub(super) name_lines: Vec<String>,
    pub(super) color: Rgb,
    /// Marks with `y0` holding the track number until the lane is placed.
    pub(super) marks: Vec<Mark>,
    /// Sub-rows of marks (or of the density strip).
    pub(super) tracks: usize,
    /// The density strip that replaces the marks of a crowded lane:
    /// (x0, x1, count) per bin; empty when the marks are drawn.
    pub(super) bins: Vec<(f32, f32, usize)>,
    pub(super) requests: Vec<labels::Request>,
    /// Note numbers drawn after each label.
    pub(super) notes: Vec<Option<String>>,
    /// The mark of each request.
    pub(super) chosen: Vec<usize>,
    /// Marks whose labels were not even tried (see `size::CANDIDATES`).
    pub(super) skipped: Vec<usize>,
    /// Where each request's leader may leave its mark, above and below
    /// (see [`LanePlan::leader_room`]).
    pub(super) room: Vec<labels::LeaderRoom>,
    /// Tells this lane's fits from other lanes' and from its own before
    /// its marks moved: what fits are cached by.
    pub(super) stamp: usize,
    /// Its sides' placements so far (a copy of the plan starts afresh).
    pub(super) placements: labels::Placements,
}

impl LanePlan {
    /// Works out [`LanePlan::room`] again, for the marks' sub-rows as they
    /// now are: `margin` px is kept between a leader and another mark.
    pub(super) fn settle_room(&mut self, margin: f32) {
        self.room = self.leader_room(&self.track_of(), self.tracks, margin);
    }

    /// Each mark's sub-row.
    fn track_of(&self) -> Vec<usize> {
        self.marks.iter().map(|m| m.y0 as usize).collect()
    }

    /// Orders the marks' sub-rows so that the fewest leaders are hemmed
    /// in, then works out [`LanePlan::room`]. Any order of the sub-rows is
    /// a valid stacking, and one with the long bars away from the short
    /// marks lets more labels reach the rows above or below.
    pub(super) fn stack(&mut self, margin: f32) {
        if !self.bins.is_empty() || self.tracks < 2 || self.marks.len() > ORDER_MARKS {
            self.settle_room(margin);
            return;
        }
        let track_of = self.track_of();
        let (_, new) = self.best_order(&track_of, self.tracks, margin);
        for (m, t) in self.marks.iter_mut().zip(track_of) {
            m.y0 = new[t] as f32;
        }
        self.settle_room(margin);
    }

    /// The best order of the sub-rows of a stacking (`track_of`, `tracks`)
    /// and its cost: the new sub-row of each old one.
    fn best_order(&self, track_of: &[usize], tracks: usize, margin: f32) -> (usize, Vec<usize>) {
        let mut cover = vec![0.0f32; tracks];
        for (m, &t) in self.marks.iter().zip(track_of) {
            cover[t] += m.x1 - m.x0;
        }
        let cost = |new: &[usize]| {
            let moved: Vec<usize> = track_of.iter().map(|&t| new[t]).collect();
            self.hemmed(&moved, tracks, margin)
        };
        // From an order (the old sub-rows top to bottom) to the new sub-row
        // of each old one.
        let invert = |order: &[usize]| {
            let mut new = vec![0; order.len()];
            for (k, &old) in order.iter().enumerate() {
                new[old] = k;
            }
            new
        };
        let identity: Vec<usize> = (0..tracks).collect();
        let mut emptiest = identity.clone();
        emptiest.sort_by(|&a, &b| cover[a].total_cmp(&cover[b]));
        let fullest: Vec<usize> = emptiest.iter().rev().copied().collect();
        let mut best = (cost(&identity), identity);
        for order in [emptiest, fullest] {
            let new = invert(&order);
            let c = cost(&new);
            if c < best.0 {
                best = (c, new);
            }
        }
        let (mut least, mut new) = best;
        let mut improved = least > 0;
        while improved {
            improved = false;
            for k in 0..tracks - 1 {
                // Swap what goes to sub-rows k and k + 1.
                let a = new.iter().position(|&t| t == k);
                let b = new.iter().position(|&t| t == k + 1);
                let (Some(a), Some(b)) = (a, b) else { continue };
                new.swap(a, b);
                let trial = cost(&new);
                if trial < least {
                    (least, improved) = (trial, true);
                } else {
                    new.swap(a, b);
                }
            }
        }
        (least, new)
    }

    /// How hemmed in the leaders would be with the marks in sub-rows
    /// `track_of`: for each request, 1 for no way below, 2 for none above
    /// (where labels go first), and more, by importance, for neither.
    fn hemmed(&self, track_of: &[usize], tracks: usize, margin: f32) -> usize {
        self.leader_room(track_of, tracks, margin)
            .iter()
            .zip(&self.requests)
            .map(|(room, r)| match room {
                [Some(_), Some(_)] => 0,
                [None, None] => 4 + 4 * usize::from(r.priority),
                [None, Some(_)] => 2,
                [Some(_), None] => 1,
            })
            .sum()
    }

    /// For each request, where its leader may leave the mark for the
    /// labels above, and for those below, passing the sub-rows between
    /// without running through another mark: the part of its anchor's
    /// reach where a straight leader is clear (the stretch that holds the
    /// preferred anchor, else the longest); else the nearest clear column
    /// beside the mark, up to [`ALONG`] margins away along its own
    /// sub-row, where the leader runs from the mark's end before it turns.
    /// `None` on a side where neither is left.
    fn leader_room(
        &self,
        track_of: &[usize],
        tracks: usize,
        margin: f32,
    ) -> Vec<labels::LeaderRoom> {
        if !self.bins.is_empty() || tracks <= 1 {
            return self
                .requests
                .iter()
                .map(|r| {
                    let way = Some(labels::Way::along(r.x, r.reach));
                    [way.clone(), way]
                })
                .collect();
        }
        // Each sub-row's marks, left to right (they do not overlap).
        let mut rows: Vec<Vec<(f32, f32)>> = vec![Vec::new(); tracks];
        for (m, &t) in self.marks.iter().zip(track_of) {
            rows[t].push(drawn(m, margin));
        }
        for row in &mut rows {
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let clear = |crossed: std::ops::Range<usize>, (lo, hi): (f32, f32)| {
            let mut blocked: Vec<(f32, f32)> = Vec::new();
            for row in &rows[crossed] {
                let first = row.partition_point(|m| m.1 + margin < lo);
                blocked.extend(
                    row[first..]
                        .iter()
                        .take_while(|m| m.0 - margin <= hi)
                        .map(|m| (m.0 - margin, m.1 + margin)),
                );
            }
            free_stretches((lo, hi), &mut blocked)
        };
        self.requests
            .iter()
            .zip(&self.chosen)
            .map(|(r, &k)| {
                let m = &self.marks[k];
                let t = track_of[k];
                // How far the mark's sub-row is free on either side.
                let row = &rows[t];
                let (start, end) = drawn(m, margin);
                let i = row.partition_point(|o| o.0 < start);
                let before = if i > 0 {
                    row[i - 1].1 + margin
                } else {
                    f32::MIN
                };
                let after = row.get(i + 1).map_or(f32::MAX, |o| o.0 - margin);
                let along = ALONG * margin;
                let side = |crossed: std::ops::Range<usize>| {
                    let direct = clear(crossed.clone(), (r.x, r.x + r.reach));
                    let longest = (0..direct.len()).max_by(|&p, &q| {
                        let length = |k: usize| direct[k].1 - direct[k].0;
                        length(p).total_cmp(&length(q))
                    });
                    if let Some(k) = direct.iter().position(|s| s.0 <= r.x).or(longest) {
                        // The others, longest first.
                        let mut also: Vec<(f32, f32)> = (direct.iter().enumerate())
                            .filter(|&(n, _)| n != k)
                            .map(|(_, &(a, b))| (a, b - a))
                            .collect();
                        also.sort_by(|p, q| q.1.total_cmp(&p.1));
                        also.truncate(ALSO);
                        let (a, b) = direct[k];
                        return Some(labels::Way {
                            x: a,
                            reach: b - a,
                            also: also.into(),
                        });
                    }
                    // (Not through a head the mark is drawn with.)
                    let left = (start >= m.x0)
                        .then(|| {
                            clear(
                                crossed.clone(),
                                (before.max(m.x0 - along), m.x0 - 2.0 * margin),
                            )
                        })
                        .and_then(|c| c.last().map(|s| s.1));
                    let right = (end <= m.x1)
                        .then(|| clear(crossed, (m.x1 + 2.0 * margin, after.min(m.x1 + along))))
                        .and_then(|c| c.first().map(|s| s.0));
                    match (left, right) {
                        (Some(l), Some(r)) if m.x0 - l <= r - m.x1 => {
                            Some(labels::Way::along(l, 0.0))
                        }
                        (_, Some(r)) => Some(labels::Way::along(r, 0.0)),
                        (l, None) => l.map(|l| labels::Way::along(l, 0.0)),
                    }
                };
                [side(0..t), side((t + 1).min(tracks)..tracks)]
            })
            .collect()
    }
}

/// How far a mark is drawn across: its arrowhead past its end (as long as
/// the bar is tall, under three margins), and the heads that show it runs
/// on past the window (two). A margin is 5 px at scale 1.
pub(super) fn drawn(m: &Mark, margin: f32) -> (f32, f32) {
    let before = if m.clipped_left { 2.0 * margin } else { 0.0 };
    let after = match m.kind {
        MarkKind::Arrow => 3.0 * margin,
        _ if m.clipped_right => 2.0 * margin,
        _ => 0.0,
    };
    (m.x0 - before, m.x1 + after)
}

/// Clear stretches of a mark, past the first, that a label's search tries.
const ALSO: usize = 4;

/// How far, in margins, a leader may run along its mark's sub-row to a
/// column clear of the other marks.
const ALONG: f32 = 12.0;

/// Lanes of more marks keep their sub-rows in time order: each order the
/// search tries costs a pass over their leaders.
const ORDER_MARKS: usize = 200;

/// The parts of `[lo, hi]` outside every `blocked` interval, left to
/// right.
fn free_stretches((lo, hi): (f32, f32), blocked: &mut [(f32, f32)]) -> Vec<(f32, f32)> {
    let mut stretches = Vec::new();
    if lo > hi {
        return stretches;
    }
    blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut x = lo;
    for &(a, b) in blocked.iter() {
        if a > x {
            stretches.push((x, a.min(hi)));
        }
        x = x.max(b);
        if x > hi {
            break;
        }
    }
    if x <= hi {
        stretches.push((x, hi));
    }
    stretches
}

/// Lanes in the file's category order; events without a category last.
pub(super) fn lanes(timeline: &Timeline, events: &[&Event]) -> Vec<(String, Rgb, Vec<usize>)> {
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
/// rest: all of them, or the `most` most important, spread evenly over
/// time.
pub(super) fn candidates(
    members: &[usize],
    events: &[&Event],
    marks: &[Mark],
    most: usize,
) -> (Vec<usize>, Vec<usize>) {
    if members.len() <= most {
        return ((0..members.len()).collect(), Vec::new());
    }
    let mut by_importance: Vec<usize> = (0..members.len()).collect();
    by_importance.sort_by(|&a, &b| {
        events[members[b]]
            .importance
            .cmp(&events[members[a]].importance)
            .then(marks[a].x0.total_cmp(&marks[b].x0))
    });
    let mut chosen = Vec::with_capacity(most);
    let mut rest = Vec::new();
    for tier in by_importance
        .chunk_by(|&a, &b| events[members[a]].importance == events[members[b]].importance)
    {
        let room = most - chosen.len();
        if tier.len() <= room {
            chosen.extend_from_slice(tier);
        } else {
            // Every k-th of the tier, in time order, so the chosen spread out.
            let stride = tier.len().div_ceil(room.max(1));
            for (n, &k) in tier.iter().enumerate() {
                if room > 0 && n % stride == 0 && chosen.len() < most {
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
pub(super) fn lane_marks(
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
                    solid_from: solid_from.max(left).min(right),
                },
                k => k,
            };
            Mark {
                event: i,
                kind,
                // (max then min: no panic where the plot is narrower than
                // a mark.)
                x0: a.max(left).min(right - min_width),
                y0: 0.0,
                x1: b.min(right).max(left + min_width),
                y1: 0.0,
                color,
                hollow: e.is_uncertain(),
                dashed: e.is_approximate(),
                clipped_left,
                clipped_right: clipped_right && kind != MarkKind::Arrow,
            }
        })
        .collect();
    // Greedy interval colouring: the first track where the mark fits. The
    // caller shows a lane that needs too many tracks as a density strip.
    // Marks are kept room for a callout number apart where that takes at
    // most one track more than packing them tight.
    let pack = |gap: f32| -> (Vec<f32>, usize) {
        let mut order: Vec<usize> = (0..marks.len()).collect();
        order.sort_by(|&a, &b| marks[a].x0.total_cmp(&marks[b].x0));
        let mut ends: Vec<f32> = Vec::new();
        let mut track_of = vec![0.0; marks.len()];
        for i in order {
            // With the heads it is drawn with.
            let (start, end) = drawn(&marks[i], 5.0 * s);
            let track = if let Some(t) = ends.iter().position(|&e| e + gap <= start) {
                t
            } else {
                ends.push(f32::MIN);
                ends.len() - 1
            };
            ends[track] = ends[track].max(end);
            track_of[i] = track as f32;
        }
        (track_of, ends.len())
    };
    let tight = pack(6.0 * s);
    // (Past the most sub-rows a lane shows, it is a density strip anyway.)
    let roomy = (tight.1 < size::MAX_TRACKS)
        .then(|| pack(ROOMY * s))
        .filter(|roomy| roomy.1 <= tight.1 + 1);
    let (track_of, tracks) = roomy.unwrap_or(tight);
    for (m, track) in marks.iter_mut().zip(track_of) {
        m.y0 = track;
    }
    (marks, tracks.max(1))
}

/// A histogram of a lane's marks: how many cover each bin of `width` px
/// between `left` and `right`, as (x0, x1, count) for the bins not empty.
pub(super) fn density(marks: &[Mark], left: f32, right: f32, width: f32) -> Vec<(f32, f32, usize)> {
    let n = (((right - left) / width).ceil() as usize).max(1);
    let mut counts = vec![0usize; n];
    let bin = |x: f32| (((x - left) / width).floor().max(0.0) as usize).min(n - 1);
    for m in marks {
        let (a, b) = if m.kind == MarkKind::Diamond {
            let c = bin(f32::midpoint(m.x0, m.x1));
            (c, c)
        } else {
            (bin(m.x0), bin(m.x1 - 0.01))
        };
        for c in &mut counts[a..=b.max(a)] {
            *c += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| *c > 0)
        .map(|(i, c)| {
            let x0 = left + i as f32 * width;
            (x0, (x0 + width).min(right), c)
        })
        .collect()
}

/// The characters of a label laid out: three lines of the widest canvas.
const MAX_LABEL_CHARS: usize = 600;

pub(super) fn label_request(
    timeline: &Timeline,
    e: &Event,
    m: &Mark,
    notes: bool,
    (s, size): (f32, f32),
) -> (labels::Request, Option<String>) {
    // A label is drawn in at most three lines of the plot: the rest of a
    // very long one is cut before layout, which then costs what a label of
    // that length costs, however long the file's is.
    let mut text = if e.label.chars().count() > MAX_LABEL_CHARS {
        let head: String = e.label.chars().take(MAX_LABEL_CHARS).collect();
        format!("{}…", head.trim_end())
    } else {
        e.label.clone()
    };
    if let Some(os) = e.date.old_style() {
        text = format!("{text} ({})", os.text(e.date.precision(), true));
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
        MarkKind::FadeLeft { solid_from } if m.x1 - solid_from >= 8.0 * s => {
            solid_from.max(m.x0 + 2.0 * s)
        }
        // Too little of it is solid (clipped by the window): along the fade.
        MarkKind::FadeLeft { .. } => m.x0 + (m.x1 - m.x0) * 0.3,
        MarkKind::Bar | MarkKind::Arrow if m.clipped_left => m.x0 + 14.0 * s,
        MarkKind::Bar | MarkKind::Arrow => m.x0 + (2.0 * s).min((m.x1 - m.x0) / 2.0),
    };
    // A bar's label may meet it anywhere along most of its length.
    let reach = match m.kind {
        MarkKind::Diamond => 0.0,
        _ => ((m.x1 - x) * 0.9).max(0.0),
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
    let short = shortened(&text)
        .into_iter()
        .map(|t| {
            let width = font::text_width(&t, size, false) + note_width;
            (t, width)
        })
        .filter(|(_, width)| *width < forms[0][0].1 * 0.8)
        .collect();
    let priority = match e.importance {
        Importance::High => 2,
        Importance::Normal => 1,
        Importance::Low => 0,
    };
    (
        labels::Request {
            x,
            reach,
            also: std::rc::Rc::new([]),
            forms: std::rc::Rc::new(forms),
            short: std::rc::Rc::new(short),
            priority,
            note: note_width,
        },
        note,
    )
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn a_shortened_label_drops_its_parenthesis_first() {
        let forms = shortened("October Revolution (25 Oct 1917 O.S.)");
        assert_eq!(forms[0], "October Revolution");
    }

    #[test]
    fn a_shortened_label_keeps_enough_to_tell_it_apart() {
        // "Workers free…" and "Plan targets…" say too little: no form
        // shorter than three words or so.
        assert_eq!(
            shortened("Workers free to change jobs"),
            ["Workers free to change…"]
        );
        assert!(shortened("Plan targets: 23.1 bn").is_empty());
        for form in shortened("Plan targets: 23.1 bn invested, 43.2 bn output") {
            assert!(form.chars().count() > 16, "{form}");
        }
    }

    #[test]
    fn a_cut_never_ends_on_a_number_a_small_word_or_inside_quotes() {
        for form in shortened("1932 against 1913: steel +40%, coal +121% of the plan") {
            let kept = form.trim_end_matches('…');
            let last = kept.split_whitespace().last().unwrap_or_default();
            assert!(!last.chars().any(|c| c.is_ascii_digit()), "{form}");
            assert!(!super::SMALL_WORDS.contains(&last), "{form}");
        }
        for form in shortened("Stalin: 'fifty or a hundred years behind' the advanced countries") {
            assert!(super::quotes_balanced(&form), "{form}");
        }
    }
}
