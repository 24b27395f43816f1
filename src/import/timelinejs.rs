//! `TimelineJS`: its spreadsheet template (as CSV) and its JSON, both ways.
//!
//! `TimelineJS` writes a date as Year, Month, Day (and times); a year alone
//! is a year, not 1 January, and a negative year is BC (-44 is 44 BC).
//! Its Display Date becomes the date as written where annals reads it as
//! the same days, otherwise a caveat.

use serde_json::{Value, json};

use super::html;
use super::imported::{Dropped, Event, ImportError, Imported, date_of, range_of};
use crate::model::{DateContext, HistDate, Precision, Timeline};

/// One row or slide, its fields as text.
#[derive(Default)]
struct Slide {
    at: String,
    year: String,
    month: String,
    day: String,
    end_year: String,
    end_month: String,
    end_day: String,
    time: bool,
    display: String,
    headline: String,
    text: String,
    media: String,
    credit: String,
    kind: String,
    group: String,
}

impl Slide {
    fn is_empty(&self) -> bool {
        [
            &self.year,
            &self.month,
            &self.day,
            &self.end_year,
            &self.display,
            &self.headline,
            &self.text,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
    }
}

/// A whole number from a field ("1776", "7", "-44", "1776.0").
fn number(field: &str, what: &str) -> Result<Option<i64>, String> {
    let f = field.trim();
    if f.is_empty() {
        return Ok(None);
    }
    let f = f.strip_suffix(".0").unwrap_or(f);
    f.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("{what} `{field}` is not a whole number"))
}

/// The date a slide's fields give, as annals writes it; an error names
/// the field (`Year`, `Month`, `Day`).
fn fields_date(
    year: &str,
    month: &str,
    day: &str,
) -> Result<Option<String>, (&'static str, String)> {
    let Some(y) = number(year, "the year").map_err(|e| ("Year", e))? else {
        return Ok(None);
    };
    let m = number(month, "the month").map_err(|e| ("Month", e))?;
    let d = number(day, "the day").map_err(|e| ("Day", e))?;
    if m.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(("Month", format!("the month `{month}` is not 1-12")));
    }
    if d.is_some_and(|d| !(1..=31).contains(&d)) {
        return Err(("Day", format!("the day `{day}` is not 1-31")));
    }
    if d.is_some() && m.is_none() {
        return Err(("Day", "a day without a month".into()));
    }
    date_of(y, m.map(|m| m as u32), d.map(|d| d as u32))
        .map(Some)
        .ok_or_else(|| {
            (
                "Year",
                format!("the year `{year}` is out of range (-9999 to 9999, not 0)"),
            )
        })
}

/// The first and last day a date names.
fn days(date: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let d = HistDate::parse(date, DateContext::default()).ok()?;
    Some((d.anchor(), d.anchor_end()))
}

