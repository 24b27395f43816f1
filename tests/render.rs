//! Rendering: golden files, well-formed SVG, sizes, PDF text, determinism,
//! atomic writing, and the committed figures.
//!
//! Golden files live in tests/golden: `<case>.toml` beside the `<case>.svg`
//! and `<case>.png` it must produce. Regenerate them with
//! `MAKE_REF=1 cargo test golden` after a deliberate change, and look at
//! the PNGs before committing.

use std::path::{Path, PathBuf};

use annals::build;
use annals::figure::{Format, Size, TimelineOptions};
use annals::load;
use resvg::tiny_skia::Pixmap;

use super::{annals, root, with_file};

fn golden_dir() -> PathBuf {
    root().join("tests/golden")
}

fn load_case(name: &str) -> annals::model::Timeline {
    let path = golden_dir().join(format!("{name}.toml"));
    load::load(&path).unwrap().timeline
}

/// Compares two PNGs pixel by pixel; on failure writes a diff image to
/// target/golden-diff and panics naming it.
fn assert_png_close(name: &str, actual: &[u8], expected: &Path) {
    let a = Pixmap::decode_png(actual).unwrap();
    let b = Pixmap::decode_png(&std::fs::read(expected).unwrap()).unwrap();
    assert_eq!(
        (a.width(), a.height()),
        (b.width(), b.height()),
        "{name}: size"
    );
    let mut diff = Pixmap::new(a.width(), a.height()).unwrap();
    let mut differing = 0usize;
    for (i, (pa, pb)) in a.pixels().iter().zip(b.pixels()).enumerate() {
        let d = [
            pa.red().abs_diff(pb.red()),
            pa.green().abs_diff(pb.green()),
            pa.blue().abs_diff(pb.blue()),
            pa.alpha().abs_diff(pb.alpha()),
        ];
        if d.iter().any(|&c| c > 24) {
            differing += 1;
            diff.pixels_mut()[i] =
                resvg::tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255).unwrap();
        }
    }
    // Anti-aliasing may differ a little between builds; text moving does not.
    let allowed = (a.pixels().len() / 500).max(1);
    if differing > allowed {
        let out = root().join("target/golden-diff");
        std::fs::create_dir_all(&out).unwrap();
        let path = out.join(format!("{name}.png"));
        diff.save_png(&path).unwrap();
        panic!(
            "{name}: {differing} pixels differ (allowed {allowed}); see {}",
            path.display()
        );
    }
}

/// The golden timeline cases in tests/golden.
const GOLDEN: [&str; 6] = [
    "points",
    "periods",
    "economic",
    "broken-axis",
    "callouts",
    "density",
];

#[test]
fn golden_figures() {
    let make_ref = std::env::var_os("MAKE_REF").is_some();
    for name in GOLDEN {
        let timeline = load_case(name);
        let spec = &timeline.figures[0];
        let figure = build::timeline(&timeline, &spec.options).unwrap();
        let svg_path = golden_dir().join(format!("{name}.svg"));
        let png_path = golden_dir().join(format!("{name}.png"));
        let png = figure.bytes(Format::Png).unwrap();
        if make_ref {
            std::fs::write(&svg_path, &figure.svg).unwrap();
            std::fs::write(&png_path, &png).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&svg_path).unwrap();
        assert!(
            figure.svg == expected,
            "{name}: the SVG differs from {}; regenerate with MAKE_REF=1 if intended",
            svg_path.display()
        );
        assert_png_close(name, &png, &png_path);
    }
}

/// Every SVG the project makes is well-formed XML with a title and a
/// description, and every text carries its measured width.
#[test]
fn svgs_are_well_formed_and_accessible() {
    let mut svgs: Vec<(String, String)> = GOLDEN
        .iter()
        .map(|n| {
            let t = load_case(n);
            (
                n.to_string(),
                build::timeline(&t, &t.figures[0].options).unwrap().svg,
            )
        })
        .collect();
    let chapter = load::load(&root().join("events.toml")).unwrap().timeline;
    for spec in &chapter.figures {
        svgs.push((
            spec.id.clone(),
            build::timeline(&chapter, &spec.options).unwrap().svg,
        ));
    }
    for (name, svg) in svgs {
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a <title>");
        assert!(!title.text().unwrap_or_default().is_empty());
        let desc = root
            .children()
            .find(|n| n.has_tag_name("desc"))
            .expect("a <desc>");
        assert!(desc.text().unwrap_or_default().contains("events"));
        let style = root
            .children()
            .find(|n| n.has_tag_name("style"))
            .expect("an embedded font");
        assert!(style.text().unwrap_or_default().contains("@font-face"));
        for text in root.descendants().filter(|n| n.has_tag_name("text")) {
            assert!(
                text.attribute("textLength").is_some(),
                "{name}: {:?}",
                text.text()
            );
        }
    }
}

