//! The vertical budget: how many label rows each lane gets above and below
//! its marks. Lanes get height by need, not in equal shares: when every
//! lane can have all the rows it needs, it does; otherwise rows go, a few
//! at a time, to the lane where they identify the most events (weighted by
//! importance) for the height they cost.

use std::collections::HashMap;

use super::labels::{self, Placed, Sides, Spacing};
use super::lanes::LanePlan;

/// What a lane holds with a given number of label rows.
#[derive(Clone, Debug, Default)]
pub(super) struct LaneFit {
    /// The labels placed, above and below.
    pub(super) sides: Sides,
    /// Callout numbers for labels that found no room: the request's index,
    /// where the number went, and whether below the marks.
    pub(super) numbers: Vec<(usize, Placed, bool)>,
    /// Labels set beside their mark (or right over it), where the rows had
    /// no room: the request's index, the left edge, the sub-row, the line
    /// drawn, and whether it is shortened.
    pub(super) inline_labels: Vec<InlineLabel>,
    /// Callout numbers set beside their mark (or right over or under it):
    /// the request's index, the number's left edge, its sub-row, and how
    /// it is joined to the mark.
    pub(super) inline: Vec<(usize, f32, usize, Join)>,
    /// Requests neither labelled nor numbered.
    pub(super) left_out: Vec<usize>,
    /// Rows used above and below the marks.
    pub(super) rows: (usize, usize),
    /// The lane drawn packed instead: each mark with its label beside it
    /// in sub-rows as tall as a line of text, and no label rows.
    pub(super) packed: Option<Packed>,
}

/// A lane whose marks carry their labels beside them, sub-row by sub-row.
#[derive(Clone, Debug, Default)]
pub(super) struct Packed {
    /// Sub-rows.
    pub(super) tracks: usize,
    /// The sub-row of each mark.
    pub(super) track_of: Vec<usize>,
    /// For each request: the label's left edge, the line drawn, and
    /// whether it is shortened.
    pub(super) labels: Vec<(usize, f32, (String, f32), bool)>,
}

/// Packs each mark of a lane with its label (one line, whole if it fits
/// anywhere, else shortened) into sub-rows, like a Gantt chart: a lane
/// with more room across than down reads better so than with label rows.
/// Where a label would need a sub-row past `max_tracks`, its mark gets a
/// number (`number` px wide) beside it instead. `None` for a density
/// strip, or when not even a number fits.
pub(super) fn fit_packed(
    plan: &LanePlan,
    spacing: Spacing,
    max_tracks: usize,
    number: f32,
) -> Option<LaneFit> {
    if !plan.bins.is_empty() || plan.requests.is_empty() {
        return None;
    }
    // Left to right with labels preferably left of their marks, and the
    // mirror of it: the one with fewer sub-rows.
    let tracks = |f: &LaneFit| f.packed.as_ref().map_or(usize::MAX, |p| p.tracks);
    // When labels take more sub-rows than there are, the least important
    // (then the widest) are numbered from the start, a tenth more each try.
    let mut order: Vec<usize> = (0..plan.requests.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&plan.requests[a], &plan.requests[b]);
        ra.priority
            .cmp(&rb.priority)
            .then(rb.forms[0][0].1.total_cmp(&ra.forms[0][0].1))
    });
    let mut numbered = vec![false; plan.requests.len()];
    for tenth in 0..=10 {
        for &i in &order[..order.len() * tenth / 10] {
            numbered[i] = true;
        }
        let a = pack(plan, spacing, max_tracks, false, number, &numbered);
        let b = pack(plan, spacing, max_tracks, true, number, &numbered);
        let best = match (a, b) {
            (Some(a), Some(b)) => Some(if tracks(&b) < tracks(&a) { b } else { a }),
            (a, b) => a.or(b),
        };
        if best.is_some() {
            return best;
        }
    }
    None
}

/// A mark and its label placed in a packed lane: the sub-row, the unit's
/// start and end, the text's left edge, the line, and whether shortened.
type Unit = (usize, f32, f32, f32, (String, f32), bool);

