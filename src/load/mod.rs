//! events.toml -> [`Timeline`], with every problem reported.
//!
//! Loading is two levels. TOML is parsed into a tree that keeps the byte
//! span of every key and value; each table of that tree is checked for
//! unknown keys and then deserialized on its own into the raw structs of
//! `raw`, so a mistake in one event does not hide the mistakes in the
//! next. `validate` then reads dates, resolves references and checks
//! what TOML types cannot say, turning raw structs into the model.

mod checker;
mod data;
mod decks;
mod figures;
mod raw;
mod shared;
mod validate;

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Report, Severity, SourceFile};
use crate::error::Error;
use crate::model::Timeline;

pub(crate) use checker::did_you_mean;
use checker::{Checker, toml_message};
pub use checker::{describe_forbidden, forbidden_char};

/// A valid timeline, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The timeline.
    pub timeline: Timeline,
    /// Warnings only; empty when the file is clean.
    pub warnings: Report,
}

/// Reads and validates a file.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be read, [`Error::Invalid`] with
/// every problem when it is not a valid events.toml.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let bytes = read_limited(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    from_bytes(&path.display().to_string(), &bytes).map_err(|r| Error::Invalid(Box::new(r)))
}

/// The largest events file read: far beyond any hand-written chapter
/// (the 45-event chapter is 24 KB; 100,000 synthetic events are 13 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The file's bytes, reading at most [`MAX_FILE_BYTES`] (a device such as
/// `/dev/zero` never ends).
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is larger than the limit of {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// A JSON Schema of events.toml, derived from the structs the loader reads
/// into, for editors with a TOML language server (taplo, Even Better TOML):
/// they complete keys and flag unknown ones while typing.
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(raw::RawFile);
    schema.insert("title".into(), "annals events.toml".into());
    schema.insert(
        "description".into(),
        "Dated historical events, tables and figures for annals timelines and charts".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Validates the bytes of a file named `name` (the name is used in messages).
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, Report> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_str(name, text),
        Err(e) => {
            let valid = e.valid_up_to();
            let shown = String::from_utf8_lossy(bytes).into_owned();
            // Offsets into the lossy text match up to the first bad byte.
            let diagnostic = Diagnostic::error(
                valid..valid + 1,
                "the file is not UTF-8 text (a byte here is not valid UTF-8)",
            )
            .with_hint(Some(
                "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
            ));
            Err(Report::new(SourceFile::new(name, shown), vec![diagnostic]))
        }
    }
}

/// Validates the text of a file named `name`.
pub fn from_str(name: &str, text: &str) -> Result<Loaded, Report> {
    // A lone CR (old Mac line endings) ends a line as LF does; TOML knows
    // only LF and CRLF. The same byte for another keeps every offset.
    let normalised;
    let text = if text.contains('\r') {
        let bytes = text.as_bytes();
        normalised = text
            .char_indices()
            .map(|(i, c)| {
                if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
                    '\n'
                } else {
                    c
                }
            })
            .collect::<String>();
        normalised.as_str()
    } else {
        text
    };
    let file = SourceFile::new(name, text);
    let mut diagnostics = Vec::new();
    let base = std::path::Path::new(name)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let timeline = parse(text, base, &mut diagnostics);
    locate_nesting(text, &mut diagnostics);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    match timeline {
        Some(timeline) if !has_errors => Ok(Loaded {
            timeline,
            warnings: Report::new(file, diagnostics),
        }),
        _ => Err(Report::new(file, diagnostics)),
    }
}

