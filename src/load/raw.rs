//! Raw serde structs that mirror events.toml, every value with its span.
//!
//! Nothing here is checked beyond TOML types; [`super::validate`] turns
//! these into the model. Unknown keys are found before deserializing (see
//! [`super::keys`]), so these structs ignore them rather than stop at the
//! first one.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

pub(crate) type Text = Spanned<String>;

/// `[timeline]`
#[derive(Deserialize, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawTimeline {
    #[schemars(with = "Option<String>")]
    pub(crate) title: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) subtitle: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) source_line: Option<Text>,
    /// The language of the file's text, as a BCP 47 tag ("en", "de",
    /// "ru"): written into PDFs for screen readers. Default "en".
    #[schemars(with = "Option<String>")]
    pub(crate) language: Option<Text>,
    #[schemars(with = "Option<i64>")]
    pub(crate) economic_year_start: Option<Spanned<i64>>,
    /// What a bare "1929/30" means: "economic" or "old-style" (a dual year).
    #[schemars(with = "Option<String>")]
    pub(crate) slash_years: Option<Text>,
    /// What "1910-11" means: "month" (November 1910) or "years" (1910-1911).
    #[schemars(with = "Option<String>")]
    pub(crate) yyyy_nn: Option<Text>,
    /// The first day of the Gregorian calendar for the file's dates: dates
    /// written before it are Old Style ("14 September 1752" for Britain).
    #[schemars(with = "Option<String>")]
    pub(crate) gregorian_from: Option<Text>,
    /// The day Old Style years begin: "1 January" (default) or "25 March".
    #[schemars(with = "Option<String>")]
    pub(crate) year_starts: Option<Text>,
    /// Fonts for what `DejaVu Sans` lacks (CJK and other scripts), in order:
    /// font files relative to this file, or installed families.
    #[schemars(with = "Option<Vec<String>>")]
    #[allow(dead_code, reason = "read from the table before deserializing")]
    pub(crate) fonts: Option<Vec<Text>>,
    pub(crate) work: Option<RawWork>,
    /// Read on its own before the rest (see validate); here for the schema.
    #[allow(dead_code, reason = "taken out of the table before deserializing")]
    pub(crate) defaults: Option<RawOptions>,
}

/// `[timeline.work]`
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawWork {
    #[schemars(with = "String")]
    pub(crate) author: Text,
    #[schemars(with = "String")]
    pub(crate) title: Text,
    #[schemars(with = "Option<i64>")]
    pub(crate) year: Option<Spanned<i64>>,
    #[schemars(with = "Option<String>")]
    pub(crate) chapter: Option<Text>,
}

/// `[[category]]`
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawCategory {
    #[schemars(with = "String")]
    pub(crate) id: Text,
    #[schemars(with = "String")]
    pub(crate) label: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) color: Option<Text>,
}

/// `[[source]]`
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawSource {
    #[schemars(with = "String")]
    pub(crate) id: Text,
    #[schemars(with = "Option<i64>")]
    pub(crate) note: Option<Spanned<i64>>,
    #[schemars(with = "String")]
    pub(crate) citation: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) page: Option<Text>,
}

/// An entry of an event's `sources`: `"n9"` or `{ id = "n9", page = "189" }`.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawSourceRef {
    Id(String),
    WithPage { id: String, page: Option<String> },
}

/// `[[event]]`
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawEvent {
    // Optional here so that an event without a label still has its date
    // checked; a missing one is reported in validation.
    #[schemars(with = "Option<String>")]
    pub(crate) id: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) label: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) date: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) description: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) category: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) tags: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<RawSourceRef>")]
    pub(crate) sources: Vec<Spanned<RawSourceRef>>,
    #[schemars(with = "Option<String>")]
    pub(crate) quote: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) importance: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) certainty: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) caveat: Option<Text>,
}

/// The head of a `[[figure]]`: what it is and where it goes.
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawFigureHead {
    #[schemars(with = "String")]
    pub(crate) id: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) kind: Option<Text>,
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) formats: Option<Spanned<Vec<Text>>>,
    #[schemars(with = "Option<String>")]
    pub(crate) table: Option<Text>,
    /// The two columns of the table a fulfilment or slope chart compares,
    /// by their labels: target then outcome, or first date then second.
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) columns: Option<Spanned<Vec<Text>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) series: Option<Vec<Text>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) events: Option<Vec<Text>>,
    pub(crate) log: Option<bool>,
    #[schemars(with = "Option<f64>")]
    pub(crate) reference: Option<Spanned<f64>>,
    /// What the reference line stands for, written on the chart beside
    /// it: "1928 = 100".
    #[schemars(with = "Option<String>")]
    pub(crate) reference_label: Option<Text>,
    pub(crate) growth: Option<bool>,
    pub(crate) steps: Option<bool>,
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) order: Option<Vec<Text>>,
}

/// A `[[deck]]`: figures as the slides of a deck.
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawDeck {
    /// Also the file's stem: `lecture` gives `lecture.pptx`.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The ids of the [[figure]]s it shows, in order.
    #[schemars(with = "Vec<String>")]
    pub(crate) figures: Spanned<Vec<Text>>,
    /// A title slide first (the default): the file's title, subtitle and work.
    pub(crate) title_slide: Option<bool>,
    /// "16:9" (the default) or "4:3".
    #[schemars(with = "Option<String>")]
    pub(crate) aspect: Option<Text>,
    /// light, dark, print or high-contrast, for every slide; each figure's own without it.
    #[schemars(with = "Option<String>")]
    pub(crate) theme: Option<Text>,
}

