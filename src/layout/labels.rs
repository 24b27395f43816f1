//! Label placement within one lane: rows on one side of the marks, leader
//! lines from the marks to the labels, wrapping, shortening, and a repair
//! pass that moves placed labels to make room for the ones left over.
//!
//! Rows are numbered from the marks outwards. A label in row k reserves its
//! box in row k (and the rows after it when wrapped) and a thin strip for
//! its leader in every row between it and the marks, so that no label is
//! drawn across another's leader and no two leaders cross. A label may
//! stand beside its anchor (the leader meets its end) or over it (the
//! leader meets its underside) anywhere along its width; when neither
//! fits, it may stand up to [`Spacing::reach`] away, and its leader bends:
//! straight up from the mark, then slanting through the row under the
//! label to meet it. Each row holds disjoint intervals in a B-tree, so a
//! placement test costs O(rows * log n).

use std::collections::HashSet;

#[cfg(test)]
pub(crate) use super::rows::TEST_SPACING;
use super::rows::narrowest;
pub(crate) use super::rows::{
    LeaderRoom, Packer, Placed, Placement, Request, Room, Sides, Spacing, Way,
};

/// The requests as one side sees them, and those it may place: each
/// anchor kept to the stretch of its mark where a leader to that side
/// passes the other marks.
fn on_side<'r>(
    requests: &'r [Request],
    room: &[LeaderRoom],
    which: &[usize],
    below: bool,
) -> (std::borrow::Cow<'r, [Request]>, Vec<usize>) {
    let side = usize::from(below);
    let open = which.iter().copied().filter(|&i| room[i][side].is_some());
    let moved = |i: usize| {
        room[i][side].as_ref().is_some_and(|w| {
            (w.x, w.reach) != (requests[i].x, requests[i].reach) || !w.also.is_empty()
        })
    };
    if !which.iter().any(|&i| moved(i)) {
        return (std::borrow::Cow::Borrowed(requests), open.collect());
    }
    let mut own = requests.to_vec();
    for &i in which {
        if let Some(w) = &room[i][side] {
            (own[i].x, own[i].reach, own[i].also) = (w.x, w.reach, w.also.clone());
        }
    }
    (std::borrow::Cow::Owned(own), open.collect())
}

/// Places labels above the marks in `above` rows, then what did not fit
/// below them in `below` rows; a label goes only where its leader passes
/// the other marks (`room`). A side placed before with the same rows and
/// labels is taken from `known`.
pub(crate) fn place_both(
    requests: &[Request],
    room: &[LeaderRoom],
    (above, below): (usize, usize),
    s: Spacing,
    known: &Placements,
) -> Sides {
    let all: Vec<usize> = (0..requests.len()).collect();
    let mut up = known.side(false, above, &all, s, || {
        let (up_requests, up_which) = on_side(requests, room, &all, false);
        place_subset(&up_requests, &up_which, above, s)
    });
    let mut left_over = std::mem::take(&mut up.dropped);
    left_over.extend(all.iter().filter(|&&i| room[i][0].is_none()));
    left_over.sort_unstable();
    if below == 0 || left_over.is_empty() {
        return Sides {
            above: up,
            below: Placement {
                packer: Packer::new(requests, 0, s),
                allotted: below,
                ..Placement::default()
            },
            dropped: left_over,
        };
    }
    let s = Spacing { below: true, ..s };
    let mut down = known.side(true, below, &left_over, s, || {
        let (down_requests, down_which) = on_side(requests, room, &left_over, true);
        place_subset(&down_requests, &down_which, below, s)
    });
    let mut dropped = std::mem::take(&mut down.dropped);
    dropped.extend(left_over.iter().filter(|&&i| room[i][1].is_none()));
    dropped.sort_unstable();
    Sides {
        above: up,
        below: down,
        dropped,
    }
}

/// The sides of a lane placed so far: by side, rows, the labels asked for
/// and the spacing. Fits of a lane with other counts of rows share many:
/// three rows split two above and one below, four two and two.
#[derive(Default)]
pub(crate) struct Placements(std::cell::RefCell<std::collections::HashMap<SideKey, Placement>>);

/// A side (below or not), its rows, the labels asked for and the
/// spacing's bits.
type SideKey = (bool, usize, Vec<usize>, [u32; 5]);

