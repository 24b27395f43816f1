//! Slide decks read back: the package's parts and relationships, a slide
//! per figure or step, a group per event with its label, alt text and
//! notes, every text box inside its slide and clear of the others, and the
//! errors of a deck that names what the file does not declare.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Read as _;

use super::{annals, errors, root, with_file};

/// The parts of a `.pptx`, by name.
pub(crate) fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        out.insert(file.name().to_owned(), data);
    }
    out
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}"))
            .clone(),
    )
    .unwrap()
}

const P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// A text box of a slide: its text and box in EMU.
#[derive(Debug)]
struct TextBox {
    text: String,
    x: i64,
    y: i64,
    cx: i64,
    cy: i64,
}

/// A group of a slide: its name, alt text and the texts inside.
#[derive(Debug)]
struct GroupShape {
    name: String,
    descr: String,
    texts: Vec<String>,
    /// The alt texts of the shapes inside.
    inner: Vec<String>,
}

struct Slide {
    texts: Vec<TextBox>,
    groups: Vec<GroupShape>,
    notes: String,
}

fn attr_i64(n: roxmltree::Node<'_, '_>, name: &str) -> i64 {
    n.attribute(name).unwrap().parse().unwrap()
}

fn run_text(n: roxmltree::Node<'_, '_>) -> String {
    n.descendants()
        .filter(|d| d.has_tag_name((A, "t")))
        .filter_map(|d| d.text())
        .collect()
}

/// The slides of a deck, in the order the presentation lists them.
fn slides(parts: &BTreeMap<String, Vec<u8>>) -> Vec<Slide> {
    let presentation = text(parts, "ppt/presentation.xml");
    let rels = text(parts, "ppt/_rels/presentation.xml.rels");
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = |id: &str| {
        rels.descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .and_then(|n| n.attribute("Target"))
            .unwrap()
            .to_owned()
    };
    let doc = roxmltree::Document::parse(&presentation).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((P, "sldId")))
        .map(|n| {
            let rid = n
                .attributes()
                .find(|a| a.name() == "id" && a.namespace().is_some())
                .unwrap()
                .value();
            let path = format!("ppt/{}", target(rid));
            let xml = text(parts, &path);
            let slide = roxmltree::Document::parse(&xml).unwrap();
            let texts = slide
                .descendants()
                .filter(|n| n.has_tag_name((P, "sp")))
                .filter(|n| n.descendants().any(|d| d.has_tag_name((A, "t"))))
                .map(|sp| {
                    let off = sp
                        .descendants()
                        .find(|d| d.has_tag_name((A, "off")))
                        .unwrap();
                    let ext = sp
                        .descendants()
                        .find(|d| d.has_tag_name((A, "ext")))
                        .unwrap();
                    TextBox {
                        text: run_text(sp),
                        x: attr_i64(off, "x"),
                        y: attr_i64(off, "y"),
                        cx: attr_i64(ext, "cx"),
                        cy: attr_i64(ext, "cy"),
                    }
                })
                .collect();
            let groups = slide
                .descendants()
                .filter(|n| n.has_tag_name((P, "grpSp")))
                .map(|g| {
                    let c = g
                        .descendants()
                        .find(|d| d.has_tag_name((P, "cNvPr")))
                        .unwrap();
                    GroupShape {
                        inner: g
                            .descendants()
                            .filter(|d| d.has_tag_name((P, "cNvPr")) && *d != c)
                            .filter_map(|d| d.attribute("descr"))
                            .map(str::to_owned)
                            .collect(),
                        name: c.attribute("name").unwrap().to_owned(),
                        descr: c.attribute("descr").unwrap_or("").to_owned(),
                        texts: g
                            .descendants()
                            .filter(|d| d.has_tag_name((P, "sp")))
                            .map(run_text)
                            .filter(|t| !t.is_empty())
                            .collect(),
                    }
                })
                .collect();
            let notes_path = path.replace("slides/slide", "notesSlides/notesSlide");
            let notes = roxmltree::Document::parse(&text(parts, &notes_path))
                .unwrap()
                .descendants()
                .filter(|d| d.has_tag_name((A, "p")))
                .map(run_text)
                .collect::<Vec<_>>()
                .join("\n");
            Slide {
                texts,
                groups,
                notes,
            }
        })
        .collect()
}

