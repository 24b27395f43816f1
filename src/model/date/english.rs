//! Reading a date string: EDTF through `edtf-core`, plain English by hand.
//!
//! The English reader splits off what qualifies the whole date (Old Style,
//! economic year, "c.", "by", "from", a trailing `?`), then reads one date
//! or a range of two, where the first end borrows what it leaves out from
//! the second ("23-29 April 1929": the 23rd of April 1929).

use chrono::NaiveDate;
use edtf_core::{Bound, Edtf, IntervalEndpoint};

use super::julian::{gregorian_from_julian, julian_month_days};
use super::{
    DateContext, DateError, HistDate, MONTHS, OldStyle, Precision, Shape, Span, last_day_of_month,
    year_text,
};

/// What a single date (one end of a range) says, before it is placed in a
/// calendar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Parts {
    year: Option<i32>,
    /// Set when the year was written with two digits only ("1921-28").
    short_year: bool,
    month: Option<u32>,
    day: Option<u32>,
    /// First and last month of a season or quarter, and its precision.
    part: Option<(u32, u32, Precision)>,
    /// The calendar year in which an economic year starts.
    economic: Option<i32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Opening {
    None,
    By,
    Until,
    From,
}

/// A date string being taken apart: the normalized text, its ASCII
/// lower-case twin (same byte length, so one range indexes both), and the
/// part not yet consumed.
struct Cursor {
    text: String,
    lower: String,
    start: usize,
    end: usize,
}

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

    /// Drops the first of `suffixes` that ends the rest, and what trails it.
    fn suffix(&mut self, suffixes: &[&str]) -> bool {
        let Some(found) = suffixes.iter().find(|x| self.rest_lower().ends_with(*x)) else {
            return false;
        };
        self.end -= found.len();
        let kept = self
            .rest()
            .trim_end()
            .trim_end_matches(',')
            .trim_end()
            .len();
        self.end = self.start + kept;
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
        let skipped = self.rest().len() - self.rest().trim_start().len();
        self.start += skipped;
        true
    }
}

pub(super) fn parse(text: &str, context: DateContext) -> Result<HistDate, DateError> {
    let mut c = Cursor::new(text);
    if c.is_empty() {
        return Err(DateError::new("the date is empty")
            .with_hint("write the date as the text gives it, e.g. \"April 1926\" or \"1926-04\""));
    }
    let old_style = c.suffix(&[
        "(old style)",
        "old style",
        "(o.s.)",
        "o.s.",
        "(os)",
        "(julian)",
    ]);
    let mut economic = c.suffix(&["(economic year)", "economic year"]);
    economic |= c.prefix(&["the economic year ", "economic year "]);

    let mut uncertain = false;
    if c.rest().ends_with('?') && !looks_like_edtf(c.rest()) {
        uncertain = true;
        c.end -= 1;
        c.end = c.start + c.rest().trim_end().len();
    }
    let approximate = c.prefix(&[
        "circa ", "ca. ", "ca ", "c. ", "c.", "c ", "about ", "around ",
    ]);

    let opening = if c.prefix(&["by ", "before "]) {
        Opening::By
    } else if c.prefix(&["until ", "till ", "up to "]) {
        Opening::Until
    } else if c.prefix(&["from ", "since ", "after "]) {
        Opening::From
    } else {
        Opening::None
    };
    if c.is_empty() {
        return Err(DateError::new(format!(
            "`{}` has no date in it",
            text.trim()
        )));
    }
    let s = c.rest();

    let calendar = if old_style {
        Calendar::Julian
    } else {
        Calendar::Gregorian
    };

    // A whole EDTF expression (intervals, qualifiers, unspecified digits).
    if opening == Opening::None && looks_like_edtf(s) && !economic {
        if let Some(date) = read_edtf_special(s, text, calendar, context)? {
            return Ok(date.qualified(approximate, uncertain));
        }
        if calendar == Calendar::Gregorian {
            match Edtf::parse(s) {
                Ok(edtf) => return Ok(from_edtf(text, &edtf)?.qualified(approximate, uncertain)),
                // Not EDTF, but maybe numbers in English: "1927/28-1932/33".
                Err(e) => {
                    if let Ok((shape, old)) = read_core(s, calendar, economic, context) {
                        let date = HistDate::from_parts(text, shape, approximate, uncertain, old);
                        return Ok(date);
                    }
                    let digits = s.strip_prefix('-').unwrap_or(s);
                    if digits.len() > 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(DateError::new(format!(
                            "`{s}` is not a date annals can read: the year is out of range"
                        ))
                        .with_hint("years are written with four digits, -9999 to 9999"));
                    }
                    return Err(edtf_error(s, e.message));
                }
            }
        }
    }

    let (shape, old) = read_core(s, calendar, economic, context)?;
    let shape = match (opening, shape) {
        (Opening::None, shape) => shape,
        (Opening::By, Shape::Point(span)) => Shape::By(span),
        (Opening::Until, Shape::Point(span)) => Shape::Until(span),
        (Opening::From, Shape::Point(span)) => Shape::From(span),
        (_, _) => {
            return Err(DateError::new(
                "\"by\", \"until\" and \"from\" take a single date, not a range",
            )
            .with_hint("write the range on its own, e.g. \"1930-1933\""));
        }
    };
    Ok(HistDate::from_parts(
        text,
        shape,
        approximate,
        uncertain,
        old,
    ))
}

