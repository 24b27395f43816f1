//! The historical date model.
//!
//! A historical date is not a timestamp. "April 1926" is a month, not the
//! first of April; "by 1931" has no start; "1929/30" is a Soviet economic
//! year that ran from October to September. A [`HistDate`] keeps what the
//! text says: the words as written, the first and last day each end covers
//! (proleptic Gregorian `chrono::NaiveDate`), the precision of each end, the
//! shape (point, period, open on one side), qualifiers (approximate,
//! uncertain), and, for Old Style dates, the Julian date as written.
//!
//! Two notations are accepted, and may be mixed in one file:
//!
//! * EDTF (ISO 8601-2), parsed by the `edtf-core` crate: `1926-04`,
//!   `1930-22` (summer), `1926-10-26/1926-11-03`, `../1931`,
//!   `1932-12-27/..`, `1927~`, `1929?`, `-0043`.
//! * The plain English a historian writes: `4 February 1931`, `April 1926`,
//!   `26 October-3 November 1926`, `summer 1930`, `1929/30`, `1921-28`,
//!   `by 1931`, `until 1928`, `from 27 December 1932`, `c. 1927`,
//!   `25 October 1917 (Old Style)`, `44 BC`.

mod edtf;
mod english;
mod julian;

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};

pub use julian::{gregorian_from_julian, julian_from_gregorian};

/// How finely one end of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// A single day: `4 February 1931`.
    Day,
    /// A calendar month: `April 1926`.
    Month,
    /// A quarter of the year: `Q4 1930`.
    Quarter,
    /// A season or other part of a year: `summer 1930` (June-August).
    Season,
    /// An economic year: `1929/30` (October 1929 - September 1930).
    EconomicYear,
    /// A calendar year (or several, for EDTF `192X`): `1935`.
    Year,
    /// A decade: `the 1640s`, `the 80s BC`.
    Decade,
    /// A century: `the 17th century` (1601-1700).
    Century,
    /// A millennium: `the 3rd millennium BC` (3000-2001 BC).
    Millennium,
}

impl Precision {
    /// The lower-case name used in exports (`day`, `month`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Season => "season",
            Precision::EconomicYear => "economic-year",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Century => "century",
            Precision::Millennium => "millennium",
        }
    }
}

/// One end of a date: the days it covers and how precisely it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The first day covered (inclusive).
    pub first: NaiveDate,
    /// The last day covered (inclusive); never before `first`.
    pub last: NaiveDate,
    /// How finely the span is known.
    pub precision: Precision,
}

impl Span {
    /// A span of one day.
    pub fn day(date: NaiveDate) -> Span {
        Span {
            first: date,
            last: date,
            precision: Precision::Day,
        }
    }

    /// The number of days covered, at least one.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

/// Whether a date names one moment, a period, or a bound on one side only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Something that happened once, within the span: `April 1926`.
    Point(Span),
    /// Something that lasted from the first span to the second:
    /// `26 October-3 November 1926`, `1921-28`.
    Period(Span, Span),
    /// Something that had happened by the end of the span, start unknown:
    /// `by 1931`.
    By(Span),
    /// A state of affairs that lasted until the span, start unknown:
    /// `until 1928`, EDTF `../1928`.
    Until(Span),
    /// A state of affairs that began in the span and runs on: `from 27
    /// December 1932`, EDTF `1932-12-27/..`.
    From(Span),
}

impl Shape {
    /// The kind of shape, as used in exports.
    pub fn name(&self) -> &'static str {
        match self {
            Shape::Point(_) => "point",
            Shape::Period(..) => "period",
            Shape::By(_) => "by",
            Shape::Until(_) => "until",
            Shape::From(_) => "from",
        }
    }
}

/// A date that the text gives in the Julian calendar (Old Style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OldStyle {
    /// The first day as written, in the Julian calendar: (year, month, day).
    pub first: (i32, u32, u32),
    /// The last day as written, in the Julian calendar.
    pub last: (i32, u32, u32),
    /// Written with both the legal and the historical year, "30 January
    /// 1648/9"; the years above are historical (the later one).
    pub dual_year: bool,
}

impl OldStyle {
    /// The year as written: `1649`, or `1648/9` for a dual year.
    fn year(&self, year: i32) -> String {
        if !self.dual_year {
            return year_text(year);
        }
        let before = year - 1;
        if before.div_euclid(10) == year.div_euclid(10) {
            format!("{before}/{}", year.rem_euclid(10))
        } else {
            format!("{before}/{:02}", year.rem_euclid(100))
        }
    }

