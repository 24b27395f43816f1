//! What users see of the output side, tested through the CLI into a
//! temporary folder (never through the committed `output/`): escaping,
//! atomic writes, text alternatives, options, warnings, `build --changed`.

use std::fmt::Write as _;
use std::os::unix::fs::MetadataExt as _;

use predicates::prelude::*;

use super::{annals, desc_of, root, with_file};

const TWO: &str = "[[event]]\nid = \"a\"\nlabel = \"Decree <b> & \\\"quotes\\\"\"\ndate = \"1926\"\n\
    sources = [\"n1\"]\n\n[[event]]\nid = \"b\"\nlabel = \"Plan\"\ndate = \"1929/30 (economic year)\"\n\n\
    [[source]]\nid = \"n1\"\nnote = 7\ncitation = \"A book\"\n";

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

/// The texts an SVG draws, trimmed, in document order.
fn texts_of(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
        .collect()
}

/// Markup in titles and labels is escaped: the SVG parses and says it.
#[test]
fn titles_and_labels_with_markup_stay_well_formed() {
    let dir = with_file(TWO.as_bytes());
    annals(
        dir.path(),
        &["timeline", "--title", "Wages <1913 & after", "-o", "t.svg"],
    )
    .success();
    let svg = read(&dir, "t.svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(title, "Wages <1913 & after");
    let texts: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains("Decree <b> & \"quotes\""), "{texts}");
}

/// A figure is written to a new file and renamed over the old one, never
/// truncated and rewritten in place: a reader never sees half a figure.
#[test]
fn outputs_replace_the_old_file_by_rename() {
    let dir = with_file(TWO.as_bytes());
    annals(dir.path(), &["timeline", "-o", "t.svg"]).success();
    let before = std::fs::metadata(dir.path().join("t.svg")).unwrap().ino();
    annals(dir.path(), &["timeline", "--title", "Other", "-o", "t.svg"]).success();
    let after = std::fs::metadata(dir.path().join("t.svg")).unwrap().ino();
    assert_ne!(before, after, "rewritten in place");
    assert!(read(&dir, "t.svg").contains("Other"));
    // A new figure is an ordinary file (0644), and a replaced one keeps the
    // permissions it had.
    let mode = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().mode() & 0o777;
    assert_eq!(mode("t.svg"), 0o644);
    std::fs::set_permissions(
        dir.path().join("t.svg"),
        std::os::unix::fs::PermissionsExt::from_mode(0o640),
    )
    .unwrap();
    annals(dir.path(), &["timeline", "-o", "t.svg"]).success();
    assert_eq!(mode("t.svg"), 0o640);
    // A write that fails (a folder where the file should go) leaves no
    // temporary file behind.
    std::fs::create_dir(dir.path().join("d.svg")).unwrap();
    annals(dir.path(), &["timeline", "-o", "d.svg"])
        .code(2)
        .stderr(predicate::str::contains("cannot write d.svg: is a folder"));
    let stray = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with(".annals-"));
    assert!(!stray, "a temporary file was left behind");
}

/// PNG and PDF cannot carry a text alternative: an `.alt.txt` beside them
/// holds the description, the same as the SVG's `<desc>`.
#[test]
fn png_and_pdf_get_their_alt_text() {
    let dir = with_file(TWO.as_bytes());
    annals(dir.path(), &["timeline", "-o", "t.svg"]).success();
    let desc = desc_of(&read(&dir, "t.svg"));
    for name in ["t.png", "t.pdf"] {
        annals(dir.path(), &["timeline", "-o", name])
            .success()
            .stderr(predicate::str::contains("t.alt.txt"));
        assert_eq!(read(&dir, "t.alt.txt").trim(), desc.trim(), "{name}");
        std::fs::remove_file(dir.path().join("t.alt.txt")).unwrap();
    }
    // `build` writes one for each figure with a PNG or PDF.
    let file = format!("{TWO}\n[[figure]]\nid = \"f\"\nformats = [\"svg\", \"png\"]\n");
    let dir = with_file(file.as_bytes());
    annals(dir.path(), &["build", "--out", "out"]).success();
    assert!(read(&dir, "out/f.alt.txt").contains("Decree"));
}

