//! EDTF (ISO 8601-2) through `edtf-core`.

use chrono::NaiveDate;
use edtf_core::{Bound, Edtf, IntervalEndpoint};

use super::{DateError, HistDate, Precision, Shape, Span};

/// Whether a string is made of EDTF's characters only.
pub(super) fn looks_like_edtf(s: &str) -> bool {
    let first = s.chars().next();
    matches!(first, Some('0'..='9' | '-' | '.' | '/' | 'Y' | '[' | '{'))
        && s.chars()
            .all(|c| c.is_ascii_digit() || "-/.~?%XYES[]{},:TZ+".contains(c))
}

pub(super) fn error(s: &str, message: &str) -> DateError {
    DateError::new(format!("`{s}` is not a date annals can read: {message}")).with_hint(
        "use EDTF (1926-04, 1926-10-26/1926-11-03, 1930-22 for summer, 1927~, ../1931) \
         or plain English (April 1926, 26 October-3 November 1926, summer 1930, by 1931)",
    )
}

/// Reads an EDTF expression: the outer error when `s` is not EDTF at all,
/// the inner one when it is but names no drawable time.
pub(super) fn read(written: &str, s: &str) -> Result<Result<HistDate, DateError>, DateError> {
    match Edtf::parse(s) {
        Ok(edtf) => Ok(from_edtf(written, &edtf)),
        Err(e) => Err(error(s, e.message)),
    }
}

fn span_of(written: &str, date: &edtf_core::Date) -> Result<Span, DateError> {
    let bounds = Edtf::Date(*date).bounds();
    let (Bound::Date(a), Bound::Date(b)) = (bounds.earliest, bounds.latest) else {
        return Err(DateError::new(format!(
            "`{written}` is too far from the present to draw"
        )));
    };
    let first = bound_day(a)?;
    let last = bound_day(b)?;
    let unspecified =
        |f: Option<edtf_core::DateField>| f.is_some_and(edtf_core::DateField::has_unspecified);
    let precision = match date.precision() {
        _ if date.year.has_unspecified() => Precision::Year,
        edtf_core::Precision::Day if unspecified(date.day) => {
            if unspecified(date.month) {
                Precision::Year
            } else {
                Precision::Month
            }
        }
        edtf_core::Precision::Month if unspecified(date.month) => Precision::Year,
        edtf_core::Precision::Day => Precision::Day,
        edtf_core::Precision::Month => Precision::Month,
        edtf_core::Precision::Season => match date.month.and_then(edtf_core::DateField::value) {
            Some(33..=36) => Precision::Quarter,
            _ => Precision::Season,
        },
        edtf_core::Precision::Year => Precision::Year,
    };
    Ok(Span {
        first,
        last,
        precision,
    })
}

fn from_edtf(written: &str, edtf: &Edtf) -> Result<HistDate, DateError> {
    let endpoint = |e: &IntervalEndpoint| -> Result<Option<Span>, DateError> {
        match e {
            IntervalEndpoint::Date(d)
            | IntervalEndpoint::OnOrBefore(d)
            | IntervalEndpoint::OnOrAfter(d) => span_of(written, d).map(Some),
            IntervalEndpoint::Open | IntervalEndpoint::Unknown => Ok(None),
        }
    };
    let shape = match edtf {
        Edtf::Date(d) => Shape::Point(span_of(written, d)?),
        Edtf::DateTime(dt) => Shape::Point(span_of(written, &dt.date)?),
        Edtf::Interval(iv) => match (endpoint(&iv.start)?, endpoint(&iv.end)?) {
            (Some(a), Some(b)) => super::period(a, b)?,
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