fn pack(
    plan: &LanePlan,
    spacing: Spacing,
    max_tracks: usize,
    mirrored: bool,
    number: f32,
    numbered: &[bool],
) -> Option<LaneFit> {
    let (pad, gap) = (spacing.pad, spacing.gap);
    // Sub-rows as lists of taken intervals; each request's unit is its mark
    // and its label, right of the mark or left of it, whichever finds a
    // lower sub-row (right first): labels of a crowded stretch spread into
    // the empty ones on either side.
    let mut tracks: Vec<Vec<(f32, f32)>> = Vec::new();
    let free = |row: &[(f32, f32)], a: f32, b: f32| {
        row.iter().all(|&(x0, x1)| x1 + gap <= a || b + gap <= x0)
    };
    let mut track_of = vec![0usize; plan.marks.len()];
    let mut labels = Vec::new();
    let mut numbers = Vec::new();
    let mut order: Vec<usize> = (0..plan.requests.len()).collect();
    order.sort_by(|&a, &b| {
        let (ma, mb) = (&plan.marks[plan.chosen[a]], &plan.marks[plan.chosen[b]]);
        if mirrored {
            mb.x1.total_cmp(&ma.x1)
        } else {
            ma.x0.total_cmp(&mb.x0)
        }
    });
    for i in order {
        let r = &plan.requests[i];
        let m = &plan.marks[plan.chosen[i]];
        let lines = std::iter::once((r.forms[0][0].clone(), false))
            .chain(r.short.iter().map(|l| (l.clone(), true)))
            .filter(|_| !numbered[i]);
        let mut best: Option<Unit> = None;
        // The forms tried: the whole label, shortened ones, and a number
        // (an empty line as wide as the number's box).
        let lines = lines.chain(std::iter::once(((String::new(), number), true)));
        for (line, short) in lines {
            let is_number = line.0.is_empty();
            // A number only where no label keeps within the sub-rows.
            if is_number && best.as_ref().is_some_and(|b| b.0 < max_tracks) {
                break;
            }
            let right = (m.x0, m.x1 + pad + line.1, m.x1 + pad);
            let left = (m.x0 - pad - line.1, m.x1, m.x0 - pad - line.1);
            let sides = if mirrored {
                [right, left]
            } else {
                [left, right]
            };
            for (a, b, text) in sides {
                if a < spacing.left || b > spacing.right {
                    continue;
                }
                let t = (0..=tracks.len())
                    .find(|&t| tracks.get(t).is_none_or(|row| free(row, a, b)))
                    .unwrap_or(tracks.len());
                if best.as_ref().is_none_or(|bst| t < bst.0) {
                    best = Some((t, a, b, text, line.clone(), short));
                }
            }
            // A whole label in some sub-row beats a shortened one lower,
            // unless it takes a sub-row past the last.
            if best.as_ref().is_some_and(|b| b.0 < max_tracks) {
                break;
            }
        }
        let (t, a, b, text_left, line, short) = best?;
        if t == tracks.len() {
            tracks.push(Vec::new());
        }
        if tracks.len() > max_tracks {
            return None;
        }
        tracks[t].push((a, b));
        track_of[plan.chosen[i]] = t;
        if line.0.is_empty() {
            numbers.push((i, text_left, t, Join::Beside));
        } else {
            labels.push((i, text_left, line, short));
        }
    }
    // Marks whose labels were not even tried share the sub-rows too.
    for &k in &plan.skipped {
        let m = &plan.marks[k];
        let t = (0..=tracks.len())
            .find(|&t| tracks.get(t).is_none_or(|row| free(row, m.x0, m.x1)))
            .unwrap_or(tracks.len());
        if t == tracks.len() {
            tracks.push(Vec::new());
        }
        if tracks.len() > max_tracks {
            return None;
        }
        tracks[t].push((m.x0, m.x1));
        track_of[k] = t;
    }
    Some(LaneFit {
        packed: Some(Packed {
            tracks: tracks.len().max(1),
            track_of,
            labels,
        }),
        inline: numbers,
        ..LaneFit::default()
    })
}

impl LaneFit {
    /// Labels drawn shortened.
    pub(super) fn shortened(&self) -> usize {
        let sides = self
            .sides
            .above
            .placed
            .iter()
            .chain(&self.sides.below.placed)
            .filter(|p| p.short)
            .count();
        let inline = self.inline_labels.iter().filter(|l| l.short).count();
        let packed = self
            .packed
            .as_ref()
            .map_or(0, |p| p.labels.iter().filter(|l| l.3).count());
        sides + inline + packed
    }

    /// Events identified, weighted: each identified event, plus a whole
    /// label by importance, a shortened one a quarter of that.
    /// Events it numbers: each takes an entry in the callout key.
    pub(super) fn numbered(&self) -> usize {
        self.numbers.len() + self.inline.len()
    }

    pub(super) fn score(&self, plan: &LanePlan) -> usize {
        let labels: usize = self
            .sides
            .above
            .placed
            .iter()
            .chain(&self.sides.below.placed)
            .map(|l| (l.index, l.short))
            .chain(self.inline_labels.iter().map(|l| (l.index, l.short)))
            .map(|(index, short)| {
                let weight = 1 + 4 * usize::from(plan.requests[index].priority);
                weight * if short { 4 } else { 16 }
            })
            .sum();
        // Identifying every event comes first: a number counts for more
        // than making another label whole.
        if let Some(p) = &self.packed {
            let labelled: usize = p
                .labels
                .iter()
                .map(|l| {
                    let weight = 1 + 4 * usize::from(plan.requests[l.0].priority);
                    weight * if l.3 { 4 } else { 16 } + 64
                })
                .sum();
            return labelled + self.inline.len() * 64;
        }
        let identified = self.sides.above.placed.len()
            + self.sides.below.placed.len()
            + self.inline_labels.len()
            + self.numbers.len()
            + self.inline.len();
        labels + identified * 64
    }
}

/// How a text in the sub-rows of marks is joined to its mark.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Join {
    /// It stands right by the mark: no line.
    Beside,
    /// It stands further along the mark's sub-row: a line along it.
    Along,
    /// It stands in another sub-row: an elbow leader leaves the mark at
    /// this x, goes straight to the text's sub-row, then along it.
    Elbow(f32),
}

/// A label set in the sub-rows of marks, by its own.
#[derive(Clone, Debug)]
pub(super) struct InlineLabel {
    /// The request's index.
    pub(super) index: usize,
    pub(super) left: f32,
    /// The sub-row.
    pub(super) track: usize,
    /// The line drawn and its width.
    pub(super) line: (String, f32),
    pub(super) short: bool,
    /// For a label in another sub-row than its mark's: the x where its
    /// elbow leader leaves the mark, straight up or down to the label's
    /// sub-row and then along it to the label.
    pub(super) elbow: Option<f32>,
}

