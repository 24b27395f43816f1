//! The sub-rows of a lane's marks as room for text: a label or number
//! that found no room in the label rows may stand beside its mark, further
//! along its sub-row, or in a sub-row nearby on an elbow leader, keeping
//! off the marks and the leaders that pass through.

use super::labels::{Sides, Spacing};
use super::lanes::{self, LanePlan};
use super::scene::{Mark, MarkKind};

/// The owner of a leader's strip in [`Beside::taken`] (texts are
/// `usize::MAX`, marks their index).
const STRIP: usize = usize::MAX - 1;
/// The owner of a line along a sub-row (a number's, to its mark): text
/// keeps off it, and so does another such line.
const LINE: usize = usize::MAX - 2;

/// Where else a text may stand by its mark.
#[derive(Clone, Copy)]
pub(super) enum Stack {
    /// In the sub-row above the mark, from its start (a diamond's end).
    Over,
    /// Centred over or under the mark.
    OverOrUnder,
}

/// What occupies each sub-row of a lane's marks: the marks, and the
/// leaders that pass through it on their way to labels above or below.
pub(super) struct Beside {
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
    pub(super) fn new(plan: &LanePlan, sides: &Sides, half: f32) -> Beside {
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
            let (start, end) = lanes::drawn(m, half);
            beside.taken[t].push((start, end, k));
            // A diamond is taller than a sub-row's bar: keep its
            // neighbours' text off it too.
            if m.kind == MarkKind::Diamond {
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
    pub(super) fn crossed(&self, t: usize, below: bool) -> std::ops::Range<usize> {
        if below {
            (t + 1).min(self.taken.len())..self.taken.len()
        } else {
            0..t.min(self.taken.len())
        }
    }

    /// What is in sub-row `t` and reaches into the ones beside it.
    pub(super) fn spill_over(&mut self, t: usize, span: (f32, f32, usize)) {
        for n in [t.wrapping_sub(1), t + 1] {
            if let Some(row) = self.spill.get_mut(n) {
                row.push(span);
            }
        }
    }

    /// A text from `left` to `right` in sub-row `t`.
    pub(super) fn add_text(&mut self, t: usize, (left, right): (f32, f32)) {
        self.taken[t].push((left, right, usize::MAX));
        self.spill_over(t, (left, right, usize::MAX));
    }

    /// Whether a text from `a` to `b` in sub-row `t` keeps `gap` clear of
    /// everything there but mark `own`.
    pub(super) fn text_free(&self, t: usize, (a, b): (f32, f32), gap: f32, own: usize) -> bool {
        self.taken[t]
            .iter()
            .chain(&self.spill[t])
            .all(|&(x0, x1, k)| x1 + gap <= a || b + gap <= x0 || k == own)
    }

    pub(super) fn add_strip(&mut self, t: usize, x: f32, below: bool) {
        let half = self.half;
        for k in self.crossed(t, below) {
            self.taken[k].push((x - half, x + half, STRIP));
        }
    }

    /// The leader from mark `m` at `x`, up (or down) through the sub-rows:
    /// along the mark's own sub-row first when `x` is beside the mark.
    pub(super) fn add_leader(&mut self, m: &Mark, x: f32, below: bool) {
        let t = m.y0 as usize;
        self.add_strip(t, x, below);
        if let Some((a, b)) = along(m, x, self.half) {
            self.taken[t].push((a, b, LINE));
        }
    }

    /// Whether a leader from mark `m` (index `own`) at `x` passes the
    /// sub-rows on its way, and its own sub-row when `x` is beside it.
    pub(super) fn leader_way_free(&self, m: &Mark, own: usize, x: f32, below: bool) -> bool {
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
    pub(super) fn leader_free(&self, t: usize, x: f32, below: bool) -> bool {
        let (a, b) = (x - self.half, x + self.half);
        self.crossed(t, below)
            .all(|k| self.taken[k].iter().all(|&(x0, x1, _)| x1 <= a || b <= x0))
    }

    /// A label `width` wide by the mark of request `i`: right of it, left
    /// of it, or right over it. Returns the left edge and the sub-row.
    pub(super) fn place(
        &mut self,
        plan: &LanePlan,
        i: usize,
        width: f32,
        s: Spacing,
    ) -> Option<(f32, usize)> {
        self.place_near(plan, i, width, s, Stack::Over)
    }

    /// A label `width` wide in a sub-row near its mark's (up to
    /// [`ELBOW_TRACKS`] away), left or right of the mark and up to
    /// `s.reach` from it, joined by an elbow leader: from the mark's near
    /// end straight to the label's sub-row, then along it. The leader
    /// crosses no text, mark or other leader. Returns the label's left
    /// edge, its sub-row, and the x where the leader leaves the mark.
    pub(super) fn place_elbow(
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
    pub(super) fn place_far(
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
    pub(super) fn place_near(
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
                let start = if m.kind == MarkKind::Diamond {
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
pub(super) fn along(m: &Mark, x: f32, half: f32) -> Option<(f32, f32)> {
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
