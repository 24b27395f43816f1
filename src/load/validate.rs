//! Raw structs -> model: dates read, references resolved, every rule that
//! TOML types cannot express checked.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::checker::Checker;
use super::raw::{RawCategory, RawEvent, RawOptions, RawSource, RawTimeline, Text, fields};
use super::shared::{named, not_empty, options, source_refs, unique_id, unknown};
use crate::figure::TimelineOptions;
use crate::model::date::DateError;
use crate::model::{
    Category, Certainty, DateContext, Event, HistDate, Importance, PALETTE, Rgb, Source, Timeline,
    Work,
};

/// Labels longer than this are wrapped or shortened when drawn.
const LONG_LABEL: usize = 60;

/// Where the events come from besides `root`: the parts of a large file,
/// each handed to the sink as the value of its `event` key (see
/// `super::parse_in_parts`).
pub(super) type EventParts<'p> =
    &'p mut dyn FnMut(&mut Checker<'_>, &mut dyn FnMut(&mut Checker<'_>, Spanned<DeValue<'_>>));

/// The date conventions a file states once in `[timeline]`.
fn conventions(c: &mut Checker<'_>, meta: &RawTimeline, mut dates: DateContext) -> DateContext {
    use crate::model::date::{SlashYears, YyyyNn};
    // Giving the economic year's month says what "1929/30" means.
    if meta.economic_year_start.is_some() {
        dates.slash_years = Some(SlashYears::Economic);
    }
    let mut choice = |key: &str, value: &Option<Text>, options: &[&str]| -> Option<usize> {
        let value = value.as_ref()?;
        let found = options.iter().position(|o| o == value.get_ref());
        if found.is_none() {
            c.error_hint(
                value.span(),
                format!("`{key}` is `{}`, not one annals knows", value.get_ref()),
                Some(format!("write one of: {}", options.join(", "))),
            );
        }
        found
    };
    match choice("slash_years", &meta.slash_years, &["economic", "old-style"]) {
        Some(0) => dates.slash_years = Some(SlashYears::Economic),
        Some(_) => dates.slash_years = Some(SlashYears::Dual),
        None => {}
    }
    match choice("yyyy_nn", &meta.yyyy_nn, &["month", "years"]) {
        Some(0) => dates.yyyy_nn = Some(YyyyNn::Month),
        Some(_) => dates.yyyy_nn = Some(YyyyNn::Years),
        None => {}
    }
    if choice("year_starts", &meta.year_starts, &["1 January", "25 March"]) == Some(1) {
        dates.year_starts_25_march = true;
    }
    if let Some(from) = &meta.gregorian_from {
        match HistDate::parse(from.get_ref(), DateContext::default()) {
            Ok(date) if date.precision() == crate::model::Precision::Day => {
                dates.gregorian_from = date.start();
            }
            Ok(_) => c.error_hint(
                from.span(),
                format!("`gregorian_from` is `{}`, not a day", from.get_ref()),
                Some("give the first Gregorian day, e.g. \"14 September 1752\"".into()),
            ),
            Err(e) => c.error_hint(from.span(), e.message, e.hint),
        }
    }
    dates
}

pub(super) fn timeline(
    c: &mut Checker<'_>,
    mut root: DeTable<'_>,
    parts: Option<EventParts<'_>>,
) -> Option<Timeline> {
    let mut get = |key: &str| root.remove(key);
    let (meta, defaults) = match get("timeline") {
        Some(v) => timeline_table(c, v),
        None => (Some(RawTimeline::default()), RawOptions::default()),
    };

    let dates = DateContext {
        economic_year_start: match meta.as_ref().and_then(|m| m.economic_year_start.as_ref()) {
            Some(m) if (1..=12).contains(m.get_ref()) => *m.get_ref() as u32,
            Some(m) => {
                c.error_hint(
                    m.span(),
                    format!("`economic_year_start` is {}, not a month", m.get_ref()),
                    Some(
                        "give the month the economic year starts in, 1-12 (10 for October)".into(),
                    ),
                );
                10
            }
            None => 10,
        },
        ..DateContext::default()
    };
    let dates = meta.as_ref().map_or(dates, |m| conventions(c, m, dates));

    let categories = get("category").map_or_else(Vec::new, |v| categories(c, v));
    let sources = get("source").map_or_else(Vec::new, |v| sources(c, v));
    // A timeline needs something to draw: one rule for every command.
    let event_value = get("event");
    match &event_value {
        None if parts.is_some() => {}
        None => c.error_hint(
            0..0,
            "the file has no events",
            Some("add at least one [[event]] table with id, label and date (see README)".into()),
        ),
        Some(v) if matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()) => c.error_hint(
            v.span(),
            "the event list is empty",
            Some("add at least one [[event]] table with id, label and date (see README)".into()),
        ),
        Some(_) => {}
    }
    let mut seen = HashMap::new();
    let mut events = event_value.map_or_else(Vec::new, |v| {
        self::events(c, v, dates, &categories, &sources, &mut seen)
    });
    if let Some(parts) = parts {
        parts(c, &mut |c, v| {
            events.extend(self::events(c, v, dates, &categories, &sources, &mut seen));
        });
    }
    let tables = get("table").map_or_else(Vec::new, |v| super::data::tables(c, v, dates, &sources));
    let series =
        get("series").map_or_else(Vec::new, |v| super::data::series(c, v, dates, &sources));
    let default_options = options(c, &defaults, TimelineOptions::default(), dates);
    let known = super::figures::Known {
        categories: &categories,
        events: &events,
        tables: &tables,
        series: &series,
    };
    let figures = get("figure").map_or_else(Vec::new, |v| {
        super::figures::figures(c, v, &default_options, dates, &known)
    });
    let decks = get("deck").map_or_else(Vec::new, |v| super::decks::decks(c, v, &figures));

    let meta = meta?;
    let work = meta.work.map(|w| Work {
        author: w.author.into_inner(),
        title: w.title.into_inner(),
        year: w.year.map(|y| *y.get_ref() as i32),
        chapter: w.chapter.map(Spanned::into_inner),
    });
    // Stable, by first then last day named (see date::chronological).
    events.sort_by_cached_key(|e| (e.date.anchor(), e.date.anchor_end()));
    let timeline = Timeline {
        title: meta
            .title
            .map_or_else(|| "Timeline".to_owned(), Spanned::into_inner),
        subtitle: meta.subtitle.map(Spanned::into_inner),
        work,
        source_line: meta.source_line.map(Spanned::into_inner),
        language: meta
            .language
            .map_or_else(|| "en".to_owned(), Spanned::into_inner),
        dates,
        categories,
        sources,
        events,
        defaults: default_options,
        figures,
        decks,
        tables,
        series,
    };
    Some(timeline)
}