/// The chapter's lecture deck, as `annals deck` writes it.
fn lecture(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("events.toml"), dir.path().join("events.toml")).unwrap();
    let mut all = vec!["deck", "events.toml", "-o", "lecture.pptx"];
    all.extend_from_slice(args);
    annals(dir.path(), &all).success();
    std::fs::read(dir.path().join("lecture.pptx")).unwrap()
}

fn chapter() -> annals::model::Timeline {
    annals::check::load(&root().join("events.toml"))
        .unwrap()
        .timeline
}

/// Every part a relationship names is in the package, every part has a
/// content type, and every slide's shape ids are unique: what PowerPoint
/// checks before it opens a file.
#[test]
fn every_part_is_there_typed_and_linked() {
    let parts = parts(&lecture(&["--deck", "lecture"]));
    let types = text(&parts, "[Content_Types].xml");
    let types = roxmltree::Document::parse(&types).unwrap();
    let overrides: HashSet<&str> = types
        .descendants()
        .filter_map(|n| n.attribute("PartName"))
        .collect();
    let defaults: HashSet<&str> = types
        .descendants()
        .filter_map(|n| n.attribute("Extension"))
        .collect();
    for name in parts.keys().filter(|n| *n != "[Content_Types].xml") {
        let extension = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(format!("/{name}").as_str()) || defaults.contains(extension),
            "{name} has no content type"
        );
    }
    for part in overrides {
        assert!(
            parts.contains_key(&part[1..]),
            "{part} is typed but missing"
        );
    }
    for (name, data) in parts.iter().filter(|(n, _)| {
        std::path::Path::new(n)
            .extension()
            .is_some_and(|e| e == "rels")
    }) {
        let base = name.replace("_rels/", "").replace(".rels", "");
        let folder = base.rsplit_once('/').map_or("", |(f, _)| f);
        let doc = std::str::from_utf8(data).unwrap();
        let doc = roxmltree::Document::parse(doc).unwrap();
        for target in doc.descendants().filter_map(|n| n.attribute("Target")) {
            let mut path: Vec<&str> = if folder.is_empty() {
                Vec::new()
            } else {
                folder.split('/').collect()
            };
            for step in target.split('/') {
                match step {
                    ".." => {
                        path.pop();
                    }
                    s => path.push(s),
                }
            }
            let resolved = path.join("/");
            assert!(
                parts.contains_key(&resolved),
                "{name} names {resolved}, which is missing"
            );
        }
    }
    for (name, data) in parts
        .iter()
        .filter(|(n, _)| n.starts_with("ppt/slides/slide"))
    {
        let doc = roxmltree::Document::parse(std::str::from_utf8(data).unwrap()).unwrap();
        let ids: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name((P, "cNvPr")))
            .map(|n| n.attribute("id").unwrap())
            .collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{name} repeats a shape id");
    }
}

