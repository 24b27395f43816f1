//! Wikidata query results (the query service's SPARQL JSON): one event a
//! row, its item's label, its dates with their precision (a year is a
//! year) and calendar model (a Julian date is Old Style), and the item's
//! URL as its source.
//!
//! The query service writes times in XSD 1.1 numbering, where year 0 is
//! 1 BC (`-0043` is 44 BC), converted to the Gregorian calendar; the
//! calendar model names the calendar the date was given in.

use serde_json::Value;

use super::imported::{Dropped, Event, ImportError, Imported, date_of, range_of};
use crate::model::date::{MONTHS, julian_from_gregorian, ordinal_text};

const JULIAN: &str = "Q1985786";

/// A time value: astronomical year, month, day.
fn time(value: &str) -> Option<(i32, u32, u32)> {
    let (sign, rest) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let date = rest.split('T').next()?;
    let mut parts = date.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    Some((sign * year, month, day))
}

/// A time as annals writes it, to `precision` (Wikidata's numbers: 11 a
/// day, 10 a month, 9 a year, 8 a decade, 7 a century).
fn written(value: &str, precision: u32, julian: bool, notes: &mut Vec<String>) -> Option<String> {
    let (year, month, day) = time(value)?;
    // Historical numbering: 0 is 1 BC, -43 is 44 BC.
    let historical = |y: i32| i64::from(if y <= 0 { y - 1 } else { y });
    match precision {
        11 if julian => {
            let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
            let (y, m, d) = julian_from_gregorian(date);
            let y = date_of(historical(y), None, None)?;
            Some(format!("{d} {} {y} (O.S.)", MONTHS[m as usize - 1]))
        }
        11 => date_of(historical(year), Some(month), Some(day)),
        10 => {
            if julian {
                notes.push("a Julian month, placed by its first day's Gregorian month".into());
            }
            date_of(historical(year), Some(month), None)
        }
        8 => {
            let y = historical(year);
            Some(if y < 0 {
                format!("the {}s BC", (-y) - (-y) % 10)
            } else {
                format!("the {}s", y - y % 10)
            })
        }
        7 | 6 => {
            let y = historical(year);
            Some(if y < 0 {
                format!("the {} century BC", ordinal_text(((-y) - 1) / 100 + 1))
            } else {
                format!("the {} century", ordinal_text((y - 1) / 100 + 1))
            })
        }
        _ => date_of(historical(year), None, None),
    }
}

/// The value of a row's variable, as text.
fn get<'v>(row: &'v Value, var: &str) -> Option<&'v str> {
    row.get(var)?.get("value")?.as_str()
}

pub(super) fn read(text: &str) -> Result<Imported, ImportError> {
    let root = super::imported::json(text)?;
    let vars: Vec<&str> = root
        .pointer("/head/vars")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::new("no `head.vars`: not SPARQL JSON results"))?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let rows = root
        .pointer("/results/bindings")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::new("no `results.bindings`: not SPARQL JSON results"))?;
    let is_time = |var: &str| {
        rows.iter().any(|r| {
            r.get(var)
                .and_then(|v| v.get("datatype"))
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("#dateTime"))
        })
    };
    let times: Vec<&str> = vars.iter().copied().filter(|v| is_time(v)).collect();
    let pick = |names: &[&str]| -> Option<&str> {
        names
            .iter()
            .find_map(|n| times.iter().copied().find(|t| t.eq_ignore_ascii_case(n)))
    };
    let start = pick(&[
        "start",
        "startTime",
        "begin",
        "date",
        "time",
        "pointInTime",
        "when",
        "inception",
    ])
    .or_else(|| times.first().copied())
    .ok_or_else(|| ImportError::new("no variable holds a date (xsd:dateTime)"))?;
    let end = pick(&["end", "endTime", "finish", "dissolved"]).or_else(|| {
        times
            .iter()
            .copied()
            .find(|t| *t != start && times.len() == 2)
    });
    let item = vars.iter().copied().find(|v| {
        rows.iter()
            .any(|r| get(r, v).is_some_and(|x| x.starts_with("http://www.wikidata.org/entity/")))
    });
    let label = [
        item.map(|i| format!("{i}Label")),
        Some("label".to_owned()),
        Some("itemLabel".to_owned()),
    ]
    .into_iter()
    .flatten()
    .find(|l| vars.contains(&l.as_str()))
    .ok_or_else(|| ImportError::new("no label variable (?itemLabel)"))?;
    let find = |names: &[String]| names.iter().find(|n| vars.contains(&n.as_str())).cloned();
    let precision_of = |var: &str| find(&[format!("{var}Precision"), "precision".into()]);
    let calendar_of = |var: &str| {
        find(&[
            format!("{var}Calendar"),
            "calendar".into(),
            "calendarModel".into(),
        ])
    };
    let description = find(&[
        item.map(|i| format!("{i}Description")).unwrap_or_default(),
        "description".into(),
    ]);
    let category = find(&["group".into(), "category".into(), "typeLabel".into()]);
    let mut imported = Imported::default();
    if precision_of(start).is_none() {
        imported.notes.push(format!(
            "the query gives no precision: add ?{start}Precision (the statement's \
             wikibase:timePrecision) to keep each date's"
        ));
    }
    imported.notes.push(format!(
        "guessed: ?{label} is the label, ?{start} the date{}",
        end.map(|e| format!(", ?{e} its end")).unwrap_or_default()
    ));
    for (i, row) in rows.iter().enumerate() {
        let at = format!("result {}", i + 1);
        let mut notes = Vec::new();
        let end_of = |var: &str, notes: &mut Vec<String>| -> Option<String> {
            let value = get(row, var)?;
            let precision = precision_of(var)
                .and_then(|p| get(row, &p))
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| {
                    // Wikidata stores a year as its 1 January.
                    if time(value).is_some_and(|(_, m, d)| (m, d) == (1, 1)) {
                        notes.push(format!(
                            "no precision for ?{var}: 1 January read as the year"
                        ));
                        9
                    } else {
                        notes.push(format!("no precision for ?{var}: read as a day"));
                        11
                    }
                });
            let julian = calendar_of(var)
                .and_then(|c| get(row, &c))
                .is_some_and(|c| c.ends_with(JULIAN));
            written(value, precision, julian, notes)
        };
        let name = get(row, &label).unwrap_or_default().to_owned();
        let Some(first) = end_of(start, &mut notes) else {
            imported.dropped.push(Dropped {
                at,
                why: format!("no readable ?{start}"),
                text: name,
            });
            continue;
        };
        let date = match end.and_then(|e| end_of(e, &mut notes)) {
            Some(last) if last != first => range_of(&first, &last),
            _ => first,
        };
        imported.events.push(Event {
            at,
            label: name,
            date,
            description: description
                .as_ref()
                .and_then(|d| get(row, d))
                .map(str::to_owned),
            category: category
                .as_ref()
                .and_then(|c| get(row, c))
                .map(str::to_owned),
            sources: item
                .and_then(|i| get(row, i))
                .map(str::to_owned)
                .into_iter()
                .collect(),
            notes,
            ..Event::default()
        });
    }
    Ok(imported)
}
