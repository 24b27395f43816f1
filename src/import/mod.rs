//! `annals import`: timelines from other tools into an `events.toml`.
//!
//! Each reader (`TimelineJS`'s spreadsheet and JSON, any CSV, markwhen,
//! Wikidata query results) turns its file into an [`Imported`] timeline:
//! events whose dates are written as annals reads them, with what was
//! guessed said in comments and what could not be read kept as commented
//! rows. [`Imported::to_toml`] writes it; the result passes `annals check`
//! (the command checks it before writing anything).

mod csv_sheet;
mod html;
mod imported;
mod markwhen;
mod timelinejs;
mod wikidata;

use crate::model::{DateContext, HistDate};

pub use imported::{Columns, Dropped, Event, ImportError, Imported};

pub use timelinejs::export as timelinejs_json;

/// The formats `annals import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `TimelineJS`'s Google Sheets template, exported as CSV.
    TimelineJsCsv,
    /// `TimelineJS`'s JSON.
    TimelineJsJson,
    /// Any CSV with a header row (a spreadsheet's export).
    Csv,
    /// markwhen's `.mw` text.
    Markwhen,
    /// A Wikidata query's results, SPARQL JSON.
    Wikidata,
}

impl Format {
    /// The names `--from` takes.
    pub const NAMES: [&'static str; 5] = [
        "timelinejs-csv",
        "timelinejs",
        "csv",
        "markwhen",
        "wikidata",
    ];

    /// The format of a `--from` name.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "timelinejs-csv" => Format::TimelineJsCsv,
            "timelinejs" | "timelinejs-json" => Format::TimelineJsJson,
            "csv" => Format::Csv,
            "markwhen" | "mw" => Format::Markwhen,
            "wikidata" | "sparql" => Format::Wikidata,
            _ => return None,
        })
    }

    /// The format a file's name and content show, if they show one.
    pub fn guess(name: &str, text: &str) -> Option<Format> {
        let extension = std::path::Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if extension == "mw" {
            return Some(Format::Markwhen);
        }
        if start.starts_with('{') {
            if start.contains("\"bindings\"") && start.contains("\"head\"") {
                return Some(Format::Wikidata);
            }
            if start.contains("\"events\"") {
                return Some(Format::TimelineJsJson);
            }
            return None;
        }
        if matches!(extension.as_str(), "csv" | "tsv" | "txt") {
            let header = start
                .lines()
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if header.contains("headline") && header.contains("year") {
                return Some(Format::TimelineJsCsv);
            }
            if extension == "txt" {
                return None;
            }
            return Some(Format::Csv);
        }
        None
    }
}

/// Reads `text` (the file `name`) in `format`.
pub fn import(
    name: &str,
    text: &str,
    format: Format,
    columns: &Columns,
) -> Result<Imported, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut imported = match format {
        Format::TimelineJsCsv => timelinejs::read_csv(text)?,
        Format::TimelineJsJson => timelinejs::read_json(text)?,
        Format::Csv => csv_sheet::read(text, columns)?,
        Format::Markwhen => markwhen::read(text)?,
        Format::Wikidata => wikidata::read(text)?,
    };
    imported.from = format!("{} ({name})", format_name(format));
    // Every date must be one annals reads; an event whose date is not is
    // kept as a commented row, never written half-right.
    for e in std::mem::take(&mut imported.events) {
        match HistDate::parse(&e.date, DateContext::default()) {
            Ok(_) => imported.events.push(e),
            Err(err) => imported.dropped.push(Dropped {
                why: format!(
                    "its date `{}` is not one annals reads: {}",
                    e.date, err.message
                ),
                text: format!("{} | {}", e.date, e.label),
                at: e.at,
            }),
        }
    }
    Ok(imported)
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::TimelineJsCsv => "TimelineJS spreadsheet",
        Format::TimelineJsJson => "TimelineJS JSON",
        Format::Csv => "CSV",
        Format::Markwhen => "markwhen",
        Format::Wikidata => "Wikidata query results",
    }
}

#[cfg(test)]
mod tests;