#[test]
fn the_chapter_description_lists_every_event_with_its_date() {
    let chapter = load::load(&root().join("events.toml")).unwrap().timeline;
    let options = TimelineOptions::default();
    let svg = build::timeline(&chapter, &options).unwrap().svg;
    assert!(svg.contains("with 48 events"));
    assert!(svg.contains("26 October-3 November 1926: Fifteenth Party Conference: slower growth"));
    assert!(svg.contains("25 October 1917 O.S. (7 November 1917 N.S.): October Revolution"));
}

#[test]
fn png_size_follows_size_and_scale() {
    let dir = tempfile::tempdir().unwrap();
    let events = root().join("events.toml");
    let out = dir.path().join("x.png");
    annals(
        dir.path(),
        &[
            "timeline",
            events.to_str().unwrap(),
            "-o",
            "x.png",
            "--size",
            "1600x900",
            "--scale",
            "2",
        ],
    )
    .success();
    let png = Pixmap::decode_png(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!((png.width(), png.height()), (3200, 1800));
    annals(
        dir.path(),
        &[
            "timeline",
            events.to_str().unwrap(),
            "-o",
            "y.png",
            "--size",
            "a4-portrait",
        ],
    )
    .success();
    let png = Pixmap::decode_png(&std::fs::read(dir.path().join("y.png")).unwrap()).unwrap();
    assert_eq!((png.width(), png.height()), (794, 1123));
}

#[test]
fn the_pdf_opens_and_has_the_title_as_text() {
    let chapter = load::load(&root().join("events.toml")).unwrap().timeline;
    let options = TimelineOptions {
        size: Size::from_name("a4-landscape").unwrap(),
        title: Some("Forced march".into()),
        ..TimelineOptions::default()
    };
    let pdf = build::timeline(&chapter, &options)
        .unwrap()
        .bytes(Format::Pdf)
        .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    // Glyphs are placed one by one, so extracted text comes a glyph a line.
    let text: String = doc.extract_text(&[1]).unwrap().split_whitespace().collect();
    assert!(text.contains("Forcedmarch"), "{text}");
    assert!(text.contains("Fifteenth"));
    // An A4 page at 96 CSS px to the inch.
    let page = doc.get_pages()[&1];
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let width = media[2].as_float().unwrap();
    assert!((width - 842.25).abs() < 1.0, "{width}");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let chapter = load::load(&root().join("events.toml")).unwrap().timeline;
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build::build(&chapter, a.path()).unwrap();
    build::build(&chapter, b.path()).unwrap();
    for spec in &chapter.figures {
        for format in &spec.formats {
            let name = format!("{}.{}", spec.id, format.extension());
            let (x, y) = (
                std::fs::read(a.path().join(&name)).unwrap(),
                std::fs::read(b.path().join(&name)).unwrap(),
            );
            assert!(x == y, "{name} differs between two runs");
        }
    }
}

#[test]
fn the_committed_figures_are_what_the_code_makes() {
    let chapter = load::load(&root().join("events.toml")).unwrap().timeline;
    let dir = tempfile::tempdir().unwrap();
    build::build(&chapter, dir.path()).unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        let committed = root().join("output").join(entry.file_name());
        let mut fresh = std::fs::read(entry.path()).unwrap();
        // A beamer snippet names the folder it was built into: here a
        // temporary one, for the committed files `output/`.
        if entry.path().extension().is_some_and(|e| e == "tex") {
            let here = format!("{}/", dir.path().display());
            fresh = String::from_utf8(fresh)
                .unwrap()
                .replace(&here, "output/")
                .into_bytes();
        }
        assert!(
            std::fs::read(&committed).ok() == Some(fresh),
            "output/{} is stale: run `cargo run --release` and commit output/",
            entry.file_name().to_string_lossy()
        );
    }
}

