//! The time scale: dates to x, linear over the window, or in segments with
//! the long empty stretches between them collapsed into axis breaks.
//!
//! Each segment keeps its own linear scale: a segment holding one event of
//! 1703 need not be drawn at the scale of the crowded 1910s, and would be a
//! sliver if it were. Breaks fall only where no event's mark lies, so no
//! mark is ever cut by one.

use chrono::{Datelike, Days, NaiveDate};

/// A stretch of the window drawn to a linear scale, from `from` to the end
/// of `to`, between `x0` and `x1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Segment {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) x0: f32,
    pub(crate) x1: f32,
}

impl Segment {
    fn days(&self) -> f32 {
        ((self.to - self.from).num_days() + 1) as f32
    }

    fn x(&self, d: NaiveDate) -> f32 {
        self.x0 + (d - self.from).num_days() as f32 / self.days() * (self.x1 - self.x0)
    }
}

/// Dates to x.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scale {
    segments: Vec<Segment>,
}

/// How far apart segments stand: the width of a break.
pub(crate) fn break_width(s: f32) -> f32 {
    28.0 * s
}

impl Scale {
    /// One linear scale over the whole window.
    pub(crate) fn linear(window: (NaiveDate, NaiveDate), x0: f32, x1: f32) -> Scale {
        Scale {
            segments: vec![Segment {
                from: window.0,
                to: window.1,
                x0,
                x1,
            }],
        }
    }

