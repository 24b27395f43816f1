//! What every reader makes: a timeline read from another tool's file
//! ([`Imported`]), its events and the rows it dropped, and how it is
//! written as an `events.toml`; with the helpers the readers share. The
//! readers use this file; it uses none of them.

use std::collections::HashMap;
use std::fmt::Write as _;

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where, as "line 3" or "row 4, column Date", when it is somewhere.
    pub at: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    /// An error about the whole file.
    pub fn new(message: impl Into<String>) -> ImportError {
        ImportError {
            at: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(at: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            at: Some(at.into()),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// Which columns of a CSV hold what, where the header does not say it in
/// the usual words: `label=Event`, `date=When`.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// Field name (`date`, `end`, `label`, `description`, `category`,
    /// `source`, `importance`) to the column's header.
    pub named: HashMap<String, String>,
}

impl Columns {
    /// The fields a column can be named for.
    pub const FIELDS: [&'static str; 7] = [
        "date",
        "end",
        "label",
        "description",
        "category",
        "source",
        "importance",
    ];
}

/// One event read from another tool's file.
#[derive(Clone, Debug, Default)]
pub struct Event {
    /// Where it came from, for messages: "row 4", "line 12".
    pub at: String,
    /// What is drawn.
    pub label: String,
    /// The date as annals reads it.
    pub date: String,
    /// For handouts.
    pub description: Option<String>,
    /// A category label (ids are made from it).
    pub category: Option<String>,
    /// Citations or URLs, each a `[[source]]`.
    pub sources: Vec<String>,
    /// `high`, `normal` or `low`.
    pub importance: Option<String>,
    /// Tags, for filtering.
    pub tags: Vec<String>,
    /// What the reader should know about the date or the text.
    pub caveat: Option<String>,
    /// What was guessed, said as comments above the event.
    pub notes: Vec<String>,
}

/// A row that could not become an event, and why.
#[derive(Clone, Debug)]
pub struct Dropped {
    /// Where: "row 4", "line 12".
    pub at: String,
    /// Why it is not an event.
    pub why: String,
    /// The row's text, kept as a comment.
    pub text: String,
}

/// A timeline read from another tool's file.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// What it was read from, for the header: "`TimelineJS` CSV (events.csv)".
    pub from: String,
    /// The timeline's title, where the file has one.
    pub title: Option<String>,
    /// Its subtitle.
    pub subtitle: Option<String>,
    /// The events, in the file's order.
    pub events: Vec<Event>,
    /// The rows that could not become events.
    pub dropped: Vec<Dropped>,
    /// Said once in the header: what was left out or guessed for all.
    pub notes: Vec<String>,
}

/// A TOML basic string.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line's text: one line, no control characters.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// An id made of `text`: lower-case ASCII letters and digits joined by
/// dashes, at most six words; `fallback` where nothing is left.
pub(crate) fn slug(text: &str, fallback: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        fallback.to_owned()
    } else {
        words.join("-")
    }
}

/// Ids made unique by a number: "strike", "strike-2".
#[derive(Default)]
struct Ids(HashMap<String, usize>);

impl Ids {
    fn unique(&mut self, id: String) -> String {
        let n = self.0.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { id } else { format!("{id}-{n}") }
    }
}

impl Imported {
    /// The number of events, categories and sources, and of rows dropped.
    pub fn summary(&self) -> String {
        let categories = self.categories().len();
        let sources = self.sources().len();
        format!(
            "{}, {}, {}; {} dropped",
            crate::model::counted(self.events.len(), "event", "events"),
            crate::model::counted(categories, "category", "categories"),
            crate::model::counted(sources, "source", "sources"),
            crate::model::counted(self.dropped.len(), "row", "rows"),
        )
    }

    /// The categories in order of first use: (id, label).
    fn categories(&self) -> Vec<(String, String)> {
        let mut ids = Ids::default();
        let mut out: Vec<(String, String)> = Vec::new();
        for label in self.events.iter().filter_map(|e| e.category.as_ref()) {
            if !out.iter().any(|(_, l)| l == label) {
                let id = ids.unique(slug(label, "category"));
                out.push((id, label.clone()));
            }
        }
        out
    }

    /// The sources in order of first use: (id, citation).
    fn sources(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for citation in self.events.iter().flat_map(|e| &e.sources) {
            if !out.iter().any(|(_, c)| c == citation) {
                out.push((format!("s{}", out.len() + 1), citation.clone()));
            }
        }
        out
    }

