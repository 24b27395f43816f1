//! The lecture workflow: step-by-step frames, reveal.js fragments, beamer,
//! text alternatives.

use std::collections::HashSet;

use annals::figure::{FigureKind, TimelineOptions};
use annals::load;
use annals::steps;

use super::{annals, root, with_file};

/// The chapter's stepped figure.
fn build_figure(t: &annals::model::Timeline) -> &annals::figure::FigureSpec {
    t.figures
        .iter()
        .find(|f| f.id == "labour-law-build")
        .expect("declared")
}

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
    let spec = build_figure(&t);
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
    let spec = build_figure(&t);
    let built = steps::timeline_steps(&t, &spec.options, &[]).unwrap();
    let doc = roxmltree::Document::parse(&built.reveal).unwrap();
    // Pasted into a slide it fits: the slide's width, its own proportions.
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("100%"));
    assert_eq!(root.attribute("height"), None);
    assert!(root.attribute("viewBox").is_some());
    assert!(root.attribute("style").unwrap().contains("display:block"));
    let fragments: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("fragment"))
        .collect();
    // Indices 1..N, like the frames and the beamer overlays: event k's
    // groups (its leaders, marks, labels) all have index k.
    for (i, id) in built.order.iter().enumerate() {
        let index = (i + 1).to_string();
        let groups: Vec<_> = fragments
            .iter()
            .filter(|g| g.attribute("data-fragment-index") == Some(index.as_str()))
            .collect();
        assert!(!groups.is_empty(), "fragment {index}");
        assert!(
            groups
                .iter()
                .all(|g| g.attribute("data-event") == Some(id.as_str()))
        );
        assert!(
            groups
                .iter()
                .any(|g| g.descendants().any(|n| n.has_tag_name("text"))),
            "fragment {index} draws its label or number"
        );
    }
    assert!(fragments.iter().all(|g| {
        g.attribute("data-fragment-index")
            .and_then(|k| k.parse::<usize>().ok())
            .is_some_and(|k| (1..=built.order.len()).contains(&k))
    }));
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
    // The last state draws what the last frame draws. The fragments go
    // layer by layer (every leader under every mark, every mark under
    // every text); the frame groups each event's leaders, marks and texts
    // in that order (nothing of one event overlaps another's).
    let last = built.frames.last().unwrap();
    let mut mine = super::event_layers(&built.reveal, "fragment");
    let mut frame = super::event_layers_of_frame(&last.svg, &built.reveal, "fragment");
    mine.sort();
    frame.sort();
    assert_eq!(mine, frame);
    let layers: Vec<&str> = fragments
        .iter()
        .filter_map(|g| g.attribute("data-layer"))
        .collect();
    assert_eq!(layers.len(), fragments.len());
    let rank = |l: &str| ["lines", "marks", "texts"].iter().position(|x| *x == l);
    assert!(
        layers.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{layers:?}"
    );
    let frame_doc = roxmltree::Document::parse(&last.svg).unwrap();
    let groups: Vec<roxmltree::Node> = frame_doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("event"))
        .collect();
    assert_eq!(groups.len(), built.order.len());
    for g in groups {
        let classes: Vec<&str> = g
            .children()
            .filter(roxmltree::Node::is_element)
            .filter_map(|n| n.attribute("class"))
            .collect();
        let rank = |c: &str| {
            ["leader", "mark", "label", "note", "number"]
                .iter()
                .position(|x| *x == c)
                .map(|r| r.min(2))
        };
        assert!(
            classes.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
            "{classes:?}"
        );
    }
}

/// The chapter built by the CLI into a temporary folder, as a lecturer
/// would: `annals build --out output` beside the main document.
fn built_chapter() -> tempfile::TempDir {
    let dir = with_file(&std::fs::read(root().join("events.toml")).unwrap());
    annals(dir.path(), &["build", "--out", "output"]).success();
    dir
}

