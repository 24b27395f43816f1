//! The label rows of one side of a lane: what a label asks for, where it
//! was placed, and the packer that keeps each row's taken stretches (boxes
//! and leader strips) and finds a spot for a label among them.

use std::collections::BTreeMap;
use std::rc::Rc;

/// What a label wants: text at an anchor.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    /// The preferred anchor: the x of the mark the leader goes to.
    pub(crate) x: f32,
    /// How far right along its mark the anchor may move (a bar's length);
    /// events that start together need not share a leader.
    pub(crate) reach: f32,
    /// Further stretches of its mark (anchor, reach) where a leader may
    /// leave it, searched after the first: where marks over a long bar
    /// leave it several clear stretches.
    pub(crate) also: Rc<[(f32, f32)]>,
    /// The ways to set the label, tried in order: one line, then wrapped
    /// to two or three; each a list of (line, width).
    /// (Shared: a side's requests are copied with their anchors moved.)
    pub(crate) forms: Rc<Vec<Vec<(String, f32)>>>,
    /// The label shortened, longest first, tried only when no form fits
    /// anywhere.
    pub(crate) short: Rc<Vec<(String, f32)>>,
    /// Higher is placed first.
    pub(crate) priority: u8,
    /// The width of the note numbers at the end of the last line (counted
    /// in its width): a leader never meets the label there, between its
    /// words and their note.
    pub(crate) note: f32,
}

impl Request {
    /// From the leftmost anchor it may take, how far right they run.
    pub(crate) fn span(&self) -> (f32, f32) {
        span((self.x, self.reach), &self.also)
    }
}

/// From the leftmost anchor of a stretch and further stretches, how far
/// right they run.
fn span((x, reach): (f32, f32), also: &[(f32, f32)]) -> (f32, f32) {
    let (mut a, mut b) = (x, x + reach);
    for &(x, reach) in also {
        (a, b) = (a.min(x), b.max(x + reach));
    }
    (a, b - a)
}

/// Where a label went.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Placed {
    /// Index into the requests.
    pub(crate) index: usize,
    /// The row nearest the marks that the label occupies.
    pub(crate) row: usize,
    /// The lines drawn, top line first, with widths.
    pub(crate) lines: Vec<(String, f32)>,
    /// Left edge of the text.
    pub(crate) left: f32,
    /// The anchor chosen: where the leader meets the mark.
    pub(crate) anchor: f32,
    /// Where the leader meets the label: the anchor, or for a bent leader
    /// the nearest point of the label's near side.
    pub(crate) attach: f32,
    /// The shortened label was drawn.
    pub(crate) short: bool,
}

impl Placed {
    /// The widest line.
    pub(crate) fn width(&self) -> f32 {
        self.lines.iter().map(|l| l.1).fold(0.0, f32::max)
    }

    /// The leader bends: the label stands away from its anchor.
    pub(crate) fn bent(&self) -> bool {
        (self.attach - self.anchor).abs() > 0.01
    }
}

/// The outcome for one side of one lane.
#[derive(Clone, Debug, Default)]
pub(crate) struct Placement {
    pub(crate) placed: Vec<Placed>,
    pub(crate) dropped: Vec<usize>,
    /// Rows used (the highest occupied row + 1).
    pub(crate) rows: usize,
    /// Rows it could use.
    pub(crate) allotted: usize,
    /// What is taken, for placing more (numbered callouts) later.
    pub(crate) packer: Packer,
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

/// Where a request's leader may leave its mark on each side, above and
/// below, or `None` where every straight leader to that side would run
/// through another mark.
pub(crate) type LeaderRoom = [Option<Way>; 2];

/// Where a leader may leave its mark for one side: the stretch searched
/// first, as an anchor and how far right it may move, and the mark's other
/// clear stretches, searched after it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Way {
    pub(crate) x: f32,
    pub(crate) reach: f32,
    pub(crate) also: Rc<[(f32, f32)]>,
}