fn timeline_table(
    c: &mut Checker<'_>,
    value: Spanned<DeValue<'_>>,
) -> (Option<RawTimeline>, RawOptions) {
    let span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        c.error(span, "`timeline` must be a table");
        return (None, RawOptions::default());
    };
    c.keys(&table, fields::TIMELINE, "[timeline]");
    if let Some(DeValue::Table(work)) = table.get("work").map(Spanned::get_ref) {
        c.keys(work, fields::WORK, "[timeline.work]");
    }
    let defaults = match table.remove("defaults") {
        Some(d) => {
            if let DeValue::Table(t) = d.get_ref() {
                c.keys(t, fields::OPTIONS, "[timeline.defaults]");
            }
            c.deserialize(d).unwrap_or_default()
        }
        None => RawOptions::default(),
    };
    let meta: Option<RawTimeline> = c.deserialize(Spanned::new(span, DeValue::Table(table)));
    if let Some(m) = &meta {
        for text in [&m.title, &m.subtitle, &m.source_line]
            .into_iter()
            .flatten()
        {
            not_empty(c, text, "this text");
        }
        if let Some(language) = &m.language {
            let tag = language.get_ref();
            let well_formed = tag.split('-').enumerate().all(|(i, part)| {
                (1..=8).contains(&part.len())
                    && part.chars().all(|ch| ch.is_ascii_alphanumeric())
                    && (i > 0 || part.chars().all(|ch| ch.is_ascii_alphabetic()))
            });
            if !well_formed {
                c.error_hint(
                    language.span(),
                    format!("`{tag}` is not a language tag"),
                    Some("write a BCP 47 tag such as \"en\", \"de\" or \"ru\"".into()),
                );
            }
        }
    }
    (meta, defaults)
}

fn categories(c: &mut Checker<'_>, value: Spanned<DeValue<'_>>) -> Vec<Category> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for item in c.tables(value, "category", fields::CATEGORY, "a category") {
        let Some(raw): Option<RawCategory> = c.deserialize(item) else {
            continue;
        };
        let ok = unique_id(c, &raw.id, &mut seen, "category")
            & not_empty(c, &raw.label, "the category label");
        let color = match &raw.color {
            Some(text) => Rgb::from_hex(text.get_ref()).unwrap_or_else(|| {
                c.error_hint(
                    text.span(),
                    format!("`{}` is not a colour", text.get_ref()),
                    Some("write a colour as #rrggbb, e.g. \"#0072b2\"".into()),
                );
                PALETTE[0]
            }),
            None => PALETTE[out.len() % PALETTE.len()],
        };
        if ok {
            out.push(Category::new(
                raw.id.into_inner(),
                raw.label.into_inner(),
                color,
            ));
        }
    }
    out
}

fn sources(c: &mut Checker<'_>, value: Spanned<DeValue<'_>>) -> Vec<Source> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for item in c.tables(value, "source", fields::SOURCE, "a source") {
        let Some(raw): Option<RawSource> = c.deserialize(item) else {
            continue;
        };
        let mut ok = unique_id(c, &raw.id, &mut seen, "source")
            & not_empty(c, &raw.citation, "the citation");
        let note = raw
            .note
            .as_ref()
            .and_then(|n| match u32::try_from(*n.get_ref()) {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    c.error(n.span(), "a note number is a whole number from 1 up");
                    ok = false;
                    None
                }
            });
        if ok {
            out.push(Source {
                id: raw.id.into_inner(),
                note,
                citation: raw.citation.into_inner(),
                page: raw.page.map(Spanned::into_inner),
            });
        }
    }
    out
}