/// The beamer snippet works when `\input` from the main document: every
/// frame's path, with `\annalsdir` as the snippet sets it, names a file
/// from the main document's folder; every line ends in `%`.
#[test]
fn the_build_has_frames_reveal_and_a_beamer_snippet_that_resolves() {
    let dir = built_chapter();
    let out = dir.path().join("output");
    let tex = std::fs::read_to_string(out.join("labour-law-build-steps.tex")).unwrap();
    assert!(tex.lines().all(|l| l.ends_with('%')), "{tex}");
    let annalsdir = tex
        .lines()
        .find_map(|l| l.strip_prefix("\\providecommand{\\annalsdir}{"))
        .and_then(|l| l.strip_suffix("}%"))
        .unwrap();
    assert_eq!(annalsdir, "output/");
    let frames: Vec<&str> = tex
        .lines()
        .filter_map(|l| l.split_once("{\\annalsdir ").map(|(_, rest)| rest))
        .map(|rest| rest.trim_end_matches("}%"))
        .collect();
    // The start (no event, as the reveal.js build starts), then one
    // overlay per event of labour-law.
    assert_eq!(frames.len(), 1 + 11);
    for (k, name) in frames.iter().enumerate() {
        assert_eq!(*name, format!("labour-law-build-{k:02}.pdf"));
        assert!(
            tex.contains(&format!("\\includegraphics<{}>", k + 1)),
            "overlay {}",
            k + 1
        );
        // Resolved from the main document's folder, as LaTeX does.
        assert!(
            dir.path().join(format!("{annalsdir}{name}")).exists(),
            "{name}"
        );
    }
    assert!(out.join("labour-law-build-reveal.svg").exists());
    // Every frame has its text alternative, and its own: it lists what the
    // frame shows, and nothing it does not.
    let last = std::fs::read_to_string(out.join("labour-law-build-11.alt.txt")).unwrap();
    let start = std::fs::read_to_string(out.join("labour-law-build-00.alt.txt")).unwrap();
    assert!(start.contains("no event yet"), "{start}");
    for k in 1..frames.len() {
        let alt =
            std::fs::read_to_string(out.join(format!("labour-law-build-{k:02}.alt.txt"))).unwrap();
        assert!(alt.contains(&format!("shows {k} of 11 events")), "{alt}");
        let desc = super::desc_of(
            &std::fs::read_to_string(out.join(format!("labour-law-build-{k:02}.svg"))).unwrap(),
        );
        assert_eq!(desc.trim(), alt.trim());
        let listed = alt.split(": ").count();
        assert!(listed < last.split(": ").count() || k == frames.len() - 1);
    }
    // The start shows what the reveal.js SVG shows before its first
    // fragment: the same texts, no event.
    let texts = |svg: &str, outside_fragments: bool| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter(|n| {
                !outside_fragments
                    || !n
                        .ancestors()
                        .any(|a| a.attribute("class") == Some("fragment"))
            })
            .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
            .collect()
    };
    let start_svg = std::fs::read_to_string(out.join("labour-law-build-00.svg")).unwrap();
    let reveal = std::fs::read_to_string(out.join("labour-law-build-reveal.svg")).unwrap();
    assert_eq!(texts(&start_svg, false), texts(&reveal, true));
}

#[test]
fn text_alternatives_list_every_event_and_every_value() {
    let dir = built_chapter();
    let out = dir.path().join("output");
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

#[test]
fn init_writes_a_starter_that_passes_check_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    annals(dir.path(), &["init"]).success();
    annals(dir.path(), &["check"])
        .success()
        .stdout(predicates::str::contains("ok: 14 events"));
    annals(dir.path(), &["init"])
        .code(2)
        .stderr(predicates::str::contains("--force"));
    annals(dir.path(), &["build"]).success();
    for name in [
        "timeline.svg",
        "timeline-steps-reveal.svg",
        "output.png",
        "investment.pdf",
    ] {
        assert!(dir.path().join("output").join(name).exists(), "{name}");
    }
}

