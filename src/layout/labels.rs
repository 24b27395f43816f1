//! Label placement within one lane: rows above the marks, leader lines
//! down to the marks, then wrapping, then dropping the least important.
//!
//! Rows are numbered from the marks upwards. A label in row k reserves its
//! box in row k (and k+1 when wrapped to two lines) and a thin strip for its
//! leader line in every row below it, so that no label is drawn across
//! another's leader. Each row holds disjoint intervals in a B-tree, so a
//! placement test costs O(rows * log n).

use std::collections::BTreeMap;

/// What a label wants: text at an anchor.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    /// The preferred anchor: the x of the mark the leader goes to.
    pub(crate) x: f32,
    /// How far right along its mark the anchor may move (a bar's length);
    /// events that start together need not share a leader.
    pub(crate) reach: f32,
    /// The ways to set the label, tried in order: one line, then wrapped
    /// to two or three; each a list of (line, width).
    pub(crate) forms: Vec<Vec<(String, f32)>>,
    /// The label shortened, tried only when no form fits anywhere.
    pub(crate) short: Option<(String, f32)>,
    /// Higher is placed first.
    pub(crate) priority: u8,
}

/// Where a label went.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Placed {
    /// Index into the requests.
    pub(crate) index: usize,
    /// The lowest row the label occupies.
    pub(crate) row: usize,
    /// The lines drawn, top line first, with widths.
    pub(crate) lines: Vec<(String, f32)>,
    /// Left edge of the text.
    pub(crate) left: f32,
    /// The anchor chosen: where the leader meets the mark.
    pub(crate) anchor: f32,
    /// The shortened label was drawn.
    pub(crate) short: bool,
}

/// The outcome for one lane.
#[derive(Clone, Debug, Default)]
pub(crate) struct Placement {
    pub(crate) placed: Vec<Placed>,
    pub(crate) dropped: Vec<usize>,
    /// Rows used (the highest occupied row + 1).
    pub(crate) rows: usize,
}

/// Labels above and below a lane's marks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sides {
    /// Rows counted upwards from the marks.
    pub(crate) above: Placement,
    /// Rows counted downwards from the marks.
    pub(crate) below: Placement,
    /// Labels on neither side.
    pub(crate) dropped: Vec<usize>,
}

/// Places labels above the marks in `above` rows, then what did not fit
/// below them in `below` rows.
pub(crate) fn place_both(requests: &[Request], above: usize, below: usize, s: Spacing) -> Sides {
    let mut up = place(requests, above, s);
    let left_over = std::mem::take(&mut up.dropped);
    if below == 0 || left_over.is_empty() {
        return Sides {
            above: up,
            below: Placement::default(),
            dropped: left_over,
        };
    }
    let rest: Vec<Request> = left_over.iter().map(|&i| requests[i].clone()).collect();
    let mut down = place(&rest, below, s);
    for p in &mut down.placed {
        p.index = left_over[p.index];
    }
    let dropped = std::mem::take(&mut down.dropped)
        .into_iter()
        .map(|i| left_over[i])
        .collect();
    Sides {
        above: up,
        below: down,
        dropped,
    }
}

/// Fixed distances of the placement, in px.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spacing {
    /// Space between the leader line and the text.
    pub(crate) pad: f32,
    /// Minimum space between two labels in a row.
    pub(crate) gap: f32,
    /// Leftmost and rightmost x a label may reach.
    pub(crate) left: f32,
    pub(crate) right: f32,
}

#[derive(Default, Clone)]
struct Row {
    /// start (in 1/16 px) -> end (in px): disjoint intervals.
    spans: BTreeMap<i64, f32>,
}

fn key(x: f32) -> i64 {
    (x * 16.0).floor() as i64
}

impl Row {
    fn is_free(&self, a: f32, b: f32) -> bool {
        match self.spans.range(..key(b)).next_back() {
            Some((_, &end)) => end <= a,
            None => true,
        }
    }

    fn take(&mut self, a: f32, b: f32) {
        self.spans.insert(key(a), b);
    }
}

/// Places labels in at most `max_rows` rows.
///
/// Two orders are tried and the better kept (most important labels placed
/// first, then the next tier, then the count): right to left regardless of
/// importance, which fits most labels (each later label climbs above the
/// ones to its right, its leader passing left of their text), and the same
/// within tiers of importance, which never loses an important label to a
/// minor one.
pub(crate) fn place(requests: &[Request], max_rows: usize, s: Spacing) -> Placement {
    let mut by_x: Vec<usize> = (0..requests.len()).collect();
    by_x.sort_by(|&a, &b| requests[b].x.total_cmp(&requests[a].x));
    let mut tiered = by_x.clone();
    tiered.sort_by(|&a, &b| requests[b].priority.cmp(&requests[a].priority));
    let score = |p: &Placement| {
        let mut tiers = [0usize; 3];
        for l in &p.placed {
            tiers[2 - usize::from(requests[l.index].priority.min(2))] += 1;
        }
        tiers
    };
    let first = place_in_order(requests, &by_x, max_rows, s);
    if first.dropped.is_empty() {
        return first;
    }
    let second = place_in_order(requests, &tiered, max_rows, s);
    if score(&second) > score(&first) {
        second
    } else {
        first
    }
}