impl Placements {
    /// Side `below`'s placement of `which` in `rows` rows: known, or
    /// worked out by `place`.
    fn side(
        &self,
        below: bool,
        rows: usize,
        which: &[usize],
        s: Spacing,
        place: impl FnOnce() -> Placement,
    ) -> Placement {
        let spacing = [s.pad, s.gap, s.left, s.right, s.reach].map(f32::to_bits);
        let key = (below, rows, which.to_vec(), spacing);
        if let Some(p) = self.0.borrow().get(&key) {
            return p.clone();
        }
        let p = place();
        self.0.borrow_mut().insert(key, p.clone());
        p
    }
}

/// A plan is cloned to be changed: its copy starts with nothing known.
impl Clone for Placements {
    fn clone(&self) -> Placements {
        Placements::default()
    }
}

/// Places labels in at most `max_rows` rows.
///
/// Two orders are tried and the better kept (most important labels placed
/// first, then the next tier, then the count): right to left regardless of
/// importance, which fits most labels (each later label climbs above the
/// ones to its right, its leader passing left of their text), and the same
/// within tiers of importance, which never loses an important label to a
/// minor one. Where that wraps labels, they are placed again preferring
/// one line in any row, kept if no worse and in fewer lines. A crowded lane
/// (more than [`CROWDED`] labels) is placed in blocks instead (see
/// `blocks`). Then a repair pass tries to make room for each label left
/// out by moving one placed label of no higher importance.
#[cfg(test)]
pub(crate) fn place(requests: &[Request], max_rows: usize, s: Spacing) -> Placement {
    let all: Vec<usize> = (0..requests.len()).collect();
    place_subset(requests, &all, max_rows, s)
}

fn place_subset(requests: &[Request], which: &[usize], max_rows: usize, s: Spacing) -> Placement {
    let mut by_x = which.to_vec();
    by_x.sort_by(|&a, &b| requests[b].x.total_cmp(&requests[a].x));
    let mut tiered = by_x.clone();
    tiered.sort_by(|&a, &b| requests[b].priority.cmp(&requests[a].priority));
    let score = |p: &Placement| {
        let mut tiers = [0usize; 4];
        for l in &p.placed {
            tiers[2 - usize::from(requests[l.index].priority.min(2))] += 1;
            tiers[3] += usize::from(!l.short);
        }
        tiers
    };
    // A crowded lane drops many labels whatever the order. Blocks fit the
    // most (see `blocks`); then what they leave is filled one label at a
    // time, the most important first.
    let crowded = which.len() > CROWDED;
    let (mut best, budget) = if crowded {
        let mut blocks = super::blocks::place(requests, which, max_rows, s);
        let placed: HashSet<usize> = blocks.placed.iter().map(|p| p.index).collect();
        let rest: Vec<usize> = tiered
            .iter()
            .copied()
            .filter(|i| !placed.contains(i))
            .collect();
        let packer = std::mem::take(&mut blocks.packer);
        (
            fill(requests, &rest, packer, blocks, true),
            REPAIR_BUDGET / 5,
        )
    } else {
        let mut first = place_in_order(requests, &by_x, max_rows, s, false);
        if !first.dropped.is_empty() {
            let second = place_in_order(requests, &tiered, max_rows, s, false);
            if score(&second) > score(&first) {
                first = second;
            }
        }
        // Wrapped labels where rows are free: placed again, one line
        // preferred in any row, kept if no worse and fewer lines.
        if first.placed.iter().any(|p| p.lines.len() > 1) {
            for order in [&by_x, &tiered] {
                let whole = place_in_order(requests, order, max_rows, s, true);
                if score(&whole) >= score(&first) && lines(&whole) < lines(&first) {
                    first = whole;
                }
            }
        }
        (first, REPAIR_BUDGET)
    };
    // (In a crowded lane a search costs too much for moving a more
    // important label to be worth its while.)
    repair(requests, &mut best, budget, !crowded);
    best.placed.sort_by_key(|p| p.index);
    best.allotted = max_rows;
    best.rows = best
        .placed
        .iter()
        .map(|p| p.row + p.lines.len())
        .max()
        .unwrap_or(0);
    best
}

fn place_in_order(
    requests: &[Request],
    order: &[usize],
    max_rows: usize,
    s: Spacing,
    whole: bool,
) -> Placement {
    let packer = Packer::for_order(requests, order, max_rows, s, whole);
    // (A crowded lane is placed in blocks, then filled: see `place_subset`.)
    fill(requests, order, packer, Placement::default(), false)
}