    /// A scale that collapses the empty stretches of `window` (no interval
    /// of `occupied` touches them) when they are long enough to matter:
    /// each at least `share` of the window, and a whole year (or a month,
    /// for windows under five years), aligned to its boundaries. Segments
    /// get width by their length, but never less than `min_width`.
    pub(crate) fn with_breaks(
        window: (NaiveDate, NaiveDate),
        (x0, x1): (f32, f32),
        occupied: &[(NaiveDate, NaiveDate)],
        share: f32,
        min_width: f32,
        gap: f32,
    ) -> Scale {
        let stretches = stretches(window, occupied, share);
        if stretches.len() < 2 {
            return Scale::linear(window, x0, x1);
        }
        let room = x1 - x0 - gap * (stretches.len() - 1) as f32;
        if room < min_width * stretches.len() as f32 {
            return Scale::linear(window, x0, x1);
        }
        // Widths by length; the short ones raised to the minimum, the
        // rest sharing what is left.
        let days: Vec<f32> = stretches
            .iter()
            .map(|(a, b)| ((*b - *a).num_days() + 1) as f32)
            .collect();
        let mut fixed = vec![false; days.len()];
        let mut widths = vec![0.0; days.len()];
        loop {
            let free_room = room - fixed.iter().filter(|f| **f).count() as f32 * min_width;
            let free_days: f32 = days
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| !**f)
                .map(|(d, _)| d)
                .sum();
            let mut changed = false;
            for i in 0..days.len() {
                widths[i] = if fixed[i] {
                    min_width
                } else {
                    free_room * days[i] / free_days
                };
                if !fixed[i] && widths[i] < min_width {
                    fixed[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut x = x0;
        let segments = stretches
            .iter()
            .zip(widths)
            .map(|(&(from, to), w)| {
                let s = Segment {
                    from,
                    to,
                    x0: x,
                    x1: x + w,
                };
                x += w + gap;
                s
            })
            .collect();
        Scale { segments }
    }

    /// The segments, left to right.
    pub(crate) fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The breaks between segments, as x ranges.
    pub(crate) fn breaks(&self) -> Vec<(f32, f32)> {
        self.segments
            .windows(2)
            .map(|w| (w[0].x1, w[1].x0))
            .collect()
    }

    /// The x of the start of day `d`. Days before the first segment or
    /// after the last extend its scale; days inside a break (where no mark
    /// lies) go to the break's middle.
    pub(crate) fn x(&self, d: NaiveDate) -> f32 {
        let i = self.segments.partition_point(|s| s.from <= d);
        let Some(seg) = i.checked_sub(1).map(|i| &self.segments[i]) else {
            return self.segments[0].x(d);
        };
        let after_end = seg.to.checked_add_days(Days::new(1)).unwrap_or(seg.to);
        match self.segments.get(i) {
            Some(next) if d > after_end => f32::midpoint(seg.x1, next.x0),
            _ => seg.x(d),
        }
    }

    /// The x of the end of day `d`.
    pub(crate) fn x_after(&self, d: NaiveDate) -> f32 {
        self.x(d.checked_add_days(Days::new(1)).unwrap_or(d))
    }

    /// The dates where the axis is broken, for the description: the last
    /// day before each break and the first after it.
    pub(crate) fn broken(&self) -> Vec<(NaiveDate, NaiveDate)> {
        self.segments
            .windows(2)
            .map(|w| (w[0].to, w[1].from))
            .collect()
    }
}

/// The stretches of the window worth drawing: the window less the empty
/// stretches long enough to collapse.
fn stretches(
    window: (NaiveDate, NaiveDate),
    occupied: &[(NaiveDate, NaiveDate)],
    share: f32,
) -> Vec<(NaiveDate, NaiveDate)> {
    let span = (window.1 - window.0).num_days() + 1;
    let by_year = span >= 5 * 365;
    let mut spans: Vec<(NaiveDate, NaiveDate)> = occupied
        .iter()
        .map(|&(a, b)| (a.max(window.0), b.min(window.1)))
        .filter(|(a, b)| a <= b)
        .collect();
    spans.sort_unstable();
    // Merge into disjoint occupied stretches.
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1.checked_add_days(Days::new(1)).unwrap_or(last.1) => {
                last.1 = last.1.max(b);
            }
            _ => merged.push((a, b)),
        }
    }
    if merged.is_empty() {
        return vec![window];
    }
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut start = window.0;
    for pair in merged.windows(2) {
        // The empty stretch between the two, shrunk to whole units so that
        // the segments begin and end on year (or month) boundaries.
        let (Some(gap_start), Some(gap_end)) = (
            unit_end(pair[0].1, by_year).checked_add_days(Days::new(1)),
            unit_start(pair[1].0, by_year).checked_sub_days(Days::new(1)),
        ) else {
            continue;
        };
        if gap_end < gap_start {
            continue;
        }
        let days = (gap_end - gap_start).num_days() + 1;
        if (days as f32) < share * span as f32 || gap_start <= start {
            continue;
        }
        out.push((start, gap_start.pred_opt().unwrap_or(gap_start)));
        start = gap_end.succ_opt().unwrap_or(gap_end);
    }
    out.push((start, window.1));
    out
}

fn unit_start(d: NaiveDate, by_year: bool) -> NaiveDate {
    let month = if by_year { 1 } else { d.month() };
    NaiveDate::from_ymd_opt(d.year(), month, 1).unwrap_or(d)
}

fn unit_end(d: NaiveDate, by_year: bool) -> NaiveDate {
    let next = if by_year || d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_linear_scale_maps_the_window_to_its_ends() {
        let s = Scale::linear((d(1926, 1, 1), d(1935, 12, 31)), 100.0, 1100.0);
        assert!((s.x(d(1926, 1, 1)) - 100.0).abs() < 1e-3);
        assert!((s.x_after(d(1935, 12, 31)) - 1100.0).abs() < 1e-3);
        assert!(s.breaks().is_empty());
    }

    #[test]
    fn long_empty_stretches_collapse_into_breaks() {
        let window = (d(1703, 1, 1), d(1924, 12, 31));
        let occupied = [
            (d(1703, 5, 27), d(1703, 5, 27)),
            (d(1825, 12, 14), d(1825, 12, 14)),
            (d(1905, 1, 22), d(1924, 1, 21)),
        ];
        let s = Scale::with_breaks(window, (0.0, 1600.0), &occupied, 0.1, 90.0, 28.0);
        let segs = s.segments();
        assert_eq!(segs.len(), 3, "{segs:?}");
        assert_eq!((segs[0].from, segs[0].to), (d(1703, 1, 1), d(1703, 12, 31)));
        assert_eq!(segs[1].from, d(1825, 1, 1));
        assert_eq!(segs[2].from, d(1905, 1, 1));
        // The single years are legible, the crowded decades get the rest.
        assert!(segs[0].x1 - segs[0].x0 >= 90.0 - 1e-3);
        assert!(segs[2].x1 - segs[2].x0 > 1200.0);
        // Every date of an event lies inside a segment, in order.
        let xs: Vec<f32> = occupied.iter().map(|o| s.x(o.0)).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
        for (i, seg) in segs.iter().enumerate() {
            let x = s.x(occupied[i].0);
            assert!(seg.x0 <= x && x <= seg.x1);
        }
        assert_eq!(s.broken()[0], (d(1703, 12, 31), d(1825, 1, 1)));
    }

    #[test]
    fn short_gaps_are_kept() {
        let window = (d(1926, 1, 1), d(1935, 12, 31));
        let occupied = [
            (d(1926, 4, 1), d(1927, 1, 1)),
            (d(1928, 2, 1), d(1935, 1, 1)),
        ];
        let s = Scale::with_breaks(window, (0.0, 1600.0), &occupied, 0.1, 90.0, 28.0);
        assert_eq!(s.segments().len(), 1);
    }
}
