//! `annals list`: the events in order, as a terminal table, a Markdown
//! handout, CSV or JSON. Each function returns the text; the binary prints.

use std::fmt::Write as _;

use serde::Serialize;

use unicode_width::UnicodeWidthStr as _;

use crate::model::date::{day_text, iso_text};
use crate::model::{Event, Timeline};

/// The formats of `annals list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns for a terminal.
    Table,
    /// A handout: a table of events and the numbered notes.
    Markdown,
    /// One row per event, for spreadsheets.
    Csv,
    /// One array of objects, for programs.
    Json,
    /// `TimelineJS`'s JSON.
    TimelineJs,
}

/// One event as exported: what every format shows.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    label: &'a str,
    /// As written in the file.
    date: &'a str,
    /// First day covered, ISO, Gregorian; null when open ("by 1931").
    start: Option<String>,
    /// Last day covered; null when open ("from 1932").
    end: Option<String>,
    /// The first day for people: "10 January 49 BC"; null when open.
    start_text: Option<String>,
    /// The last day for people.
    end_text: Option<String>,
    precision: &'static str,
    shape: &'static str,
    approximate: bool,
    uncertain: bool,
    /// The Julian date as written, for Old Style dates.
    /// The Julian dates as written, ISO, as precise as the date:
    /// "1917-10-25", "1642-03", "1647-10-28/1647-11-11".
    old_style: Option<String>,
    /// The same for people: "25 Oct 1917 O.S.", "Mar 1642 O.S.".
    old_style_text: Option<String>,
    category: Option<&'a str>,
    tags: &'a [String],
    sources: Vec<SourceOut<'a>>,
    importance: &'static str,
    certainty: &'static str,
    quote: Option<&'a str>,
    description: Option<&'a str>,
    caveat: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    note: Option<u32>,
    page: Option<&'a str>,
}

fn row<'a>(timeline: &'a Timeline, event: &'a Event) -> Row<'a> {
    let date = &event.date;
    Row {
        id: &event.id,
        label: &event.label,
        date: date.written(),
        start: date.start().map(iso_text),
        end: date.end().map(iso_text),
        start_text: date.start().map(day_text),
        end_text: date.end().map(day_text),
        precision: date.precision().name(),
        shape: date.shape().name(),
        approximate: event.is_approximate(),
        uncertain: event.is_uncertain(),
        old_style: date.old_style().map(|os| {
            let iso = |(y, m, d): (i32, u32, u32)| match date.precision() {
                crate::model::Precision::Day => format!("{y:04}-{m:02}-{d:02}"),
                crate::model::Precision::Month => format!("{y:04}-{m:02}"),
                _ => format!("{y:04}"),
            };
            let (first, last) = (iso(os.first), iso(os.last));
            if first == last {
                first
            } else {
                format!("{first}/{last}")
            }
        }),
        old_style_text: date.old_style().map(|os| os.text(date.precision(), false)),
        category: event.category.as_deref(),
        tags: &event.tags,
        sources: event
            .sources
            .iter()
            .map(|r| {
                let source = timeline.source(&r.id);
                SourceOut {
                    id: &r.id,
                    note: source.and_then(|s| s.note),
                    page: r
                        .page
                        .as_deref()
                        .or_else(|| source.and_then(|s| s.page.as_deref())),
                }
            })
            .collect(),
        importance: event.importance.name(),
        certainty: event.certainty.name(),
        quote: event.quote.as_deref(),
        description: event.description.as_deref(),
        caveat: event.caveat.as_deref(),
    }
}