/// Places a lane's labels in `rows` rows split evenly between above and
/// below, then numbers: one split, as a trial wants.
pub(super) fn fit_even(plan: &LanePlan, rows: usize, spacing: Spacing, number: f32) -> LaneFit {
    fit_split(plan, rows - rows / 2, rows / 2, spacing, number)
}

/// Places a lane's labels in `rows` rows (split between above and below),
/// then numbers for the labels left over, in the room that is left.
pub(super) fn fit(plan: &LanePlan, rows: usize, spacing: Spacing, number: f32) -> LaneFit {
    // Where more leaders can take only one side, that side may need more
    // of the rows: they are split as the labels that can go there ask.
    let above = demand_split(plan, rows);
    fit_split(plan, above, rows - above, spacing, number)
}

/// Whether a fit with `above` and `below` rows left labels out of its rows
/// and filled the rows of a side: another split might place more. (With
/// rows to spare on both sides, what was left out had no room across.)
fn short_of_rows(fit: &LaneFit, above: usize, below: usize) -> bool {
    !fit.sides.dropped.is_empty() && (fit.rows.0 >= above || fit.rows.1 >= below)
}

/// Rows above the marks, of `rows`, in proportion to the labels whose
/// leaders can reach them (a label that can take either side counts half
/// to each).
fn demand_split(plan: &LanePlan, rows: usize) -> usize {
    let (mut up, mut down) = (0.0f32, 0.0f32);
    for room in &plan.room {
        match room {
            [Some(_), Some(_)] => {
                up += 0.5;
                down += 0.5;
            }
            [Some(_), None] => up += 1.0,
            [None, Some(_)] => down += 1.0,
            [None, None] => {}
        }
    }
    if up + down == 0.0 {
        return rows - rows / 2;
    }
    ((rows as f32 * up / (up + down)).round() as usize).min(rows)
}

/// The best of a few splits of `rows` between above and below the marks:
/// a lane with all the rows it could want tries more than the even one.
pub(super) fn fit_best(plan: &LanePlan, rows: usize, spacing: Spacing, number: f32) -> LaneFit {
    let mut best = fit(plan, rows, spacing, number);
    if rows < 4 || !short_of_rows(&best, best.sides.above.allotted, best.sides.below.allotted) {
        return best;
    }
    for above in [rows / 3, rows - rows / 3, rows] {
        let trial = fit_split(plan, above, rows - above, spacing, number);
        if trial.score(plan) > best.score(plan) {
            best = trial;
        }
    }
    best
}

fn fit_split(
    plan: &LanePlan,
    above: usize,
    below: usize,
    spacing: Spacing,
    number: f32,
) -> LaneFit {
    let mut sides = labels::place_both(&plan.requests, &plan.room, (above, below), spacing);
    unblock_along(plan, &mut sides, spacing.gap / 2.0);
    let mut numbers = Vec::new();
    let mut left_out = Vec::new();
    let mut inline = Vec::new();
    let mut inline_labels = Vec::new();
    let mut beside = Beside::new(plan, &sides, spacing.gap / 2.0);
    let mut dropped = sides.dropped.clone();
    dropped.sort_by(|&a, &b| {
        let (a, b) = (&plan.requests[a], &plan.requests[b]);
        b.priority.cmp(&a.priority).then(a.x.total_cmp(&b.x))
    });
    // In a crowded lane most numbers find no room in the rows either: a
    // number that fits in no free stretch near its anchor is not searched
    // for.
    let rooms = (plan.requests.len() > labels::CROWDED)
        .then(|| [&sides.above.packer, &sides.below.packer].map(|p| labels::Room::new(p, number)));
    // What found no room in the rows: the label beside its mark, whole or
    // shortened; else a number beside it, or in the rows with a leader.
    'next: for i in dropped {
        let r = &plan.requests[i];
        let whole = r.forms[0][0].clone();
        for (line, short) in
            std::iter::once((whole, false)).chain(r.short.iter().map(|l| (l.clone(), true)))
        {
            let spot = beside
                .place(plan, i, line.1, spacing)
                .map(|(left, track)| (left, track, None))
                .or_else(|| {
                    beside
                        .place_elbow(plan, i, line.1, spacing)
                        .map(|(left, track, x)| (left, track, Some(x)))
                });
            if let Some((left, track, elbow)) = spot {
                inline_labels.push(InlineLabel {
                    index: i,
                    left,
                    track,
                    line,
                    short,
                    elbow,
                });
                continue 'next;
            }
        }
        if let Some((left, track)) = beside.place_near(plan, i, number, spacing, Stack::OverOrUnder)
        {
            inline.push((i, left, track, Join::Beside));
            continue;
        }
        // More numbers than a key can hold are not worth a search.
        if numbers.len() >= MAX_NUMBERS {
            left_out.push(i);
            continue;
        }
        let text = (String::new(), number);
        let own = plan.chosen[i];
        for below in [false, true] {
            // Where its leader may leave the mark, as for its label.
            let Some(anchor) = plan.room[i][usize::from(below)] else {
                continue;
            };
            if rooms
                .as_ref()
                .is_some_and(|rooms| !rooms[usize::from(below)].may_fit(anchor, number))
            {
                continue;
            }
            let packer = if below {
                &mut sides.below.packer
            } else {
                &mut sides.above.packer
            };
            if let Some(p) = packer.place_extra(i, anchor, text.clone()) {
                // Its leader must also pass the sub-rows of marks freely.
                if beside.leader_way_free(&plan.marks[own], own, p.anchor, below) {
                    beside.add_leader(&plan.marks[own], p.anchor, below);
                    numbers.push((i, p, below));
                    continue 'next;
                }
                packer.release(i);
            }
        }
        left_out.push(i);
    }
    // Last resort: move a label near the mark to make room for its number.
    let mut attempts = MAKE_ROOM_ATTEMPTS;
    left_out.retain(|&i| {
        if attempts == 0 {
            return true;
        }
        attempts -= 1;
        for (below, placement) in [(false, &mut sides.above), (true, &mut sides.below)] {
            if let Some(p) = make_room(plan, placement, &mut beside, i, number, below) {
                numbers.push((i, p, below));
                return false;
            }
        }
        true
    });
    // Then a number further along its sub-row, joined to the mark by a
    // short line that may cross leaders but no text or mark.
    left_out.retain(|&i| {
        if let Some((left, track)) = beside.place_far(plan, i, number, spacing) {
            inline.push((i, left, track, Join::Along));
            return false;
        }
        true
    });
    // Then a number in a sub-row nearby, on an elbow leader.
    left_out.retain(|&i| {
        if let Some((left, track, x)) = beside.place_elbow(plan, i, number, spacing) {
            inline.push((i, left, track, Join::Elbow(x)));
            return false;
        }
        true
    });
    left_out.sort_unstable();
    let used = |placed: &mut dyn Iterator<Item = &Placed>| {
        placed.map(|p| p.row + p.lines.len()).max().unwrap_or(0)
    };
    let rows = (
        used(
            &mut sides
                .above
                .placed
                .iter()
                .chain(numbers.iter().filter(|n| !n.2).map(|n| &n.1)),
        ),
        used(
            &mut sides
                .below
                .placed
                .iter()
                .chain(numbers.iter().filter(|n| n.2).map(|n| &n.1)),
        ),
    );
    sides.above.rows = rows.0;
    sides.below.rows = rows.1;
    LaneFit {
        sides,
        numbers,
        inline_labels,
        inline,
        left_out,
        rows,
        packed: None,
    }
}