/// The lines of text placed.
fn lines(p: &Placement) -> usize {
    p.placed.iter().map(|l| l.lines.len()).sum()
}

/// Places the requests of `order` one by one into what `packer` has left.
fn fill(
    requests: &[Request],
    order: &[usize],
    mut packer: Packer,
    mut out: Placement,
    crowded: bool,
) -> Placement {
    // In a crowded lane most labels find no room: those that fit in no
    // free stretch near their anchor are not searched for, and after
    // `FILL_MISSES` searches that found nothing none are (past the
    // blocks, about one search in a hundred finds a spot).
    let mut misses = 0;
    packer.steps_only = crowded;
    let room = crowded.then(|| {
        let least = order
            .iter()
            .map(|&i| narrowest(&requests[i]))
            .fold(f32::INFINITY, f32::min);
        Room::new(&packer, least)
    });
    for &i in order {
        let r = &requests[i];
        if room
            .as_ref()
            .is_some_and(|room| misses >= FILL_MISSES || !room.may_fit(r.span(), narrowest(r)))
        {
            packer.settle(requests[i].x);
            out.dropped.push(i);
            continue;
        }
        if let Some(p) = packer.place(requests, i) {
            out.placed.push(p);
        } else {
            // In a crowded lane a label that found no spot no longer has
            // its anchor kept clear: sparing the hundreds left over would
            // cost the labels that can still be placed. (In a lane with
            // room, it stays clear for the label's number.)
            if crowded {
                packer.settle(requests[i].x);
                misses += 1;
            }
            out.dropped.push(i);
        }
    }
    out.packer = packer;
    out
}

/// Searches that found nothing after which a crowded lane's fill stops.
const FILL_MISSES: usize = 150;

/// Requests past which a lane counts as crowded (see `place_subset`).
pub(crate) const CROWDED: usize = 80;

/// Labels a repair looks at around a dropped one.
const REPAIR_NEIGHBOURS: usize = 6;
/// Repairs tried in one placement: bounds the time on dense lanes.
const REPAIR_BUDGET: usize = 120;

