//! Down: the vertical budget. Each lane's labels get rows, the callout
//! key takes what they leave over, and a mark boxed in by its neighbours
//! may get a sub-row of its own.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::budget;
use super::geometry::{Geometry, number_width};
use super::lane_fit::{self, LaneFit};
use super::lanes::LanePlan;
use super::packed;
use super::prepare::Prepared;
use super::scene::{Mark, Text, TextRole};
use super::{callouts, size};

/// How a lane makes room for the few marks it leaves out, boxed in by
/// its others.
#[derive(Clone, Copy)]
enum Unbox {
    /// Each moves to a sub-row of its own after the lane's others: out of
    /// the crowd, where a leader or a number reaches it.
    ToTheEnd,
    /// An empty sub-row opens over and under each, for its label or its
    /// number: for marks stacked deep, where the one moved to the end
    /// walls in the one that was last, and a row on one side is taken by
    /// the label of the mark beyond it.
    OpenRow,
}

/// The lanes again, with room made (`how`) for the marks each lane leaves
/// out (a few, in a lane of marks in sub-rows); `None` when no lane has
/// such marks.
fn unbox(
    plans: &[LanePlan],
    fits: &[LaneFit],
    margin: f32,
    (how, pass): (Unbox, usize),
) -> Option<Vec<LanePlan>> {
    // The sub-rows a lane gains for each mark it moves.
    let each = match how {
        Unbox::ToTheEnd => 1,
        Unbox::OpenRow => 2,
    };
    let boxed = |plan: &LanePlan, fit: &LaneFit| {
        let n = fit.left_out.len();
        n > 0
            && n <= UNBOX
            && fit.packed.is_none()
            && plan.bins.is_empty()
            && plan.tracks + each * n <= size::MAX_TRACKS
    };
    if !plans.iter().zip(fits).any(|(p, f)| boxed(p, f)) {
        return None;
    }
    let mut out = plans.to_vec();
    let mut changed = false;
    for (plan, fit) in out.iter_mut().zip(fits) {
        if !boxed(plan, fit) {
            continue;
        }
        match how {
            Unbox::ToTheEnd => {
                for (n, &r) in fit.left_out.iter().enumerate() {
                    plan.marks[plan.chosen[r]].y0 = (plan.tracks + n) as f32;
                }
                plan.tracks += fit.left_out.len();
            }
            Unbox::OpenRow => {
                // (Only for marks walled in over and under: a mark squeezed
                // along its sub-row gains nothing from rows.)
                let mut tracks: Vec<usize> = fit
                    .left_out
                    .iter()
                    .map(|&r| plan.chosen[r])
                    .filter(|&m| walled_in(&plan.marks, m))
                    .map(|m| plan.marks[m].y0 as usize)
                    .collect();
                if tracks.is_empty() {
                    continue;
                }
                tracks.sort_unstable();
                tracks.dedup();
                // From the lowest up, so that each track is still where
                // it was when its rows open: one under it, one over it.
                for &t in tracks.iter().rev() {
                    for m in &mut plan.marks {
                        if m.y0 as usize > t {
                            m.y0 += 2.0;
                        } else if m.y0 as usize == t {
                            m.y0 += 1.0;
                        }
                    }
                }
                plan.tracks += 2 * tracks.len();
            }
        }
        changed = true;
        plan.settle_room(margin);
        // Its marks moved: its fits are another lane's. (Lane k of n is
        // stamped k, and k + n * (pass + 1) after a pass that moves it.)
        plan.stamp = plan.stamp % plans.len() + plans.len() * (pass + 1);
    }
    changed.then_some(out)
}

/// Whether mark `k` of a lane (its sub-row in `y0`) is covered along its
/// whole length by other marks both over and under it.
fn walled_in(marks: &[Mark], k: usize) -> bool {
    let m = &marks[k];
    let covered = |over: bool| {
        let mut spans: Vec<(f32, f32)> = marks
            .iter()
            .enumerate()
            .filter(|&(j, o)| j != k && if over { o.y0 < m.y0 } else { o.y0 > m.y0 })
            .map(|(_, o)| (o.x0, o.x1))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut x = m.x0;
        for (a, b) in spans {
            if a > x + 1.0 {
                break;
            }
            x = x.max(b);
        }
        x >= m.x1 - 1.0
    };
    covered(true) && covered(false)
}

/// The most marks of a lane given sub-rows of their own (see `unbox`).
const UNBOX: usize = 4;

