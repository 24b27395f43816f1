//! Reading a date as a historian writes it.
//!
//! The reader works in three steps:
//!
//! 1. What qualifies the whole date comes off its ends: the calendar ("O.S.",
//!    "New Style"), certainty ("c.", "?", "(?)", "early"), an economic year,
//!    and an opening ("by", "until", "from", "between").
//! 2. What is left is one date or two (a range: a dash, "to", or "and" after
//!    "between"), each read into [`Parts`]; the first end borrows what it
//!    leaves out from the second ("23-29 April 1929": the 23rd of April).
//! 3. Each end is placed in its calendar ([`place`]).
//!
//! Where a form has two readings in common use ("1910-11": November 1910 or
//! 1910-1911; "1648/49": an economic year or an Old Style dual year; "168-7
//! BC"), every reading is worked out, and a date that more than one of them
//! fits is refused with a hint naming each, unless the file's conventions
//! ([`DateContext`]) choose. annals never guesses a date.

use chrono::{Datelike, NaiveDate};

use super::edtf::{self, looks_like_edtf};
use super::julian::{gregorian_from_julian, julian_from_gregorian, julian_month_days};
use super::{
    DateContext, DateError, HistDate, MONTHS, OldStyle, Precision, Shape, SlashYears, Span, YyyyNn,
    last_day_of_month, year_text,
};

/// The calendar a date is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Calendar {
    Gregorian,
    Julian,
}

/// "early", "mid" or "late": a third of what follows; or a half of it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Third {
    Early,
    Mid,
    Late,
    FirstHalf,
    SecondHalf,
}

/// A day of the Roman calendar: the Kalends (the 1st), the Nones (the 5th,
/// or the 7th in March, May, July and October) and the Ides (the 13th, or
/// the 15th in those months).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Roman {
    Kalends,
    Nones,
    Ides,
}

impl Roman {
    fn day(self, month: u32) -> u32 {
        let long = matches!(month, 3 | 5 | 7 | 10);
        match (self, long) {
            (Roman::Kalends, _) => 1,
            (Roman::Nones, false) => 5,
            (Roman::Nones, true) => 7,
            (Roman::Ides, false) => 13,
            (Roman::Ides, true) => 15,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Era {
    Bc,
    Ad,
}

/// What one end of a date says, before it is placed in a calendar.
#[derive(Clone, Copy, Debug, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each flag is one mark an end may carry, independent of the others"
)]
struct Parts {
    /// The year as written, before its era: `44` of "44 BC".
    year: Option<i32>,
    /// How many digits the year was written with.
    digits: usize,
    month: Option<u32>,
    day: Option<u32>,
    /// The New Style day of a dual day: the 13 of "3/13 September 1658".
    new_style_day: Option<u32>,
    /// Written with a dual year ("1648/9"); `year` is then the later one.
    dual_year: bool,
    /// A season or quarter: its first and last month, and its precision.
    part: Option<(u32, u32, Precision)>,
    /// Winter across the year end: December of `year` to February.
    winter: bool,
    /// An economic year: the calendar year it starts in.
    economic: Option<i32>,
    /// A decade ("the 1640s"): `year` is its first year as written.
    decade: bool,
    /// A century ("the 17th century"): its number.
    century: Option<i32>,
    /// The number in `century` counts millennia ("the 3rd millennium BC").
    millennium: bool,
    /// "c." on this end alone: "c. 1645-c. 1650".
    circa: bool,
    era: Option<Era>,
    third: Option<Third>,
    /// "O.S." or "N.S." on this end alone.
    calendar: Option<Calendar>,
}

impl Parts {
    fn is_empty(&self) -> bool {
        self.year.is_none()
            && self.economic.is_none()
            && self.month.is_none()
            && self.part.is_none()
            && self.day.is_none()
            && self.century.is_none()
    }

