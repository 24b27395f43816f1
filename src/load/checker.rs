//! The checker that walks a parsed file: it collects every problem with
//! its place (keys, types, control characters, glyphs no font has), and
//! the helpers every part of loading shares (deserializing a value with a
//! located error, the nearest known name).

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::Diagnostic;

/// Collects diagnostics while walking the parsed tree.
pub(crate) struct Checker<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Things declared with an error of their own ("event:social-war"):
    /// a reference to one is not an error too.
    invalid: std::collections::HashSet<String>,
}

impl<'d> Checker<'d> {
    pub(crate) fn new(diagnostics: &'d mut Vec<Diagnostic>) -> Checker<'d> {
        Checker {
            diagnostics,
            invalid: std::collections::HashSet::new(),
        }
    }

    /// Notes that the `what` with this id is declared, but with an error
    /// already reported, so that references to it raise no second one.
    pub(crate) fn declared_invalid(&mut self, what: &str, id: &str) {
        self.invalid.insert(format!("{what}:{id}"));
    }

    pub(crate) fn is_declared_invalid(&self, what: &str, id: &str) -> bool {
        !self.invalid.is_empty() && self.invalid.contains(&format!("{what}:{id}"))
    }
}

impl Checker<'_> {
    pub(crate) fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(span, message));
    }

    pub(crate) fn error_hint(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(span, message).with_hint(hint));
    }

    pub(crate) fn warning(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(span, message).with_hint(hint));
    }

    /// Reports keys of `table` that are not in `allowed`.
    pub(crate) fn keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (key, _) in table {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let hint = match did_you_mean(name, allowed.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the keys of {what} are: {}", allowed.join(", ")),
                };
                self.error_hint(
                    key.span(),
                    format!("unknown key `{name}` in {what}"),
                    Some(hint),
                );
            }
        }
    }

    /// The tables of an array of tables such as `[[event]]`, each checked
    /// for unknown keys, taken by value so that deserializing copies
    /// nothing.
    pub(crate) fn tables<'i>(
        &mut self,
        value: Spanned<DeValue<'i>>,
        name: &str,
        allowed: &[&str],
        what: &str,
    ) -> Vec<Spanned<DeValue<'i>>> {
        let span = value.span();
        if let DeValue::Array(items) = value.into_inner() {
            items
                .into_iter()
                .filter(|item| {
                    if let DeValue::Table(t) = item.get_ref() {
                        self.keys(t, allowed, what);
                        true
                    } else {
                        self.error(item.span(), format!("each `{name}` must be a table"));
                        false
                    }
                })
                .collect()
        } else {
            self.error_hint(
                span,
                format!("`{name}` must be an array of tables"),
                Some(format!("write each one under a [[{name}]] header")),
            );
            Vec::new()
        }
    }

    /// Deserializes one value into a raw struct, reporting a type error.
    pub(crate) fn deserialize<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
    ) -> Option<T> {
        deserialize(value)
            .map_err(|d| self.diagnostics.push(d))
            .ok()
    }

    /// Records a diagnostic made elsewhere.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Adds the fonts `[timeline] fonts` names to the chain of fonts for
    /// what `DejaVu Sans` lacks (before any text is checked or measured).
    pub(super) fn fonts(&mut self, root: &DeTable<'_>, base: &Path) {
        let Some(DeValue::Table(timeline)) = root.get("timeline").map(Spanned::get_ref) else {
            return;
        };
        let Some(DeValue::Array(fonts)) = timeline.get("fonts").map(Spanned::get_ref) else {
            return;
        };
        for font in fonts {
            if let DeValue::String(name) = font.get_ref()
                && let Err(e) = crate::font::fallback::add_named(name, base)
            {
                self.error_hint(
                    font.span(),
                    format!("cannot use the font `{name}`: {e}"),
                    Some(
                        "name a TrueType or OpenType file (relative to this file) or the family \
                         of an installed font"
                            .into(),
                    ),
                );
            }
        }
    }

    pub(super) fn control_characters_in_table(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            self.control_characters(key.get_ref(), value);
        }
    }

    /// Reports control characters in every string, and characters no font
    /// draws in the strings that are drawn.
    fn control_characters(&mut self, key: &str, value: &Spanned<DeValue<'_>>) {
        const DRAWN: [&str; 6] = [
            "label",
            "title",
            "subtitle",
            "source_line",
            "unit",
            "reference_label",
        ];
        match value.get_ref() {
            DeValue::String(s) => {
                if let Some(c) = forbidden_char(s) {
                    let (what, hint) = describe_forbidden(c);
                    self.error_hint(value.span(), what, Some(hint));
                } else if DRAWN.contains(&key) && !s.is_ascii() {
                    self.glyphs(s, value.span());
                }
            }
            DeValue::Array(items) => {
                for item in items {
                    self.control_characters(key, item);
                }
            }
            DeValue::Table(t) => self.control_characters_in_table(t),
            _ => {}
        }
    }

    /// Warns of the characters of a drawn text that no font draws.
    fn glyphs(&mut self, text: &str, span: Range<usize>) {
        let missing = crate::font::fallback::uncovered(text);
        if missing.is_empty() {
            return;
        }
        let named: Vec<String> = missing
            .iter()
            .take(5)
            .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
            .collect();
        let more = missing.len().saturating_sub(5);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        self.warning(
            span,
            format!(
                "no font annals can find draws {}{more}: figures would show a box for {}",
                named.join(", "),
                if missing.len() == 1 { "it" } else { "each" }
            ),
            Some(
                "name a font that has it: [timeline] fonts = [\"NotoSansJP-Regular.ttf\"] (a \
                 file beside this one, or an installed family), or --font"
                    .into(),
            ),
        );
    }
}

