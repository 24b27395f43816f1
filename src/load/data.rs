//! `[[table]]` and `[[series]]` -> the model's tables and series.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::DeValue;

use super::checker::Checker;
use super::raw::{RawCell, RawSeries, RawTable, fields};
use super::shared::{not_empty, source_refs, unique_id};
use crate::model::data::{Cell, Column, Point, Row, Series, Table};
use crate::model::{DateContext, HistDate, Source};

/// Reads a value; numbers keep the decimals they were written with.
fn cell(c: &mut Checker<'_>, raw: &Spanned<RawCell>) -> Option<Cell> {
    match raw.get_ref() {
        RawCell::Integer(i) => Some(Cell::from_number(*i as f64, 0)),
        RawCell::Float(f) if f.is_finite() => {
            let decimals = format!("{f}")
                .split_once('.')
                .map_or(1, |(_, d)| d.len().max(1));
            Some(Cell::from_number(*f, decimals.min(6) as u8))
        }
        RawCell::Float(_) => {
            c.error(raw.span(), "a value must be a finite number");
            None
        }
        RawCell::Text(t) => match Cell::from_text(t) {
            Ok(cell) => Some(cell),
            Err(e) => {
                c.error_hint(
                    raw.span(),
                    e.to_string(),
                    Some(
                        "write a number (35.0), a range (\"95-105\"), an approximate value \
                         (\"c. 50\"), or \"-\" where the text gives none"
                            .into(),
                    ),
                );
                None
            }
        },
    }
}

fn date(c: &mut Checker<'_>, text: &Spanned<String>, dates: DateContext) -> Option<HistDate> {
    match HistDate::parse(text.get_ref(), dates) {
        Ok(d) => Some(d),
        Err(e) => {
            c.error_hint(text.span(), e.message, e.hint);
            None
        }
    }
}

/// Checks the keys of each inline table of an array (`columns`, `rows`).
fn inner_keys(
    c: &mut Checker<'_>,
    item: &Spanned<DeValue<'_>>,
    key: &str,
    allowed: &[&str],
    what: &str,
) {
    if let DeValue::Table(table) = item.get_ref()
        && let Some(DeValue::Array(entries)) = table.get(key).map(Spanned::get_ref)
    {
        for entry in entries {
            if let DeValue::Table(t) = entry.get_ref() {
                c.keys(t, allowed, what);
            }
        }
    }
}

pub(super) fn tables(
    c: &mut Checker<'_>,
    value: Spanned<DeValue<'_>>,
    dates: DateContext,
    sources: &[Source],
) -> Vec<Table> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for item in c.tables(value, "table", fields::TABLE, "a table") {
        inner_keys(c, &item, "columns", fields::COLUMN, "a table column");
        inner_keys(c, &item, "rows", fields::ROW, "a table row");
        let Some(raw): Option<RawTable> = c.deserialize(item) else {
            continue;
        };
        let mut ok = unique_id(c, &raw.id, &mut seen, "table");
        ok &= not_empty(c, &raw.title, "the title");
        ok &= not_empty(c, &raw.unit, "the unit");
        let (refs, refs_ok) = source_refs(c, &raw.sources, sources);
        ok &= refs_ok;
        if raw.columns.get_ref().is_empty() {
            c.error(raw.columns.span(), "a table needs at least one column");
            ok = false;
        }
        let mut columns = Vec::new();
        for col in raw.columns.get_ref() {
            ok &= not_empty(c, &col.label, "a column label");
            let date = col.date.as_ref().and_then(|d| {
                let parsed = date(c, d, dates);
                ok &= parsed.is_some();
                parsed
            });
            columns.push(Column {
                label: col.label.get_ref().clone(),
                date,
            });
        }
        let mut rows = Vec::new();
        for row in &raw.rows {
            let r = row.get_ref();
            ok &= not_empty(c, &r.label, "a row label");
            if r.values.len() != columns.len() {
                c.error_hint(
                    row.span(),
                    format!(
                        "the row `{}` has {} value(s) for {} column(s)",
                        r.label.get_ref(),
                        r.values.len(),
                        columns.len()
                    ),
                    Some("give one value per column; write \"-\" where the text gives none".into()),
                );
                ok = false;
            }
            let cells: Vec<Option<Cell>> = r.values.iter().map(|v| cell(c, v)).collect();
            ok &= cells.iter().all(Option::is_some);
            rows.push(Row {
                label: r.label.get_ref().clone(),
                cells: cells.into_iter().flatten().collect(),
            });
        }
        if !ok {
            c.declared_invalid("table", raw.id.get_ref());
        }
        if ok {
            out.push(Table {
                id: raw.id.into_inner(),
                title: raw.title.into_inner(),
                unit: raw.unit.into_inner(),
                sources: refs,
                note: raw.note.map(Spanned::into_inner),
                columns,
                rows,
            });
        }
    }
    out
}

pub(super) fn series(
    c: &mut Checker<'_>,
    value: Spanned<DeValue<'_>>,
    dates: DateContext,
    sources: &[Source],
) -> Vec<Series> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for item in c.tables(value, "series", fields::SERIES, "a series") {
        inner_keys(c, &item, "points", fields::POINT, "a point");
        let Some(raw): Option<RawSeries> = c.deserialize(item) else {
            continue;
        };
        let mut ok = unique_id(c, &raw.id, &mut seen, "series");
        ok &= not_empty(c, &raw.label, "the label");
        ok &= not_empty(c, &raw.unit, "the unit");
        let (refs, refs_ok) = source_refs(c, &raw.sources, sources);
        ok &= refs_ok;
        if raw.points.get_ref().is_empty() {
            c.error(raw.points.span(), "a series needs at least one point");
            ok = false;
        }
        let mut points = Vec::new();
        for p in raw.points.get_ref() {
            let v = if let Some(v) = &p.value {
                cell(c, v)
            } else {
                c.error_hint(
                    p.date.span(),
                    "this point has no `value`",
                    Some("write { date = \"1929\", value = 122.4 }".into()),
                );
                None
            };
            let d = date(c, &p.date, dates);
            match (d, v) {
                (Some(date), Some(value)) => points.push(Point {
                    date,
                    value,
                    target: p.target.unwrap_or(false),
                }),
                _ => ok = false,
            }
        }
        points.sort_by_cached_key(|p| (p.date.anchor(), p.date.anchor_end()));
        if !ok {
            c.declared_invalid("series", raw.id.get_ref());
        }
        if ok {
            out.push(Series {
                id: raw.id.into_inner(),
                label: raw.label.into_inner(),
                unit: raw.unit.into_inner(),
                sources: refs,
                note: raw.note.map(Spanned::into_inner),
                points,
            });
        }
    }
    out
}