    /// One end as written, to `precision`, months short or long.
    fn end(&self, (y, m, d): (i32, u32, u32), precision: Precision, short: bool) -> String {
        let month = MONTHS[m as usize - 1];
        let month = if short { &month[..3] } else { month };
        match precision {
            Precision::Day => format!("{d} {month} {}", self.year(y)),
            Precision::Month => format!("{month} {}", self.year(y)),
            _ => self.year(y),
        }
    }

    /// The Julian dates in words, as precise as the date: "30 Jan 1648/9
    /// O.S.", "Mar 1642 O.S.", "28 Oct-11 Nov 1647 O.S.".
    pub fn text(&self, precision: Precision, short: bool) -> String {
        let first = self.end(self.first, precision, short);
        let last = self.end(self.last, precision, short);
        if first == last {
            format!("{first} O.S.")
        } else {
            format!("{first}-{last} O.S.")
        }
    }
}

/// A date as a historian writes it, with what it means.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HistDate {
    written: String,
    shape: Shape,
    approximate: bool,
    uncertain: bool,
    old_style: Option<OldStyle>,
}

/// Settings that change how a date string is read: the conventions a
/// historian states once in `[timeline]` rather than on every date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateContext {
    /// The month (1-12) in which an economic year such as `1929/30` starts.
    /// The Soviet economic year started in October.
    pub economic_year_start: u32,
    /// What a bare `1929/30` means; `None` refuses it as ambiguous.
    pub slash_years: Option<SlashYears>,
    /// What `1910-11` means (a `YYYY-NN` both a month and a later year);
    /// `None` refuses it as ambiguous.
    pub yyyy_nn: Option<YyyyNn>,
    /// The first day of the Gregorian calendar for this file's dates: a
    /// date written before it is Old Style unless marked N.S.
    pub gregorian_from: Option<NaiveDate>,
    /// Old Style years begin on 25 March (the English legal year until
    /// 1752): "10 February 1648" is 10 February 1649 by a January year.
    pub year_starts_25_march: bool,
}

/// What a bare `YYYY/YY` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashYears {
    /// An economic or academic year: `1929/30` from October 1929.
    Economic,
    /// An Old Style dual year: `1648/9` is 1 January-24 March 1649 (Julian).
    Dual,
}

/// What a `YYYY-NN` means when NN is both a month and a later year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YyyyNn {
    /// `1910-11` is November 1910 (ISO 8601).
    Month,
    /// `1910-11` is 1910-1911.
    Years,
}

impl Default for DateContext {
    fn default() -> Self {
        DateContext {
            economic_year_start: 10,
            slash_years: None,
            yyyy_nn: None,
            gregorian_from: None,
            year_starts_25_march: false,
        }
    }
}

/// Why a date string could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong, as a sentence fragment: "there is no 30 February in 1931".
    pub message: String,
    /// How to fix it, where a hint helps.
    pub hint: Option<String>,
}