fn events(
    c: &mut Checker<'_>,
    value: Spanned<DeValue<'_>>,
    dates: DateContext,
    categories: &[Category],
    sources: &[Source],
    seen: &mut HashMap<String, usize>,
) -> Vec<Event> {
    let items = c.tables(value, "event", fields::EVENT, "an event");
    for item in &items {
        if let DeValue::Table(table) = item.get_ref()
            && let Some(DeValue::Array(refs)) = table.get("sources").map(Spanned::get_ref)
        {
            for r in refs {
                if let DeValue::Table(t) = r.get_ref() {
                    c.keys(t, fields::SOURCE_REF, "a source reference");
                }
            }
        }
    }
    // Deserializing and reading dates are the costly part of loading, and
    // independent per event: spread them over the cores.
    let read = parallel_map(items, |item| {
        let at = item.span();
        let raw = super::checker::deserialize::<RawEvent>(item);
        let date = raw
            .as_ref()
            .ok()
            .and_then(|r| r.date.as_ref())
            .map(|d| HistDate::parse(d.get_ref(), dates));
        (at, raw, date)
    });
    let mut out = Vec::with_capacity(read.len());
    for (at, raw, date) in read {
        match raw {
            Ok(raw) => out.extend(event(c, raw, date, at, seen, categories, sources)),
            Err(diagnostic) => c.push(diagnostic),
        }
    }
    out
}

/// `f` over `items` on all cores, results in order.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2048 {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = items;
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(|| part.into_iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn event(
    c: &mut Checker<'_>,
    raw: RawEvent,
    date: Option<Result<HistDate, DateError>>,
    at: std::ops::Range<usize>,
    seen: &mut HashMap<String, usize>,
    categories: &[Category],
    sources: &[Source],
) -> Option<Event> {
    let mut ok = true;
    for (key, value) in [("id", &raw.id), ("label", &raw.label), ("date", &raw.date)] {
        if value.is_none() {
            ok = false;
            c.error_hint(
                at.clone(),
                format!("missing key `{key}` in an event"),
                Some(format!(
                    "every event has an id, a label and a date; add `{key} = \"...\"`"
                )),
            );
        }
    }
    if let Some(id) = &raw.id {
        ok &= unique_id(c, id, seen, "event");
    }
    if let Some(label) = &raw.label {
        ok &= not_empty(c, label, "the label");
        let label_len = label.get_ref().chars().count();
        if label_len > LONG_LABEL {
            c.warning(
                label.span(),
                format!("the label is {label_len} characters long"),
                Some(format!(
                    "labels over {LONG_LABEL} characters are wrapped or shortened on figures; \
                     keep the detail in `description`"
                )),
            );
        }
    }
    let date = raw
        .date
        .as_ref()
        .zip(date)
        .and_then(|(text, date)| match date {
            Ok(d) => {
                for w in d.warnings() {
                    c.warning(text.span(), w.message, w.hint);
                }
                Some(d)
            }
            Err(e) => {
                c.error_hint(text.span(), e.message, e.hint);
                None
            }
        });
    if let Some(cat) = &raw.category
        && !categories.iter().any(|k| &k.id == cat.get_ref())
    {
        ok = false;
        unknown(c, cat, "category", categories.iter().map(|k| k.id.as_str()));
    }
    let (refs, refs_ok) = source_refs(c, &raw.sources, sources);
    ok &= refs_ok;
    for tag in &raw.tags {
        ok &= not_empty(c, tag, "a tag");
    }
    let importance = named(
        c,
        raw.importance.as_ref(),
        "importance",
        &Importance::NAMES,
        Importance::from_name,
    )
    .unwrap_or(Importance::Normal);
    let certainty = named(
        c,
        raw.certainty.as_ref(),
        "certainty",
        &Certainty::NAMES,
        Certainty::from_name,
    )
    .unwrap_or(Certainty::Exact);
    if let Some(id) = &raw.id
        && (!ok || raw.label.is_none() || date.is_none())
    {
        c.declared_invalid("event", id.get_ref());
    }
    let (Some(id), Some(label), Some(date)) = (raw.id, raw.label, date) else {
        return None;
    };
    ok.then(|| Event {
        id: id.into_inner(),
        label: label.into_inner().trim().to_owned(),
        description: raw.description.map(Spanned::into_inner),
        date,
        category: raw.category.map(Spanned::into_inner),
        tags: raw.tags.into_iter().map(Spanned::into_inner).collect(),
        sources: refs,
        quote: raw.quote.map(Spanned::into_inner),
        importance,
        certainty,
        caveat: raw.caveat.map(Spanned::into_inner),
    })
}
