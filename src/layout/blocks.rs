//! Labels of a crowded lane (more than `labels::CROWDED` to place, as in a
//! density strip), placed left to right in blocks.
//!
//! With straight leaders, a label in row k costs its text in row k and a
//! strip for its leader in every row under it. Scattered, those strips cut
//! the near rows into gaps narrower than any text, which is what limits a
//! label-by-label greedy on a crowded lane. A block keeps them together:
//! its labels descend to the right, one per row, each leader a gap right of
//! the one above; all end before the block's right edge, so the texts get
//! shorter towards the marks, and the block is nearly a rectangle of text
//! with a triangle of leaders under its left side.
//!
//! Each row's state is its frontier: everything right of it is free. A
//! label in row k needs its leader clear of every row under it, so what
//! matters is the frontier's running maximum from the marks outwards; a
//! block's cost is how far it moves that profile, summed over the rows.
//! Blocks are tried for a few tops and right edges, and the one placing
//! the most labels for its cost is kept, until no label fits.

use std::cmp::Reverse;

use super::rows::{Packer, Placed, Placement, Request, Spacing};

/// Places labels of `which` in `max_rows` rows as blocks. The packer of
/// the result holds every placed label, for what is placed after.
pub(crate) fn place(
    requests: &[Request],
    which: &[usize],
    max_rows: usize,
    s: Spacing,
) -> Placement {
    let mut pool = Pool::new(requests, which, s);
    let mut frontier = vec![s.left - s.gap / 2.0; max_rows];
    let mut packer = Packer::new(requests, max_rows, s);
    let mut out = Placement::default();
    while let Some(block) = best_block(&pool, &frontier, s) {
        for &Label {
            index,
            form,
            row,
            x,
        } in &block.labels
        {
            let lines = requests[index].forms[form].clone();
            let placed = Placed {
                index,
                row,
                lines,
                left: x + s.pad,
                anchor: x,
                attach: x,
                short: false,
            };
            packer.take(&placed);
            out.placed.push(placed);
            pool.used[index] = true;
        }
        frontier = block.frontier;
        pool.forget(running_max(&frontier)[0] + s.gap / 2.0);
    }
    packer.wait_for(pool.waiting());
    out.packer = packer;
    out
}

/// A label of a block: request, form, the row of its first (nearest) line
/// and the x of its leader; its text starts `pad` right of it.
#[derive(Clone, Copy, Debug)]
struct Label {
    index: usize,
    form: usize,
    row: usize,
    x: f32,
}

#[derive(Debug)]
struct Block {
    labels: Vec<Label>,
    /// The rows' frontiers after it.
    frontier: Vec<f32>,
    /// Labels per px of profile moved.
    score: f32,
}

/// The requests not placed yet, by anchor.
struct Pool<'a> {
    requests: &'a [Request],
    /// Requests whose anchor moves at most `short_reach`, sorted by x.
    short: Vec<usize>,
    short_reach: f32,
    /// The others (long bars), scanned whole.
    long: Vec<usize>,
    used: Vec<bool>,
}

impl<'a> Pool<'a> {
    fn new(requests: &'a [Request], which: &[usize], s: Spacing) -> Pool<'a> {
        let short_reach = LONG_REACH * s.gap;
        let usable = which
            .iter()
            .copied()
            .filter(|&i| !requests[i].forms.is_empty());
        let (mut short, long): (Vec<usize>, Vec<usize>) =
            usable.partition(|&i| requests[i].reach <= short_reach);
        short.sort_by(|&a, &b| requests[a].x.total_cmp(&requests[b].x));
        Pool {
            requests,
            short,
            short_reach,
            long,
            used: vec![false; requests.len()],
        }
    }

    /// The requests whose anchor can stand in [a, b], with the leftmost x
    /// there.
    fn near(&self, a: f32, b: f32) -> impl Iterator<Item = (usize, f32)> + '_ {
        let r = self.requests;
        let from = self
            .short
            .partition_point(|&i| r[i].x < a - self.short_reach);
        let to = self.short.partition_point(|&i| r[i].x <= b);
        self.short[from..to]
            .iter()
            .chain(&self.long)
            .copied()
            .filter(|&i| !self.used[i])
            .filter_map(move |i| {
                let x = a.max(r[i].x);
                (x <= b && x <= r[i].x + r[i].reach).then_some((i, x))
            })
    }