fn parse(text: &str, base: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Timeline> {
    if text.len() >= PARTS_FROM
        && let Some(runs) = event_runs(text)
        && !runs.is_empty()
    {
        // At most about eight parts: each is parsed after its offset in
        // blanks, which the lexer still scans.
        let part = PART.max(text.len() / 8);
        return parse_in_parts(text, &runs, part, base, diagnostics);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        diagnostics.extend(errors.iter().map(toml_error));
        return None;
    }
    let mut checker = Checker::new(diagnostics);
    let root = root.into_inner();
    checker.fonts(&root, base);
    checker.control_characters_in_table(&root);
    checker.keys(&root, raw::fields::TOP, "the file");
    validate::timeline(&mut checker, root, None)
}

/// Files from this size are parsed in parts: the parsed tree of TOML takes
/// some 24 times the text, the events read from it far less.
const PARTS_FROM: usize = 1 << 20;
/// The least size of the runs of `[[event]]` tables parsed at once.
const PART: usize = 1 << 20;

/// The byte ranges of the runs of `[[event]]` tables in `text` (each with
/// any `[event.x]` table under it), cut at their header lines (never
/// inside a multi-line string); `None` when a header names a table in
/// quotes, where a cut could be wrong. (A wrong cut cannot pass unseen: a
/// part that does not parse alone sends the file to the whole parse.)
fn event_runs(text: &str) -> Option<Vec<Range<usize>>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = 0;
    // The delimiter of the multi-line string a line is in.
    let mut string: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        if let Some(delimiter) = string {
            if line.matches(delimiter).count() % 2 == 1 {
                string = None;
            }
            at += line.len();
            continue;
        }
        string = ["\"\"\"", "'''"]
            .into_iter()
            .find(|d| line.matches(d).count() % 2 == 1);
        if string.is_some() {
            at += line.len();
            continue;
        }
        match header(line) {
            Line::Unsure => return None,
            Line::Other => {}
            Line::Header(name) => {
                let event = name == "event" || name.starts_with("event.");
                match (event, open) {
                    (true, None) => open = Some(at),
                    (false, Some(start)) => {
                        runs.push(start..at);
                        open = None;
                    }
                    _ => {}
                }
            }
        }
        at += line.len();
    }
    if let Some(start) = open {
        runs.push(start..text.len());
    }
    Some(runs)
}

/// What a line of TOML is, as far as cutting a file goes.
#[derive(Debug, PartialEq)]
enum Line<'t> {
    /// A table header, `[name]` or `[[name]]`.
    Header(&'t str),
    /// Anything else.
    Other,
    /// A header naming its table in quotes.
    Unsure,
}

/// What `line` is: a header (and its table's name) or not.
fn header(line: &str) -> Line<'_> {
    let t = line.trim();
    let t = t.split_once('#').map_or(t, |(head, _)| head).trim_end();
    let Some(inner) = t.strip_prefix('[') else {
        return Line::Other;
    };
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let Some(inner) = inner.strip_suffix(']') else {
        return Line::Other;
    };
    let name = inner.strip_suffix(']').unwrap_or(inner).trim();
    if name.contains(['"', '\'']) {
        return Line::Unsure;
    }
    // A name of digits alone (`[12]`) is more likely a row of a multi-line
    // array than a table: not a place to cut.
    let bare = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ');
    if name.chars().all(bare) && name.contains(|c: char| c.is_ascii_alphabetic() || c == '_') {
        Line::Header(name)
    } else {
        Line::Other
    }
}

