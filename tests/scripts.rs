//! Dates and scripts as a new user meets them: CJK text drawn with real
//! glyphs in SVG, PNG and PDF, a character no font has reported where it is
//! written, and errors that neither echo a date changed nor cascade.

use std::collections::BTreeSet;

use super::{errors, with_file};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fonts/annals-test-cjk.ttf"
);

/// A Meiji-era file naming the fixture font beside it.
fn meiji(labels: [&str; 2], fonts: bool) -> tempfile::TempDir {
    let fonts = if fonts {
        "fonts = [\"annals-test-cjk.ttf\"]\n"
    } else {
        ""
    };
    let text = format!(
        "[timeline]\ntitle = \"Meiji\"\n{fonts}\n\
         [[event]]\nid = \"a\"\nlabel = \"{}\"\ndate = \"3 January 1868\"\n\n\
         [[event]]\nid = \"b\"\nlabel = \"{}\"\ndate = \"1894-5\"\n",
        labels[0], labels[1]
    );
    let dir = with_file(text.as_bytes());
    std::fs::copy(FIXTURE, dir.path().join("annals-test-cjk.ttf")).unwrap();
    dir
}

/// `annals` with the system's fonts out of the chain, so that what is
/// drawn depends only on the fonts the test names.
fn annals_alone(dir: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("annals")
        .unwrap()
        .current_dir(dir)
        .env("ANNALS_NO_SYSTEM_FONTS", "1")
        .args(args)
        .assert()
}

/// The characters each embedded font of an SVG maps.
fn embedded_chars(svg: &str) -> BTreeSet<char> {
    use base64::Engine as _;
    let mut chars = BTreeSet::new();
    for data in svg.split("base64,").skip(1) {
        let end = data.find(')').unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&data[..end])
            .unwrap();
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        for table in face.tables().cmap.unwrap().subtables {
            table.codepoints(|c| {
                if let Some(ch) = char::from_u32(c)
                    && table.glyph_index(c).is_some()
                {
                    chars.insert(ch);
                }
            });
        }
    }
    chars
}

#[test]
fn a_japanese_label_is_drawn_with_real_glyphs_in_svg_png_and_pdf() {
    let dir = meiji(
        ["明治維新 Meiji Restoration", "日清戦争 Sino-Japanese War"],
        true,
    );
    annals_alone(dir.path(), &["check"]).success().stderr("");
    annals_alone(dir.path(), &["timeline", "-o", "t.svg"]).success();
    let svg = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    // The SVG embeds a glyph for every character it draws.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let drawn: BTreeSet<char> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(drawn.contains(&'維'));
    let embedded = embedded_chars(&svg);
    let missing: Vec<&char> = drawn.difference(&embedded).collect();
    assert!(missing.is_empty(), "not embedded: {missing:?}");
    assert!(svg.contains("font-family=\"&apos;DejaVu Sans&apos;, &apos;Annals Test CJK&apos;\""));
    // The PDF embeds the font.
    annals_alone(dir.path(), &["timeline", "-o", "t.pdf"]).success();
    let pdf = std::fs::read(dir.path().join("t.pdf")).unwrap();
    assert!(
        pdf.windows(13).any(|w| w == b"AnnalsTestCJK"),
        "no CJK font in the PDF"
    );
}

/// Boxes look alike: two labels of other CJK characters, the same width,
/// give the same picture when drawn as boxes and different ones when drawn
/// with glyphs. Without the font they are alike, which shows the test can
/// fail.
#[test]
fn a_png_of_cjk_text_is_not_boxes() {
    let png = |labels: [&str; 2], fonts: bool| -> Vec<u8> {
        let dir = meiji(labels, fonts);
        annals_alone(dir.path(), &["timeline", "-o", "t.png"]).success();
        std::fs::read(dir.path().join("t.png")).unwrap()
    };
    let (a, b) = (["明治", "日清"], ["維新", "戦争"]);
    assert_ne!(png(a, true), png(b, true), "CJK drawn as boxes");
    assert_eq!(png(a, false), png(b, false), "without the font: boxes");
}

#[test]
fn the_command_line_names_a_font_too() {
    let dir = meiji(["明治維新", "日清戦争"], false);
    annals_alone(dir.path(), &["--font", "annals-test-cjk.ttf", "check"])
        .success()
        .stderr("");
    annals_alone(dir.path(), &["--font", "missing.ttf", "check"])
        .code(2)
        .stderr(predicates::str::contains(
            "cannot use the font `missing.ttf`",
        ));
}

#[test]
fn a_character_no_font_has_is_a_located_warning() {
    let dir = meiji(["明治維新", "Linear B \u{10000}"], false);
    annals_alone(dir.path(), &["check"])
        .success()
        .stderr(predicates::str::contains(
            "events.toml:6:9: warning: no font annals can find draws `明`",
        ))
        .stderr(predicates::str::contains("`\u{10000}` (U+10000)"))
        .stdout(predicates::str::contains("2 warnings"));
    let text = "[timeline]\ntitle = \"t\"\nfonts = [\"nowhere.ttf\"]\n\n\
                [[event]]\nid = \"a\"\nlabel = \"a\"\ndate = \"1900\"\n";
    assert_eq!(
        errors(text),
        [
            "3:10: cannot use the font `nowhere.ttf`: cannot read nowhere.ttf: No such file or directory (os error 2)"
        ]
    );
}

/// `list` pads columns by the width a terminal gives each character.
#[test]
fn list_aligns_columns_by_display_width() {
    let dir = meiji(["明治維新", "Sino-Japanese War"], true);
    let out = annals_alone(dir.path(), &["list"])
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let column = |label: &str| {
        let line = out.lines().find(|l| l.contains(label)).unwrap();
        let at = line.find(label).unwrap();
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    // Both labels start at one column, and what follows them too.
    assert_eq!(column("明治維新"), column("Sino-Japanese War"));
    let header = out.lines().next().unwrap();
    let category =
        unicode_width::UnicodeWidthStr::width(&header[..header.find("category").unwrap()]);
    for label in ["明治維新", "Sino-Japanese War"] {
        let line = out.lines().find(|l| l.contains(label)).unwrap();
        let end = line.find(label).unwrap() + label.len();
        let padded = unicode_width::UnicodeWidthStr::width(&line[..end])
            + line[end..].chars().take_while(|c| *c == ' ').count();
        assert!(
            padded >= category || line[end..].trim().is_empty(),
            "{line}"
        );
    }
}

/// A date with an error is reported once, as written; the event or series
/// is still declared, so references to it are not errors too.
#[test]
fn a_bad_date_is_reported_once_and_as_written() {
    let text = "[[event]]\nid = \"social-war\"\nlabel = \"Social War\"\ndate = \"Octember 91 BC\"\n\n\
                [[event]]\nid = \"sulla\"\nlabel = \"Sulla\"\ndate = \"88 BC\"\n\n\
                [[series]]\nid = \"census\"\nlabel = \"Census\"\nunit = \"citizens\"\n\
                points = [{ date = \"86 BC?x\", value = 463000 }]\n\n\
                [[figure]]\nid = \"f\"\nkind = \"lines\"\nseries = [\"census\"]\n\
                events = [\"social-war\"]\n";
    let found = errors(text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("4:8: `Octember` in `Octember 91 BC`"),
        "{found:?}"
    );
    assert!(
        found.iter().all(|e| !e.contains("there is no")),
        "{found:?}"
    );
}