#[test]
fn svg_to_standard_output_and_text_as_paths() {
    let out = annals(
        &root(),
        &["timeline", "-o", "-", "--from", "1929", "--to", "1930"],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let svg = String::from_utf8(out).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<text"));
    let out = annals(&root(), &["timeline", "-o", "-", "--text-as-paths"])
        .success()
        .get_output()
        .stdout
        .clone();
    let svg = String::from_utf8(out).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("<path"), "text became outlines");
    // The texts stay, invisible, over the outlines: searchable, selectable,
    // read aloud; and the title, description and viewBox stay too.
    let texts: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    assert!(texts.len() > 40, "{} texts", texts.len());
    for t in &texts {
        let layer = t
            .ancestors()
            .find(|a| a.attribute("class") == Some("text-layer"))
            .expect("every text is in the invisible layer");
        assert_eq!(layer.attribute("fill-opacity"), Some("0"));
    }
    assert!(doc.descendants().any(|n| n.has_tag_name("title")));
    assert!(super::desc_of(&svg).contains("A timeline from 1913 to 1935"));
    assert!(doc.root_element().attribute("viewBox").is_some());
    // Nothing but elements between the root's elements (no stray
    // character of the outlines' own opening tag).
    for n in doc
        .root_element()
        .children()
        .filter(roxmltree::Node::is_text)
    {
        assert!(n.text().unwrap_or("").trim().is_empty(), "{:?}", n.text());
    }
}

#[test]
fn a_failed_render_leaves_the_existing_file_alone() {
    let dir = with_file(b"[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = \"1926\"\n");
    let target = dir.path().join("fig.svg");
    std::fs::write(&target, "precious").unwrap();
    // Nothing falls in the window: an error, and no file is touched.
    annals(
        dir.path(),
        &[
            "timeline", "-o", "fig.svg", "--from", "1950", "--to", "1960",
        ],
    )
    .code(2)
    .stderr(predicates::str::contains("no event falls in the window"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".annals-"))
        .collect();
    assert!(stray.is_empty(), "temporary files were left behind");
    // An invalid file: exit 1 and the figure stays.
    std::fs::write(dir.path().join("events.toml"), "[[event]]\nid = 3\n").unwrap();
    annals(dir.path(), &["timeline", "-o", "fig.svg"]).code(1);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
}

#[test]
fn unknown_extensions_and_options_are_usage_errors() {
    annals(&root(), &["timeline", "-o", "x.gif"])
        .code(2)
        .stderr(predicates::str::contains("cannot tell the format"));
    annals(&root(), &["timeline", "-o", "-", "--theme", "neon"])
        .code(2)
        .stderr(predicates::str::contains("`neon` is not a theme"));
    annals(&root(), &["timeline", "-o", "-", "--category", "lab"])
        .code(2)
        .stderr(predicates::str::contains("the categories are"));
    annals(&root(), &["timeline", "-o", "-", "--size", "10x10"]).code(2);
}

#[test]
fn no_arguments_build_the_declared_figures_into_output() {
    let dir = with_file(&std::fs::read(golden_dir().join("points.toml")).unwrap());
    annals(dir.path(), &[])
        .success()
        .stderr(predicates::str::contains("1 figure(s) in output"));
    assert!(dir.path().join("output/points.svg").exists());
    assert!(dir.path().join("output/points.png").exists());
    assert!(
        !dir.path().join("output/points.pdf").exists(),
        "only the declared formats"
    );
}

#[test]
fn every_theme_renders() {
    for theme in ["light", "dark", "print", "high-contrast"] {
        annals(
            &root(),
            &[
                "timeline",
                "-o",
                "-",
                "--theme",
                theme,
                "--size",
                "slide-4x3",
            ],
        )
        .success();
    }
}

