//! Problems found in an input file, with where they are, and their report.
//!
//! Every message names the file, line and column, shows the line, and puts
//! carets under the offending text, the way compilers do:
//!
//! ```text
//! events.toml:12:8: error: there is no 30 February in 1931
//!    |
//! 12 | date = "30 February 1931"
//!    |        ^^^^^^^^^^^^^^^^^^
//!    = hint: February 1931 has 28 days
//! ```

use std::fmt::{self, Write as _};
use std::ops::Range;

/// Whether a problem stops the file from being used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file is invalid.
    Error,
    /// The file is valid, but this is probably not what was meant.
    Warning,
}

/// One problem, at a byte range of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range of the file.
    pub span: Range<usize>,
    /// How to fix it, where a hint helps.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            hint: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: Option<impl Into<String>>) -> Diagnostic {
        self.hint = hint.map(Into::into);
        self
    }
}

/// A file's name and text, with its line starts for line:column look-ups.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file as it will be named in messages.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        // A line ends at LF, CRLF, or a lone CR (old Mac files): a file
        // with CR endings is not one line as long as the file.
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(bytes.iter().enumerate().filter_map(|(i, &b)| {
                let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                ends.then_some(i + 1)
            }))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        self.text
            .get(start..end)
            .unwrap_or_default()
            .trim_end_matches(['\r', '\n'])
    }
}

/// Diagnostics shown in full; past these only a count is printed.
const SHOWN: usize = 50;
/// Characters of a long line shown around the column.
const WINDOW: usize = 100;

/// A character as it may be printed to a terminal: control characters
/// (other than tab) escaped, so that input cannot set the terminal's
/// title, clear the screen or change its colours.
/// `text` safe to print to a terminal: control characters (but line ends
/// and tabs) and the bidirectional overrides are written as escapes, so a
/// label or id cannot retitle the terminal, clear the screen or reorder
/// what is shown.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn printable(c: char) -> String {
    if c.is_control() && c != '\t' {
        format!("\\u{{{:x}}}", c as u32)
    } else {
        c.to_string()
    }
}

/// The part of `line` shown, escaped, and how many characters of it come
/// before character `from` and between `from` and `to` (for the carets).
fn excerpt(line: &str, from: usize, to: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let (start, end) = if chars.len() > WINDOW {
        let start = from.saturating_sub(WINDOW / 2).min(chars.len() - WINDOW);
        (start, start + WINDOW)
    } else {
        (0, chars.len())
    };
    let mut text = String::new();
    let (mut before, mut within) = (0, 0);
    if start > 0 {
        text.push('…');
        before += 1;
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let shown = printable(c);
        let width = shown.chars().count();
        if i < from {
            before += width;
        } else if i < to {
            within += width;
        }
        text.push_str(&shown);
    }
    if end < chars.len() {
        text.push('…');
    }
    (text, before, within)
}

/// Every problem found in one file.
#[derive(Clone, Debug)]
pub struct Report {
    file: SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report on `file`; the problems are put in file order.
    pub fn new(file: SourceFile, mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics.sort_by_key(|d| (d.span.start, d.severity));
        diagnostics.dedup();
        Report { file, diagnostics }
    }

    /// The problems, in file order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The report with `more` problems, in file order.
    #[must_use]
    pub fn with(self, mut more: Vec<Diagnostic>) -> Report {
        more.extend(self.diagnostics);
        Report::new(self.file, more)
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The file reported on.
    pub fn file(&self) -> &SourceFile {
        &self.file
    }

    /// How many problems of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// One-based line and column of a diagnostic.
    pub fn line_col(&self, diagnostic: &Diagnostic) -> (usize, usize) {
        self.file.line_col(diagnostic.span.start)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for d in self.diagnostics.iter().take(SHOWN) {
            let (line, column) = self.line_col(d);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let message: String = d.message.chars().map(printable).collect();
            let _ = writeln!(out, "{}:{line}:{column}: {kind}: {message}", self.file.name);
            let text = self.file.line_text(line);
            let gutter = " ".repeat(line.to_string().len());
            // Carets under the span, or under its first line when it runs on.
            let end_line = self.file.line_col(d.span.end.max(d.span.start)).0;
            let width = if end_line == line && d.span.end > d.span.start {
                self.file
                    .text
                    .get(d.span.clone())
                    .map_or(1, |s| s.chars().count())
            } else {
                text.chars().count().saturating_sub(column - 1)
            }
            .max(1);
            let (shown, before, within) = excerpt(text, column - 1, column - 1 + width);
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{line} | {shown}");
            // Padded and underlined by the width a terminal gives each
            // character: two cells for Chinese and Japanese.
            let cells = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            let pad: String = shown
                .chars()
                .take(before)
                .flat_map(|c| {
                    let fill = if c == '\t' { '\t' } else { ' ' };
                    std::iter::repeat_n(fill, if c == '\t' { 1 } else { cells(c) })
                })
                .collect();
            let carets: usize = shown.chars().skip(before).take(within).map(cells).sum();
            let _ = writeln!(
                out,
                "{gutter} | {pad}{}",
                "^".repeat(carets.max(within.min(1)).max(1))
            );
            if let Some(hint) = &d.hint {
                let _ = writeln!(out, "{gutter} = hint: {hint}");
            }
        }
        if self.diagnostics.len() > SHOWN {
            let _ = writeln!(
                out,
                "{}: ... and {} more ({}, {} in all)",
                self.file.name,
                self.diagnostics.len() - SHOWN,
                crate::model::counted(self.count(Severity::Error), "error", "errors"),
                crate::model::counted(self.count(Severity::Warning), "warning", "warnings")
            );
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("f.toml", "a = 1\nlabel = \"Ä x\"\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        // After the two-byte Ä the column counts one character.
        let x = file.text().find('x').unwrap();
        assert_eq!(file.line_col(x), (2, 12));
    }

    #[test]
    fn report_shows_line_and_carets() {
        let text = "[[event]]\ndate = \"30 February 1931\"\n";
        let start = text.find('"').unwrap();
        let d = Diagnostic::error(start..start + 18, "there is no 30 February in 1931")
            .with_hint(Some("February 1931 has 28 days"));
        let report = Report::new(SourceFile::new("events.toml", text), vec![d]);
        assert_eq!(
            report.to_string(),
            "events.toml:2:8: error: there is no 30 February in 1931\n  |\n2 | date = \"30 February 1931\"\n  |        ^^^^^^^^^^^^^^^^^^\n  = hint: February 1931 has 28 days\n"
        );
    }
}