/// The lanes' fits, the callout numbers and key, and where the axis goes.
pub(super) struct Fitted {
    pub(super) fits: Vec<LaneFit>,
    /// Event index -> callout number.
    pub(super) numbers: BTreeMap<usize, usize>,
    pub(super) legend_texts: Vec<Text>,
    /// Event indices neither labelled nor numbered.
    pub(super) left_out: Vec<usize>,
    pub(super) axis_y: f32,
}

/// The lanes' fits a layout has worked out, by lane (its stamp) and rows:
/// the key's rounds, the trials of packing and the lanes fitted again
/// after a mark is given a sub-row of its own ask for the same ones again.
#[derive(Default)]
struct Fits {
    /// With `rows` rows, as the budget's ladder asks.
    some: ByLane<Rc<LaneFit>>,
    /// With all the rows the lane may have.
    full: ByLane<Rc<LaneFit>>,
    /// Packed in at most `tracks` sub-rows, where it packs.
    packed: ByLane<Option<Rc<LaneFit>>>,
}

/// Fits by lane (its stamp) and a count of rows.
type ByLane<T> = std::cell::RefCell<std::collections::HashMap<(usize, usize), T>>;

impl Fits {
    /// The lane's fit with `rows` rows: with all the rows it may have
    /// (`full`: more splits of them tried), or on the budget's ladder; one
    /// split only in a trial.
    fn fit(&self, plan: &LanePlan, rows: usize, full: bool, g: &Geometry) -> Rc<LaneFit> {
        let cache = if full { &self.full } else { &self.some };
        let key = (plan.stamp, rows);
        if let Some(fit) = cache.borrow().get(&key) {
            return Rc::clone(fit);
        }
        let fit = Rc::new(match (g.trial, full) {
            (true, _) => lane_fit::fit_even(plan, rows, g.spacing, g.number_width),
            (false, false) => lane_fit::fit(plan, rows, g.spacing, g.number_width),
            (false, true) => lane_fit::fit_best(plan, rows, g.spacing, g.number_width),
        });
        cache.borrow_mut().insert(key, Rc::clone(&fit));
        fit
    }

    /// The lane packed in at most `tracks` sub-rows, if it packs.
    fn packed(&self, plan: &LanePlan, tracks: usize, g: &Geometry) -> Option<Rc<LaneFit>> {
        self.packed
            .borrow_mut()
            .entry((plan.stamp, tracks))
            .or_insert_with(|| {
                packed::fit_packed(plan, g.spacing, tracks, g.number_width).map(Rc::new)
            })
            .clone()
    }
}

/// Rounds of fitting before the callout key's height is taken as settled.
const KEY_ROUNDS: usize = 4;
/// The most of the canvas's height the callout key may take.
const KEY_SHARE: f32 = 0.3;

/// Down: the rows each lane's labels get and the callout key under the
/// lanes; then, where a lane leaves a few marks out, the same with those
/// marks on sub-rows of their own, kept if it leaves fewer out. Returns
/// the lanes' plans as fitted.
pub(super) fn fit(plans: Vec<LanePlan>, across: &Prepared) -> (Vec<LanePlan>, Fitted) {
    let g = &across.geometry;
    let cache = Fits::default();
    let fitted = Down::new(&plans, across, &cache).fit();
    if g.trial {
        return (plans, fitted);
    }
    // A mark boxed in by its neighbours has no room for its label or its
    // number: it gets a sub-row of its own under the lane's others; then,
    // for those still walled in, empty ones open on both sides of them,
    // pass by pass. Each pass is kept where it leaves fewer out; the
    // passes stop at the first that does not.
    let mut best = (plans, fitted);
    let passes = [
        Unbox::ToTheEnd,
        Unbox::OpenRow,
        Unbox::OpenRow,
        Unbox::OpenRow,
    ];
    for (pass, how) in passes.into_iter().enumerate() {
        let (plans, fitted) = &best;
        let Some(unboxed) = unbox(plans, &fitted.fits, g.spacing.gap / 2.0, (how, pass)) else {
            break;
        };
        let down = Down::new(&unboxed, across, &cache);
        // (Moving to the end was weighed by all rows alone before rows
        // were opened: its results are kept as they were.)
        let now = matches!(how, Unbox::OpenRow).then_some(fitted.fits.as_slice());
        if !down.may_leave_fewer_out(plans, now) {
            // (Opening rows may help where moving to the end did not.)
            continue;
        }
        let again = down.fit();
        let needed: f32 = unboxed
            .iter()
            .zip(&again.fits)
            .map(|(p, f)| g.lane_height(p, f))
            .sum();
        if again.left_out.len() < fitted.left_out.len() && needed <= again.axis_y - across.plot_top
        {
            best = (unboxed, again);
        } else if pass > 0 {
            break;
        }
    }
    best
}

