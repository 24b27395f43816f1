//! Speaker notes: what the handout gives for each event, a paragraph at a
//! time, and the sources of a chart.

use crate::model::date::day_text;
use crate::model::{Event, SourceRef, Timeline};

/// An event's entry: its date as written (with the days it covers), its
/// label, description, quotation, caveat and sources.
pub(crate) fn event(timeline: &Timeline, e: &Event) -> Vec<String> {
    let date = &e.date;
    let written = date.display();
    let days = match (date.start().map(day_text), date.end().map(day_text)) {
        (Some(a), Some(b)) if a == b => a,
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("by {b}"),
        (None, None) => String::new(),
    };
    // The days covered, where the date as written does not already say them.
    let span = if days.is_empty() || days.eq_ignore_ascii_case(&written) {
        String::new()
    } else {
        format!(" ({days})")
    };
    let mut out = vec![format!("{written}{span}: {}", line(&e.label))];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An event's notes give the date as written with the days it covers,
    /// the label, the quotation and the source with its note number.
    #[test]
    fn an_events_entry_is_the_handouts() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/events.toml");
        let timeline = crate::load::load(std::path::Path::new(path))
            .unwrap()
            .timeline;
        let e = timeline.event("passport-decree").unwrap();
        let entry = event(&timeline, e);
        assert_eq!(
            entry[0],
            "from 27 December 1932: Internal passports for the whole country"
        );
        assert!(
            entry[1].starts_with("“an internal passport system"),
            "{entry:?}"
        );
        let sources = entry.last().unwrap();
        assert!(sources.starts_with("Sources: note 18, "), "{sources}");
        assert!(sources.ends_with('.'));
        // The days an economic year covers, which its name does not say.
        let e = timeline.event("investment-1928-29").unwrap();
        assert_eq!(
            event(&timeline, e)[0],
            "1928/29 (1 October 1928 to 30 September 1929): Investment in industry: 1.8 bn roubles"
        );
        // Line breaks in a description stay out of a paragraph.
        assert_eq!(line("one\n  two\tthree"), "one two three");
    }
}