/// Deserializes one value into a raw struct; a type error becomes a
/// diagnostic at the offending value.
pub(crate) fn deserialize<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
) -> Result<T, Diagnostic> {
    let whole = value.span();
    let mut datetimes = Vec::new();
    datetime_spans(&value, &mut datetimes);
    T::deserialize(ValueDeserializer::from(value)).map_err(|e| {
        let span = e.span().unwrap_or(whole);
        let mut message = toml_message(e.message());
        // TOML reads an unquoted 1926-04-01 as a datetime, which reaches
        // serde as a map: say what happened, not "expected a string".
        let datetime = datetimes.iter().find(|d| d.0 == span).map(|d| d.1.clone());
        if datetime.is_some() {
            message = "an unquoted date is a TOML datetime, and annals reads dates as text".into();
        }
        let hint = if datetime.is_some() || message.contains("datetime") {
            Some(format!(
                "quote the date: date = \"{}\"",
                datetime.as_deref().unwrap_or("1926-04-01")
            ))
        } else if message.contains("did not match any variant") {
            Some("write a source as \"n9\" or { id = \"n9\", page = \"189\" }".to_owned())
        } else {
            None
        };
        Diagnostic::error(span, message).with_hint(hint)
    })
}

/// Every TOML datetime in `value`: its span and its text.
fn datetime_spans(value: &Spanned<DeValue<'_>>, out: &mut Vec<(Range<usize>, String)>) {
    match value.get_ref() {
        DeValue::Datetime(d) => out.push((value.span(), d.to_string())),
        DeValue::Array(items) => items.iter().for_each(|v| datetime_spans(v, out)),
        DeValue::Table(t) => t.values().for_each(|v| datetime_spans(v, out)),
        _ => {}
    }
}

/// Control characters that XML 1.0 forbids (tab, newline and carriage
/// return are allowed), and DEL and the C1 controls, which draw as nothing.
fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// A noncharacter: U+FDD0-U+FDEF and the last two code points of every
/// plane (U+FFFE, U+FFFF, U+1FFFE...). XML 1.0 forbids U+FFFE and U+FFFF
/// outright; none of them is text.
fn is_noncharacter(c: char) -> bool {
    let c = c as u32;
    (0xFDD0..=0xFDEF).contains(&c) || c & 0xFFFE == 0xFFFE
}

/// The first character of `text` that cannot be drawn or written to SVG:
/// a control character (other than tab and line ends) or a noncharacter.
pub fn forbidden_char(text: &str) -> Option<char> {
    // Every such character has a byte below 0x20, 0x7f, a C1 lead byte
    // 0xc2, or the lead bytes of U+FDD0-U+FFFF (0xef) or of the other
    // planes (0xf0 and up): a quick test first.
    let suspect = text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xef || b >= 0xf0);
    text.chars()
        .filter(|_| suspect)
        .find(|&c| is_forbidden_control(c) || is_noncharacter(c))
}

/// The message and hint for a character [`forbidden_char`] found.
pub fn describe_forbidden(c: char) -> (String, String) {
    if is_noncharacter(c) {
        (
            format!(
                "the text contains U+{:04X}, which is not a character",
                c as u32
            ),
            "noncharacters cannot be written to SVG (XML forbids them); remove it".into(),
        )
    } else {
        (
            format!("the text contains the control character U+{:04X}", c as u32),
            "control characters cannot be drawn or written to SVG; remove it".into(),
        )
    }
}

/// toml's messages sometimes end in a newline or start in lower case
/// already; keep them as one line.
pub(super) fn toml_message(message: &str) -> String {
    message.trim().replace('\n', "; ")
}

/// The closest of `candidates`, if one is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Bounded, so that thousands of misspellings cost thousands of short
    // comparisons, not millions of long ones.
    const CANDIDATES: usize = 500;
    const LONGEST: usize = 64;
    if name.len() > LONGEST {
        return None;
    }
    candidates
        .into_iter()
        .take(CANDIDATES)
        .filter(|c| c.len() <= LONGEST)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|&(d, c)| d <= (c.len().max(name.len()) / 3).max(1) + usize::from(c.len() > 4))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}
