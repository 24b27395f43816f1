//! The timeline layout on subjects other than the chapter: files in
//! `tests/subjects` (the Roman Republic, Meiji Japan, the Thirty Years'
//! War, the British Empire) at every preset.

use annals::figure::{Size, TimelineOptions};
use annals::layout::{self, TextRole};

use crate::root;

const SUBJECTS: [&str; 4] = [
    "roman-republic",
    "meiji",
    "thirty-years-war",
    "british-empire",
];

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

/// One busy lane among four quiet ones (the British Empire's dominions
/// and mandates, running on past the window over one another) draws its
/// marks at every preset: the sub-rows the quiet lanes do not need are
/// its to stack, where an even share made it a density strip and left an
/// event out.
#[test]
fn a_busy_lane_among_quiet_ones_draws_its_marks() {
    let timeline = subject("british-empire");
    for (preset, size) in Size::PRESETS {
        let options = TimelineOptions {
            size,
            ..TimelineOptions::default()
        };
        let scene = layout::timeline(&timeline, &options).unwrap();
        assert!(scene.bins.is_empty(), "a density strip at {preset}");
        assert!(scene.dropped.is_empty(), "{preset}: {:?}", scene.dropped);
    }
}

/// The Roman Republic (three lanes, forty events over two centuries) and
/// the British Empire (a busy lane among quiet ones, its last events at the
/// plot's right edge) on an A4 page in portrait wrap no label onto three
/// lines: the page has rows to spare ("Sulla / marches / on Rome" was drawn
/// so, most of the page blank; "Japan / invades / Burma" at the edge, where
/// a label must lie over the anchors left of its own, until a label placed
/// again on one line could go above them).
#[test]
fn a_portrait_page_with_room_wraps_no_label_onto_three_lines() {
    for name in ["roman-republic", "british-empire"] {
        let timeline = subject(name);
        let options = TimelineOptions {
            size: Size::from_name("a4-portrait").unwrap(),
            ..TimelineOptions::default()
        };
        let scene = layout::timeline(&timeline, &options).unwrap();
        let mut lines = std::collections::HashMap::new();
        for t in scene.texts.iter().filter(|t| t.role == TextRole::Label) {
            *lines.entry(t.event.unwrap()).or_insert(0) += 1;
        }
        assert_eq!(
            lines.len(),
            scene.events.len(),
            "{name}: every event labelled"
        );
        let wrapped: Vec<&String> = lines
            .iter()
            .filter(|(_, n)| **n >= 3)
            .map(|(e, _)| &scene.events[*e])
            .collect();
        assert!(wrapped.is_empty(), "{name}: {wrapped:?}");
    }
}

/// The figure's scale, as the layout sets it: a slide is 1; a page
/// narrower than a slide's half (A4 in portrait, 794 px) keeps half, the
/// least.
fn scale_of(scene: &layout::Scene) -> f32 {
    (scene.width / 1920.0)
        .min(scene.height / 1080.0)
        .clamp(0.5, 3.0)
}

/// A page with room to spare sets its labels larger, up to the subtitle's
/// size (26 px on a slide), rather than leave it blank; a page whose labels
/// would wrap at a larger size keeps the size below.
#[test]
fn a_page_with_room_sets_its_labels_larger() {
    let label_sizes = |name: &str, size: &str| {
        let options = TimelineOptions {
            size: Size::from_name(size).unwrap(),
            ..TimelineOptions::default()
        };
        let scene = layout::timeline(&subject(name), &options).unwrap();
        let scale = scale_of(&scene);
        let mut lines = std::collections::HashMap::new();
        let mut sizes: Vec<f32> = Vec::new();
        for t in scene.texts.iter().filter(|t| t.role == TextRole::Label) {
            *lines.entry(t.event.unwrap()).or_insert(0) += 1;
            sizes.push(t.size / scale);
        }
        assert_eq!(
            lines.len(),
            scene.events.len(),
            "{name}: every event labelled"
        );
        assert!(lines.values().all(|&n| n == 1), "{name}: {lines:?}");
        sizes.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        sizes
    };
    // Six events on a slide: the largest size.
    let sparse = label_sizes("thirty-years-war", "slide");
    assert!(
        sparse.len() == 1 && (sparse[0] - 26.0).abs() < 0.01,
        "{sparse:?}"
    );
    // Forty events on an A4 page in portrait: larger than the full size.
    let rome = label_sizes("roman-republic", "a4-portrait");
    assert!(rome.len() == 1 && rome[0] > 21.0 + 0.01, "{rome:?}");
    // Meiji Japan and the Roman Republic on a slide: each lane packed, each
    // label beside its mark on one line, and grown past the full size. (With
    // its labels in rows above the marks, Meiji wrapped three at every size
    // and kept 21 px: "Gakusei / education / law" at 26 px with room beside
    // it was what growing regardless drew.)
    for name in ["meiji", "roman-republic"] {
        let sizes = label_sizes(name, "slide");
        assert!(sizes.iter().all(|&s| s > 21.0 + 0.01), "{name}: {sizes:?}");
    }
    // Grown or not, no subject at any size wraps a label it grew.
    for name in SUBJECTS {
        for size in ["slide", "slide-4x3", "a4-landscape", "a4-portrait"] {
            let options = TimelineOptions {
                size: Size::from_name(size).unwrap(),
                ..TimelineOptions::default()
            };
            let scene = layout::timeline(&subject(name), &options).unwrap();
            let scale = scale_of(&scene);
            let labels: Vec<&layout::Text> = scene
                .texts
                .iter()
                .filter(|t| t.role == TextRole::Label)
                .collect();
            if labels.iter().any(|t| t.size / scale > 21.0 + 0.01) {
                let mut lines = std::collections::HashMap::new();
                for t in &labels {
                    *lines.entry(t.event).or_insert(0) += 1;
                }
                assert!(
                    lines.values().all(|&n| n == 1),
                    "{name} at {size} grew and wrapped"
                );
            }
        }
    }
}
