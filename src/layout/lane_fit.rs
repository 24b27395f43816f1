//! One lane's labels in a given number of label rows: placed in the rows
//! above and below its marks, then what found no room beside its mark or
//! as a number, in the rows or beside it.

use super::beside::{Beside, Stack, along};
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

    /// Events it numbers: each takes an entry in the callout key.
    pub(super) fn numbered(&self) -> usize {
        self.numbers.len() + self.inline.len()
    }

    /// The most a fit of the lane scores ([`LaneFit::score`]): every
    /// event labelled whole.
    pub(super) fn most(plan: &LanePlan) -> usize {
        plan.requests
            .iter()
            .map(|r| (1 + 4 * usize::from(r.priority)) * 16 + 64)
            .sum()
    }

    /// Events identified, weighted: each identified event, plus a whole
    /// label by importance, a shortened one a quarter of that.
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

/// Places a lane's labels in `above` and `below` rows, then finds the
/// labels left over a place, in turn: beside their mark, whole or
/// shortened; a number beside it; a number in the rows with a leader; a
/// number in the rows after moving a label near it; a number further
/// along its sub-row; a number in a sub-row nearby on an elbow leader.
fn fit_split(
    plan: &LanePlan,
    above: usize,
    below: usize,
    spacing: Spacing,
    number: f32,
) -> LaneFit {
    let mut sides = labels::place_both(
        &plan.requests,
        &plan.room,
        (above, below),
        spacing,
        &plan.placements,
    );
    unblock_along(plan, &mut sides, spacing.gap / 2.0);
    let mut dropped = sides.dropped.clone();
    dropped.sort_by(|&a, &b| {
        let (a, b) = (&plan.requests[a], &plan.requests[b]);
        b.priority.cmp(&a.priority).then(a.x.total_cmp(&b.x))
    });
    let mut left = LeftOver::new(plan, sides, spacing, number);
    for i in dropped {
        if !(left.label_beside(i) || left.number_beside(i) || left.number_in_rows(i)) {
            left.left_out.push(i);
        }
    }
    left.last_resorts();
    left.into_fit()
}

/// A lane's labels placed in its rows, and those the rows did not take
/// being found another place.
struct LeftOver<'p> {
    plan: &'p LanePlan,
    spacing: Spacing,
    /// The width of a number's box.
    number: f32,
    sides: Sides,
    beside: Beside,
    /// In a crowded lane, the free stretches of each side's rows wide
    /// enough for a number.
    rooms: Option<[labels::Room; 2]>,
    numbers: Vec<(usize, Placed, bool)>,
    inline: Vec<(usize, f32, usize, Join)>,
    inline_labels: Vec<InlineLabel>,
    left_out: Vec<usize>,
}

