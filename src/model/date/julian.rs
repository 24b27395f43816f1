//! Julian (Old Style) to Gregorian conversion through the Julian day number.
//!
//! chrono only knows the proleptic Gregorian calendar; the Julian calendar is
//! a different leap-year rule over the same day count, so converting is a
//! matter of counting days.

use chrono::{Datelike, NaiveDate};

/// Days from the Julian day number to chrono's days from the common era:
/// JDN 1 721 426 is 1 January AD 1 (Gregorian), which chrono numbers 1.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

fn is_julian_leap(year: i32) -> bool {
    // Astronomical years: year 0 (1 BC) is a leap year.
    year.rem_euclid(4) == 0
}

/// Days in a Julian month, or `None` for a month outside 1-12.
pub(crate) fn julian_month_days(year: i32, month: u32) -> Option<u32> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_julian_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// The Gregorian date of a Julian calendar date, or `None` if the Julian
/// date does not exist (29 February 1918, month 13).
pub fn gregorian_from_julian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if day == 0 || day > julian_month_days(year, month)? {
        return None;
    }
    // The standard algorithm (Richards, "Mapping time"), years shifted so
    // that every intermediate value is positive.
    let a = i64::from((14 - month) / 12);
    let y = i64::from(year) + 4800 - a;
    let m = i64::from(month) + 12 * a - 3;
    let jdn = i64::from(day) + (153 * m + 2) / 5 + 365 * y + y.div_euclid(4) - 32083;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jdn - JDN_OF_CE_DAY_ZERO).ok()?)
}

/// The Julian calendar date (year, month, day) of a Gregorian date.
pub fn julian_from_gregorian(date: NaiveDate) -> (i32, u32, u32) {
    let jdn = i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO;
    let c = jdn + 32082;
    let d = (4 * c + 3).div_euclid(1461);
    let e = c - (1461 * d).div_euclid(4);
    let m = (5 * e + 2).div_euclid(153);
    let day = e - (153 * m + 2).div_euclid(5) + 1;
    let month = m + 3 - 12 * m.div_euclid(10);
    let year = d - 4800 + m.div_euclid(10);
    (year as i32, month as u32, day as u32)
}