fn place_in_order(requests: &[Request], order: &[usize], max_rows: usize, s: Spacing) -> Placement {
    let mut rows: Vec<Row> = vec![Row::default(); max_rows];
    let mut out = Placement::default();
    let mut anchors: Vec<f32> = requests.iter().map(|r| r.x).collect();
    anchors.sort_by(f32::total_cmp);
    // How many anchors a box would hide from the rows above it.
    let covered =
        |a: f32, b: f32| anchors.partition_point(|&x| x < b) - anchors.partition_point(|&x| x <= a);
    let (half, pad) = (s.gap / 2.0, s.pad);
    for &i in order {
        let r = &requests[i];
        // The best spot: hiding the fewest other anchors, then the lowest
        // row, then the anchor nearest the mark's start, then one line
        // rather than several.
        let search = |forms: &[Vec<(String, f32)>]| {
            let mut best: Option<(usize, usize, usize, usize, f32, f32)> = None;
            let steps = ((r.reach / (2.0 * s.gap)) as usize).clamp(1, 8);
            for step in 0..steps {
                let x = r.x + r.reach * step as f32 / steps as f32;
                for (form, lines) in forms.iter().enumerate() {
                    let width = lines.iter().map(|l| l.1).fold(0.0, f32::max);
                    let height = lines.len();
                    let mut lefts = Vec::with_capacity(2);
                    if x + pad + width <= s.right {
                        lefts.push(x + pad);
                    }
                    if x - pad - width >= s.left {
                        lefts.push(x - pad - width);
                    }
                    for row in 0..max_rows.saturating_sub(height - 1) {
                        if best.is_some_and(|b| b.0 == 0 && (b.1, b.2) <= (row, step)) {
                            break;
                        }
                        // The leader must pass every row below.
                        if !(0..row).all(|k| rows[k].is_free(x - half, x + half)) {
                            break;
                        }
                        for &left in &lefts {
                            let a = left.min(x) - half;
                            let b = (left + width).max(x) + half;
                            if (row..row + height).all(|k| rows[k].is_free(a, b)) {
                                let hidden = covered(a, b).saturating_sub(1);
                                let key = (hidden, row, step, form);
                                if best.is_none_or(|b| key < (b.0, b.1, b.2, b.3)) {
                                    best = Some((hidden, row, step, form, left, x));
                                }
                            }
                        }
                    }
                }
            }
            best
        };
        let short: Vec<Vec<(String, f32)>> = r.short.iter().map(|s| vec![s.clone()]).collect();
        let (best, forms, is_short) = match search(&r.forms) {
            Some(found) => (Some(found), &r.forms, false),
            None => (search(&short), &short, true),
        };
        match best {
            Some((_, row, _, form, left, x)) => {
                let lines = &forms[form];
                let width = lines.iter().map(|l| l.1).fold(0.0, f32::max);
                let a = left.min(x) - half;
                let b = (left + width).max(x) + half;
                for r in rows.iter_mut().skip(row).take(lines.len()) {
                    r.take(a, b);
                }
                for r in rows.iter_mut().take(row) {
                    r.take(x - half, x + half);
                }
                out.rows = out.rows.max(row + lines.len());
                out.placed.push(Placed {
                    index: i,
                    row,
                    lines: lines.clone(),
                    left,
                    anchor: x,
                    short: is_short,
                });
            }
            None => out.dropped.push(i),
        }
    }
    out.placed.sort_by_key(|p| p.index);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Spacing = Spacing {
        pad: 4.0,
        gap: 8.0,
        left: 0.0,
        right: 1000.0,
    };

    fn req(x: f32, width: f32, priority: u8) -> Request {
        Request {
            x,
            reach: 0.0,
            forms: vec![vec![("label".into(), width)]],
            short: None,
            priority,
        }
    }

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
        assert_eq!(p.rows, 3);
        // The label in the lowest row cannot cover the leaders of the others.
        let low = p.placed.iter().find(|l| l.row == 0).unwrap();
        for other in p.placed.iter().filter(|l| l.row > 0) {
            let x = [10.0, 50.0, 90.0][other.index];
            assert!(!(low.left - 4.0 < x && x < low.left + 300.0 + 4.0));
        }
    }

    #[test]
    fn near_the_right_edge_a_label_goes_left() {
        let p = place(&[req(950.0, 200.0, 1)], 2, S);
        assert!((p.placed[0].left - (950.0 - 4.0 - 200.0)).abs() < 1e-3);
    }

    #[test]
    fn the_least_important_is_dropped_first() {
        let p = place(&[req(10.0, 300.0, 0), req(20.0, 300.0, 2)], 1, S);
        assert_eq!(p.dropped, vec![0]);
        assert_eq!(p.placed[0].index, 1);
    }
}