/// Takes back the labels whose leaders run along their sub-row (to a
/// column clear of the other marks) across another label's leader: the
/// label tries its mark's sub-rows instead, or gets a number.
fn unblock_along(plan: &LanePlan, sides: &mut Sides, half: f32) {
    let track = |p: &Placed| plan.marks[plan.chosen[p.index]].y0 as usize;
    // Every leader's way through the sub-rows: (index, below, x, track).
    let ways: Vec<(usize, bool, f32, usize)> = [(false, &sides.above), (true, &sides.below)]
        .into_iter()
        .flat_map(|(below, side)| {
            side.placed
                .iter()
                .map(move |p| (p.index, below, p.anchor, track(p)))
        })
        .collect();
    let crosses = |p: &Placed| {
        let m = &plan.marks[plan.chosen[p.index]];
        let Some((a, b)) = along(m, p.anchor, half) else {
            return false;
        };
        let t = track(p);
        ways.iter().any(|&(other, below, x, u)| {
            let passes = if below { u < t } else { u > t };
            other != p.index && passes && a < x + half && x - half < b
        })
    };
    for side in [&mut sides.above, &mut sides.below] {
        let (keep, back): (Vec<Placed>, Vec<Placed>) = std::mem::take(&mut side.placed)
            .into_iter()
            .partition(|p| !crosses(p));
        for p in &back {
            side.packer.release(p.index);
            sides.dropped.push(p.index);
        }
        side.placed = keep;
    }
    sides.dropped.sort_unstable();
}

/// Labels near a mark that a number may displace.
const DISPLACE: usize = 4;
/// Events a lane tries to make room for, and numbers it places in its
/// rows: a callout key holds a few dozen entries, a dense lane would try
/// hundreds in vain.
const MAKE_ROOM_ATTEMPTS: usize = 16;
pub(super) const MAX_NUMBERS: usize = 48;

/// Takes away one of the labels nearest request `i`'s mark, places a
/// number for `i`, and places the label again elsewhere; keeps the change
/// only when both fit (the number returned), else restores the label.
fn make_room(
    plan: &LanePlan,
    placement: &mut labels::Placement,
    beside: &mut Beside,
    i: usize,
    number: f32,
    below: bool,
) -> Option<Placed> {
    let r = &plan.requests[i];
    let track = |k: usize| plan.marks[plan.chosen[k]].y0 as usize;
    let mut near: Vec<usize> = (0..placement.placed.len()).collect();
    near.sort_by(|&a, &b| {
        let da = (placement.placed[a].anchor - r.x).abs();
        let db = (placement.placed[b].anchor - r.x).abs();
        da.total_cmp(&db)
    });
    for k in near.into_iter().take(DISPLACE) {
        let old = placement.placed[k].clone();
        let packer = &mut placement.packer;
        packer.release(old.index);
        if let Some(num) = packer.place_extra(i, (r.x, r.reach), (String::new(), number)) {
            if beside.leader_free(track(i), num.anchor, below) {
                if let Some(moved) = packer.place(&plan.requests, old.index) {
                    if beside.leader_free(track(old.index), moved.anchor, below) {
                        beside.add_strip(track(i), num.anchor, below);
                        beside.add_strip(track(old.index), moved.anchor, below);
                        placement.placed[k] = moved;
                        return Some(num);
                    }
                    packer.release(old.index);
                }
            }
            packer.release(i);
        }
        packer.take(&old);
    }
    None
}