#[test]
fn tags_and_importance_filter_the_events() {
    let count = |args: &[&str]| {
        let mut all = vec!["timeline", "-o", "-"];
        all.extend_from_slice(args);
        let out = annals(&root(), &all).success().get_output().stdout.clone();
        let svg = String::from_utf8(out).unwrap();
        let desc = super::desc_of(&svg);
        let n: usize = desc
            .split(" with ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        n
    };
    assert_eq!(count(&["--tag", "labour-mobility"]), 7);
    let chapter = load::load(&root().join("events.toml")).unwrap().timeline;
    let high = chapter
        .events
        .iter()
        .filter(|e| e.importance == annals::model::Importance::High)
        .count();
    assert_eq!(count(&["--importance", "high"]), high);
    assert_eq!(
        count(&["--category", "management", "--from", "1928", "--to", "1930"]),
        3
    );
}

/// A long stretch without events collapses into a break: drawn on the
/// axis, named in the description, and no mark lies in it.
#[test]
fn empty_centuries_collapse_into_axis_breaks() {
    let timeline = load_case("broken-axis");
    let options = &timeline.figures[0].options;
    let scene = annals::layout::timeline(&timeline, options).unwrap();
    assert_eq!(scene.breaks.len(), 2, "{:?}", scene.breaks);
    assert!(
        scene.description.contains("broken between 1703 and 1825"),
        "{}",
        scene.description
    );
    for &(a, b) in &scene.breaks {
        assert!(
            scene
                .marks
                .iter()
                .filter(|m| m.event != usize::MAX)
                .all(|m| f32::midpoint(m.x0, m.x1) <= a || f32::midpoint(m.x0, m.x1) >= b)
        );
    }
    // The crowded years get most of the width.
    let (left, _, right, _) = scene.plot;
    assert!(scene.breaks[1].1 - left < (right - left) * 0.25);
    // Without breaks, one linear scale.
    let linear = TimelineOptions {
        axis_breaks: annals::figure::AxisBreaks::None,
        ..options.clone()
    };
    let scene = annals::layout::timeline(&timeline, &linear).unwrap();
    assert!(scene.breaks.is_empty());
    // And from the command line.
    let dir = with_file(&std::fs::read(golden_dir().join("broken-axis.toml")).unwrap());
    annals(
        dir.path(),
        &[
            "timeline",
            "events.toml",
            "--axis-breaks",
            "none",
            "-o",
            "t.svg",
        ],
    )
    .success();
    let svg = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    assert!(!svg.contains("broken between"));
    annals(
        dir.path(),
        &[
            "timeline",
            "events.toml",
            "--axis-breaks",
            "sometimes",
            "-o",
            "t.svg",
        ],
    )
    .code(2);
}

/// Labels that find no room are numbered at their marks, and the key
/// under the plot gives each number its whole label.
#[test]
fn labels_without_room_become_numbered_callouts_with_a_key() {
    let timeline = load_case("callouts");
    let scene = annals::layout::timeline(&timeline, &timeline.figures[0].options).unwrap();
    assert!(!scene.numbered.is_empty());
    for (n, id) in scene.numbered.iter().enumerate() {
        let i = scene.events.iter().position(|e| e == id).unwrap();
        let number = (n + 1).to_string();
        let at_mark = scene.texts.iter().any(|t| {
            t.role == annals::layout::TextRole::Callout && t.event == Some(i) && t.text == number
        });
        assert!(at_mark, "no number {number} at {id}");
        let label = &timeline.events.iter().find(|e| &e.id == id).unwrap().label;
        let in_key = scene
            .texts
            .iter()
            .any(|t| t.role == annals::layout::TextRole::CalloutKey && label.starts_with(&t.text));
        assert!(in_key, "no key entry for {id}");
    }
    // Numbered events are not labelled too.
    for t in scene
        .texts
        .iter()
        .filter(|t| t.role == annals::layout::TextRole::Label)
    {
        let id = &scene.events[t.event.unwrap()];
        assert!(!scene.numbered.contains(id));
    }
}

/// A lane with more marks than its sub-rows show apart becomes a density
/// strip: bins whose heights follow the counts, and no marks piled up.
#[test]
fn a_crowded_lane_becomes_a_density_strip() {
    let timeline = load_case("density");
    let scene = annals::layout::timeline(&timeline, &timeline.figures[0].options).unwrap();
    assert!(!scene.bins.is_empty());
    assert!(
        scene.marks.iter().all(|m| m.event == usize::MAX),
        "only key samples"
    );
    let total: usize = scene.bins.iter().map(|b| b.count).sum();
    assert!(total >= scene.events.len());
    let most = scene.bins.iter().max_by_key(|b| b.count).unwrap();
    let least = scene.bins.iter().min_by_key(|b| b.count).unwrap();
    assert!(most.bottom - most.top >= least.bottom - least.top);
    // The labels go to events all the same, the most important first.
    let labelled = scene
        .texts
        .iter()
        .filter(|t| t.role == annals::layout::TextRole::Label)
        .count();
    assert!(labelled >= 60, "{labelled}");
}

/// WCAG's contrast ratio of two `#RRGGBB` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every figure the chapter declares, timelines and charts, in every
/// theme, at slide size: no text under 18 px, and every text at least
/// 4.5:1 against the background (WCAG AA for normal text).
#[test]
fn every_figure_in_every_theme_is_legible_on_a_slide() {
    let t = load::load(&root().join("events.toml")).unwrap().timeline;
    for spec in &t.figures {
        for name in annals::figure::Theme::NAMES {
            let mut spec = spec.clone();
            spec.options.theme = annals::figure::Theme::from_name(name).unwrap();
            spec.options.size = Size::new(1920, 1080);
            let figure = build::figure(&t, &spec).unwrap();
            let doc = roxmltree::Document::parse(&figure.svg).unwrap();
            let background = doc
                .descendants()
                .find(|n| n.has_tag_name("rect") && n.attribute("width") == Some("1920"))
                .and_then(|n| n.attribute("fill"))
                .expect("a background");
            for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
                let what = format!(
                    "{} ({name}): {:?}",
                    spec.id,
                    text.text().unwrap_or("").trim()
                );
                let size: f32 = text.attribute("font-size").unwrap().parse().unwrap();
                assert!(size >= 18.0, "{what} is {size} px");
                let fill = text.attribute("fill").unwrap();
                let ratio = contrast(fill, background);
                assert!(
                    ratio >= 4.5,
                    "{what}: {fill} on {background} is {ratio:.2}:1"
                );
            }
        }
    }
}

