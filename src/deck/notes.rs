//! Speaker notes: what the handout gives for each event, a paragraph at a
//! time, and the sources of a chart.

use crate::model::date::day_text;
use crate::model::{Event, SourceRef, Timeline};

/// An event's entry: its date as written (with the days it covers), its
/// label, description, quotation, caveat and sources.
pub(crate) fn event(timeline: &Timeline, e: &Event) -> Vec<String> {
    let date = &e.date;
    let span = match (date.start().map(day_text), date.end().map(day_text)) {
        (Some(a), Some(b)) if a == b => format!(" ({a})"),
        (Some(a), Some(b)) => format!(" ({a} to {b})"),
        (Some(a), None) => format!(" (from {a})"),
        (None, Some(b)) => format!(" (by {b})"),
        (None, None) => String::new(),
    };
    let mut out = vec![format!("{}{span}: {}", date.display(), line(&e.label))];
    if let Some(d) = &e.description {
        out.push(line(d));
    }
    if let Some(q) = &e.quote {
        out.push(format!("“{}”", line(q)));
    }
    if let Some(c) = &e.caveat {
        out.push(format!("Caveat: {}", line(c)));
    }
    if let Some(s) = sources(timeline, &e.sources) {
        out.push(s);
    }
    out
}

/// "Sources: note 12, Cliff, Trotsky vol. 4, p. 97; ...", or nothing.
pub(crate) fn sources(timeline: &Timeline, refs: &[SourceRef]) -> Option<String> {
    let cited: Vec<String> = refs
        .iter()
        .map(|r| {
            let Some(source) = timeline.source(&r.id) else {
                return r.id.clone();
            };
            let mut text = match source.note {
                Some(n) => format!("note {n}, {}", line(&source.citation)),
                None => line(&source.citation),
            };
            if let Some(page) = r.page.as_deref().or(source.page.as_deref()) {
                text.push_str(", p. ");
                text.push_str(page);
            }
            text
        })
        .collect();
    (!cited.is_empty()).then(|| format!("Sources: {}.", cited.join("; ")))
}

/// Text on one line: a paragraph of notes holds no line break.
fn line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