impl Way {
    /// One stretch, from `x` to `x + reach`.
    pub(crate) fn along(x: f32, reach: f32) -> Way {
        Way {
            x,
            reach,
            also: Rc::new([]),
        }
    }

    /// From its leftmost anchor, how far right its stretches run.
    pub(crate) fn span(&self) -> (f32, f32) {
        span((self.x, self.reach), &self.also)
    }
}

/// Fixed distances of the placement, in px.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Spacing {
    /// Space between the leader line and the text.
    pub(crate) pad: f32,
    /// Minimum space between two labels in a row.
    pub(crate) gap: f32,
    /// Leftmost and rightmost x a label may reach.
    pub(crate) left: f32,
    pub(crate) right: f32,
    /// How far a label may stand from its anchor, joined by a bent leader.
    pub(crate) reach: f32,
    /// The rows run down from the marks: a leader meets a label's first
    /// line, not its last.
    pub(crate) below: bool,
}

#[derive(Default, Clone, Debug)]
struct Row {
    /// start (in 1/16 px) -> end (in px): disjoint intervals.
    spans: BTreeMap<i64, f32>,
}

fn sixteenths(x: f32) -> i64 {
    (x * 16.0).floor() as i64
}

impl Row {
    fn is_free(&self, a: f32, b: f32) -> bool {
        match self.spans.range(..sixteenths(b)).next_back() {
            Some((_, &end)) => end <= a,
            None => true,
        }
    }

    /// The taken intervals that meet [a, b].
    fn taken(&self, a: f32, b: f32) -> impl Iterator<Item = (f32, f32)> + '_ {
        let first = self
            .spans
            .range(..sixteenths(a))
            .next_back()
            .map_or(i64::MIN, |(k, _)| *k);
        self.spans
            .range(first..sixteenths(b).saturating_add(1))
            .map(|(&k, &end)| (k as f32 / 16.0, end))
            .filter(move |&(_, end)| end > a)
    }
}

/// The rows of one side of a lane, and what each label took in them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Packer {
    rows: Vec<Row>,
    /// The preferred anchors of the requests not placed yet, sorted: a
    /// label box over one hides its leader from the rows beyond.
    anchors: Vec<f32>,
    s: Spacing,
    /// (row, sixteenths) of every interval each placed label took, by index.
    taken: BTreeMap<usize, Vec<(usize, i64)>>,
    /// A label on one line is preferred to one wrapped, in any row and
    /// whatever anchors it covers; an anchor it covers counts as hidden
    /// only past the rows under it (near a plot's edge a label must lie over
    /// the anchors beside its own, and is better above them).
    whole: bool,
    /// Rows from here up hold nothing (or held something since released):
    /// a spot in any of them is a spot in this one, in a lower row.
    empty_from: usize,
    /// The buffers of a search's free stretches, kept for the next.
    free: std::cell::RefCell<Free>,
    /// A search tries evenly spaced anchors alone, not the clear columns
    /// between labels (a crowded lane's: a label fitted into a column
    /// takes a spot that labels placed later would fill better; the 1,000
    /// events of the bench labelled 148 with columns tried, 153 without).
    pub(crate) steps_only: bool,
}

/// A spot found for a label: the sort key ((extra lines when one line is
/// preferred, hidden anchors), row, bent, distance, form) and the geometry.
#[derive(Clone, Copy, Debug)]
struct Spot {
    rank: ((usize, usize), usize, bool, u32, usize),
    row: usize,
    left: f32,
    anchor: f32,
    attach: f32,
}

impl Packer {
    pub(crate) fn new(requests: &[Request], max_rows: usize, s: Spacing) -> Packer {
        let mut anchors: Vec<f32> = requests.iter().map(|r| r.x).collect();
        anchors.sort_by(f32::total_cmp);
        Packer {
            rows: vec![Row::default(); max_rows],
            anchors,
            s,
            taken: BTreeMap::new(),
            whole: false,
            empty_from: 0,
            free: std::cell::RefCell::default(),
            steps_only: false,
        }
    }