/// Parses a large file in parts: the file without its runs of events, then
/// the runs, about `part` bytes at a time, each parsed at its own offset
/// (the text before it blanked) so that every span stays the file's, read
/// into events and dropped before the next. Where the TOML itself is wrong,
/// as with the whole file, only those errors are reported, from every
/// part.
fn parse_in_parts(
    text: &str,
    runs: &[Range<usize>],
    part: usize,
    base: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Timeline> {
    // Same length, so offsets are the file's; one line of spaces and its
    // end (the lexer takes a run of spaces as one token, a line end as
    // another: blanked lines would cost a token each).
    let blank = |bytes: &[u8]| -> String {
        let mut out = " ".repeat(bytes.len());
        if bytes.last() == Some(&b'\n') {
            out.pop();
            out.push('\n');
        }
        out
    };
    let mut rest = String::with_capacity(text.len());
    let mut at = 0;
    for run in runs {
        rest.push_str(&text[at..run.start]);
        rest.push_str(&blank(&text.as_bytes()[run.clone()]));
        at = run.end;
    }
    rest.push_str(&text[at..]);
    let (root, errors) = DeTable::parse_recoverable(&rest);
    let mut syntax: Vec<Diagnostic> = errors.iter().map(toml_error).collect();
    // Runs grouped into parts of about `part` bytes.
    let mut parts: Vec<Range<usize>> = Vec::new();
    for run in runs {
        let mut start = run.start;
        while start < run.end {
            let mut end = (start + part).min(run.end);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            // Cut at an `[[event]]` header, never inside a table.
            while end < run.end {
                let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
                if line_start > start
                    && header(&text[line_start..line_end]) == Line::Header("event")
                    && text[line_start..].trim_start().starts_with("[[")
                {
                    end = line_start;
                    break;
                }
                end = line_end + 1;
            }
            let end = end.min(run.end);
            parts.push(start..end);
            start = end;
        }
    }
    let padded = |part: &Range<usize>| {
        let mut padded = blank(&text.as_bytes()[..part.start]);
        padded.push_str(&text[part.clone()]);
        padded
    };
    if !syntax.is_empty() {
        for part in &parts {
            let (_, errors) = DeTable::parse_recoverable(&padded(part));
            syntax.extend(errors.iter().map(toml_error));
        }
        diagnostics.extend(syntax);
        return None;
    }
    let before = diagnostics.len();
    let mut checker = Checker::new(diagnostics);
    let root = root.into_inner();
    checker.fonts(&root, base);
    checker.control_characters_in_table(&root);
    checker.keys(&root, raw::fields::TOP, "the file");
    let mut each =
        |c: &mut Checker<'_>, sink: &mut dyn FnMut(&mut Checker<'_>, Spanned<DeValue<'_>>)| {
            for part in &parts {
                let text = padded(part);
                let (table, errors) = DeTable::parse_recoverable(&text);
                if !errors.is_empty() || !syntax.is_empty() {
                    // From here on, only what is wrong with the TOML.
                    syntax.extend(errors.iter().map(toml_error));
                    continue;
                }
                let mut table = table.into_inner();
                c.control_characters_in_table(&table);
                c.keys(&table, raw::fields::TOP, "the file");
                if let Some(events) = table.remove("event") {
                    sink(c, events);
                }
            }
        };
    let timeline = validate::timeline(&mut checker, root, Some(&mut each));
    if syntax.is_empty() {
        return timeline;
    }
    diagnostics.truncate(before);
    diagnostics.extend(syntax);
    None
}

/// TOML's reader stops at a depth of nesting without saying where: the
/// error is put on the line that nests most (dots, brackets, braces).
fn locate_nesting(text: &str, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        if d.span != (0..0) || !d.message.contains("recursion") {
            continue;
        }
        let mut start = 0;
        let mut best = (0, 0..0);
        for line in text.split_inclusive('\n') {
            let depth = line
                .chars()
                .filter(|c| matches!(c, '.' | '[' | '{'))
                .count();
            if depth > best.0 {
                best = (depth, start..start + line.trim_end().len());
            }
            start += line.len();
        }
        d.span = best.1;
        d.message = "the keys or values nest too deeply for TOML's reader".into();
        d.hint = Some("nest dotted keys, tables and arrays at most a few dozen levels deep".into());
    }
}

