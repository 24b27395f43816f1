//! The vertical budget: how many label rows each lane gets above and below
//! its marks. Lanes get height by need, not in equal shares: when every
//! lane can have all the rows it needs, it does; otherwise rows go, a few
//! at a time, to the lane where they identify the most events (weighted by
//! importance) for the height they cost.

use std::collections::HashMap;
use std::rc::Rc;

use super::lane_fit::LaneFit;
use super::lanes::LanePlan;

/// Row counts tried per lane when the lanes do not all get what they need.
const LADDER: [usize; 13] = [0, 1, 2, 3, 4, 5, 6, 8, 10, 13, 17, 23, 30];

/// The fit of every lane within `available` px of height, where
/// `height(plan, fit)` is what a lane with that fit takes.
pub(super) fn allot(
    plans: &[&LanePlan],
    available: f32,
    max_rows: usize,
    fit_lane: &dyn Fn(&LanePlan, usize) -> Rc<LaneFit>,
    fit_full: &dyn Fn(&LanePlan) -> Rc<LaneFit>,
    height: &dyn Fn(&LanePlan, &LaneFit) -> f32,
    key: &dyn Fn(usize) -> f32,
) -> Vec<Rc<LaneFit>> {
    // Everything each lane needs, when the canvas holds it. A lone lane
    // has the canvas to itself: it tries more splits of its rows.
    let full: Vec<Rc<LaneFit>> = if plans.len() == 1 {
        plans.iter().map(|p| fit_full(p)).collect()
    } else {
        plans.iter().map(|p| fit_lane(p, max_rows)).collect()
    };
    let numbers = |fits: &[Rc<LaneFit>]| fits.iter().map(|f| f.numbered()).sum::<usize>();
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
    let mut cache: HashMap<(usize, usize), Rc<LaneFit>> = HashMap::new();
    let mut get = |lane: usize, step: usize| -> Rc<LaneFit> {
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
    let mut fits: Vec<Rc<LaneFit>> = (0..plans.len()).map(|i| get(i, 0)).collect();
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
                // A step that leaves out more than the lane does now is
                // not taken, whatever it labels.
                let lost = trial.left_out.len() > fits[i].left_out.len();
                if gain == 0 || lost || (used + cost > available && cost > 0.0) {
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
    fit: Rc<LaneFit>,
    /// The height it costs, the key's change counted.
    cost: f32,
}

/// The fits of all lanes, some of them packed (each label beside its mark,
/// see [`fit_packed`]) where that identifies as many: none packed, then
/// the shortest packed lane, the two shortest, and so on; the best of
/// these, and of equals the one that packs the most (a label beside its
/// mark, with no leader, reads more easily than one in a row above it).
#[allow(clippy::too_many_arguments)]
pub(super) fn allot_with_packing(
    plans: &[LanePlan],
    available: f32,
    max_rows: usize,
    packed: &[Option<Rc<LaneFit>>],
    fit_lane: &dyn Fn(&LanePlan, usize) -> Rc<LaneFit>,
    fit_full: &dyn Fn(&LanePlan) -> Rc<LaneFit>,
    height: &dyn Fn(&LanePlan, &LaneFit) -> f32,
    key: &dyn Fn(usize) -> f32,
) -> Vec<Rc<LaneFit>> {
    if let Some(fits) = all_packed_whole(plans, available, packed, height, key) {
        return fits;
    }
    let all: Vec<&LanePlan> = plans.iter().collect();
    let score =
        |fits: &[Rc<LaneFit>]| -> usize { plans.iter().zip(fits).map(|(p, f)| f.score(p)).sum() };
    let mut best = allot(&all, available, max_rows, fit_lane, fit_full, height, key);
    let mut best_score = score(&best);
    // Pack lanes one by one, the shortest packed first, keeping each step
    // that identifies as many.
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
        let fits: Vec<Rc<LaneFit>> = packed
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
            + key(fits.iter().map(|f| f.numbered()).sum());
        let total = score(&fits);
        if used <= available + 0.5 && total >= best_score {
            best = fits;
            best_score = total;
        }
    }
    best
}

/// Every lane packed, when each then sets every label whole beside its
/// mark and together they fit: the most any fit scores, and of equals the
/// packed one is chosen, so no search of label rows can do better.
fn all_packed_whole(
    plans: &[LanePlan],
    available: f32,
    packed: &[Option<Rc<LaneFit>>],
    height: &dyn Fn(&LanePlan, &LaneFit) -> f32,
    key: &dyn Fn(usize) -> f32,
) -> Option<Vec<Rc<LaneFit>>> {
    let fits: Vec<Rc<LaneFit>> = plans
        .iter()
        .zip(packed)
        .map(|(p, f)| f.clone().filter(|f| f.score(p) == LaneFit::most(p)))
        .collect::<Option<_>>()?;
    let used: f32 = plans.iter().zip(&fits).map(|(p, f)| height(p, f)).sum();
    (used + key(0) <= available + 0.5).then_some(fits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::labels::{Placed, Request};
    use crate::layout::lane_fit::Join;
    use crate::model::Rgb;

    /// A lane of `n` events of normal importance.
    fn plan(n: usize) -> LanePlan {
        let request = Request {
            x: 0.0,
            reach: 0.0,
            also: Rc::new([]),
            forms: Rc::new(vec![vec![("A label".into(), 60.0)]]),
            short: Rc::default(),
            priority: 1,
            note: 0.0,
        };
        LanePlan {
            name_lines: vec!["Lane".into()],
            color: Rgb(0, 0, 0),
            marks: Vec::new(),
            tracks: 1,
            bins: Vec::new(),
            requests: vec![request; n],
            notes: vec![None; n],
            chosen: (0..n).collect(),
            skipped: Vec::new(),
            room: Vec::new(),
            stamp: 0,
            placements: crate::layout::labels::Placements::default(),
        }
    }

    /// A fit labelling `labelled` of the events in rows, numbering the
    /// next `numbered` beside their marks and leaving the rest out.
    fn fit(n: usize, labelled: usize, numbered: usize, rows: usize) -> Rc<LaneFit> {
        let mut fit = LaneFit {
            rows: (rows, 0),
            ..LaneFit::default()
        };
        fit.sides.above.placed = (0..labelled)
            .map(|index| Placed {
                index,
                row: 0,
                lines: vec![("A label".into(), 60.0)],
                left: 0.0,
                anchor: 0.0,
                attach: 0.0,
                short: false,
            })
            .collect();
        fit.inline = (labelled..labelled + numbered)
            .map(|i| (i, 0.0, 0, Join::Beside))
            .collect();
        fit.left_out = (labelled + numbered..n).collect();
        fit.sides.dropped = (labelled..n).collect();
        Rc::new(fit)
    }

    #[test]
    fn rows_that_label_more_but_leave_an_event_out_are_not_taken() {
        // The first lane numbers its three events with no rows; one row
        // labels two and leaves the third out (it scores more: two labels
        // outweigh an event identified); two rows label all three but do
        // not fit. The second lane needs nothing.
        let plans = [plan(3), plan(1)];
        let fit_lane = |p: &LanePlan, rows: usize| match (p.requests.len(), rows) {
            (1, _) => fit(1, 1, 0, 0),
            (_, 0) => fit(3, 0, 3, 0),
            (_, 1) => fit(3, 2, 0, 1),
            _ => fit(3, 3, 0, 2),
        };
        let one_row = fit(3, 2, 0, 1);
        assert!(one_row.score(&plans[0]) > fit(3, 0, 3, 0).score(&plans[0]));
        let height = |_: &LanePlan, f: &LaneFit| 100.0 + 24.0 * f.rows.0 as f32;
        let fits = allot(
            &plans.iter().collect::<Vec<_>>(),
            230.0,
            3,
            &fit_lane,
            &|p| fit_lane(p, 3),
            &height,
            &|_| 0.0,
        );
        assert!(fits[0].left_out.is_empty(), "{:?}", fits[0]);
        assert_eq!(fits[0].rows, (0, 0));
    }
}