fn schema_validator() -> jsonschema::Validator {
    let out = annals(&root(), &["schema"])
        .success()
        .get_output()
        .stdout
        .clone();
    let schema: serde_json::Value = serde_json::from_slice(&out).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn as_json(toml_text: &str) -> serde_json::Value {
    toml::from_str(toml_text).unwrap()
}

#[test]
fn the_schema_accepts_the_chapter_and_the_starter_and_rejects_a_misspelt_key() {
    let validator = schema_validator();
    let chapter = std::fs::read_to_string(root().join("events.toml")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&as_json(&chapter))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(validator.is_valid(&as_json(annals::init::STARTER)));
    let misspelt = chapter.replacen("label = \"1913 output", "lable = \"1913 output", 1);
    assert!(!validator.is_valid(&as_json(&misspelt)));
    let wrong_type = "[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = 1926\n";
    assert!(!validator.is_valid(&as_json(wrong_type)));
}

#[test]
fn completions_and_man_page() {
    let out = annals(&root(), &["completions", "bash"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("annals") && text.contains("timeline"));
    let out = annals(&root(), &["man"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(".ie") || text.contains(".TH annals"),
        "{}",
        &text[..200.min(text.len())]
    );
}

#[test]
fn build_changed_skips_figures_whose_input_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    annals(dir.path(), &["init"]).success();
    annals(dir.path(), &["build", "--changed"])
        .success()
        .stderr(predicates::str::contains(
            "4 figure(s) and 1 deck(s) in output",
        ));
    annals(dir.path(), &["build", "--changed"])
        .success()
        .stderr(predicates::str::contains(
            "0 figure(s) and 0 deck(s) in output: 0 file(s) written, \
             4 unchanged figure(s) and 1 deck(s) skipped",
        ));
    // A new series value changes the investment chart only.
    let path = dir.path().join("events.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("value = 23.1", "value = 24.0");
    std::fs::write(&path, text).unwrap();
    // ... and the deck that shows it.
    annals(dir.path(), &["build", "--changed"])
        .success()
        .stderr(predicates::str::contains("[1/5] rendered investment"))
        .stderr(predicates::str::contains("[2/5] rendered lecture"))
        .stderr(predicates::str::contains("3 unchanged figure(s) skipped"));
}

/// Sets its flag when dropped, as a test's scope unwinds too.
struct StopOnDrop<'a>(&'a std::sync::atomic::AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn watch_rebuilds_after_a_save_and_survives_an_invalid_one() {
    use std::sync::atomic::AtomicBool;
    use std::sync::mpsc;
    use std::time::Duration;

    use annals::watch::{WatchEvent, watch};

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.toml");
    std::fs::write(&file, annals::init::STARTER).unwrap();
    let out = dir.path().join("output");
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            watch(&file, &out, &stop, &mut |event| {
                let text = match event {
                    WatchEvent::Built(built) => {
                        format!("built {}", built.iter().filter(|b| !b.skipped).count())
                    }
                    WatchEvent::Failed(e) => format!("failed {e}"),
                };
                let _ = tx.send(text);
            });
        });
        // However the checks end, the watcher stops: a failed assertion
        // fails the test instead of leaving the scope waiting on it.
        let _stop = StopOnDrop(&stop);
        let next = || {
            rx.recv_timeout(Duration::from_secs(60))
                .expect("watch reports")
        };
        assert_eq!(
            next(),
            "built 5",
            "the first build: four figures and a deck"
        );
        let svg = out.join("investment.svg");
        let before = std::fs::read(&svg).unwrap();
        // A valid save: the changed figure is rebuilt.
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(
            &file,
            annals::init::STARTER.replace("value = 23.1", "value = 30.0"),
        )
        .unwrap();
        assert_eq!(next(), "built 2", "the chart and the deck that shows it");
        let after = std::fs::read(&svg).unwrap();
        assert_ne!(before, after);
        // An invalid save: reported, and the last good figures stay.
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(&file, "[[event]]\nid = 1\n").unwrap();
        let failed = next();
        assert!(failed.starts_with("failed"), "{failed}");
        assert_eq!(std::fs::read(&svg).unwrap(), after);
    });
}

#[test]
fn init_force_replaces_the_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("events.toml"), "# my own\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep\n").unwrap();
    annals(dir.path(), &["init"])
        .code(2)
        .stderr(predicates::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("events.toml")).unwrap(),
        "# my own\n",
        "without --force the file stays"
    );
    annals(dir.path(), &["init", "--force"]).success();
    let text = std::fs::read_to_string(dir.path().join("events.toml")).unwrap();
    assert_eq!(text, annals::init::STARTER);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep\n"
    );
    annals(dir.path(), &["check"]).success();
}

/// In frame k the highlight (#FFEC99) lies behind the label of the k-th
/// event of the order, and behind nothing else.
#[test]
fn each_frame_highlights_its_newest_event_behind_its_label() {
    let t = chapter();
    let spec = build_figure(&t);
    let built = steps::timeline_steps(&t, &spec.options, spec.steps.as_deref().unwrap()).unwrap();
    for (k, frame) in built.frames.iter().enumerate() {
        let doc = roxmltree::Document::parse(&frame.svg).unwrap();
        let number = |n: roxmltree::Node<'_, '_>, a: &str| -> f32 {
            n.attribute(a)
                .and_then(|v| v.parse().ok())
                .unwrap_or(f32::NAN)
        };
        let highlights: Vec<(f32, f32, f32, f32)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#FFEC99"))
            .map(|n| {
                let (x, y) = (number(n, "x"), number(n, "y"));
                (x, y, x + number(n, "width"), y + number(n, "height"))
            })
            .collect();
        assert!(!highlights.is_empty(), "frame {} has a highlight", k + 1);
        let newest = t.event(&built.order[k]).unwrap();
        // The label's first words, as drawn (it may wrap or be shortened).
        let start: String = newest.label.chars().take(12).collect();
        let label = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .find(|n| n.text().is_some_and(|s| s.trim().starts_with(start.trim())))
            .unwrap_or_else(|| panic!("frame {}: no label {start:?}", k + 1));
        let (x, y) = (number(label, "x"), number(label, "y"));
        assert!(
            highlights
                .iter()
                .any(|&(x0, y0, x1, y1)| x0 <= x && x < x1 && y0 <= y && y <= y1 + 2.0),
            "frame {}: the highlight is not behind {start:?} at ({x}, {y}): {highlights:?}",
            k + 1
        );
    }
}