    /// Only a year (or decade): what a range's end may borrow an era for.
    fn is_bare_year(&self) -> bool {
        self.year.is_some() && self.month.is_none() && self.day.is_none() && self.part.is_none()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Opening {
    None,
    By,
    Before,
    After,
    Until,
    From,
    Between,
    /// "1776 or 1777": one of the two, not known which.
    Either,
}

/// A date being taken apart: the normalized text, its ASCII lower-case
/// twin (same byte length, so one range indexes both), and the part not yet
/// consumed.
struct Cursor {
    text: String,
    lower: String,
    start: usize,
    end: usize,
}

const OLD_STYLE: [&str; 9] = [
    "(old style)",
    "old style",
    "(o.s.)",
    "(o.s)",
    "o.s.",
    "o.s",
    "(os)",
    "(julian)",
    "julian",
];
const NEW_STYLE: [&str; 9] = [
    "(new style)",
    "new style",
    "(n.s.)",
    "(n.s)",
    "n.s.",
    "n.s",
    "(ns)",
    "(gregorian)",
    "gregorian",
];

impl Cursor {
    fn new(text: &str) -> Cursor {
        let text = normalize(text);
        let lower = text.to_ascii_lowercase();
        let end = text.len();
        Cursor {
            text,
            lower,
            start: 0,
            end,
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.start..self.end]
    }

    fn rest_lower(&self) -> &str {
        &self.lower[self.start..self.end]
    }

    fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    fn trim(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_end().trim_end_matches(',').trim_end();
        self.end = self.start + trimmed.len();
        let rest = self.rest();
        self.start += rest.len() - rest.trim_start().len();
    }

    /// Drops the first of `suffixes` that ends the rest as a word of its own.
    fn suffix(&mut self, suffixes: &[&str]) -> bool {
        let rest = self.rest_lower();
        let Some(found) = suffixes.iter().find(|x| {
            rest.strip_suffix(*x).is_some_and(|before| {
                x.starts_with('(') || before.is_empty() || !before.ends_with(char::is_alphanumeric)
            })
        }) else {
            return false;
        };
        self.end -= found.len();
        self.trim();
        true
    }

    /// Drops the first of `prefixes` that starts the rest (a prefix ending
    /// in a space also matches the whole rest without it).
    fn prefix(&mut self, prefixes: &[&str]) -> bool {
        let rest = self.rest_lower();
        let Some(found) = prefixes
            .iter()
            .find(|x| rest.starts_with(*x) || rest == x.trim_end())
        else {
            return false;
        };
        self.start = (self.start + found.len()).min(self.end);
        self.trim();
        true
    }

    /// Drops a calendar mark from the end of the rest.
    fn calendar_mark(&mut self) -> Option<Calendar> {
        if self.suffix(&OLD_STYLE) {
            Some(Calendar::Julian)
        } else if self.suffix(&NEW_STYLE) {
            Some(Calendar::Gregorian)
        } else {
            None
        }
    }
}

impl HistDate {
    /// Reads a date string in EDTF or plain English.
    pub fn parse(text: &str, context: DateContext) -> Result<HistDate, DateError> {
        parse(text, context)
    }
}

fn parse(text: &str, context: DateContext) -> Result<HistDate, DateError> {
    let mut c = Cursor::new(text);
    if c.is_empty() {
        return Err(DateError::new("the date is empty")
            .with_hint("write the date as the text gives it, e.g. \"April 1926\" or \"1926-04\""));
    }
    // Marks at the end, in any order: "summer 1929? (O.S.)".
    let mut calendar = None;
    let mut economic = false;
    let mut uncertain = false;
    loop {
        if let Some(mark) = c.calendar_mark() {
            if calendar.replace(mark).is_some_and(|m| m != mark) {
                return Err(DateError::new(format!(
                    "`{}` is marked both Old Style and New Style",
                    text.trim()
                )));
            }
        } else if c.suffix(&["(economic year)", "economic year"]) {
            economic = true;
        } else if c.suffix(&["(?)"])
            || (c.rest().ends_with('?') && !looks_like_edtf(c.rest()) && {
                c.end -= 1;
                c.trim();
                true
            })
        {
            uncertain = true;
        } else {
            break;
        }
    }
    if c.rest().starts_with('?') {
        c.start += 1;
        c.trim();
        uncertain = true;
    }
    economic |= c.prefix(&["the economic year ", "economic year "]);
    let approximate = c.prefix(&[
        "circa ",
        "ca. ",
        "ca.",
        "ca ",
        "c. ",
        "c.",
        "c ",
        "about ",
        "around ",
        "approximately ",
    ]);
    // "c1645", as catalogues write it.
    let approximate = approximate || {
        let rest = c.rest_lower();
        rest.starts_with('c') && rest[1..].starts_with(|ch: char| ch.is_ascii_digit()) && {
            c.start += 1;
            true
        }
    };
    // fl., b., d., r. say what happened, not when.
    if let Some(word) = ["fl.", "fl ", "b.", "d.", "r."]
        .iter()
        .find(|w| c.rest_lower().starts_with(*w))
    {
        return Err(DateError::new(format!(
            "`{}` says what happened (`{}`: flourished, born, died or reigned), not only when",
            text.trim(),
            word.trim()
        ))
        .with_hint("write the date alone (\"1650\", \"c. 1650\") and say the rest in the label"));
    }
    let opening = if c.prefix(&["by "]) {
        Opening::By
    } else if c.prefix(&["before "]) {
        Opening::Before
    } else if c.prefix(&["until ", "till ", "up to "]) {
        Opening::Until
    } else if c.prefix(&["after "]) {
        Opening::After
    } else if c.prefix(&["from ", "since "]) {
        Opening::From
    } else if c.prefix(&["between "]) {
        Opening::Between
    } else if c.rest_lower().contains(" or ") {
        uncertain = true;
        Opening::Either
    } else {
        Opening::None
    };
    if c.is_empty() {
        return Err(DateError::new(format!(
            "`{}` has no date in it",
            text.trim()
        )));
    }
    let qualified = |date: HistDate| date.qualified(approximate, uncertain);

    if opening == Opening::None
        && looks_like_edtf(c.rest())
        && !economic
        && let Some(date) = numeric(&c, text, calendar, context)?
    {
        return Ok(qualified(date));
    }

    let read = read_english(&c, calendar, economic, opening, context)?;
    let shape = match (opening, read.shape) {
        // "from 1642 to 1646" is the period.
        (Opening::None | Opening::Between | Opening::Either, shape)
        | (Opening::From, shape @ Shape::Period(..)) => shape,
        (Opening::By, Shape::Point(span)) => Shape::By(span),
        // "before 1928/29" ended when 1928/29 began: by the span as long
        // that ends the day before ("by 1931" is by its last day).
        (Opening::Before, Shape::Point(span)) => Shape::By(beside(span, false, text)?),
        (Opening::Until, Shape::Point(span)) => Shape::Until(span),
        (Opening::From, Shape::Point(span)) => Shape::From(span),
        // "after 1783" began when 1783 was over.
        (Opening::After, Shape::Point(span)) => Shape::From(beside(span, true, text)?),
        (_, _) => {
            return Err(DateError::new(
                "\"by\", \"before\", \"after\" and \"until\" take a single date, not a range",
            )
            .with_hint("write the range on its own, e.g. \"1930-1933\", or \"by 1933\""));
        }
    };
    Ok(qualified(HistDate::from_parts(
        text,
        shape,
        read.approximate,
        false,
        read.old_style,
    )))
}

/// A span as long as `span` that ends the day before it begins ("before")
/// or begins the day after it ends ("after").
fn beside(span: Span, after: bool, text: &str) -> Result<Span, DateError> {
    let out = || DateError::new(format!("`{}` is out of range", text.trim()));
    let length = chrono::Days::new(span.days().unsigned_abs() - 1);
    let (first, last) = if after {
        let first = span.last.succ_opt().ok_or_else(out)?;
        (first, first.checked_add_days(length).unwrap_or(first))
    } else {
        let last = span.first.pred_opt().ok_or_else(out)?;
        (last.checked_sub_days(length).unwrap_or(last), last)
    };
    Ok(Span {
        first,
        last,
        precision: span.precision,
    })
}

impl HistDate {
    fn qualified(mut self, approximate: bool, uncertain: bool) -> HistDate {
        self.approximate |= approximate;
        self.uncertain |= uncertain;
        self
    }
}

/// Dashes of every kind become `-`, curly apostrophes `'`, runs of white
/// space one space, and spaces around a dash go: "26 October - 3 November"
/// reads as "26 October-3 November". A minus after a word keeps its space:
/// it is a sign ("May -44"), not a dash.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let sign = c == '-'
            && out.chars().last().is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(char::is_ascii_digit);
        if space && (c != '-' || sign) && !out.ends_with('-') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// A numeric `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional minus sign.
fn iso_numbers(s: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut fields = body.split('-');
    let year = fields.next()?;
    if year.len() != 4 || !is_digits(year) {
        return None;
    }
    let mut next = || -> Option<Option<u32>> {
        match fields.next() {
            None => Some(None),
            Some(f) if f.len() == 2 && is_digits(f) => Some(Some(f.parse().ok()?)),
            Some(_) => None,
        }
    };
    let month = next()?;
    let day = next()?;
    if fields.next().is_some() || (month.is_none() && day.is_some()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    Some((if negative { -year } else { year }, month, day))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What `YYYY-N…` means.
enum YearDash {
    Years,
    Month,
    Season,
}

/// "1921-28" and "1652-4" are years, "1926-04" a month, "1930-22" an EDTF
/// season; "1910-11" could be either of the first two.
fn year_dash(s: &str, a: &str, b: &str, context: DateContext) -> Result<YearDash, DateError> {
    if b.len() != 2 {
        return Ok(YearDash::Years);
    }
    let start: i32 = a.parse().unwrap_or_default();
    let value: i32 = b.parse().unwrap_or_default();
    let later = start - start.rem_euclid(100) + value > start;
    let month = (1..=12).contains(&value);
    Ok(match (later, month) {
        (true, true) => match context.yyyy_nn {
            Some(YyyyNn::Years) => YearDash::Years,
            Some(YyyyNn::Month) => YearDash::Month,
            None => {
                let year = start - start.rem_euclid(100) + value;
                return Err(DateError::new(format!(
                    "`{s}` has two readings: {} {start} (ISO 8601) or the years {start}-{year}",
                    MONTHS[value as usize - 1]
                ))
                .with_hint(format!(
                    "write \"{} {start}\" or \"{start}-{year}\"; or say once in [timeline] \
                     which you mean: yyyy_nn = \"month\" or yyyy_nn = \"years\"",
                    MONTHS[value as usize - 1]
                )));
            }
        },
        (true, false) => YearDash::Years,
        (false, true) => YearDash::Month,
        (false, false) if (21..=41).contains(&value) => YearDash::Season,
        (false, false) => {
            return Err(DateError::new(format!(
                "`{s}` is neither a month (there is no month {value}) nor a range of years \
                 ({} is before {start})",
                start - start.rem_euclid(100) + value
            ))
            .with_hint("write the end year in full, e.g. \"1959-1962\""));
        }
    })
}

/// Dates made of numbers: ISO days, months and years, year ranges, and
/// EDTF. `None` sends the date on to the English reader.
fn numeric(
    c: &Cursor,
    written: &str,
    calendar: Option<Calendar>,
    context: DateContext,
) -> Result<Option<HistDate>, DateError> {
    let s = c.rest();
    let english = || -> Result<Option<HistDate>, DateError> {
        let read = read_english(c, calendar, false, Opening::None, context)?;
        Ok(Some(HistDate::from_parts(
            written,
            read.shape,
            read.approximate,
            false,
            read.old_style,
        )))
    };
    // 1929/30 and 1648/9: read with the file's conventions.
    if let Some((a, b)) = s.split_once('/')
        && a.len() == 4
        && (1..=2).contains(&b.len())
        && is_digits(a)
        && is_digits(b)
    {
        return english();
    }
    if let Some((a, b)) = s.split_once('-')
        && a.len() == 4
        && (1..=4).contains(&b.len())
        && is_digits(a)
        && is_digits(b)
    {
        match year_dash(s, a, b, context)? {
            YearDash::Years => return english(),
            YearDash::Season => {
                return edtf::read(written, s)?.map(Some);
            }
            YearDash::Month => {}
        }
    }
    if let Some((year, month, day)) = iso_numbers(s) {
        if month.is_some_and(|m| m > 12) {
            if month.is_some_and(|m| (21..=41).contains(&m)) && day.is_none() {
                return edtf::read(written, s)?.map(Some);
            }
            return Err(DateError::new(format!(
                "month {:02} does not exist in `{s}`",
                month.unwrap_or(0)
            ))
            .with_hint(
                "months run from 01 to 12; EDTF seasons are 21 spring, 22 summer, 23 autumn, 24 winter",
            ));
        }
        let parts = Parts {
            year: Some(year.abs()),
            digits: 4,
            era: (year <= 0).then_some(Era::Bc),
            month,
            day,
            ..Parts::default()
        };
        // ISO years count a year 0: -0043 is 44 BC.
        let parts = Parts {
            year: parts.year.map(|y| if year <= 0 { y + 1 } else { y }),
            ..parts
        };
        let end = place(parts, calendar, context)?;
        return Ok(Some(HistDate::from_parts(
            written,
            Shape::Point(end.span),
            false,
            false,
            end.old_style(),
        )));
    }
    if calendar == Some(Calendar::Julian) {
        return english().map_err(|_| {
            DateError::new(format!("`{s}` is not an Old Style date annals can read"))
                .with_hint("write e.g. \"25 October 1917 (O.S.)\" or \"1917-10-25 (O.S.)\"")
        });
    }
    match edtf::read(written, s) {
        Ok(date) => {
            let date = date?;
            if let Some(from) = context.gregorian_from
                && date.anchor() < from
                && calendar.is_none()
            {
                return Err(DateError::new(format!(
                    "`{s}` is EDTF, which is Gregorian, but this file's dates before {} are Old Style",
                    super::day_text(from)
                ))
                .with_hint(format!("mark it \"{s} (N.S.)\", or write it in words")));
            }
            Ok(Some(date))
        }
        // Not EDTF, but maybe numbers in English: "1927/28-1932/33".
        Err(e) => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.len() > 4 && is_digits(digits) {
                return Err(DateError::new(format!(
                    "`{s}` is not a date annals can read: the year is out of range"
                ))
                .with_hint("years are written with four digits, -9999 to 9999"));
            }
            match english() {
                Ok(date) => Ok(date),
                // The English reader's word, where it had one to say.
                Err(english) if !english.message.contains("is not a date annals can read") => {
                    Err(english)
                }
                Err(_) => Err(e),
            }
        }
    }
}

/// A date read in English.
struct Read {
    shape: Shape,
    old_style: Option<OldStyle>,
    /// "early", "mid" or "late" made it approximate.
    approximate: bool,
}

/// Reads one date or a range of two.
fn read_english(
    c: &Cursor,
    calendar: Option<Calendar>,
    economic: bool,
    opening: Opening,
    context: DateContext,
) -> Result<Read, DateError> {
    let (text, mut lower) = (c.rest(), c.rest_lower().to_owned());
    // "economic year 1929-30" is one economic year, not two.
    if economic
        && let Some((a, b)) = lower.split_once('-')
        && a.len() == 4
        && b.len() == 2
        && is_digits(a)
        && is_digits(b)
    {
        lower = format!("{a}/{b}");
    }
    let lower = lower.as_str();
    let pieces = split_range(lower, opening)?;
    let end_of = |(a, b): (usize, usize)| -> Result<Parts, DateError> {
        read_end(&text[a..b], &lower[a..b], economic, calendar, context)
    };
    let (shape, first, last) = match pieces.as_slice() {
        [one] => {
            if opening == Opening::Between {
                return Err(DateError::new(format!(
                    "`between {text}` needs two dates joined by \"and\""
                ))
                .with_hint("write e.g. \"between 1645 and 1647\""));
            }
            if opening == Opening::Either {
                return Err(
                    DateError::new(format!("`{text}` needs two dates joined by \"or\""))
                        .with_hint("write e.g. \"1776 or 1777\""),
                );
            }
            let parts = end_of(*one)?;
            let end = place(parts, calendar, context)?;
            (Shape::Point(end.span), end, end)
        }
        [left, right] => {
            let mut right = end_of(*right)?;
            let mut left = end_of(*left)?;
            inherit(&mut left, &right);
            // "the 1640s-50s": a short decade end is in the first's century.
            if left.decade
                && right.decade
                && right.era.is_none()
                && right.digits < left.digits
                && let (Some(first), Some(value)) = (left.year, right.year)
            {
                right.year = Some(short_year(first, value, right.digits));
                right.digits = left.digits;
            }
            if let Some(winter) = winter_across(&left, &right, text, calendar, context)? {
                (Shape::Point(winter.span), winter, winter)
            } else {
                let right = end_year(&mut left, right, text)?;
                let a = place(left, calendar, context)?;
                let b = place(right, calendar, context)?;
                let shape = if matches!(opening, Opening::Between | Opening::Either) {
                    if b.span.last < a.span.first {
                        return Err(reversed(text, a.span, b.span));
                    }
                    Shape::Point(Span {
                        first: a.span.first,
                        last: b.span.last,
                        precision: a.span.precision.max(b.span.precision),
                    })
                } else {
                    super::period(a.span, b.span).map_err(|_| reversed(text, a.span, b.span))?
                };
                (shape, a, b)
            }
        }
        _ => {
            return Err(
                DateError::new(format!("`{text}` has more than one dash")).with_hint(
                    "a range is two dates joined by one dash: \"26 October-3 November 1926\"",
                ),
            );
        }
    };
    let old_style = match (first.julian, last.julian) {
        (Some(a), Some(b)) => Some(OldStyle {
            first: a.0,
            last: b.1,
            dual_year: first.dual_year || last.dual_year,
        }),
        _ => None,
    };
    Ok(Read {
        shape,
        old_style,
        approximate: first.third || last.third,
    })
}

fn reversed(text: &str, a: Span, b: Span) -> DateError {
    let small =
        a.first.year() < 1000 && a.first.year() > 0 && !text.to_ascii_lowercase().contains("bc");
    let hint = if small {
        format!("for years BC, write the era once at the end: \"{text} BC\"")
    } else {
        "write the earlier date first".to_owned()
    };
    DateError::new(format!(
        "`{text}` ends ({}) before it starts ({})",
        super::day_text(b.last),
        super::day_text(a.first)
    ))
    .with_hint(hint)
}

/// Splits "26 october-3 november 1926", "1642 to 1646" or (after
/// "between") "1645 and 1647" into byte ranges of its ends. A minus after a
/// space is a sign; the dash of "mid-1650s" or "twenty-first" joins a word.
fn split_range(s: &str, opening: Opening) -> Result<Vec<(usize, usize)>, DateError> {
    let trimmed = |a: usize, b: usize| -> (usize, usize) {
        let piece = &s[a..b];
        let lead = piece.len() - piece.trim_start().len();
        (a + lead, a + lead + piece.trim().len())
    };
    let joiner = match opening {
        Opening::Between => Some(" and "),
        Opening::Either => Some(" or "),
        _ => None,
    };
    if let Some(joiner) = joiner {
        return Ok(match s.find(joiner) {
            Some(i) => vec![trimmed(0, i), trimmed(i + joiner.len(), s.len())],
            None => vec![trimmed(0, s.len())],
        });
    }
    if let Some(i) = s.find(" to ") {
        return Ok(vec![trimmed(0, i), trimmed(i + 4, s.len())]);
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c != '-' || i == 0 || s[..i].ends_with(' ') {
            continue;
        }
        let word = s[..i].rsplit([' ', '-']).next().unwrap_or_default();
        if matches!(word, "mid" | "twenty" | "thirty" | "early" | "late") {
            continue;
        }
        pieces.push(trimmed(start, i));
        start = i + 1;
    }
    pieces.push(trimmed(start, s.len()));
    if pieces.iter().any(|(a, b)| a == b) {
        return Err(
            DateError::new(format!("`{s}` has a dash with nothing on one side"))
                .with_hint("a range is two dates joined by one dash: \"1921-1928\""),
        );
    }
    Ok(pieces)
}

/// "23" borrows April 1929 from "29 April 1929"; "October" borrows 1930;
/// "91" borrows BC from "88 BC".
fn inherit(left: &mut Parts, right: &Parts) {
    // An ordinal before a century: the 5th of "5th-4th century BC".
    if right.century.is_some()
        && left.century.is_none()
        && left.year.is_none()
        && left.month.is_none()
        && left.day.is_some()
    {
        left.century = left.day.take().map(|d| d as i32);
        left.millennium = right.millennium;
        left.era = left.era.or(right.era);
        return;
    }
    // A lone number before a day-precise end is a day: the 23 of "23-29 April".
    if right.day.is_some() && left.digits <= 2 && left.is_bare_year() && left.era.is_none() {
        left.day = left.year.take().map(|d| d as u32);
        left.digits = 0;
    }
    if left.year.is_none() && left.economic.is_none() && left.century.is_none() {
        left.year = right.year;
        left.digits = right.digits;
        left.economic = right.economic;
        left.era = left.era.or(right.era);
        left.dual_year = right.dual_year;
        if left.day.is_some() && left.month.is_none() {
            left.month = right.month;
        }
    }
    left.calendar = left.calendar.or(right.calendar);
}

/// "winter 1646-47", "the winter of 1637-8": December to February.
fn winter_across(
    left: &Parts,
    right: &Parts,
    text: &str,
    calendar: Option<Calendar>,
    context: DateContext,
) -> Result<Option<End>, DateError> {
    let Some((12, 2, _)) = left.part else {
        return Ok(None);
    };
    if !right.is_bare_year() || right.era.is_some() || left.era.is_some() {
        return Ok(None);
    }
    let (Some(first), Some(second)) = (left.year, right.year) else {
        return Ok(None);
    };
    let second = if right.digits < left.digits {
        short_year(first, second, right.digits)
    } else {
        second
    };
    if second != first + 1 {
        return Err(DateError::new(format!(
            "`{text}`: a winter runs from one year into the next, not into {second}"
        ))
        .with_hint(format!(
            "write \"winter {first}-{:02}\"",
            (first + 1).rem_euclid(100)
        )));
    }
    let parts = Parts {
        winter: true,
        ..*left
    };
    place(parts, calendar, context).map(Some)
}

/// The year a short end names in its first year's decade or century:
/// "1652-4" is 1654, "1646-47" 1647.
fn short_year(first: i32, value: i32, digits: usize) -> i32 {
    let base = 10_i32.pow(digits as u32);
    first - first.rem_euclid(base) + value
}

/// Works out the end year of a range of years, with its era, from every
/// reading the range has; refuses a range two readings fit.
fn end_year(left: &mut Parts, mut right: Parts, text: &str) -> Result<Parts, DateError> {
    let (Some(first), Some(value)) = (left.year, right.year) else {
        return Ok(right);
    };
    if left.decade || right.decade || left.century.is_some() || right.century.is_some() {
        return Ok(right);
    }
    let astro = |y: i32, era: Option<Era>| if era == Some(Era::Bc) { 1 - y } else { y };
    // One era mark for the whole range: "91-88 BC".
    if right.era.is_some() && left.era.is_none() {
        left.era = right.era;
    }
    let start = astro(first, left.era);
    let mut readings: Vec<(i32, Option<Era>)> = Vec::new();
    let eras = match (left.era, right.era) {
        (_, Some(era)) => vec![Some(era)],
        (Some(Era::Bc), None) => vec![Some(Era::Bc), Some(Era::Ad)],
        (era, None) => vec![era],
    };
    for &era in &eras {
        readings.push((value, era));
    }
    // A short end belongs to the first year's decade or century: "1652-4"
    // is 1654, "168-7 BC" 167 BC.
    let short = right.digits > 0 && right.digits < left.digits;
    if short && (right.era.is_none() || left.era == right.era) {
        readings.push((
            short_year(first, value, right.digits),
            right.era.or(left.era),
        ));
    }
    readings.dedup();
    let valid: Vec<(i32, Option<Era>)> = readings
        .iter()
        .copied()
        .filter(|&(y, era)| astro(y, era) >= start && y >= 1)
        .collect();
    let name = |(y, era): (i32, Option<Era>)| match era {
        Some(Era::Bc) => format!("{y} BC"),
        Some(Era::Ad) if left.era == Some(Era::Bc) => format!("AD {y}"),
        _ => y.to_string(),
    };
    match valid.as_slice() {
        [] => {
            let small = first < 1000 && left.era.is_none() && right.era.is_none();
            let hint = if small {
                format!("for years BC, write the era once at the end: \"{text} BC\"")
            } else if short {
                "write the end year in full, e.g. \"1659-1661\"".to_owned()
            } else {
                "write the earlier date first".to_owned()
            };
            Err(DateError::new(format!(
                "`{text}` ends before it starts: {} is before {}",
                name(readings[0]),
                name((first, left.era))
            ))
            .with_hint(hint))
        }
        [(y, era)] => {
            right.year = Some(*y);
            right.era = *era;
            right.digits = left.digits.max(right.digits);
            Ok(right)
        }
        _ => {
            let list: Vec<String> = valid
                .iter()
                .map(|&r| format!("{}-{}", name((first, left.era)), name(r)))
                .collect();
            Err(DateError::new(format!(
                "`{text}` has {} readings: {}",
                list.len(),
                list.join(" or ")
            ))
            .with_hint(format!(
                "write the end year in full, with its era: \"{}\"",
                list.join("\" or \"")
            )))
        }
    }
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    let i = MONTHS
        .iter()
        .position(|m| m.to_ascii_lowercase().starts_with(word))?;
    // "mar", "march", "sept": a prefix of the name, but at most one letter
    // past the usual abbreviation unless whole.
    Some(i as u32 + 1)
}

fn season(word: &str) -> Option<(u32, u32, Precision)> {
    Some(match word {
        "spring" => (3, 5, Precision::Season),
        "summer" => (6, 8, Precision::Season),
        "autumn" | "fall" => (9, 11, Precision::Season),
        "winter" => (12, 2, Precision::Season),
        "q1" => (1, 3, Precision::Quarter),
        "q2" => (4, 6, Precision::Quarter),
        "q3" => (7, 9, Precision::Quarter),
        "q4" => (10, 12, Precision::Quarter),
        _ => return None,
    })
}

const ORDINAL_WORDS: [&str; 21] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
];

/// "23rd", "1st", "17th": the number, if the suffix fits it.
fn ordinal(word: &str) -> Option<i32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !is_digits(digits) || digits.len() > 2 {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    let expected = super::ordinal_suffix(i64::from(n));
    (suffix == expected || (suffix == "d" && matches!(n % 10, 2 | 3))).then_some(n)
}

/// "1640s", "1640's", "80s": the decade's first year and its digits.
fn decade(word: &str) -> Option<(i32, usize)> {
    let digits = word.strip_suffix("'s").or_else(|| word.strip_suffix('s'))?;
    if !is_digits(digits) || digits.len() < 2 || digits.len() > 4 || !digits.ends_with('0') {
        return None;
    }
    Some((digits.parse().ok()?, digits.len()))
}

/// Reads one end of a date, `text` as written and `lower` its lower case.
#[allow(clippy::too_many_lines)]
fn read_end(
    text: &str,
    lower: &str,
    economic: bool,
    whole: Option<Calendar>,
    context: DateContext,
) -> Result<Parts, DateError> {
    let mut parts = Parts::default();
    // A calendar mark on this end alone: "28 October 1647 (O.S.)-...".
    let mut c = Cursor {
        text: text.to_owned(),
        lower: lower.to_owned(),
        start: 0,
        end: text.len(),
    };
    parts.calendar = c.calendar_mark();
    let text = c.rest().to_owned();
    // "mid-1650s" is "mid 1650s"; "the first half of" one word.
    let lower = [
        ("mid-", "mid "),
        ("early-", "early "),
        ("late-", "late "),
        ("first half", "first-half"),
        ("1st half", "first-half"),
        ("second half", "second-half"),
        ("2nd half", "second-half"),
    ]
    .iter()
    .fold(c.rest_lower().to_owned(), |s, (from, to)| {
        s.replace(from, to)
    });
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "of" | "in" | "year" | "part"))
        .collect();
    let mut numbers: Vec<(i32, usize, bool)> = Vec::new(); // value, digits, ordinal
    let mut slash: Option<(i32, &str)> = None;
    let mut century_word = false;
    let mut roman_day: Option<Roman> = None;
    let not_a_date = |w: &str| {
        DateError::new(format!(
            "`{w}` in `{text}` is not a month, a season, a day or a year"
        ))
        .with_hint(
            "months are written out (\"April\", \"Apr\"); seasons are spring, summer, autumn, \
             winter; days may be ordinals (\"23rd\")",
        )
    };
    for &word in &words {
        let third = match word {
            "early" | "beginning" | "start" => Some(Third::Early),
            "mid" | "middle" => Some(Third::Mid),
            "late" | "end" => Some(Third::Late),
            "first-half" => Some(Third::FirstHalf),
            "second-half" => Some(Third::SecondHalf),
            _ => None,
        };
        let roman = match word {
            "kalends" | "calends" | "kal." => Some(Roman::Kalends),
            "nones" | "non." => Some(Roman::Nones),
            "ides" | "id." => Some(Roman::Ides),
            _ => None,
        };
        if roman.is_some() {
            if std::mem::replace(&mut roman_day, roman).is_some() {
                return Err(unreadable(&text));
            }
            continue;
        }
        if let Some(t) = third {
            if parts.third.replace(t).is_some() {
                return Err(unreadable(&text));
            }
            continue;
        }
        match word {
            "bc" | "bce" | "b.c." | "b.c.e." => parts.era = Some(Era::Bc),
            "ad" | "ce" | "a.d." | "c.e." => parts.era = Some(Era::Ad),
            "century" | "centuries" | "cent." => century_word = true,
            "millennium" | "millennia" => {
                century_word = true;
                parts.millennium = true;
            }
            // After an ordinal, "c." is a century ("the 1st c. BC"); before
            // a year, circa ("c. 1650").
            "c." | "ca." | "circa" | "c" => {
                if numbers.last().is_some_and(|n| n.2) {
                    century_word = true;
                } else {
                    parts.circa = true;
                }
            }
            w if is_digits(w) => {
                numbers.push((w.parse().map_err(|_| unreadable(&text))?, w.len(), false));
            }
            w if ordinal(w).is_some() => numbers.push((ordinal(w).unwrap_or_default(), 2, true)),
            w if ORDINAL_WORDS.contains(&w) => {
                let n = ORDINAL_WORDS
                    .iter()
                    .position(|o| *o == w)
                    .unwrap_or_default();
                numbers.push((n as i32 + 1, 2, true));
            }
            w if decade(w).is_some() => {
                let (year, digits) = decade(w).unwrap_or_default();
                if parts.year.replace(year).is_some() {
                    return Err(unreadable(&text));
                }
                parts.decade = true;
                parts.digits = digits;
            }
            w if w.contains('/') => {
                let (a, b) = w.split_once('/').unwrap_or((w, ""));
                if !is_digits(a) || !is_digits(b) {
                    return Err(unreadable(&text));
                }
                if a.len() <= 2 && b.len() <= 2 {
                    // A dual day: "3/13 September 1658".
                    parts.day = Some(a.parse().unwrap_or_default());
                    parts.new_style_day = Some(b.parse().unwrap_or_default());
                } else if (3..=4).contains(&a.len()) && (b.len() <= 2 || b.len() == a.len()) {
                    slash = Some((a.parse().unwrap_or_default(), b));
                } else {
                    return Err(unreadable(&text));
                }
            }
            w if w.starts_with('-') && is_digits(&w[1..]) => {
                return Err(DateError::new(format!(
                    "`{text}` has a negative year, which English dates do not use"
                ))
                .with_hint(
                    "write the era: \"May 45 BC\"; or EDTF with year 0 = 1 BC: \"-0044-05\"",
                ));
            }
            w if iso_numbers(w).is_some() && w.len() > 4 => {
                let (y, m, d) = iso_numbers(w).unwrap_or_default();
                parts.year = Some(y);
                parts.digits = 4;
                parts.month = m;
                parts.day = d;
            }
            w => {
                if let Some(m) = month_number(w) {
                    if parts.month.replace(m).is_some() {
                        return Err(unreadable(&text));
                    }
                } else if let Some(p) = season(w) {
                    parts.part = Some(p);
                } else {
                    let shown = text
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .find(|x| x.eq_ignore_ascii_case(w))
                        .unwrap_or(w);
                    return Err(not_a_date(shown));
                }
            }
        }
    }
    if century_word {
        let [(n, _, _)] = numbers.as_slice() else {
            return Err(
                DateError::new(format!("`{text}` does not say which century"))
                    .with_hint("write e.g. \"the 17th century\" or \"the first century BC\""),
            );
        };
        let most = if parts.millennium { 10 } else { 100 };
        if *n < 1 || *n > most || parts.month.is_some() || parts.part.is_some() {
            return Err(unreadable(&text));
        }
        parts.century = Some(*n);
        numbers.clear();
    }
    // Numbers: a day has one or two digits and comes with a month; a year
    // has three or four (or stands alone).
    let last = numbers.len().saturating_sub(1);
    for (i, (value, digits, is_ordinal)) in numbers.into_iter().enumerate() {
        let is_day = parts.month.is_some()
            && digits <= 2
            && parts.day.is_none()
            && !(parts.era.is_some() && i == last && !is_ordinal);
        if is_day || (is_ordinal && parts.day.is_none()) {
            parts.day = Some(value as u32);
        } else if parts.year.is_none() && slash.is_none() && !is_ordinal {
            parts.year = Some(value);
            parts.digits = digits;
        } else {
            return Err(unreadable(&text));
        }
    }
    if let Some(roman) = roman_day {
        let Some(month) = parts.month.filter(|_| parts.day.is_none()) else {
            return Err(DateError::new(format!(
                "`{text}`: the Kalends, Nones and Ides are days of a month"
            ))
            .with_hint("write e.g. \"the Ides of March 44 BC\""));
        };
        parts.day = Some(roman.day(month));
    }
    if let Some((first, second)) = slash {
        slash_year(&mut parts, first, second, &text, economic, whole, context)?;
    } else if economic && parts.year.is_some() && parts.month.is_none() && parts.part.is_none() {
        parts.economic = parts.year.take();
    }
    if parts.decade {
        check_decade(&parts, &text)?;
    }
    if parts.is_empty() {
        return Err(unreadable(&text));
    }
    if parts.day.is_some() && parts.month.is_none() && parts.year.is_some() {
        return Err(unreadable(&text));
    }
    Ok(parts)
}

/// "1929/30", "1648/9", "winter 1646/47".
fn slash_year(
    parts: &mut Parts,
    first: i32,
    second: &str,
    text: &str,
    economic: bool,
    whole: Option<Calendar>,
    context: DateContext,
) -> Result<(), DateError> {
    let value: i32 = second.parse().unwrap_or_default();
    let full = if second.len() >= 3 {
        value
    } else {
        short_year(first, value, second.len())
    };
    if full != first + 1 {
        return Err(DateError::new(format!(
            "`{text}`: the second year of `{first}/{second}` must follow the first"
        ))
        .with_hint(format!("write {first}/{:02}", (first + 1).rem_euclid(100))));
    }
    if parts.part == Some((12, 2, Precision::Season)) {
        parts.year = Some(first);
        parts.winter = true;
        parts.digits = 4;
        return Ok(());
    }
    let dual = parts.month.is_some() || parts.day.is_some();
    let meaning = if dual {
        SlashYears::Dual
    } else if economic {
        SlashYears::Economic
    } else if whole == Some(Calendar::Julian) {
        SlashYears::Dual
    } else if let Some(meaning) = context.slash_years {
        meaning
    } else {
        return Err(DateError::new(format!(
            "`{text}` has two readings: the economic or academic year {first}/{second} \
             (from {} {first}), or the Old Style dual year {first}/{second} \
             (1 January-24 March {full}, Julian)",
            MONTHS[context.economic_year_start as usize - 1]
        ))
        .with_hint(format!(
            "write \"{first}/{second} (economic year)\" or \"{first}/{second} (O.S.)\"; or say \
             once in [timeline] which you mean: slash_years = \"economic\" or \
             slash_years = \"old-style\""
        )));
    };
    match meaning {
        SlashYears::Economic => parts.economic = Some(first),
        SlashYears::Dual => {
            // The legal year began on 25 March: a dual year names a day
            // between 1 January and 24 March of the later year.
            let late = parts.month.is_some_and(|m| m > 3)
                || (parts.month == Some(3) && parts.day.is_some_and(|d| d > 24));
            if late || parts.part.is_some() {
                return Err(DateError::new(format!(
                    "`{text}`: a dual year is written for 1 January-24 March only"
                ))
                .with_hint(format!(
                    "from 25 March the legal and historical years agree: write {full}"
                )));
            }
            parts.year = Some(full);
            parts.digits = 4;
            parts.dual_year = true;
            if parts.month.is_none() {
                parts.part = Some((1, 3, Precision::Season));
            }
        }
    }
    Ok(())
}

fn check_decade(parts: &Parts, text: &str) -> Result<(), DateError> {
    let year = parts.year.unwrap_or_default();
    if parts.digits >= 3 && year % 100 == 0 {
        let century = year / 100 + 1;
        return Err(DateError::new(format!(
            "`{text}` has two readings: the decade {year}-{} or the century {year}-{}",
            year + 9,
            year + 99
        ))
        .with_hint(format!(
            "write \"{year}-{:02}\" for the decade, or \"the {} century\" ({}-{})",
            (year + 9) % 100,
            super::ordinal_text(i64::from(century)),
            year + 1,
            year + 100
        )));
    }
    Ok(())
}

fn unreadable(s: &str) -> DateError {
    DateError::new(format!("`{s}` is not a date annals can read")).with_hint(
        "write e.g. \"4 February 1931\", \"April 1926\", \"summer 1930\", \"1929/30\", \
         \"1921-28\", \"the 1640s\", \"early 1645\" or EDTF such as \"1926-04\"",
    )
}

/// A Julian (year, month, day).
type JulianDay = (i32, u32, u32);
/// The first and last Julian day an end covers.
type JulianDays = (JulianDay, JulianDay);

/// One end placed in its calendar.
#[derive(Clone, Copy, Debug)]
struct End {
    span: Span,
    /// The Julian days as written, first and last, for an Old Style end.
    julian: Option<JulianDays>,
    dual_year: bool,
    /// Narrowed by "early", "mid" or "late".
    third: bool,
}

impl End {
    fn old_style(&self) -> Option<OldStyle> {
        self.julian.map(|(first, last)| OldStyle {
            first,
            last,
            dual_year: self.dual_year,
        })
    }
}

/// Places one end in its calendar: the days it covers.
fn place(parts: Parts, whole: Option<Calendar>, context: DateContext) -> Result<End, DateError> {
    let explicit = parts.calendar.or(whole);
    let dual = parts.dual_year || parts.new_style_day.is_some();
    if dual && explicit == Some(Calendar::Gregorian) {
        return Err(DateError::new(
            "a dual date is Old Style and New Style at once; it needs no N.S. mark",
        ));
    }
    let era_year = |y: i32| match parts.era {
        Some(Era::Bc) => 1 - y,
        _ => y,
    };
    if parts.era.is_some() && parts.year == Some(0) {
        return Err(DateError::new("BC and AD go with a year of 1 or more")
            .with_hint("1 BC is followed by AD 1; there is no year 0"));
    }
    if let Some(y) = parts.year
        && y > 9999
    {
        return Err(DateError::new(format!("the year {y} is out of range"))
            .with_hint("annals reads years from 9999 BC to AD 9999"));
    }
    let calendar = if dual {
        Calendar::Julian
    } else if let Some(c) = explicit {
        c
    } else if let (Some(from), Some(year)) = (context.gregorian_from, parts.year.or(parts.economic))
    {
        let year = era_year(year);
        let (m, d) = (parts.month.unwrap_or(1), parts.day.unwrap_or(1));
        let julian = gregorian_from_julian(year, m, d);
        let gregorian = NaiveDate::from_ymd_opt(year, m, d);
        match (julian, gregorian) {
            (Some(j), _) if j < from => Calendar::Julian,
            (_, Some(g)) if g < from && parts.day.is_some() => {
                return Err(DateError::new(format!(
                    "{d} {} {} falls in the days the change of calendar skipped",
                    MONTHS[m as usize - 1],
                    year_text(year)
                ))
                .with_hint("mark the date O.S. or N.S."));
            }
            _ => Calendar::Gregorian,
        }
    } else {
        Calendar::Gregorian
    };
    let mut span = span_of(parts, calendar, context)?;
    if let Some(third) = parts.third {
        span = narrow(span, third);
    }
    if let Some(ns) = parts.new_style_day
        && span.first.day() != ns
    {
        return Err(DateError::new(format!(
            "{} {} {} Old Style was {} New Style, not the {ns}th",
            parts.day.unwrap_or_default(),
            MONTHS[parts.month.unwrap_or(1) as usize - 1],
            year_text(era_year(parts.year.unwrap_or_default())),
            super::day_text(span.first)
        )));
    }
    let julian = (calendar == Calendar::Julian).then(|| {
        (
            julian_from_gregorian(span.first),
            julian_from_gregorian(span.last),
        )
    });
    Ok(End {
        span,
        julian,
        dual_year: parts.dual_year,
        // (A half is exact: "the first half of 1776" is January-June.)
        third: parts.circa || matches!(parts.third, Some(Third::Early | Third::Mid | Third::Late)),
    })
}

/// The days an end covers, in `calendar`.
#[allow(clippy::too_many_lines)]
fn span_of(parts: Parts, calendar: Calendar, context: DateContext) -> Result<Span, DateError> {
    let day_in = |y: i32, m: u32, d: u32| -> Option<NaiveDate> {
        match calendar {
            Calendar::Gregorian => NaiveDate::from_ymd_opt(y, m, d),
            Calendar::Julian => gregorian_from_julian(y, m, d),
        }
    };
    let month_len = |y: i32, m: u32| -> Option<u32> {
        match calendar {
            Calendar::Gregorian => last_day_of_month(y, m).map(|d| d.day()),
            Calendar::Julian => julian_month_days(y, m),
        }
    };
    let years = |y0: i32, y1: i32, precision: Precision| -> Result<Span, DateError> {
        let out = || DateError::new(format!("the year {} is out of range", year_text(y0)));
        Ok(Span {
            first: day_in(y0, 1, 1).ok_or_else(out)?,
            last: day_in(y1, 12, 31).ok_or_else(out)?,
            precision,
        })
    };
    if let Some(start) = parts.economic {
        if calendar == Calendar::Julian {
            return Err(DateError::new("an economic year cannot be Old Style"));
        }
        if parts.month.is_some() || parts.day.is_some() || parts.part.is_some() {
            return Err(DateError::new(
                "an economic year cannot have a month or day",
            ));
        }
        let month = context.economic_year_start;
        let first = NaiveDate::from_ymd_opt(start, month, 1);
        let last = NaiveDate::from_ymd_opt(start + 1, month, 1).and_then(|d| d.pred_opt());
        let (Some(first), Some(last)) = (first, last) else {
            return Err(DateError::new(format!(
                "the economic year {start} is out of range"
            )));
        };
        return Ok(Span {
            first,
            last,
            precision: Precision::EconomicYear,
        });
    }
    if let Some(n) = parts.century
        && parts.millennium
    {
        return if parts.era == Some(Era::Bc) {
            // The 3rd millennium BC: 3000-2001 BC.
            years(
                1 - n * 1000,
                1 - ((n - 1) * 1000 + 1),
                Precision::Millennium,
            )
        } else {
            years((n - 1) * 1000 + 1, n * 1000, Precision::Millennium)
        };
    }
    if let Some(n) = parts.century {
        return if parts.era == Some(Era::Bc) {
            // The first century BC: 100-1 BC.
            years(1 - n * 100, 1 - ((n - 1) * 100 + 1), Precision::Century)
        } else {
            years((n - 1) * 100 + 1, n * 100, Precision::Century)
        };
    }
    let Some(written) = parts.year else {
        return Err(DateError::new("the date has no year")
            .with_hint("give the year at the end: \"26 October-3 November 1926\""));
    };
    if parts.decade && parts.digits == 2 && parts.era.is_none() {
        return Err(DateError::new(format!(
            "`the {written}s` does not say which century the decade is in"
        ))
        .with_hint(format!(
            "write the era (\"the {written}s BC\", \"the AD {written}s\") or the full years \
             (\"the 19{written}s\")"
        )));
    }
    if parts.decade {
        return if parts.era == Some(Era::Bc) {
            // The 80s BC: 89-80 BC.
            years(1 - (written + 9), 1 - written, Precision::Decade)
        } else {
            years(written, written + 9, Precision::Decade)
        };
    }
    let mut year = if parts.era == Some(Era::Bc) {
        1 - written
    } else {
        written
    };
    let shown = year_text(year);
    let out_of_range = || DateError::new(format!("the year {shown} is out of range"));
    // A legal year that began on 25 March.
    let legal = calendar == Calendar::Julian && context.year_starts_25_march && !parts.dual_year;
    if legal {
        match (parts.month, parts.day, parts.part) {
            (Some(m), Some(d), _) if m < 3 || (m == 3 && d < 25) => year += 1,
            (Some(m), None, _) if m < 3 => year += 1,
            (Some(3), None, _) => {
                return Err(DateError::new(format!(
                    "March {written} runs over two legal years: 1-24 March belong to {}",
                    written + 1
                ))
                .with_hint(format!(
                    "write \"March {written}/{}\" for 1-24 March {}, or give the day",
                    (written + 1).rem_euclid(10),
                    written + 1
                )));
            }
            (None, None, None) => {
                // The legal year: 25 March to 24 March.
                let first = day_in(year, 3, 25).ok_or_else(out_of_range)?;
                let last = day_in(year + 1, 3, 24).ok_or_else(out_of_range)?;
                return Ok(Span {
                    first,
                    last,
                    precision: Precision::Year,
                });
            }
            _ => {}
        }
    }
    let (first, last, precision) = match (parts.part, parts.month, parts.day) {
        (Some((12, 2, _)), None, None) if parts.winter => {
            let last = month_len(year + 1, 2).ok_or_else(out_of_range)?;
            (
                day_in(year, 12, 1).ok_or_else(out_of_range)?,
                day_in(year + 1, 2, last).ok_or_else(out_of_range)?,
                Precision::Season,
            )
        }
        (Some((12, 2, _)), None, None) => {
            return Err(DateError::new(format!(
                "`winter {written}` has two readings: December {} to February {written}, \
                 or December {written} to February {}",
                written - 1,
                written + 1
            ))
            .with_hint(format!(
                "write \"winter {}-{:02}\" or \"winter {written}-{:02}\"",
                written - 1,
                written.rem_euclid(100),
                (written + 1).rem_euclid(100)
            )));
        }
        (Some((m0, m1, precision)), None, None) => {
            // A dual year's "1 January-24 March".
            let last = if parts.dual_year {
                24
            } else {
                month_len(year, m1).ok_or_else(out_of_range)?
            };
            (
                day_in(year, m0, 1).ok_or_else(out_of_range)?,
                day_in(year, m1, last).ok_or_else(out_of_range)?,
                precision,
            )
        }
        (Some(_), _, _) => {
            return Err(DateError::new("a season cannot have a month or day"));
        }
        (None, Some(m), day) => {
            if !(1..=12).contains(&m) {
                return Err(DateError::new(format!("month {m} does not exist"))
                    .with_hint("months run from 1 to 12"));
            }
            let len = month_len(year, m).ok_or_else(out_of_range)?;
            match day {
                Some(d) if d == 0 || d > len => {
                    let calendar_name = match calendar {
                        Calendar::Gregorian => "",
                        Calendar::Julian => " (Old Style)",
                    };
                    let message = if d == 0 {
                        "there is no day 0 in a month".to_owned()
                    } else {
                        format!(
                            "there is no {d} {} in {}{calendar_name}",
                            MONTHS[m as usize - 1],
                            year_text(year)
                        )
                    };
                    return Err(DateError::new(message).with_hint(format!(
                        "{} {} has {len} days",
                        MONTHS[m as usize - 1],
                        year_text(year)
                    )));
                }
                Some(d) => {
                    let date = day_in(year, m, d).ok_or_else(out_of_range)?;
                    (date, date, Precision::Day)
                }
                None => {
                    // A dual year's March ends on the 24th.
                    let len = if parts.dual_year && m == 3 { 24 } else { len };
                    (
                        day_in(year, m, 1).ok_or_else(out_of_range)?,
                        day_in(year, m, len).ok_or_else(out_of_range)?,
                        Precision::Month,
                    )
                }
            }
        }
        (None, None, Some(_)) => return Err(DateError::new("a day needs a month")),
        (None, None, None) => (
            day_in(year, 1, 1).ok_or_else(out_of_range)?,
            day_in(year, 12, 31).ok_or_else(out_of_range)?,
            Precision::Year,
        ),
    };
    Ok(Span {
        first,
        last,
        precision,
    })
}

/// The first, middle or last third of a span, in its own units: years of
/// a decade or century, months of a year or season, days of a month.
/// Early and late are a third each, rounded; mid is what lies between.
fn narrow(span: Span, third: Third) -> Span {
    #[derive(Clone, Copy)]
    enum Unit {
        Year,
        Month,
        Day,
    }
    let (first, last) = (span.first, span.last);
    let whole_years = first.ordinal() == 1 && last.month() == 12 && last.day() == 31;
    let whole_months = first.day() == 1 && last.succ_opt().is_some_and(|d| d.day() == 1);
    let years = i64::from(last.year() - first.year() + 1);
    let months = years * 12 - i64::from(first.month0()) - i64::from(11 - last.month0());
    let (n, unit) = if whole_years && years >= 3 {
        (years, Unit::Year)
    } else if whole_months && months >= 3 {
        (months, Unit::Month)
    } else {
        ((last - first).num_days() + 1, Unit::Day)
    };
    // The first and last day of the i-th unit.
    let nth = |i: i64| -> (NaiveDate, NaiveDate) {
        match unit {
            Unit::Year => {
                let y = first.year() + i as i32;
                (
                    NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(first),
                    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(last),
                )
            }
            Unit::Month => {
                let m0 = i64::from(first.month0()) + i;
                let (y, m) = (first.year() + (m0 / 12) as i32, (m0 % 12) as u32 + 1);
                (
                    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(first),
                    last_day_of_month(y, m).unwrap_or(last),
                )
            }
            Unit::Day => {
                let d = first + chrono::Duration::days(i);
                (d, d)
            }
        }
    };
    let k = ((n as f64 / 3.0).round() as i64).max(1);
    let half = (n / 2).max(1);
    let (lo, hi) = match third {
        Third::Early => (0, k - 1),
        Third::Mid => (k, (n - k - 1).max(k)),
        Third::Late => ((n - k).max(0), n - 1),
        Third::FirstHalf => (0, half - 1),
        Third::SecondHalf => (half.min(n - 1), n - 1),
    };
    Span {
        first: nth(lo.min(n - 1)).0,
        last: nth(hi.min(n - 1)).1,
        precision: span.precision,
    }
}