/// The owner of a leader's strip in [`Beside::taken`] (texts are
/// `usize::MAX`, marks their index).
const STRIP: usize = usize::MAX - 1;
/// The owner of a line along a sub-row (a number's, to its mark): text
/// keeps off it, and so does another such line.
const LINE: usize = usize::MAX - 2;

/// Where else a text may stand by its mark.
#[derive(Clone, Copy)]
enum Stack {
    /// In the sub-row above the mark, from its start (a diamond's end).
    Over,
    /// Centred over or under the mark.
    OverOrUnder,
}

/// What occupies each sub-row of a lane's marks: the marks, and the
/// leaders that pass through it on their way to labels above or below.
struct Beside {
    /// Per sub-row: taken x intervals, with the mark that took each
    /// (`usize::MAX` for text and leaders).
    taken: Vec<Vec<(f32, f32, usize)>>,
    /// Per sub-row: what reaches into it from the sub-rows beside it (a
    /// diamond, a line of text, both taller than a sub-row's bar). It
    /// keeps text off; a line along the sub-row's middle passes it.
    spill: Vec<Vec<(f32, f32, usize)>>,
    half: f32,
}

impl Beside {
    fn new(plan: &LanePlan, sides: &Sides, half: f32) -> Beside {
        let tracks = if plan.bins.is_empty() { plan.tracks } else { 0 };
        let mut beside = Beside {
            taken: vec![Vec::new(); tracks],
            spill: vec![Vec::new(); tracks],
            half,
        };
        if tracks == 0 {
            return beside;
        }
        for (k, m) in plan.marks.iter().enumerate() {
            let t = m.y0 as usize;
            // With the heads it is drawn with.
            let (start, end) = super::lanes::drawn(m, half);
            beside.taken[t].push((start, end, k));
            // A diamond is taller than a sub-row's bar: keep its
            // neighbours' text off it too.
            if m.kind == super::MarkKind::Diamond {
                beside.spill_over(t, (m.x0, m.x1, k));
            }
        }
        for (below, placement) in [(false, &sides.above), (true, &sides.below)] {
            for p in &placement.placed {
                beside.add_leader(&plan.marks[plan.chosen[p.index]], p.anchor, below);
            }
        }
        beside
    }

    /// The sub-rows a leader from sub-row `t` crosses on its way up (or
    /// down).
    fn crossed(&self, t: usize, below: bool) -> std::ops::Range<usize> {
        if below {
            (t + 1).min(self.taken.len())..self.taken.len()
        } else {
            0..t.min(self.taken.len())
        }
    }

    /// What is in sub-row `t` and reaches into the ones beside it.
    fn spill_over(&mut self, t: usize, span: (f32, f32, usize)) {
        for n in [t.wrapping_sub(1), t + 1] {
            if let Some(row) = self.spill.get_mut(n) {
                row.push(span);
            }
        }
    }

    /// A text from `left` to `right` in sub-row `t`.
    fn add_text(&mut self, t: usize, (left, right): (f32, f32)) {
        self.taken[t].push((left, right, usize::MAX));
        self.spill_over(t, (left, right, usize::MAX));
    }

    /// Whether a text from `a` to `b` in sub-row `t` keeps `gap` clear of
    /// everything there but mark `own`.
    fn text_free(&self, t: usize, (a, b): (f32, f32), gap: f32, own: usize) -> bool {
        self.taken[t]
            .iter()
            .chain(&self.spill[t])
            .all(|&(x0, x1, k)| x1 + gap <= a || b + gap <= x0 || k == own)
    }

    fn add_strip(&mut self, t: usize, x: f32, below: bool) {
        let half = self.half;
        for k in self.crossed(t, below) {
            self.taken[k].push((x - half, x + half, STRIP));
        }
    }

    /// The leader from mark `m` at `x`, up (or down) through the sub-rows:
    /// along the mark's own sub-row first when `x` is beside the mark.
    fn add_leader(&mut self, m: &super::Mark, x: f32, below: bool) {
        let t = m.y0 as usize;
        self.add_strip(t, x, below);
        if let Some((a, b)) = along(m, x, self.half) {
            self.taken[t].push((a, b, LINE));
        }
    }

    /// Whether a leader from mark `m` (index `own`) at `x` passes the
    /// sub-rows on its way, and its own sub-row when `x` is beside it.
    fn leader_way_free(&self, m: &super::Mark, own: usize, x: f32, below: bool) -> bool {
        let t = m.y0 as usize;
        self.leader_free(t, x, below)
            && along(m, x, self.half).is_none_or(|(a, b)| {
                self.taken[t]
                    .iter()
                    .chain(&self.spill[t])
                    .all(|&(x0, x1, k)| x1 <= a || b <= x0 || k == own)
            })
    }

    /// Whether a leader at `x` from a mark in sub-row `t` can pass the
    /// sub-rows on its way.
    fn leader_free(&self, t: usize, x: f32, below: bool) -> bool {
        let (a, b) = (x - self.half, x + self.half);
        self.crossed(t, below)
            .all(|k| self.taken[k].iter().all(|&(x0, x1, _)| x1 <= a || b <= x0))
    }

    /// A label `width` wide by the mark of request `i`: right of it, left
    /// of it, or right over it. Returns the left edge and the sub-row.
    fn place(&mut self, plan: &LanePlan, i: usize, width: f32, s: Spacing) -> Option<(f32, usize)> {
        self.place_near(plan, i, width, s, Stack::Over)
    }

