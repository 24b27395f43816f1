//! The interactive page (`-o x.html`, `formats = ["html"]`): its structure
//! without a browser, and, when `ANNALS_BROWSER_TESTS=1`, its behaviour in
//! headless Chromium (tests/README.md).

use std::collections::BTreeSet;
use std::io::Read as _;

use base64::Engine as _;

use super::{annals, root, with_file};

/// The chapter's page, made through the CLI in a temporary folder.
fn chapter_page() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("events.toml"), dir.path().join("events.toml")).unwrap();
    annals(
        dir.path(),
        &["timeline", "events.toml", "-o", "chapter.html"],
    )
    .success();
    let html = std::fs::read_to_string(dir.path().join("chapter.html")).unwrap();
    (dir, html)
}

/// The text of the element `<tag ... id="{id}">`.
fn element<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</").unwrap();
    &html[start..end]
}

fn json(html: &str, id: &str) -> serde_json::Value {
    serde_json::from_str(element(html, id)).unwrap_or_else(|e| panic!("#{id}: {e}"))
}

fn inflate(b64: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .unwrap();
    let inflated = miniz_oxide::inflate::decompress_to_vec_zlib(&bytes).unwrap();
    String::from_utf8(inflated).unwrap()
}

/// The inline first view and every packed view, in both themes.
fn views(html: &str) -> Vec<String> {
    let start = html.find("<div class=\"view light\">").unwrap();
    let end = start + html[start..].find("</div>").unwrap();
    let mut out = vec![html[start + "<div class=\"view light\">".len()..end].to_owned()];
    for v in json(html, "views-data").as_array().unwrap() {
        for theme in ["light", "dark"] {
            let packed = v[theme].as_str().unwrap();
            if !packed.is_empty() {
                out.push(inflate(packed));
            }
        }
    }
    out
}

#[test]
fn the_page_embeds_the_data_of_annals_list() {
    let (dir, html) = chapter_page();
    let listed = annals(dir.path(), &["list", "events.toml", "--format", "json"]).success();
    let listed: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    assert_eq!(json(&html, "events-data"), listed);
    // Every note an event cites is there with its citation.
    let sources = json(&html, "sources-data");
    for e in listed.as_array().unwrap() {
        for s in e["sources"].as_array().unwrap() {
            let id = s["id"].as_str().unwrap();
            assert!(sources[id]["citation"].is_string(), "{id}");
        }
    }
}

