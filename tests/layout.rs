//! The timeline layout on subjects other than the chapter: files in
//! `tests/subjects` (the Roman Republic, Meiji Japan) at every preset.

use annals::figure::{Size, TimelineOptions};
use annals::layout::{self, TextRole};

use crate::root;

const SUBJECTS: [&str; 2] = ["roman-republic", "meiji"];

fn subject(name: &str) -> annals::model::Timeline {
    let path = root().join(format!("tests/subjects/{name}.toml"));
    annals::load::load(&path).unwrap().timeline
}

/// No leader runs through another event's mark, another leader, a text
/// not its own or between a label and its note, and every event is
/// identified, at every preset.
#[test]
fn leaders_cross_nothing_on_other_subjects() {
    for name in SUBJECTS {
        let timeline = subject(name);
        for (preset, size) in Size::PRESETS {
            let options = TimelineOptions {
                size,
                ..TimelineOptions::default()
            };
            let scene = layout::timeline(&timeline, &options).unwrap();
            let crossings = layout::leader_crossings(&scene);
            assert!(crossings.is_empty(), "{name} at {preset}: {crossings:?}");
            assert!(
                scene.dropped.is_empty(),
                "{name} at {preset}: {:?}",
                scene.dropped
            );
            let labelled = scene
                .texts
                .iter()
                .filter(|t| t.role == TextRole::Label)
                .filter_map(|t| t.event)
                .collect::<std::collections::HashSet<_>>()
                .len();
            assert_eq!(
                labelled + scene.numbered.len(),
                scene.events.len(),
                "{name} at {preset}"
            );
        }
    }
}

/// The Roman Republic (three lanes, forty events over two centuries) on an
/// A4 page in portrait wraps no label onto three lines: the page has rows
/// to spare ("Sulla / marches / on Rome" was drawn so, most of the page
/// blank).
#[test]
fn a_portrait_page_with_room_wraps_no_label_onto_three_lines() {
    let timeline = subject("roman-republic");
    let options = TimelineOptions {
        size: Size::from_name("a4-portrait").unwrap(),
        ..TimelineOptions::default()
    };
    let scene = layout::timeline(&timeline, &options).unwrap();
    let mut lines = std::collections::HashMap::new();
    for t in scene.texts.iter().filter(|t| t.role == TextRole::Label) {
        *lines.entry(t.event.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(lines.len(), scene.events.len(), "every event labelled");
    let wrapped: Vec<&String> = lines
        .iter()
        .filter(|(_, n)| **n >= 3)
        .map(|(e, _)| &scene.events[*e])
        .collect();
    assert!(wrapped.is_empty(), "{wrapped:?}");
}
