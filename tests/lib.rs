//! The one integration test binary: the CLI, validation messages, rendering.
#![allow(
    clippy::float_cmp,
    reason = "values compared are copied from the data, not computed"
)]

mod chart;
mod cli;
mod consumers;
mod deck;
mod fuzz;
mod import;
mod layout;
mod lecture;
mod output;
mod page;
mod render;
mod scripts;
mod structure;
mod validation;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root, where events.toml lives.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `annals` with arguments, run in `dir`.
fn annals(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("annals")
        .expect("the annals binary is built")
        .current_dir(dir)
        .args(args)
        .assert()
}

/// A temporary folder holding one events file.
fn with_file(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("events.toml"), text).expect("write events.toml");
    dir
}

/// Loads `text` and returns "LINE:COL: message" for every error.
fn errors(text: &str) -> Vec<String> {
    match annals::check::from_str("t.toml", text) {
        Ok(_) => Vec::new(),
        Err(report) => report
            .diagnostics()
            .iter()
            .filter(|d| d.severity == annals::diagnostic::Severity::Error)
            .map(|d| {
                let (l, c) = report.line_col(d);
                format!("{l}:{c}: {}", d.message)
            })
            .collect(),
    }
}

/// The `<desc>` of an SVG: its text alternative.
fn desc_of(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .expect("a <desc>")
        .to_owned()
}

/// A drawing element as a string: its tag, attributes and text.
fn signature(n: roxmltree::Node<'_, '_>) -> String {
    let attributes: Vec<String> = n
        .attributes()
        .map(|a| format!("{}={}", a.name(), a.value()))
        .collect();
    format!(
        "{} {} {}",
        n.tag_name().name(),
        attributes.join(" "),
        n.text().unwrap_or("").trim()
    )
}

const DRAWN: [&str; 6] = ["rect", "polygon", "polyline", "path", "line", "text"];

/// The drawing elements inside the groups of class `class` (an event's
/// leaders, marks and labels), in document order.
fn event_layers(svg: &str, class: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| DRAWN.contains(&n.tag_name().name()))
        .filter(|n| n.ancestors().any(|a| a.attribute("class") == Some(class)))
        .map(signature)
        .collect()
}

/// The drawing elements of `frame` that `layered` draws inside its groups
/// of class `class`, in the frame's order.
fn event_layers_of_frame(frame: &str, layered: &str, class: &str) -> Vec<String> {
    let events: std::collections::HashSet<String> =
        event_layers(layered, class).into_iter().collect();
    let doc = roxmltree::Document::parse(frame).unwrap();
    doc.descendants()
        .filter(|n| DRAWN.contains(&n.tag_name().name()))
        .map(signature)
        .filter(|s| events.contains(s))
        .collect()
}