/// One fit of all lanes above an axis at `axis_y`: the lanes' fits, the
/// events they number (importance, event; the most important first), and
/// the events they leave out.
struct Attempt {
    fits: Vec<Rc<LaneFit>>,
    wanted: Vec<(u8, usize)>,
    left_out: Vec<usize>,
    axis_y: f32,
}

/// The vertical budget of a figure's lanes with the callout key under
/// them: the key takes what the labels leave over, which takes room from
/// the labels; the two are weighed together, else a few rounds settle it.
struct Down<'a> {
    plans: &'a [LanePlan],
    g: Geometry,
    cache: &'a Fits,
    plot_top: f32,
    legend_top: f32,
    /// The most height the key may take.
    max_key: f32,
    /// The widest label in the key, at the key's size.
    widest: f32,
}

impl<'a> Down<'a> {
    fn new(plans: &'a [LanePlan], across: &Prepared, cache: &'a Fits) -> Down<'a> {
        let (plot_top, legend_top) = (across.plot_top, across.legend_top);
        let events = across.events.len();
        let mut g = Geometry {
            number_width: number_width(across.geometry.s, events),
            ..across.geometry
        };
        g.spacing.left = g.plot_left;
        let available = legend_top - g.axis_room() - plot_top;
        let least: f32 = plans.iter().map(|p| g.least_height(p)).sum();
        let reserve = g.more_height(&g.more_text(events));
        // The key takes at most its share of the canvas, and never the room
        // the lanes need at the least.
        // (`lanes_room` made sure the line counting what is left out fits.)
        let max_key = (KEY_SHARE * across.h)
            .max(reserve)
            .min(available - least - 18.0 * g.s)
            .max(0.0);
        let small = size::SMALL * g.s;
        let widest = plans
            .iter()
            .flat_map(|p| &p.requests)
            .map(|r| r.forms[0][0].1 * small / g.label_size)
            .fold(0.0, f32::max);
        Down {
            plans,
            g,
            cache,
            plot_top,
            legend_top,
            max_key,
            widest,
        }
    }

    /// The lanes and the key weighed together: the key as tall as its
    /// numbers are estimated to need, kept when the key holds them all and
    /// the lanes fit over it; else rounds: the key as tall as the numbers
    /// of the last round need, until it holds them all (or the last round
    /// keeps what it can).
    fn fit(&self) -> Fitted {
        let g = &self.g;
        let mut joint = self.attempt(0.0, &|n| self.estimate(n));
        // A trial wants every event labelled: one that numbers or leaves
        // out any has failed, whatever the key.
        if g.trial && !(joint.wanted.is_empty() && joint.left_out.is_empty()) {
            return self.settle(joint, 0, 0.0, 0.0);
        }
        let (shown, needed) = self.key_for(&joint, self.max_key);
        let lanes: f32 = self
            .plans
            .iter()
            .zip(&joint.fits)
            .map(|(p, f)| g.lane_height(p, f))
            .sum();
        if shown == joint.wanted.len() && lanes <= self.axis_for(needed) - self.plot_top + 0.5 {
            joint.axis_y = self.axis_for(needed);
            return self.settle(joint, shown, needed, needed);
        }
        let mut key_height: f32 = 0.0;
        let mut round = 1;
        loop {
            let a = self.attempt(key_height, &|_| 0.0);
            let last_round = round == KEY_ROUNDS;
            let limit = if last_round {
                key_height.min(self.max_key)
            } else {
                self.max_key
            };
            let (shown, needed) = self.key_for(&a, limit);
            if needed <= key_height + 0.5 || last_round {
                return self.settle(a, shown, key_height, needed);
            }
            key_height = needed;
            round += 1;
        }
    }

    /// Whether a lane whose marks moved (its stamp is not `before`'s),
    /// given all the rows it may have, leaves out fewer events than it did
    /// with all the rows before: else no budget of the moved lanes
    /// identifies more, and another budget is not worth its time. (Both
    /// fits are cached: the first budget asked for the one, the next asks
    /// for the other first.) With `now`, the lanes' fits of that budget,
    /// the moved lane must also leave fewer out with the rows it has now
    /// (a lane that grows taller gets no more).
    fn may_leave_fewer_out(&self, before: &[LanePlan], now: Option<&[LaneFit]>) -> bool {
        let g = &self.g;
        let rows_room = self.axis_for(0.0) - self.plot_top;
        let lone = self.plans.len() == 1;
        let with =
            |plan: &LanePlan, rows: usize| self.cache.fit(plan, rows, lone, g).left_out.len();
        let most = |plan: &LanePlan| with(plan, g.max_rows(plan, rows_room));
        self.plans
            .iter()
            .zip(before)
            .enumerate()
            .filter(|(_, (plan, old))| plan.stamp != old.stamp)
            .any(|(i, (plan, old))| {
                most(plan) < most(old)
                    && now.is_none_or(|fits| {
                        let sides = &fits[i].sides;
                        let rows = sides.above.allotted + sides.below.allotted;
                        with(plan, rows) < fits[i].left_out.len()
                    })
            })
    }

    /// The height of a key `key_height` tall with its gap above.
    fn key_block(&self, key_height: f32) -> f32 {
        if key_height > 0.0 {
            key_height + 18.0 * self.g.s
        } else {
            0.0
        }
    }

    /// Where the axis goes over a key `key_height` tall.
    fn axis_for(&self, key_height: f32) -> f32 {
        let g = &self.g;
        self.legend_top - self.key_block(key_height) - 14.0 * g.s - g.lh - 12.0 * g.s
    }

    /// The height `n` numbers are estimated to take in the key.
    fn estimate(&self, n: usize) -> f32 {
        let key_width = 0.0f32.max(self.g.plot_right - self.g.margin);
        self.key_block(callouts::estimate(n, self.widest, key_width, self.g.s))
    }

    /// The lanes' fits with a key `key_height` tall under them; `key`
    /// weighs the numbers by the key they would need besides.
    fn attempt(&self, key_height: f32, key: &dyn Fn(usize) -> f32) -> Attempt {
        let (g, plans, cache) = (&self.g, self.plans, self.cache);
        let axis_y = self.axis_for(key_height);
        let available = axis_y - self.plot_top;
        // The most rows a lane may have: as many as the plot holds over
        // the key. Of several lanes, as the plot holds with no key at all:
        // the budget keeps them within the room (each round asks for the
        // same fits, cached); a lone lane takes all it is given.
        let rows_room = if plans.len() == 1 {
            available
        } else {
            self.axis_for(0.0) - self.plot_top
        };
        // A lane's fit depends on its rows alone: rounds and trials of
        // packing ask for the same ones again.
        let fit_lane = |plan: &LanePlan, rows: usize| {
            cache.fit(plan, rows.min(g.max_rows(plan, rows_room)), false, g)
        };
        let max_rows = plans
            .iter()
            .map(|p| g.max_rows(p, rows_room))
            .max()
            .unwrap_or(0);
        let fit_full = |plan: &LanePlan| cache.fit(plan, g.max_rows(plan, rows_room), true, g);
        let height = |plan: &LanePlan, fit: &LaneFit| g.lane_height(plan, fit);
        // A lane may read better packed, each label beside its mark.
        let packed: Vec<Option<Rc<LaneFit>>> = plans
            .iter()
            .map(|p| {
                // (A packed lane takes 12 px besides its sub-rows.)
                let tall = ((available - 12.0 * g.s) / g.packed_pitch()) as usize;
                cache.packed(p, tall, g)
            })
            .collect();
        let fits = budget::allot_with_packing(
            plans, available, max_rows, &packed, &fit_lane, &fit_full, &height, key,
        );
        let (wanted, left_out) = wanted(plans, &fits);
        Attempt {
            fits,
            wanted,
            left_out,
            axis_y,
        }
    }

    /// The key's entries for the first `n` wanted, in time order.
    fn entries(&self, a: &Attempt, n: usize) -> Vec<(usize, String)> {
        let mut chosen: Vec<usize> = a.wanted[..n].iter().map(|w| w.1).collect();
        chosen.sort_unstable();
        chosen
            .iter()
            .enumerate()
            .map(|(k, &e)| (k + 1, full_label(self.plans, e)))
            .collect()
    }

    /// The line under the key counting the events left out with `n`
    /// numbers shown, and its height.
    fn more_text(&self, a: &Attempt, n: usize) -> Vec<String> {
        self.g.more_text(a.left_out.len() + a.wanted.len() - n)
    }

    fn more_line(&self, a: &Attempt, n: usize) -> f32 {
        self.g.more_height(&self.more_text(a, n))
    }

    /// How many numbers a key at most `limit` tall shows, and its height.
    fn key_for(&self, a: &Attempt, limit: f32) -> (usize, f32) {
        let g = &self.g;
        let fits_in = |n: usize| {
            callouts::layout(
                &self.entries(a, n),
                g.margin,
                0.0f32.max(g.plot_right - g.margin),
                0.0,
                g.s,
                limit - self.more_line(a, n),
            )
        };
        // The largest count whose key fits, and its height (each count's
        // key laid out once).
        let (mut lo, mut hi) = (0usize, a.wanted.len());
        let mut height = 0.0;
        if let Some(key) = fits_in(hi) {
            (lo, height) = (hi, key.height);
        } else {
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if let Some(key) = fits_in(mid) {
                    (lo, height) = (mid, key.height);
                } else {
                    hi = mid - 1;
                }
            }
        }
        (lo, height + self.more_line(a, lo))
    }

    /// Lays the key out under the lanes and keeps the numbers it shows.
    fn settle(&self, mut a: Attempt, shown: usize, key_height: f32, needed: f32) -> Fitted {
        let g = &self.g;
        let s = g.s;
        let key_y = self.legend_top - 8.0 * s - key_height.max(needed);
        let entries = self.entries(&a, shown);
        let mut legend_texts = callouts::layout(
            &entries,
            g.margin,
            g.plot_right - g.margin,
            key_y,
            s,
            f32::INFINITY,
        )
        .map(|k| k.texts)
        .unwrap_or_default();
        let mut y = key_y + needed - self.more_line(&a, shown) + 4.0 * s;
        for line in self.more_text(&a, shown) {
            let t = Text::new(line, g.margin, y, size::SMALL * s, TextRole::More);
            y = t.bottom() + 2.0 * s;
            legend_texts.push(t);
        }
        let mut chosen: Vec<usize> = a.wanted[..shown].iter().map(|w| w.1).collect();
        chosen.sort_unstable();
        let numbers: BTreeMap<usize, usize> = entries
            .iter()
            .zip(chosen)
            .map(|((n, _), e)| (e, *n))
            .collect();
        a.left_out.extend(a.wanted[shown..].iter().map(|w| w.1));
        a.left_out.sort_unstable();
        // Numbers left out of the key are not drawn either.
        let mut fits: Vec<LaneFit> = a.fits.into_iter().map(Rc::unwrap_or_clone).collect();
        for (plan, fit) in self.plans.iter().zip(&mut fits) {
            fit.numbers
                .retain(|(r, ..)| numbers.contains_key(&event_of(plan, *r)));
            fit.inline
                .retain(|(r, ..)| numbers.contains_key(&event_of(plan, *r)));
        }
        Fitted {
            fits,
            numbers,
            legend_texts,
            left_out: a.left_out,
            axis_y: a.axis_y,
        }
    }
}

