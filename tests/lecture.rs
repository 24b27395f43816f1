//! The lecture workflow: step-by-step frames, reveal.js fragments, beamer,
//! text alternatives.

use std::collections::HashSet;

use annals::figure::{FigureKind, TimelineOptions};
use annals::load;
use annals::steps;

use super::{annals, root};

fn chapter() -> annals::model::Timeline {
    load::load(&root().join("events.toml")).unwrap().timeline
}

/// Each text of an SVG with its place: (content, x, y).
fn text_positions(svg: &str) -> HashSet<(String, String, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            (
                n.text().unwrap_or_default().trim().to_owned(),
                n.attribute("x").unwrap().to_owned(),
                n.attribute("y").unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn frames_keep_the_geometry_of_the_events_they_share() {
    let t = chapter();
    let spec = t
        .figures
        .iter()
        .find(|f| f.id == "labour-law-build")
        .unwrap();
    let built = steps::timeline_steps(&t, &spec.options, spec.steps.as_deref().unwrap()).unwrap();
    assert_eq!(built.frames.len(), built.order.len());
    assert!(built.frames.len() >= 10);
    let positions: Vec<_> = built
        .frames
        .iter()
        .map(|f| text_positions(&f.svg))
        .collect();
    for k in 1..positions.len() {
        // Every text of frame k is in frame k+1, at the same place.
        for text in &positions[k - 1] {
            assert!(
                positions[k].contains(text),
                "{text:?} moved between frames {k} and {}",
                k + 1
            );
        }
        // Marks stay too, and each frame adds one (the newest label's
        // highlight, #FFEC99, comes and goes).
        let marks = |svg: &str| -> HashSet<String> {
            let doc = roxmltree::Document::parse(svg).unwrap();
            doc.descendants()
                .filter(|n| n.has_tag_name("rect") || n.has_tag_name("polygon"))
                .filter(|n| n.attribute("fill") != Some("#FFEC99"))
                .map(|n| {
                    format!(
                        "{:?}",
                        n.attributes().map(|a| a.value()).collect::<Vec<_>>()
                    )
                })
                .collect()
        };
        let (before, after) = (marks(&built.frames[k - 1].svg), marks(&built.frames[k].svg));
        assert!(
            before.is_subset(&after),
            "a mark moved between frames {k} and {}",
            k + 1
        );
        assert!(after.len() > before.len(), "frame {} adds its event", k + 1);
    }
    // And the last frame is the whole figure.
    let whole = annals::build::timeline(&t, &spec.options).unwrap();
    assert_eq!(positions.last().unwrap(), &text_positions(&whole.svg));
}

#[test]
fn events_appear_in_chronological_order_or_the_order_given() {
    let t = chapter();
    let options = TimelineOptions {
        categories: vec!["labour".into()],
        ..TimelineOptions::default()
    };
    let chronological = steps::timeline_steps(&t, &options, &[]).unwrap();
    let starts: Vec<_> = chronological
        .order
        .iter()
        .map(|id| t.event(id).unwrap().date.anchor())
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "{:?}",
        chronological.order
    );
    let given = steps::timeline_steps(
        &t,
        &options,
        &["passport-decree".into(), "labour-code".into()],
    )
    .unwrap();
    assert_eq!(&given.order[..2], ["passport-decree", "labour-code"]);
    assert_eq!(given.order.len(), chronological.order.len());
}

#[test]
fn the_reveal_svg_has_one_fragment_per_event_in_order() {
    let t = chapter();
    let spec = t
        .figures
        .iter()
        .find(|f| f.id == "labour-law-build")
        .unwrap();
    let built = steps::timeline_steps(&t, &spec.options, &[]).unwrap();
    let doc = roxmltree::Document::parse(&built.reveal).unwrap();
    let fragments: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("fragment"))
        .collect();
    assert_eq!(fragments.len(), built.order.len());
    for (i, g) in fragments.iter().enumerate() {
        assert_eq!(
            g.attribute("data-fragment-index"),
            Some(i.to_string().as_str())
        );
        assert_eq!(g.attribute("data-event"), Some(built.order[i].as_str()));
        assert!(
            g.descendants().any(|n| n.has_tag_name("text")
                || n.has_tag_name("rect")
                || n.has_tag_name("polygon")),
            "fragment {i} draws something"
        );
    }
    // The title and axis are outside the fragments: visible from the start.
    let outside: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text")
                && !n
                    .ancestors()
                    .any(|a| a.attribute("class") == Some("fragment"))
        })
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    assert!(outside.contains(&"Binding workers to the workplace, 1922-1935"));
    assert!(outside.contains(&"1930"));
}

#[test]
fn the_committed_build_has_frames_reveal_and_beamer() {
    let out = root().join("output");
    let tex = std::fs::read_to_string(out.join("labour-law-build-steps.tex")).unwrap();
    let frames = tex
        .lines()
        .filter(|l| l.contains("\\includegraphics<"))
        .count();
    assert!(frames >= 10);
    for k in 1..=frames {
        let name = format!("labour-law-build-{k:02}.pdf");
        assert!(tex.contains(&format!(
            "\\includegraphics<{k}>[width=\\linewidth]{{{name}}}"
        )));
        assert!(out.join(&name).exists(), "{name}");
    }
    assert!(out.join("labour-law-build-reveal.svg").exists());
}

#[test]
fn text_alternatives_list_every_event_and_every_value() {
    let out = root().join("output");
    let t = chapter();
    let alt = std::fs::read_to_string(out.join("labour-law.alt.txt")).unwrap();
    for e in t
        .events
        .iter()
        .filter(|e| e.category.as_deref() == Some("labour"))
    {
        assert!(
            alt.contains(&format!("{}: {}", e.date.display(), e.label)),
            "{} missing from {alt}",
            e.id
        );
    }
    let alt = std::fs::read_to_string(out.join("targets.alt.txt")).unwrap();
    for v in [
        "35.0",
        "75.0",
        "95-105",
        "11.7",
        "21.7",
        "40-55",
        "6.7",
        "20.2",
        "24-32",
        "3.2",
        "10.0",
        "15-16",
        "million tons",
    ] {
        assert!(alt.contains(v), "{v} missing from {alt}");
    }
    for spec in t
        .figures
        .iter()
        .filter(|f| matches!(f.kind, FigureKind::Chart(_)))
    {
        assert!(out.join(format!("{}.alt.txt", spec.id)).exists());
    }
}

#[test]
fn the_steps_option_writes_frames_beside_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let events = root().join("events.toml");
    annals(
        dir.path(),
        &[
            "timeline",
            events.to_str().unwrap(),
            "-o",
            "law.svg",
            "--steps",
            "--category",
            "labour",
            "--from",
            "1922",
        ],
    )
    .success();
    for name in ["law.svg", "law-01.svg", "law-reveal.svg", "law-steps.tex"] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    annals(
        dir.path(),
        &["timeline", events.to_str().unwrap(), "-o", "-", "--steps"],
    )
    .code(2);
}