    /// The `events.toml` text.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Imported by `annals import` from {}.",
            comment(&self.from)
        );
        let _ = writeln!(out, "# {}.", self.summary());
        out.push_str("# Comments starting \"guessed:\" say what the import decided; check them.\n");
        for note in &self.notes {
            let _ = writeln!(out, "# {}", comment(note));
        }
        out.push_str("\n[timeline]\n");
        let _ = writeln!(
            out,
            "title = {}",
            quoted(self.title.as_deref().unwrap_or("Imported timeline"))
        );
        if let Some(subtitle) = &self.subtitle {
            let _ = writeln!(out, "subtitle = {}", quoted(subtitle));
        }
        let categories = self.categories();
        for (id, label) in &categories {
            let _ = write!(
                out,
                "\n[[category]]\nid = {}\nlabel = {}\n",
                quoted(id),
                quoted(label)
            );
        }
        let sources = self.sources();
        for (id, citation) in &sources {
            let _ = write!(
                out,
                "\n[[source]]\nid = {}\ncitation = {}\n",
                quoted(id),
                quoted(citation)
            );
        }
        let mut ids = Ids::default();
        for (i, e) in self.events.iter().enumerate() {
            out.push('\n');
            for note in &e.notes {
                let _ = writeln!(out, "# guessed: {}", comment(note));
            }
            let id = ids.unique(slug(&e.label, &format!("event-{}", i + 1)));
            let _ = writeln!(out, "[[event]]\nid = {}", quoted(&id));
            let label = if e.label.trim().is_empty() {
                "(no headline)"
            } else {
                e.label.trim()
            };
            let _ = writeln!(out, "label = {}", quoted(label));
            let _ = writeln!(out, "date = {}", quoted(&e.date));
            if let Some(c) = &e.category
                && let Some((id, _)) = categories.iter().find(|(_, l)| l == c)
            {
                let _ = writeln!(out, "category = {}", quoted(id));
            }
            if let Some(d) = e.description.as_deref().filter(|d| !d.trim().is_empty()) {
                let _ = writeln!(out, "description = {}", quoted(d.trim()));
            }
            if !e.tags.is_empty() {
                let tags: Vec<String> = e.tags.iter().map(|t| quoted(t)).collect();
                let _ = writeln!(out, "tags = [{}]", tags.join(", "));
            }
            let refs: Vec<String> = e
                .sources
                .iter()
                .filter_map(|c| sources.iter().find(|(_, x)| x == c))
                .map(|(id, _)| quoted(id))
                .collect();
            if !refs.is_empty() {
                let _ = writeln!(out, "sources = [{}]", refs.join(", "));
            }
            if let Some(i) = &e.importance {
                let _ = writeln!(out, "importance = {}", quoted(i));
            }
            if let Some(c) = &e.caveat {
                let _ = writeln!(out, "caveat = {}", quoted(c));
            }
        }
        if !self.dropped.is_empty() {
            out.push_str("\n# Not imported:\n");
            for d in &self.dropped {
                let _ = writeln!(out, "# {}: {}", comment(&d.at), comment(&d.why));
                let _ = writeln!(out, "#   {}", comment(&d.text));
            }
        }
        out
    }
}

/// A date from a year, month and day as another tool gives them (any may
/// be missing but the year; a negative year is BC: -44 is 44 BC).
pub(crate) fn date_of(year: i64, month: Option<u32>, day: Option<u32>) -> Option<String> {
    if year == 0 || !(-9999..=9999).contains(&year) {
        return None;
    }
    let y = if year < 0 {
        format!("{} BC", -year)
    } else {
        year.to_string()
    };
    Some(match (month, day) {
        (Some(m @ 1..=12), Some(d @ 1..=31)) => {
            format!("{d} {} {y}", crate::model::date::MONTHS[m as usize - 1])
        }
        (Some(m @ 1..=12), _) => format!("{} {y}", crate::model::date::MONTHS[m as usize - 1]),
        _ => y,
    })
}

/// A period of two dates written by [`date_of`]: "4 July 1776-3 September
/// 1783"; each end keeps its era ("44 BC-AD 14").
pub(crate) fn range_of(start: &str, end: &str) -> String {
    if start == end {
        return start.to_owned();
    }
    let end = if start.ends_with(" BC") && !end.ends_with(" BC") {
        // "44 BC-14" would be ambiguous: the end is AD.
        match end.rsplit_once(' ') {
            Some((head, year)) => format!("{head} AD {year}"),
            None => format!("AD {end}"),
        }
    } else {
        end.to_owned()
    };
    format!("{start}-{end}")
}

/// A JSON document, or an error at its line and column.
pub(crate) fn json(text: &str) -> Result<serde_json::Value, ImportError> {
    serde_json::from_str(text).map_err(|e| {
        ImportError::at(
            format!("line {}, column {}", e.line(), e.column()),
            format!("not JSON: {e}"),
        )
    })
}

/// A CSV reader over `text` (fields separated by `delimiter`, rows of any
/// length) and its header row, trimmed.
pub(crate) fn csv(
    text: &str,
    delimiter: u8,
) -> Result<(::csv::Reader<&[u8]>, Vec<String>), ImportError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ImportError::at("line 1", format!("not CSV: {e}")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    Ok((reader, header))
}
