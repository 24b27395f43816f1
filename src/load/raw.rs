//! Raw serde structs that mirror events.toml, every value with its span.
//!
//! Nothing here is checked beyond TOML types; [`super::validate`] turns
//! these into the model. Unknown keys are found before deserializing (see
//! [`super::keys`]), so these structs ignore them rather than stop at the
//! first one.

use serde::Deserialize;
use toml::Spanned;

pub(crate) type Text = Spanned<String>;

/// `[timeline]`
#[derive(Deserialize, Default)]
pub(crate) struct RawTimeline {
    pub(crate) title: Option<Text>,
    pub(crate) subtitle: Option<Text>,
    pub(crate) source_line: Option<Text>,
    pub(crate) economic_year_start: Option<Spanned<i64>>,
    pub(crate) work: Option<RawWork>,
}

/// `[timeline.work]`
#[derive(Deserialize)]
pub(crate) struct RawWork {
    pub(crate) author: Text,
    pub(crate) title: Text,
    pub(crate) year: Option<Spanned<i64>>,
    pub(crate) chapter: Option<Text>,
}

/// `[[category]]`
#[derive(Deserialize)]
pub(crate) struct RawCategory {
    pub(crate) id: Text,
    pub(crate) label: Text,
    pub(crate) color: Option<Text>,
}

/// `[[source]]`
#[derive(Deserialize)]
pub(crate) struct RawSource {
    pub(crate) id: Text,
    pub(crate) note: Option<Spanned<i64>>,
    pub(crate) citation: Text,
    pub(crate) page: Option<Text>,
}

/// An entry of an event's `sources`: `"n9"` or `{ id = "n9", page = "189" }`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum RawSourceRef {
    Id(String),
    WithPage { id: String, page: Option<String> },
}

/// `[[event]]`
#[derive(Deserialize)]
pub(crate) struct RawEvent {
    // Optional here so that an event without a label still has its date
    // checked; a missing one is reported in validation.
    pub(crate) id: Option<Text>,
    pub(crate) label: Option<Text>,
    pub(crate) date: Option<Text>,
    pub(crate) description: Option<Text>,
    pub(crate) category: Option<Text>,
    #[serde(default)]
    pub(crate) tags: Vec<Text>,
    #[serde(default)]
    pub(crate) sources: Vec<Spanned<RawSourceRef>>,
    pub(crate) quote: Option<Text>,
    pub(crate) importance: Option<Text>,
    pub(crate) certainty: Option<Text>,
    pub(crate) caveat: Option<Text>,
}

/// The head of a `[[figure]]`: what it is and where it goes.
#[derive(Deserialize)]
pub(crate) struct RawFigureHead {
    pub(crate) id: Text,
    pub(crate) kind: Option<Text>,
    pub(crate) formats: Option<Spanned<Vec<Text>>>,
    pub(crate) table: Option<Text>,
    pub(crate) series: Option<Vec<Text>>,
    pub(crate) events: Option<Vec<Text>>,
    pub(crate) log: Option<bool>,
    pub(crate) reference: Option<Spanned<f64>>,
    pub(crate) growth: Option<bool>,
    pub(crate) steps: Option<bool>,
    pub(crate) order: Option<Vec<Text>>,
}

/// A value of a table or series: a number, or text such as "95-105".
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(crate) enum RawCell {
    Integer(i64),
    Float(f64),
    Text(String),
}

/// `[[table]]`
#[derive(Deserialize)]
pub(crate) struct RawTable {
    pub(crate) id: Text,
    pub(crate) title: Text,
    pub(crate) unit: Text,
    #[serde(default)]
    pub(crate) sources: Vec<Spanned<RawSourceRef>>,
    pub(crate) note: Option<Text>,
    pub(crate) columns: Spanned<Vec<RawColumn>>,
    pub(crate) rows: Vec<Spanned<RawRow>>,
}