fn notes_text(timeline: &Timeline, event: &Event) -> String {
    let notes = timeline.note_numbers(event);
    if notes.is_empty() {
        event
            .sources
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        notes
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The events of `timeline` in `format`.
pub fn render(timeline: &Timeline, format: ListFormat) -> String {
    match format {
        ListFormat::Table => table(timeline),
        ListFormat::Markdown => markdown(timeline),
        ListFormat::Csv => csv(timeline),
        ListFormat::Json => json(timeline),
        ListFormat::TimelineJs => crate::import::timelinejs_json(timeline),
    }
}

fn open(date: Option<String>, open: &str) -> String {
    date.unwrap_or_else(|| open.to_owned())
}

fn table(timeline: &Timeline) -> String {
    let header = ["date", "from", "to", "label", "category", "notes"];
    let rows: Vec<[String; 6]> = timeline
        .events
        .iter()
        .map(|e| {
            [
                e.date.written().to_owned(),
                open(e.date.start().map(day_text), "..."),
                open(e.date.end().map(day_text), "..."),
                e.label.clone(),
                e.category.clone().unwrap_or_default(),
                notes_text(timeline, e),
            ]
            .map(|cell| terminal_cell(&cell))
        })
        .collect();
    // Columns are aligned by the width a terminal gives each character:
    // two cells for Chinese and Japanese, none for a combining accent.
    let mut widths = header.map(str::width);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(' ', w.saturating_sub(cell.width())));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut out, &header);
    for r in &rows {
        line(&mut out, &r.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}

/// A terminal table's cell: one line, no control characters.
fn terminal_cell(text: &str) -> String {
    crate::diagnostic::terminal_safe(&text.replace(['\r', '\n'], " ")).into_owned()
}

/// Text for a Markdown table cell or line: pipes escaped, and HTML
/// special characters as entities, so that a `<script>` in a label stays
/// text in the handout pandoc makes.
fn markdown_cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn markdown(timeline: &Timeline) -> String {
    let mut out = format!("# {}\n\n", markdown_cell(&timeline.title));
    if let Some(sub) = &timeline.subtitle {
        let _ = writeln!(out, "{}\n", markdown_cell(sub));
    }
    if let Some(work) = &timeline.work {
        let _ = write!(
            out,
            "From {}, *{}*",
            markdown_cell(&work.author),
            markdown_cell(&work.title)
        );
        if let Some(y) = work.year {
            let _ = write!(out, " ({y})");
        }
        if let Some(ch) = &work.chapter {
            let _ = write!(out, ", {}", markdown_cell(ch));
        }
        out.push_str(".\n\n");
    }
    out.push_str("| Date | From | To | Event | Notes |\n|---|---|---|---|---|\n");
    for e in &timeline.events {
        let mut event = format!("**{}**", markdown_cell(&e.label));
        if let Some(d) = &e.description {
            let _ = write!(event, "<br>{}", markdown_cell(d));
        }
        if let Some(q) = &e.quote {
            let _ = write!(event, "<br>“{}”", markdown_cell(q));
        }
        if let Some(c) = &e.caveat {
            let _ = write!(event, "<br>*Caveat:* {}", markdown_cell(c));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            markdown_cell(&e.date.display()),
            open(e.date.start().map(day_text), "…"),
            open(e.date.end().map(day_text), "…"),
            event,
            notes_text(timeline, e)
        );
    }
    figures(timeline, &mut out);
    if !timeline.sources.is_empty() {
        out.push_str("\n## Notes\n\n");
        for s in &timeline.sources {
            let number = s
                .note
                .map_or_else(|| format!("[{}]", s.id), |n| format!("{n}."));
            let _ = write!(out, "{number} {}", markdown_cell(&s.citation));
            if let Some(p) = &s.page {
                let _ = write!(out, ", p. {}", markdown_cell(p));
            }
            out.push('\n');
        }
    }
    out
}

/// The handout's tables and series: every figure the text gives, with its
/// note and note numbers.
fn figures(timeline: &Timeline, out: &mut String) {
    let notes = |sources: &[crate::model::SourceRef]| -> String {
        let numbers: Vec<String> = sources
            .iter()
            .map(|r| {
                timeline
                    .source(&r.id)
                    .and_then(|s| s.note)
                    .map_or_else(|| r.id.clone(), |n| n.to_string())
            })
            .collect();
        match numbers.len() {
            0 => String::new(),
            1 => format!(" (note {})", numbers[0]),
            _ => format!(" (notes {})", numbers.join(", ")),
        }
    };
    let note = |out: &mut String, note: Option<&str>| {
        if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
            let _ = writeln!(out, "\n*Note:* {}", markdown_cell(n));
        }
    };
    if timeline.tables.is_empty() && timeline.series.is_empty() {
        return;
    }
    out.push_str("\n## Figures\n");
    for t in &timeline.tables {
        let _ = writeln!(
            out,
            "\n### {}, in {}{}\n",
            markdown_cell(&t.title),
            markdown_cell(&t.unit),
            notes(&t.sources)
        );
        let header: Vec<String> = t.columns.iter().map(|c| markdown_cell(&c.label)).collect();
        let _ = writeln!(out, "| | {} |", header.join(" | "));
        let _ = writeln!(out, "|---|{}", "---|".repeat(t.columns.len()));
        for row in &t.rows {
            let cells: Vec<String> = row.cells.iter().map(|c| markdown_cell(&c.text())).collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                markdown_cell(&row.label),
                cells.join(" | ")
            );
        }
        note(out, t.note.as_deref());
    }
    for x in &timeline.series {
        let _ = writeln!(
            out,
            "\n### {}, in {}{}\n",
            markdown_cell(&x.label),
            markdown_cell(&x.unit),
            notes(&x.sources)
        );
        for p in &x.points {
            let _ = writeln!(
                out,
                "- {}: {}{}",
                markdown_cell(p.date.written()),
                markdown_cell(&p.value.text()),
                if p.target { " (target)" } else { "" }
            );
        }
        note(out, x.note.as_deref());
    }
}

fn csv(timeline: &Timeline) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "id",
        "date",
        "start",
        "end",
        "precision",
        "label",
        "category",
        "notes",
        "importance",
        "certainty",
    ]);
    for e in &timeline.events {
        let _ = w.write_record(
            [
                e.id.as_str(),
                e.date.written(),
                &e.date.start().map(iso_text).unwrap_or_default(),
                &e.date.end().map(iso_text).unwrap_or_default(),
                e.date.precision().name(),
                &e.label,
                e.category.as_deref().unwrap_or_default(),
                &notes_text(timeline, e),
                e.importance.name(),
                e.certainty.name(),
            ]
            .map(csv_cell)
            .iter()
            .map(|c| c.as_bytes()),
        );
    }
    // Writing to a Vec cannot fail, and every field is a str.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A CSV field a spreadsheet will not run: one that starts like a formula
/// (`=`, `+`, `-`, `@`, or a tab or CR before one) gets the usual leading
/// `'`, which spreadsheets show as text. A BC date such as `-0043` reads
/// `'-0043` there.
fn csv_cell(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

fn json(timeline: &Timeline) -> String {
    let rows: Vec<Row<'_>> = timeline.events.iter().map(|e| row(timeline, e)).collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}