/// The file's `economic_year_start` decides what "1929/30" covers.
#[test]
fn the_economic_year_starts_where_the_file_says() {
    let start = |file: &str| {
        let dir = with_file(file.as_bytes());
        let out = annals(dir.path(), &["list", "--format", "json"])
            .success()
            .get_output()
            .stdout
            .clone();
        let rows: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let plan = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "b")
            .unwrap()
            .clone();
        (plan["start"].clone(), plan["end"].clone())
    };
    assert_eq!(start(TWO), ("1929-10-01".into(), "1930-09-30".into()));
    let april = format!("[timeline]\neconomic_year_start = 4\n\n{TWO}");
    assert_eq!(start(&april), ("1929-04-01".into(), "1930-03-31".into()));
}

/// Events left out for lack of room are said so on standard error and on
/// the figure ("N more not shown"), and listed in its description.
#[test]
fn events_left_out_are_warned_about_and_counted_on_the_figure() {
    let mut file = String::new();
    for i in 0..40 {
        let _ = write!(
            file,
            "[[event]]\nid = \"e{i}\"\nlabel = \"A long label for the decision taken in step {i} of the crisis\"\n\
             date = \"{} March 1921\"\n\n",
            i % 28 + 1
        );
    }
    let dir = with_file(file.as_bytes());
    annals(
        dir.path(),
        &["timeline", "--size", "560x300", "-o", "t.svg"],
    )
    .success()
    .stderr(predicate::str::contains("left out for lack of room"));
    let svg = read(&dir, "t.svg");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let more = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .find(|t| t.contains("more not shown"))
        .expect("the figure counts what it leaves out");
    let n: usize = more.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n > 0);
    // Every event is still in the description.
    let desc = desc_of(&svg);
    assert!(desc.contains("step 39 of the crisis"), "{desc}");
}

/// `--title`, `--format` and `--no-notes` change what is drawn.
#[test]
fn title_format_and_notes_options_take_effect() {
    // Notes on by default in the file; `--no-notes` turns them off.
    let dir = with_file(format!("[timeline.defaults]\nnotes = true\n\n{TWO}").as_bytes());
    annals(dir.path(), &["timeline", "-o", "a.svg"]).success();
    annals(
        dir.path(),
        &["timeline", "--no-notes", "--title", "Mine", "-o", "b.svg"],
    )
    .success();
    let texts = |name: &str| texts_of(&read(&dir, name));
    assert!(texts("a.svg").iter().any(|t| t == "7"), "note 7 drawn");
    assert!(!texts("b.svg").iter().any(|t| t == "7"), "--no-notes");
    assert!(texts("b.svg").iter().any(|t| t == "Mine"), "--title");
    // --format wins over the extension, or stands in for a missing one.
    annals(dir.path(), &["timeline", "--format", "png", "-o", "c.out"]).success();
    let png = std::fs::read(dir.path().join("c.out")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    annals(dir.path(), &["timeline", "--format", "pdf", "-o", "-"])
        .success()
        .stdout(predicate::function(|out: &[u8]| out.starts_with(b"%PDF")));
}

/// Old Style dates after January 1918 warn, on standard error; the last
/// Julian day does not.
#[test]
fn old_style_after_january_1918_warns_on_standard_error() {
    let event = |date: &str| format!("[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = \"{date}\"\n");
    let dir = with_file(event("31 January 1918 (Old Style)").as_bytes());
    annals(dir.path(), &["check"])
        .success()
        .stderr(predicate::str::contains("warning").not());
    let dir = with_file(event("1 February 1918 (Old Style)").as_bytes());
    annals(dir.path(), &["check"])
        .success()
        .stdout(predicate::str::contains("1 warning"))
        .stderr(predicate::str::contains("events.toml:4:8: warning"));
}

/// `build --changed` skips what has not changed, but makes again a figure
/// whose file was deleted.
#[test]
fn build_changed_remakes_deleted_outputs() {
    let file = format!("{TWO}\n[[figure]]\nid = \"f\"\n\n[[figure]]\nid = \"g\"\ntitle = \"G\"\n");
    let dir = with_file(file.as_bytes());
    annals(dir.path(), &["build", "--out", "out"]).success();
    annals(dir.path(), &["build", "--changed", "--out", "out"])
        .success()
        .stderr(predicate::str::contains("2 unchanged figure(s) skipped"));
    std::fs::remove_file(dir.path().join("out/g.svg")).unwrap();
    annals(dir.path(), &["build", "--changed", "--out", "out"])
        .success()
        .stderr(predicate::str::contains("rendered g"))
        .stderr(predicate::str::contains("rendered f").not());
    assert!(dir.path().join("out/g.svg").exists());
}

/// The committed `output/` holds exactly what a build makes: no stale
/// file, and no file the code no longer makes.
#[test]
fn output_holds_no_file_the_build_does_not_make() {
    let chapter = annals::load::load(&root().join("events.toml"))
        .unwrap()
        .timeline;
    let dir = tempfile::tempdir().unwrap();
    annals::build::build(&chapter, dir.path()).unwrap();
    // No SVG the build writes has a `dy` (LibreOffice and PowerPoint ignore
    // it): every baseline is in `y`.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = std::fs::read_to_string(&path).unwrap();
            assert!(!svg.contains(" dy="), "{} has a dy", path.display());
        }
    }
    for entry in std::fs::read_dir(root().join("output")).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(
            dir.path().join(&name).exists(),
            "output/{} is not made by the build any more: delete it",
            name.to_string_lossy()
        );
    }
}