    /// A packer for the requests in `order` alone, preferring a label on
    /// one line to one wrapped where `whole`.
    pub(super) fn for_order(
        requests: &[Request],
        order: &[usize],
        max_rows: usize,
        s: Spacing,
        whole: bool,
    ) -> Packer {
        let mut anchors: Vec<f32> = order.iter().map(|&i| requests[i].x).collect();
        anchors.sort_by(f32::total_cmp);
        Packer {
            anchors,
            whole,
            ..Packer::new(&[], max_rows, s)
        }
    }

    /// Whether it has any rows at all.
    pub(super) fn has_rows(&self) -> bool {
        !self.rows.is_empty()
    }

    fn covered(&self, a: f32, b: f32) -> usize {
        self.anchors.partition_point(|&x| x < b) - self.anchors.partition_point(|&x| x <= a)
    }

    /// The first row whose leader strip at `x` is taken (or the row count).
    fn blocked_at(&self, x: f32) -> usize {
        let half = self.s.gap / 2.0;
        (0..self.rows.len())
            .find(|&k| !self.rows[k].is_free(x - half, x + half))
            .unwrap_or(self.rows.len())
    }

    /// The best spot for one form of a label with anchor `x`, in `row`.
    /// `free` holds the free stretches of each row from `row` on, around
    /// `x` (see `Free`).
    fn spot(
        &self,
        x: f32,
        (lines, note): (&[(String, f32)], f32),
        row: usize,
        blocked: usize,
        free: &mut Free,
    ) -> Option<Spot> {
        let s = self.s;
        let half = s.gap / 2.0;
        let width = lines.iter().map(|l| l.1).fold(0.0, f32::max);
        let height = lines.len();
        if row + height > self.rows.len() || width > s.right - s.left {
            return None;
        }
        let span = width + s.reach + s.pad + s.gap;
        let (lo_window, hi_window) = (x - span, x + span);
        let gaps = free
            .spans(&self.rows, row..row + height)
            .iter()
            .map(|&(g0, g1)| (g0.max(lo_window), g1.min(hi_window)))
            .filter(|(g0, g1)| g0 < g1);
        let mut best: Option<Spot> = None;
        let mut offer = |left: f32, attach: f32, bent: bool| {
            let (a, b) = (left.min(x) - half, (left + width).max(x) + half);
            // Its own anchor is always under it. Where one line is
            // preferred, an anchor under a label in row k keeps the k rows
            // under it: only the anchors past those count.
            let hidden = self.covered(a, b).saturating_sub(1);
            let hidden = if self.whole {
                hidden.saturating_sub(row)
            } else {
                hidden
            };
            let distance = (attach - x).abs().round() as u32;
            // The highest row taken counts: a label wrapped to two lines
            // in row k costs as much room as one line in row k + 1.
            let extra = if self.whole { height - 1 } else { 0 };
            let rank = ((extra, hidden), row + height - 1, bent, distance, 0);
            if best.is_none_or(|b| rank < b.rank) {
                best = Some(Spot {
                    rank,
                    row,
                    left,
                    anchor: x,
                    attach,
                });
            }
        };
        // The line the leader meets, and where its words end.
        let (meets, last) = if s.below {
            (&lines[0], lines.len() == 1)
        } else {
            (&lines[lines.len() - 1], true)
        };
        let words = meets.1 - if last { note } else { 0.0 };
        let (lo_bound, hi_bound) = (s.left, s.right - width);
        for (g0, g1) in gaps {
            let lo = (g0 + half).max(lo_bound);
            let hi = (g1 - half - width).min(hi_bound);
            if hi < lo {
                continue;
            }
            if row <= blocked && g0 <= x - half && x + half <= g1 {
                // Straight leader: the label beside or over the anchor,
                // preferably starting just right of it.
                let (a, b) = ((x - s.pad - width).max(lo), (x + s.pad).min(hi));
                // The leader meets the words of its line from under (or
                // over) them, or the label's end from beside it.
                // Each way that fits is offered: the label starting just
                // right of the anchor, ending over it, or beside it; the
                // rank prefers the one that hides no other anchor.
                let meets_words = |left: f32| x - left <= words || x - left >= width + s.pad;
                let mut straight = false;
                for left in [b, x - words, x - width - s.pad] {
                    if a <= left && left <= b && meets_words(left) {
                        offer(left, x, false);
                        straight = true;
                    }
                }
                if straight {
                    continue;
                }
            }
            // Bent leader: up to the row under the label, then across.
            if row == 0 || row > blocked + 1 {
                continue;
            }
            let inset = (2.0 * s.pad).min(width / 2.0);
            let left = if g1 <= x { hi } else { lo };
            let attach = x
                .max(left + inset)
                .min(left + words.max(2.0 * inset) - inset);
            if (attach - x).abs() > s.reach {
                continue;
            }
            let (sa, sb) = (x.min(attach) - half, x.max(attach) + half);
            if self.rows[row - 1].is_free(sa, sb) {
                offer(left, attach, true);
            }
        }
        best
    }