/// An entry of a table's `columns`.
#[derive(Deserialize)]
pub(crate) struct RawColumn {
    pub(crate) label: Text,
    pub(crate) date: Option<Text>,
}

/// An entry of a table's `rows`.
#[derive(Deserialize)]
pub(crate) struct RawRow {
    pub(crate) label: Text,
    pub(crate) values: Vec<Spanned<RawCell>>,
}

/// `[[series]]`
#[derive(Deserialize)]
pub(crate) struct RawSeries {
    pub(crate) id: Text,
    pub(crate) label: Text,
    pub(crate) unit: Text,
    #[serde(default)]
    pub(crate) sources: Vec<Spanned<RawSourceRef>>,
    pub(crate) note: Option<Text>,
    pub(crate) points: Spanned<Vec<RawPoint>>,
}

/// An entry of a series' `points`.
#[derive(Deserialize)]
pub(crate) struct RawPoint {
    pub(crate) date: Text,
    // Optional so that a point without one is reported with the rest.
    pub(crate) value: Option<Spanned<RawCell>>,
    pub(crate) target: Option<bool>,
}

/// How a figure is drawn: `[timeline.defaults]`, and the rest of a
/// `[[figure]]` (read a second time as this).
#[derive(Deserialize, Default)]
pub(crate) struct RawOptions {
    pub(crate) title: Option<Text>,
    pub(crate) subtitle: Option<Text>,
    pub(crate) size: Option<Text>,
    pub(crate) scale: Option<Spanned<f64>>,
    pub(crate) theme: Option<Text>,
    pub(crate) from: Option<Text>,
    pub(crate) to: Option<Text>,
    pub(crate) categories: Option<Vec<Text>>,
    pub(crate) tags: Option<Vec<Text>>,
    pub(crate) importance: Option<Text>,
    pub(crate) notes: Option<bool>,
    pub(crate) axis: Option<Text>,
    pub(crate) text_as_paths: Option<bool>,
}

/// The keys each table may have: checked before deserializing, so that
/// every unknown key is reported, each with a suggestion.
pub(crate) mod fields {
    pub(crate) const TOP: &[&str] = &[
        "timeline", "category", "source", "event", "table", "series", "figure",
    ];
    pub(crate) const TABLE: &[&str] =
        &["id", "title", "unit", "sources", "note", "columns", "rows"];
    pub(crate) const COLUMN: &[&str] = &["label", "date"];
    pub(crate) const ROW: &[&str] = &["label", "values"];
    pub(crate) const SERIES: &[&str] = &["id", "label", "unit", "sources", "note", "points"];
    pub(crate) const POINT: &[&str] = &["date", "value", "target"];
    pub(crate) const TIMELINE: &[&str] = &[
        "title",
        "subtitle",
        "source_line",
        "economic_year_start",
        "work",
        "defaults",
    ];
    pub(crate) const WORK: &[&str] = &["author", "title", "year", "chapter"];
    pub(crate) const CATEGORY: &[&str] = &["id", "label", "color"];
    pub(crate) const SOURCE: &[&str] = &["id", "note", "citation", "page"];
    pub(crate) const SOURCE_REF: &[&str] = &["id", "page"];
    pub(crate) const EVENT: &[&str] = &[
        "id",
        "label",
        "date",
        "description",
        "category",
        "tags",
        "sources",
        "quote",
        "importance",
        "certainty",
        "caveat",
    ];
    pub(crate) const OPTIONS: &[&str] = &[
        "title",
        "subtitle",
        "size",
        "scale",
        "theme",
        "from",
        "to",
        "categories",
        "tags",
        "importance",
        "notes",
        "axis",
        "text_as_paths",
    ];
    pub(crate) const FIGURE_HEAD: &[&str] = &[
        "id",
        "kind",
        "formats",
        "table",
        "series",
        "events",
        "log",
        "reference",
        "growth",
        "steps",
        "order",
    ];
}