    /// A label `width` wide in a sub-row near its mark's (up to
    /// [`ELBOW_TRACKS`] away), left or right of the mark and up to
    /// `s.reach` from it, joined by an elbow leader: from the mark's near
    /// end straight to the label's sub-row, then along it. The leader
    /// crosses no text, mark or other leader. Returns the label's left
    /// edge, its sub-row, and the x where the leader leaves the mark.
    fn place_elbow(
        &mut self,
        plan: &LanePlan,
        i: usize,
        width: f32,
        s: Spacing,
    ) -> Option<(f32, usize, f32)> {
        const STEP: f32 = 8.0;
        let own = plan.chosen[i];
        let m = &plan.marks[own];
        let t = m.y0 as usize;
        let (gap, half) = (s.pad, self.half);
        // The leader leaves a bar just inside its end, a diamond from its
        // centre.
        let inset = ((m.x1 - m.x0) / 2.0).min(gap);
        let clear = |track: usize, a: f32, b: f32| self.text_free(track, (a, b), gap, own);
        let thin = |track: usize, a: f32, b: f32| {
            self.taken[track]
                .iter()
                .all(|&(x0, x1, k)| x1 <= a || b <= x0 || k == own)
        };
        let steps = (s.reach / STEP) as usize;
        let mut found = None;
        'search: for distance in 1..=ELBOW_TRACKS {
            for u in [t + distance, t.wrapping_sub(distance)] {
                if u >= self.taken.len() {
                    continue;
                }
                let between = if u > t { t + 1..u } else { u + 1..t };
                for left_side in [true, false] {
                    let x = if left_side {
                        m.x0 + inset
                    } else {
                        m.x1 - inset
                    };
                    if !between.clone().all(|k| thin(k, x - half, x + half)) {
                        continue;
                    }
                    for k in 0..=steps {
                        let d = k as f32 * STEP;
                        let a = if left_side {
                            x - half - gap - width - d
                        } else {
                            x + half + gap + d
                        };
                        let b = a + width;
                        if a < s.left || b > s.right {
                            break;
                        }
                        // The label, then the leader along the sub-row.
                        let (la, lb) = if left_side {
                            (b, x + half)
                        } else {
                            (x - half, a)
                        };
                        if clear(u, a, b) && thin(u, la, lb) {
                            found = Some((a, u, x, between.clone(), (la, lb)));
                            break 'search;
                        }
                        // Past something in the way the leader cannot go.
                        if !thin(u, la, lb) {
                            break;
                        }
                    }
                }
            }
        }
        let (left, u, x, between, (la, lb)) = found?;
        for k in between {
            self.taken[k].push((x - half, x + half, STRIP));
        }
        self.taken[u].push((la, lb, LINE));
        self.add_text(u, (left, left + width));
        Some((left, u, x))
    }

    /// A number `width` wide in the mark's sub-row, up to 80 px from it,
    /// where nothing lies between the two.
    fn place_far(
        &mut self,
        plan: &LanePlan,
        i: usize,
        width: f32,
        s: Spacing,
    ) -> Option<(f32, usize)> {
        const STEP: f32 = 4.0;
        let own = plan.chosen[i];
        let m = &plan.marks[own];
        let t = m.y0 as usize;
        let row = self.taken.get(t)?;
        let gap = s.pad;
        // The line crosses no mark, text or other leader.
        let line_free = |a: f32, b: f32| {
            row.iter()
                .all(|&(x0, x1, k)| x1 + gap <= a || b + gap <= x0 || k == own)
        };
        let left = (0..=20)
            .flat_map(|k| {
                let d = k as f32 * STEP;
                [m.x0 - gap - width - d, m.x1 + gap + d]
            })
            .find(|&a| {
                let b = a + width;
                a >= s.left
                    && b <= s.right
                    && self.text_free(t, (a, b), gap, own)
                    && if b <= m.x0 {
                        line_free(b, m.x0)
                    } else {
                        line_free(m.x1, a)
                    }
            })?;
        self.add_text(t, (left, left + width));
        let line = if left + width <= m.x0 {
            (left + width, m.x0)
        } else {
            (m.x1, left)
        };
        self.taken[t].push((line.0, line.1, LINE));
        Some((left, t))
    }

    /// Beside the mark, else as `stack` allows: right over the mark in the
    /// sub-row above it (a label reads as its mark's), or under it too (a
    /// number). Returns the left edge and the sub-row.
    fn place_near(
        &mut self,
        plan: &LanePlan,
        i: usize,
        width: f32,
        s: Spacing,
        stack: Stack,
    ) -> Option<(f32, usize)> {
        let own = plan.chosen[i];
        let m = &plan.marks[own];
        let t = m.y0 as usize;
        let gap = s.pad;
        let centre = plan.requests[i].x.max(m.x0).min(m.x1) - width / 2.0;
        let mut spots = vec![(m.x1 + gap, t), (m.x0 - gap - width, t)];
        match stack {
            Stack::Over => {
                // A diamond's tip reaches into the sub-row above: a label
                // there starts past it.
                let start = if m.kind == super::MarkKind::Diamond {
                    m.x1
                } else {
                    m.x0
                };
                spots.push((start.max(s.left), t.wrapping_sub(1)));
            }
            Stack::OverOrUnder => spots.extend([(centre, t.wrapping_sub(1)), (centre, t + 1)]),
        }
        let (left, track) = spots.into_iter().find(|&(a, track)| {
            let b = a + width;
            a >= s.left
                && b <= s.right
                && track < self.taken.len()
                && self.text_free(track, (a, b), gap, own)
        })?;
        // Text is taller than a sub-row: keep the neighbours' text clear.
        self.add_text(track, (left, left + width));
        Some((left, track))
    }
}