    /// The stretch of the rows a search for request `r` looks at, with any
    /// of its forms (whole or shortened).
    pub(crate) fn window(&self, r: &Request) -> (f32, f32) {
        let widest = r.forms.iter().flatten().chain(r.short.iter()).map(|l| l.1);
        self.window_of(r, widest.fold(0.0, f32::max))
    }

    fn window_of(&self, r: &Request, widest: f32) -> (f32, f32) {
        let span = widest + self.s.reach + self.s.pad + self.s.gap;
        let (x, reach) = r.span();
        (x - span, x + reach + span)
    }

    /// Whether anything placed label `p` took lies in `window`.
    pub(crate) fn meets(&self, p: &Placed, (lo, hi): (f32, f32)) -> bool {
        let half = self.s.gap / 2.0;
        let a = p.left.min(p.anchor).min(p.attach) - half;
        let b = (p.left + p.width()).max(p.anchor).max(p.attach) + half;
        a <= hi && lo <= b
    }

    /// Finds the best spot for request `r` among its forms and anchors.
    fn search(&self, r: &Request, forms: &[Vec<(String, f32)>]) -> Option<(Spot, usize)> {
        let mut best: Option<(Spot, usize)> = None;
        let widest = forms.iter().flatten().map(|l| l.1).fold(0.0, f32::max);
        // One window for every step: the rows are read once.
        let mut free = self.free.borrow_mut();
        let (lo, hi) = self.window_of(r, widest);
        free.reset(lo, hi);
        let mut anchors = std::mem::take(&mut free.anchors);
        self.anchors_along(r, &mut free, &mut anchors);
        for &(x, step) in &anchors {
            let blocked = self.blocked_at(x);
            // (Past the first empty row, every row offers what it does;
            // but where hidden anchors count by row, a higher one hides
            // fewer.)
            let top = if self.whole {
                self.rows.len()
            } else {
                self.empty_from + 1
            };
            for row in 0..self.rows.len().min(blocked + 2).min(top) {
                if best.is_some_and(|(b, _)| b.rank.0 == (0, 0) && b.rank.1 < row) {
                    break;
                }
                for (form, lines) in forms.iter().enumerate() {
                    // The best a spot of this form here could rank: hiding
                    // no anchor, on a straight leader right at the anchor.
                    // (A spot ranking no better is not worth the look.)
                    let height = lines.len();
                    let extra = if self.whole { height - 1 } else { 0 };
                    let least = ((extra, 0), row + height - 1, false, step as u32, form);
                    if best.is_some_and(|(b, _)| b.rank <= least) {
                        continue;
                    }
                    if let Some(mut spot) = self.spot(x, (lines, r.note), row, blocked, &mut free) {
                        spot.rank.3 += step as u32;
                        spot.rank.4 = form;
                        if best.is_none_or(|(b, _)| spot.rank < b.rank) {
                            best = Some((spot, form));
                        }
                    }
                }
            }
            // One line in the first row, hiding no anchor, on a straight
            // leader: no later step, further along, does better.
            if best.is_some_and(|(b, _)| b.rank.0 == (0, 0) && b.rank.1 == 0 && !b.rank.2) {
                break;
            }
        }
        free.anchors = anchors;
        best
    }

