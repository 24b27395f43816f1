//! Ticks of the time axis that adapt to the span and never crowd.

use chrono::{Datelike, NaiveDate};

use crate::font;
use crate::model::date::year_text;

/// A tick: where, and the text under it (centred on `label_x`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tick {
    pub(crate) x: f32,
    pub(crate) label: String,
    pub(crate) label_x: f32,
}

const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Steps tried, in months, smallest first.
const STEPS: [i32; 10] = [1, 3, 6, 12, 24, 60, 120, 240, 600, 1200];

fn add_months(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    let total = date.year() * 12 + date.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
}

fn label(date: NaiveDate, step: i32) -> String {
    if step >= 12 {
        year_text(date.year())
    } else {
        format!(
            "{} {}",
            MONTH_ABBREVIATIONS[date.month0() as usize],
            year_text(date.year())
        )
    }
}

/// The first days of the years between `from` and `to` whose number, as
/// people write it, is a multiple of `years`: 1930 and 1940, and in BC 130
/// and 120 BC (astronomical -129 and -119), never 131 BC.
fn round_years(from: NaiveDate, to: NaiveDate, years: i32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let first_day = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d >= from && *d <= to);
    // BC: N BC is astronomical 1 - N.
    if from.year() <= 0 {
        let earliest = 1 - from.year();
        let mut n = earliest - earliest.rem_euclid(years);
        while n >= 1 && 1 - n <= to.year() {
            out.extend(first_day(1 - n));
            n -= years;
        }
    }
    let mut y = from.year().max(1);
    y += (years - y.rem_euclid(years)).rem_euclid(years);
    while y <= to.year() {
        out.extend(first_day(y));
        y += years;
    }
    out
}

/// The first days of every `step`-th month between `from` and `to`,
/// counted from January.
fn months(from: NaiveDate, to: NaiveDate, step: i32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let Some(mut date) = NaiveDate::from_ymd_opt(from.year(), 1, 1) else {
        return out;
    };
    while date <= to {
        if date >= from {
            out.push(date);
        }
        match add_months(date, step) {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

/// Calendar ticks between `from` and `to` (mapped by `x`), labels at
/// `size` px, at least a label's width plus a gap apart.
pub(crate) fn calendar(
    from: NaiveDate,
    to: NaiveDate,
    size: f32,
    x: &dyn Fn(NaiveDate) -> f32,
) -> Vec<Tick> {
    let gap = size * 1.5;
    for step in STEPS {
        let dates = if step >= 12 {
            round_years(from, to, step / 12)
        } else {
            months(from, to, step)
        };
        let ticks: Vec<Tick> = dates
            .into_iter()
            .map(|date| Tick {
                x: x(date),
                label_x: x(date),
                label: label(date, step),
            })
            .collect();
        let widest = ticks
            .iter()
            .map(|t| font::text_width(&t.label, size, false))
            .fold(0.0, f32::max);
        let spacing = ticks
            .windows(2)
            .map(|w| w[1].x - w[0].x)
            .fold(f32::INFINITY, f32::min);
        if spacing >= widest + gap && !ticks.is_empty() {
            return ticks;
        }
    }
    Vec::new()
}

/// Economic-year ticks: a tick at each year's start month, the label
/// "1927/28" centred in the year it names (or every n-th year if crowded).
pub(crate) fn economic(
    from: NaiveDate,
    to: NaiveDate,
    start_month: u32,
    size: f32,
    x: &dyn Fn(NaiveDate) -> f32,
) -> Vec<Tick> {
    let mut starts = Vec::new();
    let mut year = from.year() - 1;
    while let Some(date) = NaiveDate::from_ymd_opt(year, start_month, 1) {
        if date > to {
            break;
        }
        starts.push(date);
        year += 1;
    }
    let sample = "1927/28";
    let needed = font::text_width(sample, size, false) + size * 1.5;
    for every in [1, 2, 5, 10, 20, 50] {
        let ticks: Vec<Tick> = starts
            .iter()
            .filter(|d| d.year().rem_euclid(every) == 0)
            .filter(|d| **d >= from)
            .map(|&d| {
                let next = NaiveDate::from_ymd_opt(d.year() + 1, start_month, 1).unwrap_or(d);
                let text = format!(
                    "{}/{:02}",
                    year_text(d.year()),
                    (d.year() + 1).rem_euclid(100)
                );
                Tick {
                    x: x(d),
                    label_x: if every == 1 {
                        f32::midpoint(x(d), x(next))
                    } else {
                        x(d)
                    },
                    label: text,
                }
            })
            .collect();
        let spacing = ticks
            .windows(2)
            .map(|w| w[1].x - w[0].x)
            .fold(f32::INFINITY, f32::min);
        if spacing >= needed && !ticks.is_empty() {
            return ticks;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn scale(from: NaiveDate, to: NaiveDate, width: f32) -> impl Fn(NaiveDate) -> f32 {
        move |date| (date - from).num_days() as f32 / (to - from).num_days() as f32 * width
    }

    #[test]
    fn ten_years_on_a_slide_get_yearly_ticks() {
        let (a, b) = (d(1926, 1, 1), d(1935, 12, 31));
        let ticks = calendar(a, b, 20.0, &scale(a, b, 1700.0));
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels.first(), Some(&"1926"));
        assert_eq!(labels.len(), 10);
    }

    #[test]
    fn two_years_get_quarters_or_months() {
        let (a, b) = (d(1929, 1, 1), d(1930, 12, 31));
        let ticks = calendar(a, b, 20.0, &scale(a, b, 1700.0));
        assert!(ticks.len() >= 8, "{ticks:?}");
        assert!(ticks[1].label.contains("1929"));
    }

    #[test]
    fn centuries_get_sparse_ticks() {
        let (a, b) = (d(1000, 1, 1), d(1999, 12, 31));
        let ticks = calendar(a, b, 20.0, &scale(a, b, 1700.0));
        assert!(ticks.len() <= 20 && ticks.len() >= 5, "{ticks:?}");
        for w in ticks.windows(2) {
            assert!(w[1].x - w[0].x > 60.0);
        }
    }

    #[test]
    fn ticks_fall_on_round_years_bc_too() {
        let (a, b) = (d(-132, 1, 1), d(-26, 12, 31));
        let ticks = calendar(a, b, 20.0, &scale(a, b, 1700.0));
        assert!(ticks.len() >= 5, "{ticks:?}");
        for t in &ticks {
            let n: i32 = t.label.trim_end_matches(" BC").parse().unwrap();
            assert_eq!(n % 10, 0, "{}", t.label);
        }
        // Across the era: 20 BC, 10 BC, AD 10, 20.
        let (a, b) = (d(-25, 1, 1), d(25, 12, 31));
        let labels: Vec<String> = calendar(a, b, 20.0, &scale(a, b, 1700.0))
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert!(labels.contains(&"10 BC".to_owned()), "{labels:?}");
        assert!(labels.contains(&"10".to_owned()), "{labels:?}");
    }

    #[test]
    fn economic_years_are_labelled_like_the_sources() {
        let (a, b) = (d(1927, 10, 1), d(1933, 9, 30));
        let ticks = economic(a, b, 10, 20.0, &scale(a, b, 1700.0));
        assert_eq!(ticks[0].label, "1927/28");
        assert_eq!(ticks.len(), 6);
        assert!(ticks[0].label_x > ticks[0].x);
    }
}