impl HistDate {
    fn qualified(mut self, approximate: bool, uncertain: bool) -> HistDate {
        self.approximate |= approximate;
        self.uncertain |= uncertain;
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Calendar {
    Gregorian,
    Julian,
}

/// Dashes of every kind become `-`, runs of white space one space, and
/// spaces around a dash go: "26 October - 3 November" reads as
/// "26 October-3 November".
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        // A minus sign after a word is a sign, not a dash: "by -0043".
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

fn looks_like_edtf(s: &str) -> bool {
    let first = s.chars().next();
    matches!(first, Some('0'..='9' | '-' | '.' | '/' | 'Y' | '[' | '{'))
        && s.chars()
            .all(|c| c.is_ascii_digit() || "-/.~?%XYES[]{},:TZ+".contains(c))
}

fn edtf_error(s: &str, message: &str) -> DateError {
    DateError::new(format!("`{s}` is not a date annals can read: {message}")).with_hint(
        "use EDTF (1926-04, 1926-10-26/1926-11-03, 1930-22 for summer, 1927~, ../1931) \
         or plain English (April 1926, 26 October-3 November 1926, summer 1930, by 1931)",
    )
}

/// A numeric `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional minus sign.
fn iso_numbers(s: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut fields = body.split('-');
    let year = fields.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut next = || -> Option<Option<u32>> {
        match fields.next() {
            None => Some(None),
            Some(f) if f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()) => {
                Some(Some(f.parse().ok()?))
            }
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

/// EDTF-looking strings that need more than `edtf-core`: economic years,
/// abbreviated year ranges, clearer errors for impossible days, and Old
/// Style dates in ISO form.
fn read_edtf_special(
    s: &str,
    written: &str,
    calendar: Calendar,
    context: DateContext,
) -> Result<Option<HistDate>, DateError> {
    // 1929/30: an economic year (1929/1930 stays an EDTF interval).
    if let Some((a, b)) = s.split_once('/')
        && a.len() == 4
        && b.len() == 2
        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
    {
        let (shape, old) = read_core(s, calendar, true, context)?;
        return Ok(Some(HistDate::from_parts(
            written, shape, false, false, old,
        )));
    }
    // 1921-28 and 1930-1933: ranges of years. "1930-22" stays EDTF summer
    // (1922 is before 1930), "1926-04" stays April 1926.
    if let Some((a, b)) = s.split_once('-')
        && a.len() == 4
        && (b.len() == 2 || b.len() == 4)
        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
    {
        let start: i32 = a.parse().unwrap_or_default();
        let value: i32 = b.parse().unwrap_or_default();
        let later_year = b.len() == 4 || start - start.rem_euclid(100) + value > start;
        if later_year && !(b.len() == 2 && (1..=12).contains(&value)) {
            let (shape, old) = read_core(s, calendar, false, context)?;
            return Ok(Some(HistDate::from_parts(
                written, shape, false, false, old,
            )));
        }
    }
    if let Some((year, month, day)) = iso_numbers(s) {
        let parts = Parts {
            year: Some(year),
            month,
            day,
            ..Parts::default()
        };
        if month.is_some_and(|m| m > 12) {
            // Season codes go to edtf-core; other month numbers are errors.
            if month.is_some_and(|m| (21..=41).contains(&m)) && day.is_none() {
                return Ok(None);
            }
            return Err(DateError::new(format!(
                "month {:02} does not exist in `{s}`",
                month.unwrap_or(0)
            ))
            .with_hint("months run from 01 to 12; EDTF seasons are 21 spring, 22 summer, 23 autumn, 24 winter"));
        }
        let span = resolve(parts, calendar)?;
        let old = (calendar == Calendar::Julian).then(|| old_style_of(parts));
        return Ok(Some(HistDate::from_parts(
            written,
            Shape::Point(span),
            false,
            false,
            old,
        )));
    }
    if calendar == Calendar::Julian {
        return Err(DateError::new(format!(
            "an Old Style date must be a single day, month or year, not `{s}`"
        ))
        .with_hint("write e.g. \"25 October 1917 (Old Style)\" or \"1917-10-25 (O.S.)\""));
    }
    Ok(None)
}

fn expand_year(start: i32, digits: &str) -> i32 {
    let value: i32 = digits.parse().unwrap_or_default();
    if digits.len() == 4 {
        return value;
    }
    let century = start - start.rem_euclid(100);
    let mut end = century + value;
    if end < start {
        end += 100;
    }
    end
}

fn from_edtf(written: &str, edtf: &Edtf) -> Result<HistDate, DateError> {
    let span_of = |date: &edtf_core::Date| -> Result<Span, DateError> {
        let bounds = Edtf::Date(*date).bounds();
        let (Bound::Date(a), Bound::Date(b)) = (bounds.earliest, bounds.latest) else {
            return Err(DateError::new(format!(
                "`{written}` is too far from the present to draw"
            )));
        };
        let first = bound_day(a)?;
        let last = bound_day(b)?;
        let precision = match date.precision() {
            _ if date.year.has_unspecified() => Precision::Year,
            edtf_core::Precision::Day
                if date.day.is_some_and(edtf_core::DateField::has_unspecified) =>
            {
                if date
                    .month
                    .is_some_and(edtf_core::DateField::has_unspecified)
                {
                    Precision::Year
                } else {
                    Precision::Month
                }
            }
            edtf_core::Precision::Month
                if date
                    .month
                    .is_some_and(edtf_core::DateField::has_unspecified) =>
            {
                Precision::Year
            }
            edtf_core::Precision::Day => Precision::Day,
            edtf_core::Precision::Month => Precision::Month,
            edtf_core::Precision::Season => {
                match date.month.and_then(edtf_core::DateField::value) {
                    Some(33..=36) => Precision::Quarter,
                    _ => Precision::Season,
                }
            }
            edtf_core::Precision::Year => Precision::Year,
        };
        Ok(Span {
            first,
            last,
            precision,
        })
    };
    let endpoint = |e: &IntervalEndpoint| -> Result<Option<Span>, DateError> {
        match e {
            IntervalEndpoint::Date(d)
            | IntervalEndpoint::OnOrBefore(d)
            | IntervalEndpoint::OnOrAfter(d) => span_of(d).map(Some),
            IntervalEndpoint::Open | IntervalEndpoint::Unknown => Ok(None),
        }
    };
    let shape = match edtf {
        Edtf::Date(d) => Shape::Point(span_of(d)?),
        Edtf::DateTime(dt) => Shape::Point(span_of(&dt.date)?),
        Edtf::Interval(iv) => match (endpoint(&iv.start)?, endpoint(&iv.end)?) {
            (Some(a), Some(b)) => period(a, b)?,
            (None, Some(b)) => Shape::Until(b),
            (Some(a), None) => Shape::From(a),
            (None, None) => {
                return Err(DateError::new(
                    "an interval open at both ends names no time",
                ));
            }
        },
        Edtf::Set(_) => {
            return Err(
                DateError::new("EDTF sets ({...} and [...]) are not supported")
                    .with_hint("give each date its own event"),
            );
        }
    };
    Ok(HistDate::from_parts(
        written,
        shape,
        edtf.is_approximate(),
        edtf.is_uncertain(),
        None,
    ))
}

fn bound_day(b: edtf_core::BoundDate) -> Result<NaiveDate, DateError> {
    i32::try_from(b.year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, u32::from(b.month), u32::from(b.day)))
        .ok_or_else(|| DateError::new(format!("the year {} is out of range", b.year)))
}

fn period(a: Span, b: Span) -> Result<Shape, DateError> {
    if b.last < a.first {
        return Err(DateError::new(format!(
            "the period ends ({}) before it starts ({})",
            super::day_text(b.last),
            super::day_text(a.first)
        ))
        .with_hint("write the earlier date first"));
    }
    if a == b {
        return Ok(Shape::Point(a));
    }
    Ok(Shape::Period(a, b))
}

/// Reads a single date or a range of two in English (or ISO numbers).
fn read_core(
    s: &str,
    calendar: Calendar,
    economic: bool,
    context: DateContext,
) -> Result<(Shape, Option<OldStyle>), DateError> {
    let mut lower = s.to_ascii_lowercase();
    // "economic year 1929-30" is one economic year, not two.
    if economic
        && let Some((a, b)) = lower.split_once('-')
        && a.len() == 4
        && b.len() == 2
        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
    {
        lower = format!("{a}/{b}");
    }
    let is_iso = iso_numbers(&lower).is_some_and(|(_, m, _)| m.is_none_or(|m| m <= 12));
    let pieces: Vec<&str> = if is_iso {
        vec![lower.as_str()]
    } else {
        split_range(&lower)
    };
    let (shape, parts) = match pieces.as_slice() {
        [one] => {
            let parts = read_single(one, economic)?;
            (Shape::Point(resolve_in(parts, calendar, context)?), parts)
        }
        [left, right] => {
            let right_parts = read_single(right, economic)?;
            let mut left_parts = read_single(left, economic)?;
            inherit(&mut left_parts, &right_parts);
            let mut right_parts = right_parts;
            if right_parts.short_year {
                let start = left_parts.year.or(left_parts.economic).unwrap_or_default();
                let short = right_parts
                    .year
                    .or(right_parts.economic)
                    .unwrap_or_default();
                let full = expand_year(start, &format!("{short:02}"));
                if right_parts.economic.is_some() {
                    right_parts.economic = Some(full);
                } else {
                    right_parts.year = Some(full);
                }
            }
            let a = resolve_in(left_parts, calendar, context)?;
            let b = resolve_in(right_parts, calendar, context)?;
            (period(a, b)?, left_parts)
        }
        _ => {
            return Err(
                DateError::new(format!("`{s}` has more than one dash")).with_hint(
                    "a range is two dates joined by one dash: \"26 October-3 November 1926\"",
                ),
            );
        }
    };
    let old = match (calendar, shape) {
        (Calendar::Julian, Shape::Point(_)) => Some(old_style_of(parts)),
        (Calendar::Julian, _) => {
            return Err(DateError::new("an Old Style range is not supported")
                .with_hint("give each end its own Old Style date"));
        }
        (Calendar::Gregorian, _) => None,
    };
    Ok((shape, old))
}

/// Splits "26 october-3 november 1926" at its dash. A leading minus
/// (an astronomical year) is not a dash.
fn split_range(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '-' && i > 0 && s[..i].chars().any(|c| !c.is_whitespace() && c != '-') {
            pieces.push(s[start..i].trim());
            start = i + 1;
        }
    }
    pieces.push(s[start..].trim());
    pieces
}

/// "23" borrows April 1929 from "29 April 1929"; "October" borrows 1930.
fn inherit(left: &mut Parts, right: &Parts) {
    // A lone number before a day-precise end is a day: the 23 of "23-29 April".
    if right.day.is_some() && left.short_year && left.month.is_none() {
        left.day = left.year.take().map(|d| d as u32);
        left.short_year = false;
    }
    if left.year.is_none() && left.economic.is_none() {
        left.year = right.year;
        left.economic = right.economic;
        if left.day.is_some() && left.month.is_none() {
            left.month = right.month;
        }
    }
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(word))
        .map(|i| i as u32 + 1)
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

#[allow(clippy::many_single_char_names)]
fn read_single(s: &str, economic: bool) -> Result<Parts, DateError> {
    let mut parts = Parts::default();
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "of" | "in"))
        .collect();
    let mut era: Option<bool> = None; // Some(true) for BC
    let mut numbers: Vec<&str> = Vec::new();
    for word in &words {
        match *word {
            "bc" | "bce" | "b.c." | "b.c.e." => era = Some(true),
            "ad" | "ce" | "a.d." | "c.e." => era = Some(false),
            w if w.bytes().all(|b| b.is_ascii_digit()) => numbers.push(w),
            w if w.contains('/') => {
                let (a, b) = w.split_once('/').unwrap_or((w, ""));
                if a.len() == 4
                    && (b.len() == 2 || b.len() == 4)
                    && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
                {
                    let start: i32 = a.parse().unwrap_or_default();
                    if expand_year(start, b) != start + 1 {
                        return Err(DateError::new(format!(
                            "`{w}` is not an economic year: the second year must follow the first"
                        ))
                        .with_hint(format!("write {start}/{:02}", (start + 1).rem_euclid(100))));
                    }
                    parts.economic = Some(start);
                } else {
                    return Err(unreadable(s));
                }
            }
            w if iso_numbers(w).is_some() && w.len() > 4 => {
                let (y, m, d) = iso_numbers(w).unwrap_or_default();
                parts.year = Some(y);
                parts.month = m;
                parts.day = d;
            }
            w => {
                if let Some(m) = month_number(w) {
                    if parts.month.replace(m).is_some() {
                        return Err(unreadable(s));
                    }
                } else if let Some(p) = season(w) {
                    parts.part = Some(p);
                } else {
                    return Err(DateError::new(format!(
                        "`{w}` in `{s}` is not a month, a season or a year"
                    ))
                    .with_hint("months are written out (\"April\", \"Apr\"); seasons are spring, summer, autumn, winter"));
                }
            }
        }
    }
    // Numbers: a day has one or two digits and comes with a month; a year
    // has three or four (or stands alone).
    let last = numbers.len().saturating_sub(1);
    for (i, n) in numbers.into_iter().enumerate() {
        let value: i32 = n.parse().map_err(|_| unreadable(s))?;
        // With BC or AD the last number is the year: "February 1 BC".
        let is_day = parts.month.is_some()
            && n.len() <= 2
            && parts.day.is_none()
            && !(era.is_some() && i == last);
        if is_day {
            parts.day = Some(value as u32);
        } else if parts.year.is_none() && parts.economic.is_none() {
            parts.year = Some(value);
            parts.short_year = n.len() <= 2 && era.is_none();
        } else {
            return Err(unreadable(s));
        }
    }
    if let Some(bc) = era {
        match parts.year {
            Some(y) if y >= 1 && bc => parts.year = Some(1 - y),
            Some(y) if y >= 1 => {}
            _ => {
                return Err(DateError::new(format!(
                    "`{s}`: BC and AD go with a year of 1 or more"
                )));
            }
        }
    }
    if economic && parts.economic.is_none() {
        if let Some(y) = parts
            .year
            .filter(|_| parts.month.is_none() && parts.part.is_none())
        {
            parts.economic = Some(y);
            parts.year = None;
        }
    }
    if parts.year.is_none()
        && parts.economic.is_none()
        && parts.month.is_none()
        && parts.part.is_none()
        && parts.day.is_none()
    {
        return Err(unreadable(s));
    }
    if parts.day.is_some() && parts.month.is_none() && parts.year.is_some() {
        return Err(unreadable(s));
    }
    Ok(parts)
}