    /// The anchors a search tries along a request's stretches, into
    /// `anchors`, each with its distance in steps: evenly spaced from the preferred anchor (up
    /// to 8 along the first stretch, 4 along each other), and the first
    /// column of each stretch of the first row left free for a leader (the
    /// steps may all fall on labels placed over the mark, with a clear
    /// column between them).
    fn anchors_along(&self, r: &Request, free: &mut Free, anchors: &mut Vec<(f32, usize)>) {
        let half = self.s.gap / 2.0;
        anchors.clear();
        let mut passed = 0;
        let stretches = std::iter::once((r.x, r.reach)).chain(r.also.iter().copied());
        for (k, (x, reach)) in stretches.enumerate() {
            let most = if k == 0 { 8 } else { 4 };
            let steps = ((reach / (2.0 * self.s.gap)) as usize).clamp(1, most);
            let step = reach / steps as f32;
            let first = anchors.len();
            anchors.extend((0..steps).map(|n| (x + step * n as f32, passed + n)));
            if reach > 0.0 && !self.rows.is_empty() && !self.steps_only {
                for &(g0, g1) in free.spans(&self.rows, 0..1) {
                    let column = (g0 + half).max(x);
                    if column > x + reach || column + half > g1 {
                        continue;
                    }
                    // Not where a step already stands in the same stretch.
                    if anchors[first..]
                        .iter()
                        .any(|&(a, _)| g0 + half <= a && a + half <= g1)
                    {
                        continue;
                    }
                    anchors.push((column, passed + ((column - x) / step).ceil() as usize));
                }
            }
            passed += steps;
        }
    }

    /// Places request `index` if it fits anywhere.
    pub(crate) fn place(&mut self, requests: &[Request], index: usize) -> Option<Placed> {
        let r = &requests[index];
        let (spot, lines, is_short) = if let Some((spot, form)) = self.search(r, &r.forms) {
            (spot, r.forms[form].clone(), false)
        } else {
            // (Shortened forms are tried, each on one line, only when no
            // whole form fits.)
            let mut short: Vec<Vec<(String, f32)>> =
                r.short.iter().map(|s| vec![s.clone()]).collect();
            let (spot, form) = self.search(r, &short)?;
            (spot, short.swap_remove(form), true)
        };
        let placed = Placed {
            index,
            row: spot.row,
            lines,
            left: spot.left,
            anchor: spot.anchor,
            attach: spot.attach,
            short: is_short,
        };
        self.take(&placed);
        self.settle(r.x);
        Some(placed)
    }

    /// Request with anchor `x` is placed: its anchor need not stay free.
    pub(super) fn settle(&mut self, x: f32) {
        let i = self.anchors.partition_point(|&a| a < x);
        if self.anchors.get(i) == Some(&x) {
            self.anchors.remove(i);
        }
    }

    /// The anchors kept clear are those of the requests still `waiting`.
    pub(crate) fn wait_for(&mut self, waiting: impl Iterator<Item = f32>) {
        self.anchors = waiting.collect();
        self.anchors.sort_by(f32::total_cmp);
    }

    /// Request with anchor `x` is waiting again.
    pub(super) fn unsettle(&mut self, x: f32) {
        let i = self.anchors.partition_point(|&a| a < x);
        self.anchors.insert(i, x);
    }