/// A slide per figure, a slide per step of a build (and one before the
/// first), and a title slide first.
#[test]
fn a_slide_per_figure_and_per_step() {
    let timeline = chapter();
    let deck = timeline.decks.iter().find(|d| d.id == "lecture").unwrap();
    let mut expected = 1;
    for id in &deck.figures {
        let figure = timeline.figures.iter().find(|f| &f.id == id).unwrap();
        expected += match &figure.steps {
            Some(_) => {
                let scene = annals::layout::timeline(&timeline, &figure.options).unwrap();
                scene.events.len() + 1
            }
            None => 1,
        };
    }
    let bytes = lecture(&["--deck", "lecture"]);
    let slides = slides(&parts(&bytes));
    assert_eq!(slides.len(), expected);
    // Each slide is named by a title placeholder, outside every group,
    // holding the first line of its figure's title.
    let all = parts(&bytes);
    for n in 1..=slides.len() {
        let xml = text(&all, &format!("ppt/slides/slide{n}.xml"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let titles: Vec<_> = doc
            .descendants()
            .filter(|d| d.has_tag_name((P, "ph")) && d.attribute("type") == Some("title"))
            .collect();
        assert_eq!(titles.len(), 1, "slide {n}");
        assert!(
            !titles[0].ancestors().any(|a| a.has_tag_name((P, "grpSp"))),
            "slide {n}: a grouped placeholder"
        );
        let sp = titles[0]
            .ancestors()
            .find(|a| a.has_tag_name((P, "sp")))
            .unwrap();
        let words = run_text(sp);
        assert!(!words.is_empty(), "slide {n}: an empty title");
        let expected = match n {
            1 => Some(timeline.title.as_str()),
            2 => Some("The forced march of industrialisation, 1926-1935"),
            _ => None,
        };
        if let Some(expected) = expected {
            assert_eq!(words, expected, "slide {n}");
        }
    }
    assert!(
        slides[0]
            .texts
            .iter()
            .any(|t| t.text.contains("The forced march"))
    );
    // Without the title slide, one fewer.
    let without = slides_of(&lecture(&["--deck", "lecture", "--no-title-slide"]));
    assert_eq!(without, expected - 1);
}

fn slides_of(bytes: &[u8]) -> usize {
    slides(&parts(bytes)).len()
}

/// Each event of a timeline's slide is one group named by its id, with
/// its date and label as alt text, its label (or its number) inside, and
/// its entry in the slide's notes.
#[test]
fn every_event_is_a_group_with_its_label_alt_text_and_notes() {
    let timeline = chapter();
    let slides = slides(&parts(&lecture(&["--figure", "chapter"])));
    assert_eq!(slides.len(), 2, "a title slide and the chapter");
    let slide = &slides[1];
    let figure = timeline.figures.iter().find(|f| f.id == "chapter").unwrap();
    let scene = annals::layout::timeline(&timeline, &figure.options).unwrap();
    let groups: Vec<&GroupShape> = slide
        .groups
        .iter()
        .filter(|g| timeline.event(&g.name).is_some())
        .collect();
    assert_eq!(
        groups.len(),
        scene.events.len(),
        "a group per event in view"
    );
    for g in groups {
        let event = timeline.event(&g.name).unwrap();
        assert_eq!(g.descr, annals::steps::event_name(&timeline, &event.id));
        let drawn = g.texts.join(" ");
        let first = event.label.split_whitespace().next().unwrap();
        assert!(
            drawn.contains(first) || drawn.chars().any(|c| c.is_ascii_digit()),
            "{}: draws {drawn:?}",
            event.id
        );
        assert!(
            slide.notes.contains(&event.label),
            "{}: not in the notes",
            event.id
        );
        // Its mark carries its alt text too (LibreOffice keeps a shape's).
        assert!(
            !g.inner.is_empty() && g.inner.iter().all(|d| *d == g.descr),
            "{}: {:?}",
            event.id,
            g.inner
        );
        for r in &event.sources {
            let source = timeline.source(&r.id).unwrap();
            if let Some(n) = source.note {
                assert!(
                    slide.notes.contains(&format!("note {n}, ")),
                    "{}: note {n}",
                    event.id
                );
            }
        }
    }
    // The key's samples describe no event.
    let key = slide
        .groups
        .iter()
        .find(|g| g.name == "Axis and key")
        .unwrap();
    assert!(key.inner.is_empty(), "{:?}", key.inner);
    // The figure's own alt text: the description the SVG carries.
    let figure_group = slide.groups.iter().find(|g| g.name == "Figure").unwrap();
    assert_eq!(figure_group.descr, scene.description.replace('\r', ""));
    assert!(slide.notes.starts_with(&scene.description));
}

/// Every text box of `bytes` lies inside its slide, and no two overlap by
/// the measurer's widths for Arial.
fn assert_texts_inside_and_apart(bytes: &[u8], what: &str) {
    let parts = parts(bytes);
    let presentation = text(&parts, "ppt/presentation.xml");
    let doc = roxmltree::Document::parse(&presentation).unwrap();
    let size = doc
        .descendants()
        .find(|n| n.has_tag_name((P, "sldSz")))
        .unwrap();
    let (w, h) = (attr_i64(size, "cx"), attr_i64(size, "cy"));
    assert_eq!(w * 3 == h * 4, what.contains("4:3"), "{what}: {w}x{h}");
    for (i, slide) in slides(&parts).iter().enumerate() {
        for t in &slide.texts {
            assert!(
                t.x >= 0 && t.y >= 0 && t.x + t.cx <= w && t.y + t.cy <= h,
                "{what} slide {}: {t:?} leaves the slide",
                i + 1
            );
        }
        // A quarter of a px (at 1920 px across) for rounding: the
        // layout's line boxes may touch.
        let slack = w / 1920 / 4;
        for (j, a) in slide.texts.iter().enumerate() {
            for b in &slide.texts[j + 1..] {
                let apart = a.x + a.cx <= b.x + slack
                    || b.x + b.cx <= a.x + slack
                    || a.y + a.cy <= b.y + slack
                    || b.y + b.cy <= a.y + slack;
                assert!(apart, "{what} slide {}: {a:?} overlaps {b:?}", i + 1);
            }
        }
    }
}

/// Every text box lies inside its slide, and no two overlap, on every
/// slide of the chapter's deck and of decks of other subjects (a century
/// BC, Meiji Japan, the Thirty Years' War), in both shapes.
#[test]
fn text_boxes_are_inside_the_slide_and_apart() {
    for aspect in ["16:9", "4:3"] {
        let bytes = lecture(&["--deck", "lecture", "--aspect", aspect]);
        assert_texts_inside_and_apart(&bytes, &format!("the chapter at {aspect}"));
        for subject in ["roman-republic", "meiji", "thirty-years-war"] {
            let dir = tempfile::tempdir().unwrap();
            let file = root().join(format!("tests/subjects/{subject}.toml"));
            let file = file.to_str().unwrap();
            annals(
                dir.path(),
                &["deck", file, "-o", "d.pptx", "--aspect", aspect],
            )
            .success();
            let bytes = std::fs::read(dir.path().join("d.pptx")).unwrap();
            assert_texts_inside_and_apart(&bytes, &format!("{subject} at {aspect}"));
            // An event a group, whatever the subject.
            let timeline = annals::check::load(std::path::Path::new(file))
                .unwrap()
                .timeline;
            let groups = slides(&parts(&bytes))
                .iter()
                .flat_map(|s| s.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>())
                .filter(|n| timeline.event(n).is_some())
                .count();
            assert_eq!(groups, timeline.events.len(), "{subject} at {aspect}");
        }
    }
}

/// The same file makes the same deck, byte for byte, and `build` writes
/// the decks the file declares.
#[test]
fn decks_are_reproducible_and_built() {
    assert_eq!(
        lecture(&["--deck", "lecture"]),
        lecture(&["--deck", "lecture"])
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("events.toml"), dir.path().join("events.toml")).unwrap();
    annals(dir.path(), &["build", "events.toml", "--out", "out"]).success();
    let built = std::fs::read(dir.path().join("out/lecture.pptx")).unwrap();
    assert_eq!(built, lecture(&["--deck", "lecture"]));
}

/// A file with no figure declared makes a deck of the whole file; a
/// deck that is not a .pptx, or names what is not declared, is refused
/// with what is.
#[test]
fn decks_from_the_command_line() {
    let dir = with_file(
        br#"[timeline]
title = "Two events"
[[event]]
id = "a"
label = "First"
date = "1900"
[[event]]
id = "b"
label = "Second"
date = "March 1905"
"#,
    );
    annals(dir.path(), &["deck", "events.toml", "-o", "d.pptx"])
        .success()
        .stderr(predicates::str::contains("wrote d.pptx: 2 slide(s)"));
    let slides = slides(&parts(&std::fs::read(dir.path().join("d.pptx")).unwrap()));
    assert_eq!(slides.len(), 2);
    assert!(
        slides[1]
            .groups
            .iter()
            .any(|g| g.name == "b" && g.descr == "March 1905: Second")
    );
    annals(dir.path(), &["deck", "events.toml", "-o", "d.png"])
        .failure()
        .stderr(predicates::str::contains("name the file NAME.pptx"));
    annals(
        dir.path(),
        &["deck", "events.toml", "-o", "e.pptx", "--figure", "nope"],
    )
    .failure()
    .stderr(predicates::str::contains("the figure `nope`"));
    annals(
        dir.path(),
        &["deck", "events.toml", "-o", "e.pptx", "--deck", "nope"],
    )
    .failure()
    .stderr(predicates::str::contains("there is no deck `nope`"));
    annals(
        dir.path(),
        &["deck", "events.toml", "-o", "e.pptx", "--aspect", "3:2"],
    )
    .failure()
    .stderr(predicates::str::contains("use 16:9 or 4:3"));
    assert!(
        !dir.path().join("e.pptx").exists(),
        "a refused deck writes nothing"
    );
}

/// A `[[deck]]` that names an unknown figure, an unknown slide shape or
/// theme, or no figure at all, is an error located in the file.
#[test]
fn a_declared_deck_is_checked() {
    let head = r#"[timeline]
title = "T"
[[event]]
id = "a"
label = "A"
date = "1900"
[[figure]]
id = "whole"
"#;
    let unknown = format!("{head}[[deck]]\nid = \"d\"\nfigures = [\"hole\"]\n");
    assert_eq!(errors(&unknown), ["11:12: there is no figure `hole`"]);
    let report = annals::check::from_str("t.toml", &unknown).unwrap_err();
    assert!(
        report.to_string().contains("did you mean `whole`?"),
        "{report}"
    );
    let found = errors(&format!(
        "{head}[[deck]]\nid = \"d\"\nfigures = []\naspect = \"3:2\"\ntheme = \"night\"\n"
    ));
    assert_eq!(
        found,
        [
            "11:11: a deck needs at least one figure",
            "12:10: `3:2` is not a slide shape",
            "13:9: `night` is not a theme",
        ]
    );
    let found = errors(&format!(
        "{head}[[deck]]\nid = \"d\"\nfigures = [\"whole\"]\nslides = 3\n\
         [[deck]]\nid = \"d\"\nfigures = [\"whole\"]\n"
    ));
    assert_eq!(
        found.len(),
        2,
        "an unknown key and a repeated id: {found:?}"
    );
    // Its id names its file.
    let found = errors(&format!(
        "{head}[[deck]]\nid = \"talks/one\"\nfigures = [\"whole\"]\n"
    ));
    assert_eq!(
        found,
        ["10:6: the deck id holds a character file names cannot (/ \\ : * ? \" < > |)"]
    );
    // A deck of a declared figure loads.
    let fine = format!("{head}[[deck]]\nid = \"d\"\nfigures = [\"whole\"]\n");
    assert!(errors(&fine).is_empty());
}

/// A figure that fits its own size but not a slide is an error of the
/// deck that shows it, located at the deck's id, found before anything is
/// written.
#[test]
fn a_deck_whose_slide_cannot_hold_a_figure_is_located() {
    let mut text = String::from("[timeline]\ntitle = \"Many lanes\"\n");
    for i in 0..60 {
        let _ = write!(
            text,
            "[[category]]\nid = \"c{i}\"\nlabel = \"Lane {i}\"\n[[event]]\nid = \"e{i}\"\nlabel = \"Event {i}\"\ndate = \"{}\"\ncategory = \"c{i}\"\n",
            1900 + i
        );
    }
    text.push_str("[[figure]]\nid = \"tall\"\nsize = \"1920x8000\"\nformats = [\"svg\"]\n");
    assert!(errors(&text).is_empty(), "the figure fits its own size");
    let line = text.lines().count() + 2;
    text.push_str("[[deck]]\nid = \"talk\"\nfigures = [\"tall\"]\n");
    assert_eq!(
        errors(&text),
        [format!(
            "{line}:6: the deck `talk` cannot show the figure `tall` on its slides"
        )]
    );
}

/// Events a slide has no room for are named in a warning, as for figures.
#[test]
fn a_deck_warns_of_events_left_out() {
    let mut text = String::from("[timeline]\ntitle = \"Dense\"\n");
    for i in 0..300 {
        let _ = write!(
            text,
            "[[event]]\nid = \"e{i}\"\nlabel = \"Event number {i} of the year\"\ndate = \"{} March 1900\"\n",
            1 + i % 28
        );
    }
    let dir = with_file(text.as_bytes());
    annals(dir.path(), &["deck", "events.toml", "-o", "d.pptx"])
        .success()
        .stderr(predicates::str::contains(
            "warning: d.pptx (figure `timeline`):",
        ))
        .stderr(predicates::str::contains("left out for lack of room"));
}

/// Text that XML and PowerPoint treat specially (markup, quotes,
/// ampersands, `]]>`, tabs, emoji, right-to-left script) stays text: every
/// part is well-formed and each label reads back as written.
#[test]
fn any_text_reads_back_as_written() {
    let labels = [
        "<b>bold</b> & \"quoted\" 'single'",
        "]]> end of CDATA",
        "tab\there",
        "Alexandria 🏛 library",
        "مكتبة الإسكندرية",
    ];
    let mut text = String::from("[timeline]\ntitle = \"<Title> & \\\"more\\\"\"\n");
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(
            text,
            "[[event]]\nid = \"e{i}\"\nlabel = {}\ndate = \"{}\"\n",
            toml_string(label),
            1900 + 10 * i
        );
    }
    let dir = with_file(text.as_bytes());
    annals(dir.path(), &["deck", "events.toml", "-o", "d.pptx"]).success();
    let bytes = std::fs::read(dir.path().join("d.pptx")).unwrap();
    let parts = parts(&bytes);
    for (name, data) in &parts {
        if std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e == "xml" || e == "rels")
        {
            let text = std::str::from_utf8(data).unwrap();
            assert!(roxmltree::Document::parse(text).is_ok(), "{name}");
        }
    }
    let slides = slides(&parts);
    let drawn: Vec<&str> = slides[1].texts.iter().map(|t| t.text.as_str()).collect();
    for label in labels {
        assert!(drawn.contains(&label), "{label:?} not among {drawn:?}");
        assert!(
            slides[1].notes.contains(label),
            "{label:?} not in the notes"
        );
    }
    assert!(
        slides[0]
            .texts
            .iter()
            .any(|t| t.text == "<Title> & \"more\"")
    );
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A chart's slide is its scene, laid out once in Arial's metrics: every
/// text of the scene is a text box of the slide, where the scene puts it,
/// and no other text is, for every chart kind of the chapter.
#[test]
fn a_chart_slide_draws_the_charts_scene() {
    use annals::figure::{FigureKind, Size};
    use annals::font::{Measure, measured_in};
    let timeline = chapter();
    let charts: Vec<_> = timeline
        .figures
        .iter()
        .filter_map(|f| match &f.kind {
            FigureKind::Chart(chart) => Some((f, chart)),
            FigureKind::Timeline => None,
        })
        .collect();
    assert!(charts.len() >= 5, "{} charts", charts.len());
    for (figure, chart) in charts {
        let mut options = figure.options.clone();
        options.size = Size::new(1920, 1080);
        let scene = measured_in(Measure::Arial, || {
            annals::layout::chart::chart(&timeline, chart, &options)
        })
        .unwrap();
        // Each text at its left edge, in whole px (6,350 EMU a px).
        let mut wanted: Vec<(String, i64)> = scene
            .geometry
            .texts
            .iter()
            .map(|t| (t.text.clone(), t.left.round() as i64))
            .collect();
        let bytes = lecture(&["--figure", &figure.id, "--no-title-slide"]);
        let slides = slides(&parts(&bytes));
        assert_eq!(slides.len(), 1, "{}", figure.id);
        let mut drawn: Vec<(String, i64)> = slides[0]
            .texts
            .iter()
            .map(|t| (t.text.clone(), t.x / 6350))
            .collect();
        assert!(wanted.len() > 10, "{}: {} texts", figure.id, wanted.len());
        wanted.sort();
        drawn.sort();
        assert_eq!(drawn, wanted, "{}", figure.id);
    }
}