fn event(slide: &Slide, imported: &mut Imported) {
    let start = match fields_date(&slide.year, &slide.month, &slide.day) {
        Ok(Some(start)) => start,
        Ok(None) if !slide.display.trim().is_empty() => String::new(),
        Ok(None) => {
            imported.dropped.push(Dropped {
                at: slide.at.clone(),
                why: "it has no Year".into(),
                text: slide.headline.clone(),
            });
            return;
        }
        Err((column, why)) => {
            imported.dropped.push(Dropped {
                at: format!("{}, column {column}", slide.at),
                why,
                text: format!(
                    "{} {} {} | {}",
                    slide.year, slide.month, slide.day, slide.headline
                ),
            });
            return;
        }
    };
    let end = match fields_date(&slide.end_year, &slide.end_month, &slide.end_day) {
        Ok(end) => end,
        Err((column, why)) => {
            imported.dropped.push(Dropped {
                at: format!("{}, column End {column}", slide.at),
                why: format!("its end: {why}"),
                text: slide.headline.clone(),
            });
            return;
        }
    };
    let mut e = Event {
        at: slide.at.clone(),
        ..Event::default()
    };
    let fields = match end {
        Some(end) if !start.is_empty() => range_of(&start, &end),
        _ => start,
    };
    // The Display Date is the date as written where it names the same days.
    let display = slide.display.trim();
    if display.is_empty() {
        e.date = fields;
    } else if fields.is_empty() {
        display.clone_into(&mut e.date);
        e.notes
            .push("the row has no Year: its Display Date is the date".into());
    } else if days(display).is_some() && days(display) == days(&fields) {
        display.clone_into(&mut e.date);
    } else {
        e.date = fields;
        e.caveat = Some(format!("TimelineJS showed the date as \"{display}\"."));
    }
    if slide.time {
        e.notes.push("the time of day is left out".into());
    }
    let (headline, _) = html::plain(&slide.headline);
    e.label = headline;
    let (text, links) = html::plain(&slide.text);
    e.description = Some(text).filter(|t| !t.is_empty());
    e.sources = links;
    let (credit, _) = html::plain(&slide.credit);
    if !credit.is_empty() {
        e.sources.push(credit);
    }
    if !slide.media.trim().is_empty() {
        e.notes.push(format!(
            "its media ({}) is not imported",
            slide.media.trim()
        ));
    }
    let group = slide.group.trim();
    if slide.kind.trim().eq_ignore_ascii_case("era") {
        e.category = Some(if group.is_empty() {
            "Eras".into()
        } else {
            group.to_owned()
        });
        e.notes
            .push("a TimelineJS era, imported as an event".into());
    } else if !group.is_empty() {
        e.category = Some(group.to_owned());
    }
    imported.events.push(e);
}

fn title(slide: &Slide, imported: &mut Imported) {
    let (headline, _) = html::plain(&slide.headline);
    let (text, _) = html::plain(&slide.text);
    imported.title = Some(headline).filter(|h| !h.is_empty());
    imported.subtitle = Some(text).filter(|t| !t.is_empty());
}

/// The spreadsheet template, as CSV.
pub(super) fn read_csv(text: &str) -> Result<Imported, ImportError> {
    let (mut reader, header) = super::imported::csv(text, b',')?;
    let header: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let Some(year) = column("year") else {
        return Err(ImportError::at(
            "line 1",
            "no column `Year`: not TimelineJS's template (try --from csv)",
        ));
    };
    let mut imported = Imported::default();
    for (i, record) in reader.records().enumerate() {
        let at = format!("row {}", i + 2);
        let record = record.map_err(|e| ImportError::at(at.clone(), format!("not CSV: {e}")))?;
        let get = |name: &str| -> String {
            column(name)
                .and_then(|c| record.get(c))
                .unwrap_or_default()
                .to_owned()
        };
        let slide = Slide {
            at,
            year: record.get(year).unwrap_or_default().to_owned(),
            month: get("month"),
            day: get("day"),
            end_year: get("end year"),
            end_month: get("end month"),
            end_day: get("end day"),
            time: !get("time").trim().is_empty() || !get("end time").trim().is_empty(),
            display: get("display date"),
            headline: get("headline"),
            text: get("text"),
            media: get("media"),
            credit: get("media credit"),
            kind: get("type"),
            group: get("group"),
        };
        if slide.kind.trim().eq_ignore_ascii_case("title") {
            title(&slide, &mut imported);
        } else if !slide.is_empty() {
            event(&slide, &mut imported);
        }
    }
    Ok(imported)
}