    pub(crate) fn take(&mut self, p: &Placed) {
        let half = self.s.gap / 2.0;
        let (x, width) = (p.anchor, p.width());
        let mut keys = Vec::new();
        let mut put = |rows: &mut Vec<Row>, k: usize, a: f32, b: f32| {
            rows[k].spans.insert(sixteenths(a), b);
            keys.push((k, sixteenths(a)));
        };
        self.empty_from = self.empty_from.max(p.row + p.lines.len());
        let (a, b) = if p.bent() {
            (p.left - half, p.left + width + half)
        } else {
            (p.left.min(x) - half, (p.left + width).max(x) + half)
        };
        for k in p.row..p.row + p.lines.len() {
            put(&mut self.rows, k, a, b);
        }
        let straight_rows = if p.bent() { p.row - 1 } else { p.row };
        for k in 0..straight_rows {
            put(&mut self.rows, k, x - half, x + half);
        }
        if p.bent() {
            let (a, b) = (x.min(p.attach) - half, x.max(p.attach) + half);
            put(&mut self.rows, p.row - 1, a, b);
        }
        self.taken.insert(p.index, keys);
    }

    pub(crate) fn release(&mut self, index: usize) {
        for (k, start) in self.taken.remove(&index).unwrap_or_default() {
            self.rows[k].spans.remove(&start);
        }
    }

    /// Places a small extra text (a callout number) for request `index`
    /// with anchor `x` (movable by `reach` along a bar).
    pub(crate) fn place_extra(
        &mut self,
        index: usize,
        way: &Way,
        text: (String, f32),
    ) -> Option<Placed> {
        let r = Request {
            x: way.x,
            reach: way.reach,
            also: way.also.clone(),
            forms: Rc::new(vec![vec![text]]),
            short: Rc::default(),
            priority: 0,
            note: 0.0,
        };
        let (spot, _) = self.search(&r, &r.forms)?;
        let placed = Placed {
            index,
            row: spot.row,
            lines: r.forms[0].clone(),
            left: spot.left,
            anchor: spot.anchor,
            attach: spot.attach,
            short: false,
        };
        self.take(&placed);
        Some(placed)
    }
}

/// The free stretches of the rows around one anchor's range, each row
/// read from the packer once: a search asks for them once per anchor step
/// and form. Its buffers are kept from search to search.
#[derive(Clone, Debug, Default)]
struct Free {
    a: f32,
    b: f32,
    /// Row `k`'s free stretches within the window, once read.
    rows: Vec<(bool, Vec<(f32, f32)>)>,
    /// The stretches free in rows `k..k + h` over the whole window, at
    /// `k * SPAN_HEIGHTS + h`, once worked out: asked for again at every
    /// anchor step.
    spans: Vec<(bool, Vec<(f32, f32)>)>,
    /// A buffer for intersecting stretches.
    next: Vec<(f32, f32)>,
    /// The anchors a search tries, with their distances in steps.
    anchors: Vec<(f32, usize)>,
}

impl Free {
    /// The window from `a` to `b`, nothing read yet.
    fn reset(&mut self, a: f32, b: f32) {
        (self.a, self.b) = (a, b);
        for row in &mut self.rows {
            row.0 = false;
        }
        for spans in &mut self.spans {
            spans.0 = false;
        }
    }

    /// The stretches free in every row of `range` over the whole window.
    fn spans(&mut self, rows: &[Row], range: std::ops::Range<usize>) -> &[(f32, f32)] {
        debug_assert!(
            range.len() < SPAN_HEIGHTS,
            "a label of {} lines",
            range.len()
        );
        let key = range.start * SPAN_HEIGHTS + range.len();
        if self.spans.len() <= key {
            self.spans.resize_with(key + 1, Default::default);
        }
        if !self.spans[key].0 {
            let mut out = std::mem::take(&mut self.spans[key].1);
            self.within(rows, range, &mut out);
            self.spans[key] = (true, out);
        }
        &self.spans[key].1
    }