/// A TOML syntax error as a diagnostic.
fn toml_error(e: &toml::de::Error) -> Diagnostic {
    Diagnostic::error(e.span().unwrap_or(0..0), toml_message(e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/events.toml")).unwrap()
    }

    /// Whole, and in parts of `part` bytes: the timeline or the located
    /// messages.
    fn both(text: &str, part: usize) -> (String, String, String) {
        let mut whole = Vec::new();
        let a = {
            let (root, errors) = DeTable::parse_recoverable(text);
            if errors.is_empty() {
                let mut c = Checker::new(&mut whole);
                let root = root.into_inner();
                c.keys(&root, raw::fields::TOP, "the file");
                validate::timeline(&mut c, root, None)
            } else {
                whole.extend(errors.iter().map(toml_error));
                None
            }
        };
        let runs = event_runs(text).expect("sure where to cut");
        assert!(!runs.is_empty());
        let mut parted = Vec::new();
        let b = parse_in_parts(text, &runs, part, Path::new(""), &mut parted);
        let show = |d: &[Diagnostic]| {
            d.iter()
                .map(|d| format!("{:?} {}", d.span, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(show(&whole), show(&parted));
        (format!("{a:?}"), format!("{b:?}"), show(&parted))
    }

    #[test]
    fn a_file_read_in_parts_is_the_file_read_whole() {
        // Two runs of events: the chapter's, and one after its figures.
        let text = chapter()
            + "\n[[event]]\nid = \"late\"\nlabel = \"Late\"\ndate = \"1934\"\ncategory = \"party\"\n";
        assert_eq!(event_runs(&text).map(|r| r.len()), Some(2));
        for part in [1, 700, 5000, 1 << 20] {
            let (whole, parted, _) = both(&text, part);
            assert_eq!(whole, parted, "parts of {part} bytes");
        }
    }

    #[test]
    fn a_mistake_in_a_later_part_is_located_in_the_file() {
        let text = chapter().replacen("date = \"1 July 1932\"", "date = \"1 Jly 1932\"", 1);
        let at = text.find("1 Jly 1932").expect("the chapter has the date");
        let (_, _, messages) = both(&text, 900);
        assert!(
            messages
                .lines()
                .any(|m| m.starts_with(&format!("{}..", at - 1))
                    || m.starts_with(&format!("{at}.."))),
            "{at}: {messages}"
        );
    }

    #[test]
    fn broken_toml_in_a_part_is_reported_as_in_the_whole_file() {
        let text = chapter().replacen("date = \"1 July 1932\"", "date = \"1 July 1932", 1);
        let (whole, parted, messages) = both(&text, 900);
        assert_eq!((whole.as_str(), parted.as_str()), ("None", "None"));
        assert!(!messages.is_empty());
    }

    /// Mutants of the chapter (a byte replaced by one TOML gives meaning
    /// to): read whole and in parts, both fail or both give the same
    /// timeline, and every message is located inside the file.
    #[test]
    fn mutants_read_in_parts_fail_or_pass_as_whole() {
        let text = chapter();
        let mut seed = 11u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for _ in 0..40 {
            let mut bytes = text.clone().into_bytes();
            let at = next(bytes.len());
            if !bytes[at].is_ascii() {
                continue;
            }
            bytes[at] = b"[]\"\n=#,{'"[next(9)];
            let Ok(mutant) = String::from_utf8(bytes) else {
                continue;
            };
            let Some(runs) = event_runs(&mutant) else {
                continue;
            };
            let mut whole = Vec::new();
            let (root, errors) = DeTable::parse_recoverable(&mutant);
            let a = if errors.is_empty() {
                let mut c = Checker::new(&mut whole);
                validate::timeline(&mut c, root.into_inner(), None)
            } else {
                None
            };
            let mut parted = Vec::new();
            let b = parse_in_parts(&mutant, &runs, 700, Path::new(""), &mut parted);
            let failed = |d: &[Diagnostic], t: &Option<Timeline>| {
                t.is_none() || d.iter().any(|d| d.severity == Severity::Error)
            };
            assert_eq!(
                failed(&whole, &a) || !errors.is_empty(),
                failed(&parted, &b),
                "byte {at}"
            );
            if !failed(&parted, &b) {
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "byte {at}");
            }
            assert!(
                parted.iter().all(|d| d.span.end <= mutant.len()),
                "byte {at}"
            );
        }
    }

    #[test]
    fn headers_are_told_from_arrays_and_quoted_names_are_left_whole() {
        assert_eq!(header("[[event]]\n"), Line::Header("event"));
        assert_eq!(
            header("  [ timeline ]  # the file\n"),
            Line::Header("timeline")
        );
        assert_eq!(header("[event.sources]"), Line::Header("event.sources"));
        assert_eq!(header("[1, 2],"), Line::Other);
        assert_eq!(header("[12]"), Line::Other);
        assert_eq!(header("label = \"[[event]]\""), Line::Other);
        assert_eq!(header("[\"event\"]"), Line::Unsure);
        // Inside a multi-line string a header is text.
        let runs = event_runs("a = \"\"\"\n[[event]]\n\"\"\"\n[[event]]\nid = 1\n").unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0], 22..39);
    }
}