/// The events the lanes' fits number (importance, event; the most
/// important first, then the earliest) and the events they leave out.
fn wanted(plans: &[LanePlan], fits: &[Rc<LaneFit>]) -> (Vec<(u8, usize)>, Vec<usize>) {
    let mut wanted: Vec<(u8, usize)> = Vec::new();
    let mut left_out: Vec<usize> = Vec::new();
    for (plan, fit) in plans.iter().zip(fits) {
        for r in fit
            .numbers
            .iter()
            .map(|n| n.0)
            .chain(fit.inline.iter().map(|n| n.0))
        {
            wanted.push((plan.requests[r].priority, event_of(plan, r)));
        }
        left_out.extend(fit.left_out.iter().map(|&r| event_of(plan, r)));
        left_out.extend(plan.skipped.iter().map(|&k| plan.marks[k].event));
    }
    wanted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    (wanted, left_out)
}

pub(super) fn event_of(plan: &LanePlan, request: usize) -> usize {
    plan.marks[plan.chosen[request]].event
}

/// The whole label of event `e` as its request sets it on one line.
fn full_label(plans: &[LanePlan], e: usize) -> String {
    plans
        .iter()
        .find_map(|p| {
            (0..p.requests.len())
                .find(|&r| event_of(p, r) == e)
                .map(|r| p.requests[r].forms[0][0].0.clone())
        })
        .unwrap_or_default()
}