/// Each event the figure draws is one `<g class="event" data-event="ID">`
/// holding its leaders, marks, label lines, notes and number, each with
/// its class; nothing of an event lies outside its group.
#[test]
fn each_event_is_one_group_with_its_parts_named() {
    let path = root().join("events.toml");
    let timeline = load::load(&path).unwrap().timeline;
    let scene = annals::layout::timeline(&timeline, &timeline.defaults).unwrap();
    let figure = build::timeline(&timeline, &timeline.defaults).unwrap();
    let doc = roxmltree::Document::parse(&figure.svg).unwrap();
    let groups: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("event"))
        .collect();
    let ids: Vec<&str> = groups
        .iter()
        .filter_map(|g| g.attribute("data-event"))
        .collect();
    assert_eq!(
        ids,
        scene.events.iter().map(String::as_str).collect::<Vec<_>>()
    );
    for g in &groups {
        let id = g.attribute("data-event").unwrap();
        let e = scene.events.iter().position(|x| x == id).unwrap();
        let classes = |class: &str| {
            g.children()
                .filter(|n| n.attribute("class") == Some(class))
                .count()
        };
        // As many of each part as the scene has of the event.
        let leaders = scene.lines.iter().filter(|l| l.event == Some(e)).count();
        assert_eq!(classes("leader"), leaders, "{id}");
        assert!(classes("mark") >= 1, "{id} has its mark");
        let texts = |role: annals::layout::TextRole| {
            scene
                .texts
                .iter()
                .filter(|t| t.event == Some(e) && t.role == role)
                .count()
        };
        assert_eq!(
            classes("label"),
            texts(annals::layout::TextRole::Label),
            "{id}"
        );
        assert_eq!(
            classes("note"),
            texts(annals::layout::TextRole::Note),
            "{id}"
        );
        assert_eq!(
            classes("number"),
            texts(annals::layout::TextRole::Callout),
            "{id}"
        );
    }
    // No part of an event outside its group.
    let parts = ["leader", "mark", "label", "note", "number"];
    assert!(doc.descendants().all(|n| {
        !n.attribute("class").is_some_and(|c| parts.contains(&c))
            || n.parent().and_then(|p| p.attribute("class")) == Some("event")
    }));
}