/// A JSON value as the text of a field: strings as they are, numbers
/// written out.
fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn slide_of(value: &Value, at: String, kind: &str) -> Slide {
    let start = value.get("start_date");
    let end = value.get("end_date");
    let part = |date: Option<&Value>, key: &str| text_of(date.and_then(|d| d.get(key)));
    let text = value.get("text");
    let media = value.get("media");
    let display = [
        text_of(value.get("display_date")),
        part(start, "display_date"),
    ]
    .into_iter()
    .find(|d| !d.trim().is_empty())
    .unwrap_or_default();
    Slide {
        at,
        year: part(start, "year"),
        month: part(start, "month"),
        day: part(start, "day"),
        end_year: part(end, "year"),
        end_month: part(end, "month"),
        end_day: part(end, "day"),
        time: !part(start, "hour").is_empty() || !part(end, "hour").is_empty(),
        display,
        headline: text_of(text.and_then(|t| t.get("headline"))),
        text: text_of(text.and_then(|t| t.get("text"))),
        media: text_of(media.and_then(|m| m.get("url"))),
        credit: text_of(media.and_then(|m| m.get("credit"))),
        kind: kind.to_owned(),
        group: text_of(value.get("group")),
    }
}

/// `TimelineJS`'s JSON.
pub(super) fn read_json(text: &str) -> Result<Imported, ImportError> {
    let root = super::imported::json(text)?;
    let Some(events) = root.get("events").and_then(Value::as_array) else {
        return Err(ImportError::new("no `events` list: not TimelineJS's JSON"));
    };
    let mut imported = Imported::default();
    if let Some(t) = root.get("title") {
        title(&slide_of(t, "the title".into(), "title"), &mut imported);
    }
    for (i, value) in events.iter().enumerate() {
        let slide = slide_of(value, format!("event {}", i + 1), "");
        if !slide.is_empty() {
            event(&slide, &mut imported);
        }
    }
    for (i, value) in root
        .get("eras")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let slide = slide_of(value, format!("era {}", i + 1), "era");
        if !slide.is_empty() {
            event(&slide, &mut imported);
        }
    }
    Ok(imported)
}

/// A day as `TimelineJS`'s date fields, as precise as `precision`; BC years
/// negative (44 BC is -44).
fn date_fields(date: chrono::NaiveDate, precision: Precision) -> Value {
    use chrono::Datelike as _;
    let year = if date.year() <= 0 {
        i64::from(date.year()) - 1
    } else {
        i64::from(date.year())
    };
    match precision {
        Precision::Year | Precision::Decade | Precision::Century => json!({ "year": year }),
        Precision::Month => json!({ "year": year, "month": date.month() }),
        _ => json!({ "year": year, "month": date.month(), "day": date.day() }),
    }
}

/// The timeline as `TimelineJS`'s JSON (`annals list --format timelinejs`).
pub fn export(timeline: &Timeline) -> String {
    let escape = crate::render::escape;
    let events: Vec<Value> = timeline
        .events
        .iter()
        .map(|e| {
            let date = &e.date;
            let precision = date.precision();
            let (first, last) = (date.anchor(), date.anchor_end());
            let mut display = date.written().to_owned();
            if precision == Precision::EconomicYear && !display.contains("economic") {
                display.push_str(" (economic year)");
            }
            let mut slide = json!({
                "unique_id": e.id,
                "start_date": date_fields(first, precision),
                "display_date": display,
                "text": {
                    "headline": escape(&e.label),
                    "text": e.description.as_deref().map(escape).unwrap_or_default(),
                },
            });
            // A year, month or day alone is its start; anything longer has
            // an end.
            let whole = match precision {
                Precision::Day => first == last,
                Precision::Month => first.month0() == last.month0() && first.year() == last.year(),
                Precision::Year => first.year() == last.year(),
                _ => false,
            };
            if !whole {
                slide["end_date"] = date_fields(last, precision);
            }
            if let Some(c) = e.category.as_deref().and_then(|c| timeline.category(c)) {
                slide["group"] = json!(c.label);
            }
            slide
        })
        .collect();
    let mut root = json!({ "events": events });
    root["title"] = json!({
        "text": {
            "headline": escape(&timeline.title),
            "text": timeline.subtitle.as_deref().map(escape).unwrap_or_default(),
        }
    });
    let mut text = serde_json::to_string_pretty(&root).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

use chrono::Datelike as _;