impl<'p> LeftOver<'p> {
    fn new(plan: &'p LanePlan, sides: Sides, spacing: Spacing, number: f32) -> LeftOver<'p> {
        let beside = Beside::new(plan, &sides, spacing.gap / 2.0);
        // In a crowded lane most numbers find no room in the rows either: a
        // number that fits in no free stretch near its anchor is not
        // searched for.
        let rooms = (plan.requests.len() > labels::CROWDED).then(|| {
            [&sides.above.packer, &sides.below.packer].map(|p| labels::Room::new(p, number))
        });
        LeftOver {
            plan,
            spacing,
            number,
            sides,
            beside,
            rooms,
            numbers: Vec::new(),
            inline: Vec::new(),
            inline_labels: Vec::new(),
            left_out: Vec::new(),
        }
    }

    /// Request `i`'s label beside its mark, whole or shortened: on its
    /// sub-row or, on an elbow leader, on one nearby.
    fn label_beside(&mut self, i: usize) -> bool {
        let (plan, spacing) = (self.plan, self.spacing);
        let r = &plan.requests[i];
        let whole = r.forms[0][0].clone();
        for (line, short) in
            std::iter::once((whole, false)).chain(r.short.iter().map(|l| (l.clone(), true)))
        {
            let spot = self
                .beside
                .place(plan, i, line.1, spacing)
                .map(|(left, track)| (left, track, None))
                .or_else(|| {
                    self.beside
                        .place_elbow(plan, i, line.1, spacing)
                        .map(|(left, track, x)| (left, track, Some(x)))
                });
            if let Some((left, track, elbow)) = spot {
                self.inline_labels.push(InlineLabel {
                    index: i,
                    left,
                    track,
                    line,
                    short,
                    elbow,
                });
                return true;
            }
        }
        false
    }

    /// Request `i`'s number right beside its mark (or over or under it).
    fn number_beside(&mut self, i: usize) -> bool {
        let spot =
            self.beside
                .place_near(self.plan, i, self.number, self.spacing, Stack::OverOrUnder);
        if let Some((left, track)) = spot {
            self.inline.push((i, left, track, Join::Beside));
        }
        spot.is_some()
    }

    /// Request `i`'s number in the label rows, its leader leaving the mark
    /// where its label's would, and passing the sub-rows of marks freely.
    fn number_in_rows(&mut self, i: usize) -> bool {
        // More numbers than a key can hold are not worth a search.
        if self.numbers.len() >= MAX_NUMBERS {
            return false;
        }
        let (plan, number) = (self.plan, self.number);
        let own = plan.chosen[i];
        for below in [false, true] {
            let Some(way) = &plan.room[i][usize::from(below)] else {
                continue;
            };
            if self
                .rooms
                .as_ref()
                .is_some_and(|rooms| !rooms[usize::from(below)].may_fit(way.span(), number))
            {
                continue;
            }
            let packer = if below {
                &mut self.sides.below.packer
            } else {
                &mut self.sides.above.packer
            };
            if let Some(p) = packer.place_extra(i, way, (String::new(), number)) {
                if self
                    .beside
                    .leader_way_free(&plan.marks[own], own, p.anchor, below)
                {
                    self.beside.add_leader(&plan.marks[own], p.anchor, below);
                    self.numbers.push((i, p, below));
                    return true;
                }
                packer.release(i);
            }
        }
        false
    }

    /// For what is still left out: a label near the mark moved to make
    /// room for its number; then a number further along its sub-row,
    /// joined to the mark by a short line that may cross leaders but no
    /// text or mark; then a number in a sub-row nearby, on an elbow leader.
    fn last_resorts(&mut self) {
        let (plan, number, spacing) = (self.plan, self.number, self.spacing);
        let mut left_out = std::mem::take(&mut self.left_out);
        let mut attempts = MAKE_ROOM_ATTEMPTS;
        left_out.retain(|&i| {
            if attempts == 0 {
                return true;
            }
            attempts -= 1;
            let sides = [
                (false, &mut self.sides.above),
                (true, &mut self.sides.below),
            ];
            for (below, placement) in sides {
                if let Some(p) = make_room(plan, placement, &mut self.beside, i, number, below) {
                    self.numbers.push((i, p, below));
                    return false;
                }
            }
            true
        });
        left_out.retain(|&i| {
            let Some((left, track)) = self.beside.place_far(plan, i, number, spacing) else {
                return true;
            };
            self.inline.push((i, left, track, Join::Along));
            false
        });
        left_out.retain(|&i| {
            let Some((left, track, x)) = self.beside.place_elbow(plan, i, number, spacing) else {
                return true;
            };
            self.inline.push((i, left, track, Join::Elbow(x)));
            false
        });
        left_out.sort_unstable();
        self.left_out = left_out;
    }

    /// The fit, with the rows each side uses.
    fn into_fit(mut self) -> LaneFit {
        let used = |placed: &[Placed], below: bool| {
            placed
                .iter()
                .chain(self.numbers.iter().filter(|n| n.2 == below).map(|n| &n.1))
                .map(|p| p.row + p.lines.len())
                .max()
                .unwrap_or(0)
        };
        let rows = (
            used(&self.sides.above.placed, false),
            used(&self.sides.below.placed, true),
        );
        self.sides.above.rows = rows.0;
        self.sides.below.rows = rows.1;
        LaneFit {
            sides: self.sides,
            numbers: self.numbers,
            inline_labels: self.inline_labels,
            inline: self.inline,
            left_out: self.left_out,
            rows,
            packed: None,
        }
    }
}

/// Takes back the labels whose leaders run along their sub-row (to a
/// column clear of the other marks) across another label's leader: one
/// that passes the sub-row, or leaves it there (at the end of its own run
/// along the same gap). The least important goes first, and the others are
/// looked at again without it. A label taken back tries its mark's
/// sub-rows instead, or gets a number.
fn unblock_along(plan: &LanePlan, sides: &mut Sides, half: f32) {
    let track = |p: &Placed| plan.marks[plan.chosen[p.index]].y0 as usize;
    // Every leader's way through the sub-rows: (index, below, x, track).
    let mut ways: Vec<(usize, bool, f32, usize)> = [(false, &sides.above), (true, &sides.below)]
        .into_iter()
        .flat_map(|(below, side)| {
            side.placed
                .iter()
                .map(move |p| (p.index, below, p.anchor, track(p)))
        })
        .collect();
    // The leader that `p`'s run along its sub-row meets, if any.
    let crossed = |p: &Placed, ways: &[(usize, bool, f32, usize)]| {
        let m = &plan.marks[plan.chosen[p.index]];
        let (a, b) = along(m, p.anchor, half)?;
        let t = track(p);
        ways.iter()
            .find(|&&(other, below, x, u)| {
                let meets = u == t || if below { u < t } else { u > t };
                other != p.index && meets && a < x + half && x - half < b
            })
            .map(|&(other, below, ..)| (below, other))
    };
    let priority = |i: usize| plan.requests[i].priority;
    loop {
        // Of each crossing pair, the less important label (the one with
        // the run along, where they weigh the same).
        let worst = [(false, &sides.above), (true, &sides.below)]
            .into_iter()
            .flat_map(|(below, side)| side.placed.iter().map(move |p| (below, p)))
            .filter_map(|(below, p)| {
                let (other_below, other) = crossed(p, &ways)?;
                Some(if priority(other) < priority(p.index) {
                    (other_below, other)
                } else {
                    (below, p.index)
                })
            })
            .min_by_key(|&(_, i)| (priority(i), std::cmp::Reverse(i)));
        let Some((below, index)) = worst else {
            break;
        };
        let side = if below {
            &mut sides.below
        } else {
            &mut sides.above
        };
        side.placed.retain(|p| p.index != index);
        side.packer.release(index);
        sides.dropped.push(index);
        ways.retain(|w| w.0 != index);
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
        if let Some(num) = packer.place_extra(
            i,
            &labels::Way::along(r.x, r.reach),
            (String::new(), number),
        ) {
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
            also: std::rc::Rc::new([]),
            forms: std::rc::Rc::new(vec![vec![("A label".into(), 100.0)]]),
            short: std::rc::Rc::default(),
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
            placements: labels::Placements::default(),
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

    /// Two labels' leaders that run along the same gap of their sub-row,
    /// one to a column above, the other to a column below, would cross:
    /// the less important label is taken back, the other kept.
    #[test]
    fn leaders_running_along_one_gap_from_both_sides_keep_one() {
        let request = |x: f32, priority: u8| labels::Request {
            x,
            reach: 0.0,
            also: std::rc::Rc::new([]),
            forms: std::rc::Rc::new(vec![vec![("A label".into(), 100.0)]]),
            short: std::rc::Rc::default(),
            priority,
            note: 0.0,
        };
        let plan = LanePlan {
            name_lines: vec!["Lane".into()],
            color: Rgb(0, 0, 0),
            marks: vec![bar(0, 1, 300.0, 400.0), bar(1, 1, 440.0, 540.0)],
            tracks: 3,
            bins: Vec::new(),
            requests: vec![request(300.0, 1), request(440.0, 2)],
            notes: vec![None, None],
            chosen: vec![0, 1],
            skipped: Vec::new(),
            room: Vec::new(),
            stamp: 0,
            placements: labels::Placements::default(),
        };
        // The first runs right from its bar's end to 430 and turns up;
        // the second left from its bar's start to 420 and turns down.
        let placed = |index: usize, anchor: f32| Placed {
            index,
            row: 0,
            lines: vec![("A label".into(), 100.0)],
            left: anchor + 5.0,
            anchor,
            attach: anchor,
            short: false,
        };
        let side = |p: Placed, below: bool| {
            let s = Spacing { below, ..spacing() };
            let mut packer = labels::Packer::new(&plan.requests, 2, s);
            packer.take(&p);
            labels::Placement {
                placed: vec![p],
                packer,
                ..labels::Placement::default()
            }
        };
        let mut sides = Sides {
            above: side(placed(0, 430.0), false),
            below: side(placed(1, 420.0), true),
            dropped: Vec::new(),
        };
        unblock_along(&plan, &mut sides, spacing().gap / 2.0);
        assert_eq!(sides.dropped, vec![0], "{sides:?}");
        assert_eq!(sides.below.placed.len(), 1);
    }
}