/// For each dropped label, most important first: take away one placed
/// label near it, place the dropped one, and place the other again; keep
/// the change when both fit. Where `lift`, a label more important than the
/// dropped one whose text lies over its anchors may move too, keeping its
/// text and lines (to another row).
fn repair(requests: &[Request], p: &mut Placement, mut budget: usize, lift: bool) {
    if p.dropped.is_empty() || !p.packer.has_rows() {
        return;
    }
    let mut dropped = std::mem::take(&mut p.dropped);
    dropped.sort_by(|&a, &b| requests[b].priority.cmp(&requests[a].priority));
    let mut still = Vec::new();
    for d in dropped {
        let r = &requests[d];
        // The nearest of no higher importance, then the nearest of more
        // whose text lies over the dropped one's anchors (in the way of its
        // leader).
        let (x, reach) = r.span();
        let over = |l: &Placed| l.left <= x + reach && x <= l.left + l.width();
        let nearest = |more: bool| {
            let mut near: Vec<usize> = (0..p.placed.len())
                .filter(|&k| {
                    let l = &p.placed[k];
                    let higher = requests[l.index].priority > r.priority;
                    if more { higher && over(l) } else { !higher }
                })
                .collect();
            near.sort_by(|&a, &b| {
                let da = (p.placed[a].anchor - r.x).abs();
                let db = (p.placed[b].anchor - r.x).abs();
                da.total_cmp(&db)
            });
            near.truncate(REPAIR_NEIGHBOURS);
            near
        };
        let mut near = nearest(false);
        if lift {
            near.extend(nearest(true));
        }
        let mut done = false;
        let window = p.packer.window(r);
        for k in near {
            if budget == 0 {
                break;
            }
            // Taking away a label clear of the dropped one's window leaves
            // it as little room as before.
            if !p.packer.meets(&p.placed[k], window) {
                continue;
            }
            budget -= 1;
            let old = p.placed[k].clone();
            p.packer.release(old.index);
            p.packer.unsettle(requests[old.index].x);
            // A more important label moves only where it keeps its text
            // and lines.
            let keeps = |moved: &Placed| {
                requests[old.index].priority <= r.priority
                    || (moved.lines == old.lines && moved.short == old.short)
            };
            if let Some(new) = p.packer.place(requests, d) {
                match p.packer.place(requests, old.index) {
                    Some(moved) if keeps(&moved) => {
                        p.placed[k] = moved;
                        p.placed.push(new);
                        done = true;
                        break;
                    }
                    Some(_) => {
                        p.packer.release(old.index);
                        p.packer.unsettle(requests[old.index].x);
                    }
                    None => {}
                }
                p.packer.release(d);
                p.packer.unsettle(requests[d].x);
            }
            p.packer.take(&old);
            p.packer.settle(requests[old.index].x);
        }
        if !done {
            still.push(d);
        }
    }
    p.dropped = still;
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Spacing = TEST_SPACING;
    use crate::layout::rows::test_request as req;

    #[test]
    fn labels_far_apart_share_the_first_row() {
        let p = place(&[req(10.0, 100.0, 1), req(500.0, 100.0, 1)], 5, S);
        assert_eq!(p.rows, 1);
        assert!(p.placed.iter().all(|l| l.row == 0));
    }

    #[test]
    fn crowded_labels_climb_rows_and_never_cross_a_leader() {
        let p = place(
            &[
                req(10.0, 300.0, 1),
                req(50.0, 300.0, 1),
                req(90.0, 300.0, 1),
            ],
            5,
            S,
        );
        assert_eq!(p.placed.len(), 3);
        // No label in a row covers a leader that passes through it.
        for a in &p.placed {
            for b in p.placed.iter().filter(|b| b.row > a.row) {
                let x = b.anchor;
                assert!(
                    !(a.left - 4.0 < x && x < a.left + 300.0 + 4.0),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn near_the_right_edge_a_label_goes_left() {
        let p = place(&[req(950.0, 200.0, 1)], 2, S);
        assert!(p.placed[0].left + 200.0 <= 1000.0);
        // Over or left of its anchor, with a straight leader.
        assert!(p.placed[0].left <= 950.0 && !p.placed[0].bent());
    }

    #[test]
    fn the_least_important_is_dropped_first() {
        let p = place(&[req(10.0, 600.0, 0), req(20.0, 600.0, 2)], 1, S);
        assert_eq!(p.dropped, vec![0]);
        assert_eq!(p.placed[0].index, 1);
    }

    #[test]
    fn repair_makes_room_by_moving_a_label() {
        // Greedy right-to-left puts the short label where the long one
        // needs to be; the repair moves it.
        let p = place(
            &[
                req(100.0, 880.0, 1),
                req(900.0, 60.0, 1),
                req(960.0, 30.0, 1),
            ],
            2,
            S,
        );
        assert!(p.dropped.is_empty(), "{p:?}");
    }

    #[test]
    fn repair_moves_a_more_important_label_up_a_row_whole() {
        // The important label, placed first, covers the anchor of the
        // minor one, which then finds no spot: its label would meet the
        // important one's, its leader run through it. Moved up a row, the
        // important label stays whole and on one line, and both fit.
        let requests = [req(20.0, 300.0, 2), req(30.0, 50.0, 0)];
        let mut p = Placement {
            packer: Packer::new(&requests, 2, S),
            ..Placement::default()
        };
        let first = p.packer.place(&requests, 0).expect("the first fits");
        assert_eq!(first.row, 0);
        p.placed.push(first.clone());
        assert!(p.packer.place(&requests, 1).is_none());
        p.dropped.push(1);
        repair(&requests, &mut p, REPAIR_BUDGET, true);
        assert!(p.dropped.is_empty(), "{p:?}");
        let moved = p.placed.iter().find(|l| l.index == 0).expect("placed");
        assert_eq!(
            (moved.row, &moved.lines, moved.short),
            (1, &first.lines, false)
        );
    }

    #[test]
    fn at_the_edge_a_label_over_another_anchor_goes_above_it_when_one_line_is_preferred() {
        // The rightmost label must stand left of its anchor, over the
        // other's: in the first row it would leave the other no row its
        // leader can reach; a row up, both stand on one line.
        let requests = [req(990.0, 100.0, 1), req(960.0, 100.0, 1)];
        let p = place_in_order(&requests, &[0, 1], 3, S, true);
        assert!(p.dropped.is_empty(), "{p:?}");
        let row = |i: usize| p.placed.iter().find(|l| l.index == i).map(|l| l.row);
        assert_eq!((row(0), row(1)), (Some(1), Some(0)));
    }
}