    /// The leftmost x at or right of `a` where an anchor can stand.
    fn next(&self, a: f32) -> Option<f32> {
        let r = self.requests;
        let from = self
            .short
            .partition_point(|&i| r[i].x < a - self.short_reach);
        let short = self.short[from..]
            .iter()
            .find(|&&i| !self.used[i] && r[i].x + r[i].reach >= a);
        short
            .into_iter()
            .chain(&self.long)
            .filter(|&&i| !self.used[i] && r[i].x + r[i].reach >= a)
            .map(|&i| a.max(r[i].x))
            .min_by(f32::total_cmp)
    }

    /// Drops what was placed and what can no longer stand right of `x`.
    fn forget(&mut self, x: f32) {
        let (r, used) = (self.requests, &self.used);
        let alive = |&i: &usize| !used[i] && r[i].x + r[i].reach >= x;
        self.short.retain(alive);
        self.long.retain(alive);
    }

    fn waiting(&self) -> impl Iterator<Item = f32> + '_ {
        self.short
            .iter()
            .chain(&self.long)
            .filter(|&&i| !self.used[i])
            .map(|&i| self.requests[i].x)
    }

    /// One-line widths of the requests waiting, a few spread over their
    /// range: the right edges a block tries.
    fn widths(&self) -> Vec<f32> {
        let mut w: Vec<f32> = self
            .short
            .iter()
            .chain(&self.long)
            .filter(|&&i| !self.used[i])
            .map(|&i| self.requests[i].forms[0][0].1)
            .collect();
        w.sort_by(f32::total_cmp);
        if w.is_empty() {
            return w;
        }
        (1..=EDGES)
            .map(|k| w[(w.len() - 1) * k / EDGES])
            .collect::<Vec<_>>()
    }
}

/// The running maximum of the frontiers from the marks outwards: the
/// leftmost x a leader to each row may stand.
fn running_max(frontier: &[f32]) -> Vec<f32> {
    frontier
        .iter()
        .scan(f32::MIN, |m, &f| {
            *m = m.max(f);
            Some(*m)
        })
        .collect()
}

fn best_block(pool: &Pool, frontier: &[f32], s: Spacing) -> Option<Block> {
    let rows = frontier.len();
    let profile = running_max(frontier);
    let widths = pool.widths();
    let mut best: Option<Block> = None;
    // Tops: the outermost row, and each row under a step of the profile.
    let tops = (0..rows).filter(|&t| t + 1 == rows || profile[t + 1] > profile[t] + s.gap);
    for top in tops {
        let Some(start) = pool.next(profile[top] + s.gap / 2.0) else {
            continue;
        };
        for &w in &widths {
            let edge = (start + s.pad + w + s.gap / 2.0).min(s.right + s.gap / 2.0);
            let block = fill(pool, frontier, &profile, (top, start, edge), s);
            if !block.labels.is_empty() && best.as_ref().is_none_or(|b| block.score > b.score) {
                best = Some(block);
            }
        }
    }
    best
}

/// Fills rows `top` down to 0 of a block whose texts end before `edge`.
fn fill(
    pool: &Pool,
    frontier: &[f32],
    profile: &[f32],
    (top, start, edge): (usize, f32, f32),
    s: Spacing,
) -> Block {
    let half = s.gap / 2.0;
    let mut f = frontier.to_vec();
    let mut labels: Vec<Label> = Vec::new();
    // The next row to fill, counted from the marks, plus one.
    let mut next = top + 1;
    while next > 0 {
        let r = next - 1;
        let at = (f[..=r].iter().copied().fold(f32::MIN, f32::max) + half).max(start);
        let Some(pick) = pick(pool, &labels, (r, at, edge), s) else {
            next -= 1;
            continue;
        };
        let Label { row, x, .. } = pick.label;
        for k in &mut f[..row] {
            *k = k.max(x + half);
        }
        for k in &mut f[row..=r] {
            *k = k.max(x + s.pad + pick.width + half);
        }
        labels.push(pick.label);
        next = row;
    }
    let moved: f32 = running_max(&f)
        .iter()
        .zip(profile)
        .map(|(after, before)| after - before)
        .sum();
    let score = labels.len() as f32 / moved.max(1.0);
    Block {
        labels,
        frontier: f,
        score,
    }
}