/// A PDF names its title, author, subject (the description) and language,
/// for readers' title bars, document properties and screen readers.
#[test]
fn pdfs_carry_title_author_subject_and_language() {
    let file = format!(
        "[timeline]\ntitle = \"Löhne & Preise\"\nlanguage = \"de\"\n\n\
         [timeline.work]\nauthor = \"Tony Cliff\"\ntitle = \"Trotsky\"\n\n{TWO}"
    );
    let dir = with_file(file.as_bytes());
    annals(dir.path(), &["timeline", "-o", "t.pdf"]).success();
    let doc = lopdf::Document::load(dir.path().join("t.pdf")).unwrap();
    let text = |o: &lopdf::Object| -> String {
        let bytes = o.as_str().unwrap();
        if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap();
    assert_eq!(text(info.get(b"Title").unwrap()), "Löhne & Preise");
    assert_eq!(text(info.get(b"Author").unwrap()), "Tony Cliff");
    let subject = text(info.get(b"Subject").unwrap());
    assert_eq!(subject.trim(), read(&dir, "t.alt.txt").trim());
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    assert_eq!(text(catalog.get(b"Lang").unwrap()), "de");
    // A language that is no tag is a located error.
    let bad = format!("[timeline]\nlanguage = \"English!\"\n\n{TWO}");
    annals(with_file(bad.as_bytes()).path(), &["check"])
        .code(1)
        .stderr(predicate::str::contains(
            "events.toml:2:12: error: `English!` is not a language tag",
        ));
}

/// An unquoted date (TOML reads it as a datetime) gets a hint to quote it;
/// `--axis economic` labels the axis in economic years.
#[test]
fn the_quote_the_date_hint_and_the_economic_axis() {
    let file = "[[event]]\nid = \"e\"\nlabel = \"E\"\ndate = 1926-04-01\n";
    annals(with_file(file.as_bytes()).path(), &["check"])
        .code(1)
        .stderr(predicate::str::contains(
            "hint: quote the date: date = \"1926-04-01\"",
        ));
    let dir = with_file(TWO.as_bytes());
    annals(
        dir.path(),
        &["timeline", "--axis", "economic", "-o", "e.svg"],
    )
    .success();
    annals(dir.path(), &["timeline", "-o", "c.svg"]).success();
    let ticks = |name: &str| texts_of(&read(&dir, name));
    // Economic years are written 1929/30.
    let economic = |t: &String| {
        t.len() == 7
            && t.as_bytes()[4] == b'/'
            && t.chars().filter(char::is_ascii_digit).count() == 6
    };
    assert!(ticks("e.svg").iter().any(economic), "{:?}", ticks("e.svg"));
    assert!(!ticks("c.svg").iter().any(economic), "{:?}", ticks("c.svg"));
}