    /// Reads row `k`'s free stretches within the window.
    fn read_row(&mut self, rows: &[Row], k: usize) {
        if self.rows.len() <= k {
            self.rows.resize_with(k + 1, Default::default);
        }
        if self.rows[k].0 {
            return;
        }
        let (a, b) = (self.a, self.b);
        let out = &mut self.rows[k].1;
        out.clear();
        let mut x = a;
        for (start, end) in rows[k].taken(a, b) {
            if start > x {
                out.push((x, start.min(b)));
            }
            x = x.max(end);
            if x >= b {
                break;
            }
        }
        if x < b {
            out.push((x, b));
        }
        self.rows[k].0 = true;
    }

    /// The stretches free in every row of `range` over the window, into
    /// `out`.
    fn within(&mut self, rows: &[Row], range: std::ops::Range<usize>, out: &mut Vec<(f32, f32)>) {
        out.clear();
        out.push((self.a, self.b));
        for k in range {
            self.read_row(rows, k);
            let row = &self.rows[k].1;
            let next = &mut self.next;
            next.clear();
            let (mut i, mut j) = (0, 0);
            while i < out.len() && j < row.len() {
                let (lo, hi) = (out[i].0.max(row[j].0), out[i].1.min(row[j].1));
                if lo < hi {
                    next.push((lo, hi));
                }
                if out[i].1 < row[j].1 {
                    i += 1;
                } else {
                    j += 1;
                }
            }
            std::mem::swap(out, next);
        }
    }
}

/// Label heights (in rows) whose free stretches [`Free`] keeps apart: a
/// label has at most three lines.
const SPAN_HEIGHTS: usize = 4;

/// The free stretches of each row long enough for a text of some width.
/// Placing labels only shrinks them, so a text that fits in none near its
/// anchor would find no spot in a search either.
pub(crate) struct Room {
    rows: Vec<Vec<(f32, f32)>>,
    s: Spacing,
}

impl Room {
    /// The stretches of `packer`'s rows that hold a text `least` wide.
    pub(crate) fn new(packer: &Packer, least: f32) -> Room {
        let s = packer.s;
        let mut free = Free::default();
        free.reset(s.left - s.gap, s.right + s.gap);
        let rows = (0..packer.rows.len())
            .map(|k| {
                free.read_row(&packer.rows, k);
                free.rows[k]
                    .1
                    .iter()
                    .copied()
                    .filter(|(a, b)| b - a >= least + s.gap)
                    .collect()
            })
            .collect();
        Room { rows, s }
    }

    /// Whether a text `width` wide, for an anchor at `x` (movable by
    /// `reach`), may fit somewhere.
    pub(crate) fn may_fit(&self, (x, reach): (f32, f32), width: f32) -> bool {
        let s = self.s;
        let (a, b) = (
            x - s.reach - width - s.gap,
            x + reach + s.reach + width + s.gap,
        );
        self.rows
            .iter()
            .flatten()
            .any(|&(g0, g1)| g1 - g0 >= width + s.gap && g1 > a && g0 < b)
    }
}

/// The width of a request's narrowest form, shortened ones included.
pub(super) fn narrowest(r: &Request) -> f32 {
    r.forms
        .iter()
        .map(|lines| lines.iter().map(|l| l.1).fold(0.0, f32::max))
        .chain(r.short.iter().map(|l| l.1))
        .fold(f32::INFINITY, f32::min)
}

/// Distances for the placement's unit tests: a row 1,000 px wide.
#[cfg(test)]
pub(crate) const TEST_SPACING: Spacing = Spacing {
    pad: 4.0,
    gap: 8.0,
    left: 0.0,
    right: 1000.0,
    reach: 200.0,
    below: false,
};