/// A label chosen for a row, and its text's width.
struct Pick {
    label: Label,
    width: f32,
}

/// The label for row `r` of a block, its leader at `at` or a little right,
/// its text ending before `edge`: one of fewest lines (its last line in row
/// `r`), then the most important, then the nearest.
fn pick(
    pool: &Pool,
    taken: &[Label],
    (r, at, edge): (usize, f32, f32),
    s: Spacing,
) -> Option<Pick> {
    // Fewest lines, most important, nearest.
    type Rank = (usize, Reverse<u8>, u32);
    let half = s.gap / 2.0;
    let mut best: Option<(Rank, Pick)> = None;
    for (i, x) in pool.near(at, at + SLACK * s.gap) {
        if taken.iter().any(|l| l.index == i) {
            continue;
        }
        let request = &pool.requests[i];
        for (form, lines) in request.forms.iter().enumerate() {
            let height = lines.len();
            let width = lines.iter().map(|l| l.1).fold(0.0, f32::max);
            let end = x + s.pad + width;
            if height > r + 1 || end + half > edge || end > s.right {
                continue;
            }
            let key = (height, Reverse(request.priority), (x - at).round() as u32);
            if best.as_ref().is_none_or(|b| key < b.0) {
                let label = Label {
                    index: i,
                    form,
                    row: r + 1 - height,
                    x,
                };
                best = Some((key, Pick { label, width }));
            }
        }
    }
    best.map(|b| b.1)
}

/// How far right of the leftmost spot, in gaps, a leader may stand to
/// reach a label of more importance or fewer lines.
const SLACK: f32 = 1.0;
/// Anchors that move more than this many gaps along their bar count as
/// long (scanned whole rather than looked up by x).
const LONG_REACH: f32 = 12.0;
/// Right edges a block tries, spread over the widths of the labels left.
const EDGES: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    const S: Spacing = super::super::rows::TEST_SPACING;

    fn req(x: f32, width: f32) -> Request {
        Request {
            x,
            reach: 20.0,
            also: std::rc::Rc::new([]),
            forms: std::rc::Rc::new(vec![vec![("label".into(), width)]]),
            short: std::rc::Rc::default(),
            priority: 1,
            note: 0.0,
        }
    }

    /// Many labels of one width everywhere: blocks fill the rows, and no
    /// text covers another's leader or text.
    #[test]
    fn blocks_fill_the_rows_without_a_crossing() {
        let requests: Vec<Request> = (0..400)
            .map(|k| req(k as f32 * 2.5, 60.0 + (k * 37 % 90) as f32))
            .collect();
        let which: Vec<usize> = (0..requests.len()).collect();
        let p = place(&requests, &which, 10, S);
        // Ten rows of 1000 px hold well over the 10 one label per row
        // and column would: about one per 110 px of row.
        assert!(p.placed.len() >= 50, "{}", p.placed.len());
        for a in &p.placed {
            let (a0, a1) = (a.anchor - 4.0, a.left + a.width() + 4.0);
            for b in p.placed.iter().filter(|b| b.index != a.index) {
                let rows_b = b.row..b.row + b.lines.len();
                let meets = |k: usize| rows_b.contains(&k) || k < b.row;
                let (b0, b1) = if rows_b.contains(&a.row) {
                    (b.anchor - 4.0, b.left + b.width() + 4.0)
                } else {
                    (b.anchor - 4.0, b.anchor + 4.0)
                };
                if (a.row..a.row + a.lines.len()).any(meets) {
                    assert!(a1 <= b0 + 0.01 || b1 <= a0 + 0.01, "{a:?}\n{b:?}");
                }
            }
        }
    }
}