/// A value of a table or series: a number, or text such as "95-105".
#[derive(Deserialize, Clone, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawCell {
    Integer(i64),
    Float(f64),
    Text(String),
}

/// `[[table]]`
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawTable {
    #[schemars(with = "String")]
    pub(crate) id: Text,
    #[schemars(with = "String")]
    pub(crate) title: Text,
    #[schemars(with = "String")]
    pub(crate) unit: Text,
    #[serde(default)]
    #[schemars(with = "Vec<RawSourceRef>")]
    pub(crate) sources: Vec<Spanned<RawSourceRef>>,
    #[schemars(with = "Option<String>")]
    pub(crate) note: Option<Text>,
    #[schemars(with = "Vec<RawColumn>")]
    pub(crate) columns: Spanned<Vec<RawColumn>>,
    #[schemars(with = "Vec<RawRow>")]
    pub(crate) rows: Vec<Spanned<RawRow>>,
}

/// An entry of a table's `columns`.
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawColumn {
    #[schemars(with = "String")]
    pub(crate) label: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) date: Option<Text>,
}

/// An entry of a table's `rows`.
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawRow {
    #[schemars(with = "String")]
    pub(crate) label: Text,
    #[schemars(with = "Vec<RawCell>")]
    pub(crate) values: Vec<Spanned<RawCell>>,
}

/// `[[series]]`
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawSeries {
    #[schemars(with = "String")]
    pub(crate) id: Text,
    #[schemars(with = "String")]
    pub(crate) label: Text,
    #[schemars(with = "String")]
    pub(crate) unit: Text,
    #[serde(default)]
    #[schemars(with = "Vec<RawSourceRef>")]
    pub(crate) sources: Vec<Spanned<RawSourceRef>>,
    #[schemars(with = "Option<String>")]
    pub(crate) note: Option<Text>,
    #[schemars(with = "Vec<RawPoint>")]
    pub(crate) points: Spanned<Vec<RawPoint>>,
}

/// An entry of a series' `points`.
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawPoint {
    #[schemars(with = "String")]
    pub(crate) date: Text,
    // Optional so that a point without one is reported with the rest.
    #[schemars(with = "Option<RawCell>")]
    pub(crate) value: Option<Spanned<RawCell>>,
    pub(crate) target: Option<bool>,
}

/// How a figure is drawn: `[timeline.defaults]`, and the rest of a
/// `[[figure]]` (read a second time as this).
#[derive(Deserialize, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawOptions {
    #[schemars(with = "Option<String>")]
    pub(crate) title: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) subtitle: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) size: Option<Text>,
    #[schemars(with = "Option<f64>")]
    pub(crate) scale: Option<Spanned<f64>>,
    #[schemars(with = "Option<String>")]
    pub(crate) theme: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) from: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) to: Option<Text>,
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) categories: Option<Vec<Text>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) tags: Option<Vec<Text>>,
    #[schemars(with = "Option<String>")]
    pub(crate) importance: Option<Text>,
    pub(crate) notes: Option<bool>,
    #[schemars(with = "Option<String>")]
    pub(crate) axis: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) axis_breaks: Option<Text>,
    pub(crate) text_as_paths: Option<bool>,
}

/// The keys each table may have: checked before deserializing, so that
/// every unknown key is reported, each with a suggestion.
pub(crate) mod fields {
    pub(crate) const TOP: &[&str] = &[
        "timeline", "category", "source", "event", "table", "series", "figure", "deck",
    ];
    pub(crate) const DECK: &[&str] = &["id", "figures", "title_slide", "aspect", "theme"];
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
        "language",
        "economic_year_start",
        "slash_years",
        "yyyy_nn",
        "gregorian_from",
        "year_starts",
        "fonts",
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
        "axis_breaks",
        "text_as_paths",
    ];
    pub(crate) const FIGURE_HEAD: &[&str] = &[
        "id",
        "kind",
        "formats",
        "table",
        "columns",
        "series",
        "events",
        "log",
        "reference",
        "reference_label",
        "growth",
        "steps",
        "order",
    ];
}

/// A `[[figure]]` as a whole, for the schema: its head and its options.
#[allow(dead_code, reason = "describes the file for the schema only")]
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawFigure {
    #[serde(flatten)]
    pub(crate) head: RawFigureHead,
    #[serde(flatten)]
    pub(crate) options: RawOptions,
}

/// A whole events.toml, for the schema.
#[allow(dead_code, reason = "describes the file for the schema only")]
#[derive(Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) timeline: Option<RawTimeline>,
    pub(crate) category: Option<Vec<RawCategory>>,
    pub(crate) source: Option<Vec<RawSource>>,
    pub(crate) event: Option<Vec<RawEvent>>,
    pub(crate) table: Option<Vec<RawTable>>,
    pub(crate) series: Option<Vec<RawSeries>>,
    pub(crate) figure: Option<Vec<RawFigure>>,
    pub(crate) deck: Option<Vec<RawDeck>>,
}
