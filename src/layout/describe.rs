//! The figure's text alternative.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::scale::Scale;
use crate::model::Event;

/// The text alternative: span, count, then every event with its date as
/// written.
pub(super) fn describe(
    title: &str,
    events: &[&Event],
    window: (NaiveDate, NaiveDate),
    scale: &Scale,
    numbered: usize,
) -> String {
    const LISTED: usize = 500;
    use crate::model::date::year_text;
    let mut text = format!(
        "{title}. A timeline from {} to {}",
        year_text(window.0.year()),
        year_text(window.1.year()),
    );
    let broken = scale.broken();
    if !broken.is_empty() {
        let gaps: Vec<String> = broken
            .iter()
            .map(|(a, b)| format!("{} and {}", year_text(a.year()), year_text(b.year())))
            .collect();
        let _ = write!(
            text,
            ", its time axis broken between {} (no events there)",
            gaps.join(", between ")
        );
    }
    let _ = write!(
        text,
        ", with {}",
        crate::model::counted(events.len(), "event", "events")
    );
    if numbered > 0 {
        let _ = write!(
            text,
            " ({numbered} of them numbered at their marks, with their labels in the key below)"
        );
    }
    text.push_str(": ");
    // A text alternative that lists a million events helps nobody.
    let items: Vec<String> = events
        .iter()
        .take(LISTED)
        .map(|e| format!("{}: {}", e.date.display(), e.label))
        .collect();
    text.push_str(&items.join("; "));
    if events.len() > LISTED {
        let _ = write!(text, "; and {} more", events.len() - LISTED);
    }
    text.push('.');
    text
}
