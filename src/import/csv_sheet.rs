//! Any CSV with a header row: a spreadsheet's export. Columns are found by
//! their usual names, or named on the command line (`--column
//! label=Event`); dates in any form annals reads.

use super::imported::{Columns, Dropped, Event, ImportError, Imported};

/// The usual headers of each field, lower case.
const USUAL: [(&str, &[&str]); 7] = [
    (
        "date",
        &[
            "date",
            "start",
            "start date",
            "when",
            "year",
            "from",
            "begin",
            "dates",
        ],
    ),
    ("end", &["end", "end date", "to", "until", "finish"]),
    (
        "label",
        &["label", "title", "headline", "event", "name", "what"],
    ),
    (
        "description",
        &["description", "text", "notes", "details", "summary"],
    ),
    ("category", &["category", "group", "lane", "type", "theme"]),
    (
        "source",
        &["source", "sources", "citation", "reference", "ref"],
    ),
    ("importance", &["importance", "priority"]),
];

/// Reads a CSV (or, with a tab in its first line, a TSV).
pub(super) fn read(text: &str, columns: &Columns) -> Result<Imported, ImportError> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let (mut reader, header) = super::imported::csv(text, delimiter)?;
    let mut imported = Imported::default();
    let mut found: Vec<(&str, usize)> = Vec::new();
    for (field, usual) in USUAL {
        let index = match columns.named.get(field) {
            Some(name) => Some(
                header
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        ImportError::at(
                            "line 1",
                            format!(
                                "--column {field}={name}: there is no column `{name}`; the columns are: {}",
                                header.join(", ")
                            ),
                        )
                    })?,
            ),
            None => header
                .iter()
                .position(|h| usual.contains(&h.to_ascii_lowercase().as_str())),
        };
        if let Some(i) = index {
            if !columns.named.contains_key(field) {
                imported.notes.push(format!(
                    "guessed: the column `{}` holds the {field}",
                    header[i]
                ));
            }
            found.push((field, i));
        }
    }
    let column = |field: &str| found.iter().find(|(f, _)| *f == field).map(|&(_, i)| i);
    let (Some(date), Some(label)) = (column("date"), column("label")) else {
        return Err(ImportError::at(
            "line 1",
            format!(
                "no column for the {}; the columns are: {}",
                if column("date").is_none() {
                    "date"
                } else {
                    "label"
                },
                header.join(", ")
            ),
        )
        .with_hint_in_message("name it with --column date=HEADER or --column label=HEADER"));
    };
    let unused: Vec<&str> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !found.iter().any(|(_, j)| j == i))
        .map(|(_, h)| h.as_str())
        .collect();
    if !unused.is_empty() {
        imported
            .notes
            .push(format!("columns not imported: {}", unused.join(", ")));
    }
    for (i, record) in reader.records().enumerate() {
        let at = format!("row {}", i + 2);
        let record = record.map_err(|e| ImportError::at(at.clone(), format!("not CSV: {e}")))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: Option<usize>| -> String {
            i.and_then(|i| record.get(i))
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let (start, end) = (get(Some(date)), get(column("end")));
        if start.is_empty() {
            imported.dropped.push(Dropped {
                at,
                why: format!("the column `{}` is empty", header[date]),
                text: record.iter().collect::<Vec<_>>().join(" | "),
            });
            continue;
        }
        let date = if end.is_empty() {
            start
        } else {
            format!("{start} to {end}")
        };
        let importance = get(column("importance")).to_ascii_lowercase();
        let mut e = Event {
            at,
            label: get(Some(label)),
            date,
            description: Some(get(column("description"))).filter(|d| !d.is_empty()),
            category: Some(get(column("category"))).filter(|c| !c.is_empty()),
            sources: Some(get(column("source")))
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
            ..Event::default()
        };
        match importance.as_str() {
            "" => {}
            "high" | "normal" | "low" => e.importance = Some(importance),
            other => e.notes.push(format!(
                "its importance `{other}` is not high, normal or low; left out"
            )),
        }
        imported.events.push(e);
    }
    Ok(imported)
}

impl ImportError {
    fn with_hint_in_message(mut self, hint: &str) -> ImportError {
        self.message = format!("{}; {hint}", self.message);
        self
    }
}