/// A request of the placement's unit tests: one line `width` wide at `x`.
#[cfg(test)]
pub(crate) fn test_request(x: f32, width: f32, priority: u8) -> Request {
    Request {
        x,
        reach: 0.0,
        also: Rc::new([]),
        forms: Rc::new(vec![vec![("label".into(), width)]]),
        short: Rc::default(),
        priority,
        note: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Spacing = TEST_SPACING;
    use super::test_request as req;

    #[test]
    fn a_label_stands_aside_with_a_bent_leader_when_its_column_is_taken() {
        // Row 0 leaves too narrow a gap around the anchor at 1000; row 1
        // is taken over it; left of that, row 1 is free and the way there
        // through row 0 is clear.
        let s = Spacing { right: 2000.0, ..S };
        let mut packer = Packer::new(&[], 2, s);
        packer.rows[0].spans.insert(sixteenths(700.0), 800.0);
        packer.rows[0].spans.insert(sixteenths(1010.0), 1310.0);
        packer.rows[1].spans.insert(sixteenths(900.0), 1400.0);
        packer.empty_from = 2;
        let p = packer.place(&[req(1000.0, 300.0, 1)], 0).unwrap();
        assert_eq!(p.row, 1);
        assert!(p.bent(), "{p:?}");
        assert!(p.left + 300.0 <= 900.0, "{p:?}");
        assert!((p.attach - p.anchor).abs() <= s.reach);
        // Its slant now holds row 0 between the anchor and the label.
        assert!(!packer.rows[0].is_free(p.attach, p.anchor));
    }

    #[test]
    fn a_leader_finds_the_clear_column_between_labels_over_its_bar() {
        // Labels over the whole bar but for a column 10 px wide at 300:
        // every evenly spaced anchor falls on a label, the column does not.
        let mut packer = Packer::new(&[], 2, S);
        packer.rows[0].spans.insert(sixteenths(100.0), 300.0);
        packer.rows[0].spans.insert(sixteenths(310.0), 600.0);
        packer.empty_from = 1;
        let r = Request {
            reach: 500.0,
            ..req(100.0, 50.0, 1)
        };
        let p = packer.place(&[r], 0).expect("placed through the column");
        assert_eq!(p.row, 1);
        assert!((304.0..=306.0).contains(&p.anchor), "{p:?}");
        assert!(!p.bent());
    }

    #[test]
    fn a_label_goes_to_another_clear_stretch_of_its_mark() {
        // Its first stretch is under a label; the second is free.
        let mut packer = Packer::new(&[], 1, S);
        packer.rows[0].spans.insert(sixteenths(50.0), 300.0);
        packer.empty_from = 1;
        let r = Request {
            reach: 100.0,
            also: Rc::new([(700.0, 50.0)]),
            ..req(100.0, 50.0, 1)
        };
        let p = packer.place(&[r], 0).expect("placed on the other stretch");
        assert!((700.0..=750.0).contains(&p.anchor), "{p:?}");
        assert_eq!(p.row, 0);
    }

    #[test]
    fn a_label_meets_the_window_of_a_search_only_where_it_took_room_in_it() {
        let packer = Packer::new(&[], 2, S);
        // A label 100 px wide at 500 looks from 500 - (100 + reach + pad +
        // gap) to 500 + the same.
        let r = test_request(500.0, 100.0, 1);
        let window = packer.window(&r);
        assert_eq!(window, (500.0 - 312.0, 500.0 + 312.0));
        let placed = |left: f32, anchor: f32| Placed {
            index: 1,
            row: 0,
            lines: vec![("B".into(), 50.0)],
            left,
            anchor,
            attach: anchor,
            short: false,
        };
        assert!(!packer.meets(&placed(900.0, 900.0), window));
        assert!(!packer.meets(&placed(100.0, 130.0), window));
        // Its text, or its leader, reaching into the window.
        assert!(packer.meets(&placed(810.0, 900.0), window));
        assert!(packer.meets(&placed(100.0, 185.0), window));
    }
}