/// The stretch of its sub-row a leader from mark `m` at `x` runs along
/// before it turns, when `x` is beside the mark.
fn along(m: &super::Mark, x: f32, half: f32) -> Option<(f32, f32)> {
    if x < m.x0 {
        Some((x - half, m.x0))
    } else if x > m.x1 {
        Some((m.x1, x + half))
    } else {
        None
    }
}

/// How many sub-rows away from its mark a label may stand on an elbow
/// leader.
const ELBOW_TRACKS: usize = 2;

/// Row counts tried per lane when the lanes do not all get what they need.
const LADDER: [usize; 13] = [0, 1, 2, 3, 4, 5, 6, 8, 10, 13, 17, 23, 30];

/// The fit of every lane within `available` px of height, where
/// `height(plan, fit)` is what a lane with that fit takes.
pub(super) fn allot(
    plans: &[&LanePlan],
    available: f32,
    max_rows: usize,
    fit_lane: &dyn Fn(&LanePlan, usize) -> LaneFit,
    fit_full: &dyn Fn(&LanePlan) -> LaneFit,
    height: &dyn Fn(&LanePlan, &LaneFit) -> f32,
    key: &dyn Fn(usize) -> f32,
) -> Vec<LaneFit> {
    // Everything each lane needs, when the canvas holds it. A lone lane
    // has the canvas to itself: it tries more splits of its rows.
    let full: Vec<LaneFit> = if plans.len() == 1 {
        plans.iter().map(|p| fit_full(p)).collect()
    } else {
        plans.iter().map(|p| fit_lane(p, max_rows)).collect()
    };
    let numbers = |fits: &[LaneFit]| fits.iter().map(LaneFit::numbered).sum::<usize>();
    let total: f32 = plans
        .iter()
        .zip(&full)
        .map(|(p, f)| height(p, f))
        .sum::<f32>()
        + key(numbers(&full));
    if total <= available || plans.len() == 1 {
        return full;
    }
    let ladder: Vec<usize> = LADDER
        .iter()
        .copied()
        .filter(|&r| r < max_rows)
        .chain(std::iter::once(max_rows))
        .collect();
    let mut cache: HashMap<(usize, usize), LaneFit> = HashMap::new();
    let mut get = |lane: usize, step: usize| -> LaneFit {
        cache
            .entry((lane, step))
            .or_insert_with(|| {
                if ladder[step] == max_rows {
                    full[lane].clone()
                } else {
                    fit_lane(plans[lane], ladder[step])
                }
            })
            .clone()
    };
    let mut at = vec![0usize; plans.len()];
    let mut fits: Vec<LaneFit> = (0..plans.len()).map(|i| get(i, 0)).collect();
    let mut numbered = numbers(&fits);
    let mut used: f32 = plans
        .iter()
        .zip(&fits)
        .map(|(p, f)| height(p, f))
        .sum::<f32>()
        + key(numbered);
    loop {
        // (value, lane, step, fit, cost) of the best move so far.
        let mut best: Option<Move> = None;
        for (i, plan) in plans.iter().enumerate() {
            if fits[i].sides.dropped.is_empty() && fits[i].left_out.is_empty() {
                continue;
            }
            let base = fits[i].score(plan);
            let now = height(plan, &fits[i]);
            for step in at[i] + 1..ladder.len().min(at[i] + 4) {
                let trial = get(i, step);
                let gain = trial.score(plan).saturating_sub(base);
                // Rows that label what was numbered make the key shorter.
                let after = numbered + trial.numbered() - fits[i].numbered();
                let cost = height(plan, &trial) - now + key(after) - key(numbered);
                if gain == 0 || (used + cost > available && cost > 0.0) {
                    continue;
                }
                // Identifying an event left out comes first; then labels
                // for the room they cost.
                let found = trial.left_out.len() < fits[i].left_out.len();
                let value = (found, gain as f32 / cost.max(1.0));
                if best.as_ref().is_none_or(|b| value > b.value) {
                    best = Some(Move {
                        value,
                        lane: i,
                        step,
                        fit: trial,
                        cost,
                    });
                }
            }
        }
        let Some(Move {
            lane: i,
            step,
            fit: trial,
            cost,
            ..
        }) = best
        else {
            break;
        };
        at[i] = step;
        numbered = numbered + trial.numbered() - fits[i].numbered();
        fits[i] = trial;
        used += cost;
    }
    fits
}

/// A lane's step up the ladder of row counts, as [`allot`] weighs it.
struct Move {
    /// Whether it identifies an event left out, then the score it gains
    /// for each px it costs.
    value: (bool, f32),
    lane: usize,
    step: usize,
    fit: LaneFit,
    /// The height it costs, the key's change counted.
    cost: f32,
}

