//! A lane packed like a Gantt chart: each mark with its label beside it,
//! in sub-rows as tall as a line of text, and no label rows.

use super::labels::Spacing;
use super::lane_fit::{Join, LaneFit, Packed};
use super::lanes::LanePlan;

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