impl DateError {
    pub(crate) fn new(message: impl Into<String>) -> DateError {
        DateError {
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> DateError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// Something about a date that is allowed but probably not meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateWarning {
    /// What looks wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl HistDate {
    // `HistDate::parse`, which reads a date in EDTF or plain English, is
    // in `english.rs`: the readers use this file's types, and this file
    // uses nothing of theirs.

    pub(crate) fn from_parts(
        written: &str,
        shape: Shape,
        approximate: bool,
        uncertain: bool,
        old_style: Option<OldStyle>,
    ) -> HistDate {
        HistDate {
            written: written.trim().to_owned(),
            shape,
            approximate,
            uncertain,
            old_style,
        }
    }

    /// The date exactly as the file gives it.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// Point, period, or bounded on one side.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The first day covered, or `None` when the start is open ("by 1931").
    pub fn start(&self) -> Option<NaiveDate> {
        match self.shape {
            Shape::Point(s) | Shape::Period(s, _) | Shape::From(s) => Some(s.first),
            Shape::By(_) | Shape::Until(_) => None,
        }
    }

    /// The last day covered, or `None` when the end is open ("from 1932").
    pub fn end(&self) -> Option<NaiveDate> {
        match self.shape {
            Shape::Point(s) | Shape::Period(_, s) | Shape::By(s) | Shape::Until(s) => Some(s.last),
            Shape::From(_) => None,
        }
    }

    /// The earliest day the date names, open or not: the day it sorts by.
    pub fn anchor(&self) -> NaiveDate {
        match self.shape {
            Shape::Point(s)
            | Shape::Period(s, _)
            | Shape::From(s)
            | Shape::By(s)
            | Shape::Until(s) => s.first,
        }
    }

    /// The latest day the date names, open or not.
    pub fn anchor_end(&self) -> NaiveDate {
        match self.shape {
            Shape::Point(s)
            | Shape::Period(_, s)
            | Shape::From(s)
            | Shape::By(s)
            | Shape::Until(s) => s.last,
        }
    }

    /// The coarsest precision of the date's known ends.
    pub fn precision(&self) -> Precision {
        match self.shape {
            Shape::Point(s) | Shape::From(s) | Shape::By(s) | Shape::Until(s) => s.precision,
            Shape::Period(a, b) => a.precision.max(b.precision),
        }
    }

    /// "c. 1927", EDTF `1927~`.
    pub fn is_approximate(&self) -> bool {
        self.approximate
    }

    /// "1929?", EDTF `1929?`.
    pub fn is_uncertain(&self) -> bool {
        self.uncertain
    }

    /// The Julian date as written, for Old Style dates.
    pub fn old_style(&self) -> Option<OldStyle> {
        self.old_style
    }

    /// The date in words, with both calendars for Old Style dates:
    /// "25 October 1917 O.S. (7 November 1917 N.S.)", "March 1642 O.S.
    /// (11 March-10 April 1642 N.S.)".
    pub fn display(&self) -> String {
        let Some(os) = self.old_style else {
            return self.written.clone();
        };
        let (first, last) = (self.anchor(), self.anchor_end());
        let new_style = if first == last {
            day_text(first)
        } else {
            format!("{}-{}", day_text(first), day_text(last))
        };
        let mut text = os.text(self.precision(), false);
        if self.approximate {
            text = format!("c. {text}");
        }
        if self.uncertain {
            text.push('?');
        }
        format!("{text} ({new_style} N.S.)")
    }

    /// The date as written, to stand in parentheses after a label: its own
    /// parentheses become brackets, "(30 January 1649 [O.S.])".
    pub fn parenthesized(&self) -> String {
        format!("({})", self.written.replace('(', "[").replace(')', "]"))
    }

    /// Warnings about a date that is valid but probably not meant.
    pub fn warnings(&self) -> Vec<DateWarning> {
        let mut warnings = Vec::new();
        if let Some(os) = self.old_style
            && os.last > (1918, 1, 31)
        {
            warnings.push(DateWarning {
                message: "an Old Style (Julian) date after 31 January 1918".into(),
                hint: Some(
                    "Russia adopted the Gregorian calendar on 14 February 1918; \
                     later Russian dates are New Style already"
                        .into(),
                ),
            });
        }
        warnings
    }
}

/// Orders dates chronologically: by first day named, then last day.
/// `Vec::sort_by` is stable, so equal dates keep the file's order.
pub fn chronological(a: &HistDate, b: &HistDate) -> Ordering {
    (a.anchor(), a.anchor_end()).cmp(&(b.anchor(), b.anchor_end()))
}

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A year for people: `1926`, `44 BC` (astronomical year -43).
pub fn year_text(year: i32) -> String {
    if year <= 0 {
        format!("{} BC", 1 - year)
    } else {
        year.to_string()
    }
}

/// A number as an English ordinal: `1st`, `2nd`, `17th`, `21st`.
pub fn ordinal_text(n: i64) -> String {
    format!("{n}{}", ordinal_suffix(n))
}

/// The suffix of an English ordinal: `st`, `nd`, `rd` or `th`.
pub(crate) fn ordinal_suffix(n: i64) -> &'static str {
    match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// A day for people: `7 November 1917`.
pub fn day_text(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        year_text(date.year())
    )
}

/// An ISO 8601 day, with astronomical years for BC: `1926-04-01`, `-0043-03-15`.
pub fn iso_text(date: NaiveDate) -> String {
    if date.year() < 0 {
        format!("-{:04}-{:02}-{:02}", -date.year(), date.month(), date.day())
    } else {
        format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
    }
}

/// A period from `a` to `b`: a point when they are one span, an error
/// when `b` ends before `a` starts.
fn period(a: Span, b: Span) -> Result<Shape, DateError> {
    if b.last < a.first {
        return Err(DateError::new(format!(
            "the period ends ({}) before it starts ({})",
            day_text(b.last),
            day_text(a.first)
        ))
        .with_hint("write the earlier date first"));
    }
    if a == b {
        return Ok(Shape::Point(a));
    }
    Ok(Shape::Period(a, b))
}

/// The last day of a month.
pub(crate) fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

#[cfg(test)]
mod tests;