/// The fits of all lanes, some of them packed (each label beside its mark,
/// see [`fit_packed`]) where that identifies more: none packed, then the
/// shortest packed lane, the two shortest, and so on; the best of these.
#[allow(clippy::too_many_arguments)]
pub(super) fn allot_with_packing(
    plans: &[LanePlan],
    available: f32,
    max_rows: usize,
    packed: &[Option<LaneFit>],
    fit_lane: &dyn Fn(&LanePlan, usize) -> LaneFit,
    fit_full: &dyn Fn(&LanePlan) -> LaneFit,
    height: &dyn Fn(&LanePlan, &LaneFit) -> f32,
    key: &dyn Fn(usize) -> f32,
) -> Vec<LaneFit> {
    let all: Vec<&LanePlan> = plans.iter().collect();
    let score =
        |fits: &[LaneFit]| -> usize { plans.iter().zip(fits).map(|(p, f)| f.score(p)).sum() };
    let mut best = allot(&all, available, max_rows, fit_lane, fit_full, height, key);
    let mut best_score = score(&best);
    // Pack lanes one by one, the shortest packed first, keeping each step
    // that identifies more; then every lane at once.
    let mut order: Vec<usize> = (0..plans.len()).filter(|&i| packed[i].is_some()).collect();
    order.sort_by(|&a, &b| {
        let h = |i: usize| {
            packed[i]
                .as_ref()
                .map_or(f32::MAX, |f| height(&plans[i], f))
        };
        h(a).total_cmp(&h(b))
    });
    let mut choice = vec![false; plans.len()];
    let mut tries: Vec<Vec<bool>> = Vec::new();
    for &i in &order {
        choice[i] = true;
        tries.push(choice.clone());
    }
    for choice in tries {
        let packed_fits = || {
            plans
                .iter()
                .zip(packed)
                .zip(&choice)
                .filter(|(_, c)| **c)
                .filter_map(|((p, f), _)| f.as_ref().map(|f| (p, f)))
        };
        let taken: f32 = packed_fits().map(|(p, f)| height(p, f)).sum();
        let packed_numbers: usize = packed_fits().map(|(_, f)| f.numbered()).sum();
        if taken + key(packed_numbers) > available {
            break;
        }
        // The rest's numbers share the key with the packed lanes'.
        let rest_key = |n: usize| key(packed_numbers + n) - key(packed_numbers);
        let rest: Vec<&LanePlan> = plans
            .iter()
            .zip(&choice)
            .filter(|(_, c)| !**c)
            .map(|(p, _)| p)
            .collect();
        let mut rest_fits = allot(
            &rest,
            available - taken - key(packed_numbers),
            max_rows,
            fit_lane,
            fit_full,
            height,
            &rest_key,
        )
        .into_iter();
        let fits: Vec<LaneFit> = packed
            .iter()
            .zip(&choice)
            .map(|(f, &c)| match (c, f) {
                (true, Some(f)) => f.clone(),
                _ => rest_fits.next().unwrap_or_default(),
            })
            .collect();
        let used: f32 = plans
            .iter()
            .zip(&fits)
            .map(|(p, f)| height(p, f))
            .sum::<f32>()
            + key(fits.iter().map(LaneFit::numbered).sum());
        let total = score(&fits);
        if used <= available + 0.5 && total > best_score {
            best = fits;
            best_score = total;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Mark, MarkKind};
    use crate::model::Rgb;

    fn bar(event: usize, track: usize, x0: f32, x1: f32) -> Mark {
        Mark {
            event,
            kind: MarkKind::Bar,
            x0,
            y0: track as f32,
            x1,
            y1: track as f32 + 1.0,
            color: Rgb(0, 0, 0),
            hollow: false,
            dashed: false,
            clipped_left: false,
            clipped_right: false,
        }
    }

    /// A lane of three bars side by side in sub-row 0 and one below them
    /// in sub-row 1; only the middle bar asks for a label.
    fn lane(below: Mark) -> LanePlan {
        let request = labels::Request {
            x: 500.0,
            reach: 0.0,
            forms: vec![vec![("A label".into(), 100.0)]],
            short: Vec::new(),
            priority: 1,
            note: 0.0,
        };
        let mut plan = LanePlan {
            name_lines: vec!["Lane".into()],
            color: Rgb(0, 0, 0),
            marks: vec![
                bar(0, 0, 300.0, 496.0),
                bar(1, 0, 500.0, 520.0),
                bar(2, 0, 524.0, 900.0),
                below,
            ],
            tracks: 2,
            bins: Vec::new(),
            requests: vec![request],
            notes: vec![None],
            chosen: vec![1],
            skipped: Vec::new(),
            room: Vec::new(),
            stamp: 0,
        };
        plan.settle_room(spacing().gap / 2.0);
        plan
    }

    fn spacing() -> Spacing {
        Spacing {
            pad: 5.0,
            gap: 10.0,
            left: 0.0,
            right: 1000.0,
            reach: 260.0,
            below: false,
        }
    }

    #[test]
    fn a_label_hemmed_in_on_its_sub_row_stands_on_the_next_with_an_elbow() {
        // No rows above or below: beside the mark there is no room, so the
        // label goes to sub-row 1, left of the mark, the leader leaving
        // the bar just inside its start.
        let plan = lane(bar(3, 1, 600.0, 700.0));
        let fit = fit(&plan, 0, spacing(), 20.0);
        assert_eq!(fit.inline_labels.len(), 1, "{fit:?}");
        let l = &fit.inline_labels[0];
        assert_eq!(l.track, 1);
        let x = l.elbow.expect("an elbow leader");
        assert!((500.0..=520.0).contains(&x), "leaves the mark: {x}");
        assert!(l.left + l.line.1 < x, "the label ends before the leader");
    }

    #[test]
    fn an_elbow_never_runs_through_a_mark() {
        // Sub-row 1 is taken under the whole stretch: the leader would run
        // along it through the bar, so the label is not placed there.
        let plan = lane(bar(3, 1, 0.0, 1000.0));
        let fit = fit(&plan, 0, spacing(), 20.0);
        assert!(
            fit.inline_labels.iter().all(|l| l.elbow.is_none()),
            "{fit:?}"
        );
    }
}
