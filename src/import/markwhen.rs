//! markwhen (`.mw`): `DATE: event` lines, with groups and sections (each
//! a category), tags (`#tag`), a description on the lines that follow an
//! event, and a title in the front matter.

use super::imported::{Dropped, Event, ImportError, Imported};

/// An American `mm/dd/yyyy` as ISO `yyyy-mm-dd`.
fn american(date: &str) -> Option<String> {
    let mut parts = date.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
        || y.len() != 4
        || ![m, d, y]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

/// One end of a markwhen range, as annals reads it.
fn end(text: &str) -> String {
    let text = text.trim();
    american(text).unwrap_or_else(|| text.to_owned())
}

fn is_iso(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
}

/// A markwhen date or range as annals reads it: `2019-01 - 2022-06` is
/// the EDTF interval `2019-01/2022-06`.
fn date(text: &str) -> Result<String, String> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("now") || lower.contains('!') || lower.starts_with("after") {
        return Err(format!(
            "`{text}` is relative (to now or to another event), which annals does not read"
        ));
    }
    for separator in [" - ", " – ", " to "] {
        if let Some((a, b)) = text.split_once(separator) {
            let (a, b) = (end(a), end(b));
            return Ok(if is_iso(&a) && is_iso(&b) {
                format!("{a}/{b}")
            } else {
                format!("{a} to {b}")
            });
        }
    }
    Ok(end(text))
}

/// `#tags` taken out of a line: (the text without them, the tags).
fn tags(text: &str) -> (String, Vec<String>) {
    let mut kept = Vec::new();
    let mut tags = Vec::new();
    for word in text.split_whitespace() {
        match word.strip_prefix('#') {
            Some(tag) if !tag.is_empty() => tags.push(tag.to_owned()),
            _ => kept.push(word),
        }
    }
    (kept.join(" "), tags)
}

/// Where an event line's date ends: the first `: ` whose left side holds
/// a digit (times like `10:30` have no space after their colon).
fn split_event(line: &str) -> Option<(&str, &str)> {
    let at = line.find(": ")?;
    let (left, right) = (&line[..at], &line[at + 2..]);
    let lower = left.to_ascii_lowercase();
    // Relative dates ("now", "after !id 3 days") are dates too, which
    // `date` refuses by name.
    let relative = lower.starts_with("now") || lower.starts_with("after") || left.contains('!');
    (left.chars().any(|c| c.is_ascii_digit()) || relative).then_some((left, right))
}

pub(super) fn read(text: &str) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let mut lines = text.lines().enumerate().peekable();
    // Front matter: `title: ...` between two `---` lines.
    if lines.peek().is_some_and(|(_, l)| l.trim() == "---") {
        lines.next();
        for (_, line) in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
            if let Some(title) = line.trim().strip_prefix("title:") {
                imported.title = Some(title.trim().trim_matches('"').to_owned());
            }
        }
    }
    let mut groups: Vec<String> = Vec::new();
    let mut current: Option<Event> = None;
    for (i, line) in lines {
        let at = format!("line {}", i + 1);
        let trimmed = line.trim();
        let lower = trimmed.to_ascii_lowercase();
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        let opens = ["group ", "section "].iter().find_map(|k| {
            lower
                .starts_with(k)
                .then(|| trimmed[k.len()..].trim().to_owned())
        });
        if let Some(name) = opens {
            imported.events.extend(current.take());
            let (name, _) = tags(&name);
            groups.push(name);
            continue;
        }
        if matches!(
            lower.as_str(),
            "endgroup" | "endsection" | "end group" | "end section"
        ) {
            imported.events.extend(current.take());
            groups.pop();
            continue;
        }
        if let Some((when, what)) = split_event(trimmed) {
            imported.events.extend(current.take());
            let (label, tags) = tags(what);
            match date(when) {
                Ok(date) => {
                    current = Some(Event {
                        at,
                        label,
                        date,
                        category: groups.last().cloned().filter(|g| !g.is_empty()),
                        tags,
                        ..Event::default()
                    });
                }
                Err(why) => imported.dropped.push(Dropped {
                    at,
                    why,
                    text: trimmed.to_owned(),
                }),
            }
            continue;
        }
        // A line under an event is its description.
        match current.as_mut() {
            Some(e) => {
                let d = e.description.get_or_insert_with(String::new);
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push_str(trimmed);
            }
            None => imported.dropped.push(Dropped {
                at,
                why: "not an event (`DATE: text`), a group or a section".into(),
                text: trimmed.to_owned(),
            }),
        }
    }
    imported.events.extend(current);
    if imported.events.is_empty() && imported.dropped.is_empty() {
        return Err(ImportError::new("no events: not a markwhen file"));
    }
    Ok(imported)
}