#[test]
fn every_event_shown_is_focusable_by_its_id_in_the_list_and_the_figure() {
    let (_dir, html) = chapter_page();
    let shown: Vec<String> = json(&html, "events-data")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .filter(|id| html.contains(&format!("data-event=\"{id}\"")))
        .collect();
    assert_eq!(shown.len(), 48, "the chapter's events");
    let first = &views(&html)[0];
    for id in &shown {
        assert!(
            html.contains(&format!("<button type=\"button\" id=\"event-{id}\"")),
            "{id} has a button"
        );
        let group =
            format!("<g class=\"event\" data-event=\"{id}\" tabindex=\"0\" role=\"button\"");
        assert!(first.contains(&group), "{id} is focusable in the figure");
    }
    // Ids are unique.
    let ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(at, _)| {
            let rest = &html[at + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn the_page_needs_no_network_and_stays_small() {
    let (_dir, html) = chapter_page();
    assert!(html.len() < 300 * 1024, "{} bytes", html.len());
    // The SVG namespace is a name, not a request.
    let outside = html.replace("http://www.w3.org/2000/svg", "");
    for needle in [
        "http://", "https://", "//cdn", "@import", " src=\"", "<link", "<iframe",
    ] {
        assert!(!outside.contains(needle), "the page names {needle}");
    }
    // The font is inline, packed, once for every view.
    assert_eq!(html.matches("data-font=\"DejaVu Sans\"").count(), 2);
    for script in html.split("data-font=\"DejaVu Sans\"").skip(1) {
        let b64 = &script[script.find('>').unwrap() + 1..script.find("</script>").unwrap()];
        let font = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .unwrap();
        let mut ttf = Vec::new();
        flate_read(&font, &mut ttf);
        assert!(ttf.starts_with(&[0, 1, 0, 0]), "a TrueType font");
    }
}

fn flate_read(zlib: &[u8], out: &mut Vec<u8>) {
    let inflated = miniz_oxide::inflate::decompress_to_vec_zlib(zlib).unwrap();
    std::io::Cursor::new(inflated).read_to_end(out).unwrap();
}

#[test]
fn every_view_is_a_well_formed_figure_without_a_font_of_its_own() {
    let (_dir, html) = chapter_page();
    let views = views(&html);
    // The whole period, three halves and seven quarters, in two themes
    // (the first light one inline).
    assert_eq!(views.len(), 2 * 11);
    for svg in &views {
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert!(root.attribute("viewBox").is_some());
        assert!(doc.descendants().any(|n| n.has_tag_name("title")));
        assert!(!svg.contains("@font-face"));
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            assert!(text.attribute("textLength").is_some());
            assert!(text.attribute("dy").is_none());
        }
    }
    let names: Vec<String> = json(&html, "views-data")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names[0], "January 1913 to December 1935");
    assert!(names[1..].iter().all(|n| n.contains("zoom level")));
}

/// The page opens on the figure as its SVG draws it: the same elements
/// (the figure's carry classes too, which the page's views leave out to
/// stay small).
#[test]
fn the_first_view_is_the_figure() {
    let (dir, html) = chapter_page();
    annals(
        dir.path(),
        &["timeline", "events.toml", "-o", "chapter.svg"],
    )
    .success();
    let svg = std::fs::read_to_string(dir.path().join("chapter.svg")).unwrap();
    let drawn = |svg: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let mut all: Vec<String> = doc
            .descendants()
            .filter(|n| super::DRAWN.contains(&n.tag_name().name()))
            .map(super::signature)
            .map(|s| {
                ["leader", "mark", "label", "note", "number"]
                    .iter()
                    .fold(s, |s, c| s.replace(&format!("class={c} "), ""))
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(drawn(&views(&html)[0]), drawn(&svg));
}

#[test]
fn a_chart_cannot_ask_for_a_page() {
    let file = "[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = \"1926\"\n\n\
        [[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"%\"\ncolumns = [{ label = \"x\" }]\nrows = [{ label = \"a\", values = [1] }]\n\n\
        [[figure]]\nid = \"c\"\nkind = \"bars\"\ntable = \"t\"\nformats = [\"svg\", \"html\"]\n";
    let dir = with_file(file.as_bytes());
    annals(dir.path(), &["check"])
        .failure()
        .stderr(predicates::str::contains(
            "an interactive page (`html`) is made for timelines",
        ))
        .stderr(predicates::str::contains("events.toml:"));
}

#[test]
fn build_writes_the_page_a_figure_asks_for() {
    let file = "[[event]]\nid = \"a\"\nlabel = \"Decree\"\ndate = \"1926\"\n\n\
        [[event]]\nid = \"b\"\nlabel = \"Plan\"\ndate = \"1929/30 (economic year)\"\n\n\
        [[figure]]\nid = \"t\"\nformats = [\"svg\", \"html\"]\n";
    let dir = with_file(file.as_bytes());
    annals(dir.path(), &["build", "--out", "out"]).success();
    let html = std::fs::read_to_string(dir.path().join("out/t.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("id=\"event-a\"") && html.contains("id=\"event-b\""));
    // No PNG or PDF: no text alternative beside (the page carries its own).
    assert!(!dir.path().join("out/t.alt.txt").exists());
}

/// In headless Chromium, in the light and the dark colour scheme: the page
/// opens, zooms in and out by its keys, an event is reached by focus and
/// opened with Enter, no two texts of the figure overlap at three zoom
/// levels, and (with `ANNALS_AXE` naming axe-core's `axe.min.js`) axe-core
/// finds no violation. Run with `ANNALS_BROWSER_TESTS=1` (needs `chromium`
/// on the PATH).
#[test]
fn in_a_browser_the_page_zooms_and_opens_events_without_overlaps() {
    if std::env::var_os("ANNALS_BROWSER_TESTS").is_none() {
        return;
    }
    let (dir, _html) = chapter_page();
    std::fs::write(
        dir.path().join("driver.html"),
        include_str!("page/driver.html"),
    )
    .unwrap();
    let axe = std::env::var_os("ANNALS_AXE");
    if let Some(axe) = &axe {
        std::fs::copy(axe, dir.path().join("axe.min.js")).expect("ANNALS_AXE names axe.min.js");
    }
    for scheme in ["1", "0"] {
        drive(dir.path(), scheme, axe.is_some());
    }
}

/// Runs the driver with `preferredColorScheme` `scheme` (0 dark, 1 light).
fn drive(dir: &std::path::Path, scheme: &str, axe: bool) {
    let url = format!("file://{}", dir.join("driver.html").display());
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            &format!("--blink-settings=preferredColorScheme={scheme}"),
            "--window-size=1400,1000",
            "--virtual-time-budget=30000",
            "--dump-dom",
            &url,
        ])
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"result\">").expect("the driver reports") + 17;
    let end = start + dom[start..].find("</pre>").unwrap();
    let result: serde_json::Value =
        serde_json::from_str(&dom[start..end].replace("&amp;", "&").replace("&lt;", "<"))
            .unwrap_or_else(|e| panic!("{e}: {}", &dom[start..end]));
    assert_eq!(result["error"], serde_json::Value::Null, "{result}");
    let names: Vec<&str> = result["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{result}");
    assert!(names[1].contains("zoom level 1"), "{names:?}");
    assert!(names[2].contains("zoom level 2"), "{names:?}");
    assert!(names[3].contains("zoom level 1"), "{names:?}");
    for (k, n) in result["overlaps"].as_array().unwrap().iter().enumerate() {
        assert_eq!(n, 0, "overlapping texts at zoom step {k}: {result}");
    }
    assert!(
        result["texts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n.as_u64() > Some(20)),
        "{result}"
    );
    assert_eq!(result["focused"], true, "{result}");
    let panel = result["panel"].as_str().unwrap();
    assert!(
        panel.contains("First day") && panel.contains("Note "),
        "{panel}"
    );
    if axe {
        assert_eq!(result["axe"], serde_json::json!([]), "{result}");
    }
}

/// The page is made only for a figure that asks for it: it costs a layout
/// a view.
#[test]
fn only_a_figure_that_asks_gets_a_page() {
    let t = annals::load::load(&root().join("events.toml"))
        .unwrap()
        .timeline;
    for spec in t
        .figures
        .iter()
        .filter(|f| f.kind == annals::figure::FigureKind::Timeline)
    {
        let figure = annals::build::figure(&t, spec).unwrap();
        let asks = spec.formats.contains(&annals::figure::Format::Html);
        assert_eq!(figure.page.is_some(), asks, "{}", spec.id);
    }
}