fn unreadable(s: &str) -> DateError {
    DateError::new(format!("`{s}` is not a date annals can read")).with_hint(
        "write e.g. \"4 February 1931\", \"April 1926\", \"summer 1930\", \"1929/30\", \
         \"1921-28\" or EDTF such as \"1926-04\"",
    )
}

fn resolve_in(parts: Parts, calendar: Calendar, context: DateContext) -> Result<Span, DateError> {
    if let Some(start) = parts.economic {
        let month = context.economic_year_start;
        let first = NaiveDate::from_ymd_opt(start, month, 1);
        let last = NaiveDate::from_ymd_opt(start + 1, month, 1).and_then(|d| d.pred_opt());
        let (Some(first), Some(last)) = (first, last) else {
            return Err(DateError::new(format!(
                "the economic year {start} is out of range"
            )));
        };
        if parts.month.is_some() || parts.day.is_some() || parts.part.is_some() {
            return Err(DateError::new(
                "an economic year cannot have a month or day",
            ));
        }
        return Ok(Span {
            first,
            last,
            precision: Precision::EconomicYear,
        });
    }
    resolve(parts, calendar)
}

/// Places the parts in a calendar: the first and last day they cover.
fn resolve(parts: Parts, calendar: Calendar) -> Result<Span, DateError> {
    let Some(year) = parts.year else {
        return Err(DateError::new("the date has no year")
            .with_hint("give the year at the end: \"26 October-3 November 1926\""));
    };
    let day_in = |y: i32, m: u32, d: u32| -> Option<NaiveDate> {
        match calendar {
            Calendar::Gregorian => NaiveDate::from_ymd_opt(y, m, d),
            Calendar::Julian => gregorian_from_julian(y, m, d),
        }
    };
    let month_len = |y: i32, m: u32| -> Option<u32> {
        match calendar {
            Calendar::Gregorian => last_day_of_month(y, m).map(|d| chrono::Datelike::day(&d)),
            Calendar::Julian => julian_month_days(y, m),
        }
    };
    let out_of_range = || DateError::new(format!("the year {} is out of range", year_text(year)));
    let (first, last, precision) = match (parts.part, parts.month, parts.day) {
        (Some((m0, m1, precision)), None, None) => {
            let y1 = if m1 < m0 { year + 1 } else { year };
            let last = month_len(y1, m1).ok_or_else(out_of_range)?;
            (
                day_in(year, m0, 1).ok_or_else(out_of_range)?,
                day_in(y1, m1, last).ok_or_else(out_of_range)?,
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
                None => (
                    day_in(year, m, 1).ok_or_else(out_of_range)?,
                    day_in(year, m, len).ok_or_else(out_of_range)?,
                    Precision::Month,
                ),
            }
        }
        (None, None, Some(_)) => return Err(DateError::new("a day needs a month")),
        (None, None, None) => {
            let dec31 = day_in(year, 12, 31).ok_or_else(out_of_range)?;
            (
                day_in(year, 1, 1).ok_or_else(out_of_range)?,
                dec31,
                Precision::Year,
            )
        }
    };
    Ok(Span {
        first,
        last,
        precision,
    })
}

/// The Julian dates as written, for an Old Style point.
fn old_style_of(parts: Parts) -> OldStyle {
    let year = parts.year.unwrap_or_default();
    let (m0, m1) = match (parts.month, parts.part) {
        (Some(m), _) => (m, m),
        (None, Some((a, b, _))) => (a, b),
        (None, None) => (1, 12),
    };
    let last_day = julian_month_days(year, m1).unwrap_or(31);
    let (d0, d1) = parts.day.map_or((1, last_day), |d| (d, d));
    OldStyle {
        first: (year, m0, d0),
        last: (year, m1, d1),
    }
}
