//! Mutation fuzzing of the chapter file, at byte and at TOML level: for
//! every mutant, loading never panics; every error is located inside the
//! file; a file that loads draws a well-formed SVG for each of its figures;
//! and (through the command line, for a sample) a failed run writes nothing
//! and exits 1 or 2.
//!
//! Time-bounded for CI: `ANNALS_FUZZ_CASES` (default 48) sets the number of
//! mutants per test; set it to thousands for a longer run (tests/README.md).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use annals::build;
use annals::diagnostic::Severity;
use annals::load;
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::{Config, RngSeed, TestRunner};

use super::{annals, root};

fn cases() -> u32 {
    std::env::var("ANNALS_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48)
}

fn runner() -> TestRunner {
    let seed = std::env::var("ANNALS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1926);
    TestRunner::new(Config {
        cases: cases(),
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    })
}

fn chapter() -> Vec<u8> {
    std::fs::read(root().join("events.toml")).unwrap()
}

/// A mutation of the chapter's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the byte at this share of the file.
    Flip(f64, u8),
    /// Insert bytes there.
    Insert(f64, Vec<u8>),
    /// Delete this many bytes there.
    Delete(f64, usize),
    /// Replace the value of the n-th `key = "..."` string with this text.
    Value(usize, String),
    /// Repeat the n-th line this many times.
    Repeat(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b"[[event]]\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\x1b[2J".to_vec()),
        Just("\u{fffe}".as_bytes().to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"= =".to_vec()),
        Just(b"{".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    let text = prop_oneof![
        Just(String::new()),
        Just("-262143".to_owned()),
        Just("1929/30".to_owned()),
        Just("by 1931?".to_owned()),
        Just("31 February 1930".to_owned()),
        Just("\u{7}".to_owned()),
        Just("x".repeat(5000)),
        "[ -~]{0,40}",
    ];
    prop_oneof![
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (0.0..1.0f64, special).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (0.0..1.0f64, 1usize..200).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0usize..400, text).prop_map(|(n, t)| Mutation::Value(n, t)),
        (0usize..800, 2usize..50).prop_map(|(n, k)| Mutation::Repeat(n, k)),
    ]
}

fn apply(original: &[u8], m: &Mutation) -> Vec<u8> {
    let at = |share: f64| ((original.len() as f64 * share) as usize).min(original.len());
    let mut out = original.to_vec();
    match m {
        Mutation::Flip(share, b) => {
            let i = at(*share).min(out.len() - 1);
            out[i] = *b;
        }
        Mutation::Insert(share, bytes) => {
            let i = at(*share);
            out.splice(i..i, bytes.iter().copied());
        }
        Mutation::Delete(share, n) => {
            let i = at(*share);
            let end = (i + n).min(out.len());
            out.drain(i..end);
        }
        Mutation::Value(n, text) => {
            let s = String::from_utf8_lossy(original);
            let starts: Vec<usize> = s.match_indices(" = \"").map(|(i, _)| i + 4).collect();
            if let Some(&start) = starts.get(n % starts.len().max(1)) {
                if let Some(len) = s[start..].find('"') {
                    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
                    let mut t = s.into_owned();
                    t.replace_range(start..start + len, &escaped);
                    out = t.into_bytes();
                }
            }
        }
        Mutation::Repeat(n, k) => {
            let s = String::from_utf8_lossy(original);
            let lines: Vec<&str> = s.lines().collect();
            let i = n % lines.len();
            let mut t = String::new();
            for (j, l) in lines.iter().enumerate() {
                let times = if j == i { *k } else { 1 };
                for _ in 0..times {
                    t.push_str(l);
                    t.push('\n');
                }
            }
            out = t.into_bytes();
        }
    }
    out
}

/// Loading a mutant never panics, every problem is located inside the
/// file, and what loads draws well-formed SVG and a deck of well-formed
/// parts, quickly.
#[test]
fn mutants_of_the_chapter_load_or_fail_located() {
    let original = chapter();
    runner()
        .run(&mutation(), |m| {
            let bytes = apply(&original, &m);
            let started = Instant::now();
            match load::from_bytes("events.toml", &bytes) {
                Ok(loaded) => {
                    let timeline = loaded.timeline;
                    // A deck of its first figure: every part well-formed XML.
                    let first: Vec<String> = timeline
                        .figures
                        .iter()
                        .take(1)
                        .map(|f| f.id.clone())
                        .collect();
                    let spec = annals::figure::DeckSpec::new("d", first);
                    if let Ok(deck) = annals::deck::pptx(&timeline, &spec) {
                        for (name, data) in super::deck::parts(&deck.bytes) {
                            let text = std::str::from_utf8(&data);
                            prop_assert!(
                                text.is_ok_and(|t| roxmltree::Document::parse(t).is_ok()),
                                "{name} not well-formed for {m:?}"
                            );
                        }
                    }
                    for spec in timeline.figures.iter().take(3) {
                        if let annals::figure::FigureKind::Timeline = spec.kind {
                            // A figure may legitimately fail to lay out
                            // (too many lanes): it reports, never panics.
                            if let Ok(figure) = build::timeline(&timeline, &spec.options) {
                                prop_assert!(
                                    roxmltree::Document::parse(&figure.svg).is_ok(),
                                    "not well-formed for {m:?}"
                                );
                            }
                        }
                    }
                }
                Err(report) => {
                    prop_assert!(report.count(Severity::Error) > 0);
                    for d in report.diagnostics() {
                        prop_assert!(d.span.start <= bytes.len(), "{m:?}: {d:?}");
                    }
                    // The report renders, escaped, in bounded size.
                    let text = report.to_string();
                    prop_assert!(!text.contains('\u{1b}'), "raw escape in {:?}", m);
                    prop_assert!(text.len() < 200_000, "{} bytes", text.len());
                }
            }
            prop_assert!(
                started.elapsed() < Duration::from_secs(10),
                "{m:?} took {:?}",
                started.elapsed()
            );
            Ok(())
        })
        .unwrap();
}

/// Through the command line, a sample of mutants: exit 0, 1 or 2, and a
/// failed run leaves the output folder as it was.
#[test]
fn failed_runs_write_nothing() {
    let original = chapter();
    let mut runner = runner();
    let sample = (cases() / 6).max(4);
    for _ in 0..sample {
        let m = mutation()
            .new_tree(&mut runner)
            .expect("a mutation")
            .current();
        let bytes = apply(&original, &m);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("events.toml"), &bytes).unwrap();
        let out = annals(dir.path(), &["timeline", "events.toml", "-o", "t.svg"]);
        let code = out.get_output().status.code();
        assert!(matches!(code, Some(0..=2)), "{m:?}: {code:?}");
        if code != Some(0) {
            let left: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(left, vec![std::ffi::OsString::from("events.toml")], "{m:?}");
        }
    }
}

/// The classes the second hardening round found, each as a hand-made
/// input through the command line: every run ends (a hang would trip the
/// generous bound, which is no speed target), exits 0, 1 or 2, never
/// prints a control character, and a failed run writes nothing.
#[test]
fn the_second_rounds_classes_end_cleanly() {
    fn event(label: &str) -> String {
        format!("[[event]]\nid = \"a\"\nlabel = {label:?}\ndate = \"1926\"\n")
    }
    let words = "word ".repeat(20_000);
    let unbroken = "x".repeat(100_000);
    let mut many = String::new();
    for i in 0..300 {
        let _ = writeln!(
            many,
            "[[event]]\nid = \"e{i}\"\nlabel = \"E{i}\"\ndate = \"1926\"\n"
        );
    }
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "long label with spaces",
            event(&words),
            vec!["timeline", "-o", "t.svg"],
        ),
        (
            "long label without spaces",
            event(&unbroken),
            vec!["timeline", "-o", "t.svg"],
        ),
        (
            "emoji",
            event(&"\u{1f600}".repeat(500)),
            vec!["timeline", "-o", "t.svg"],
        ),
        (
            "a long lane name",
            format!(
                "[[category]]\nid = \"c\"\nlabel = \"{}\"\n\n{}category = \"c\"\n\n[[figure]]\nid = \"f\"\nsize = \"320x240\"\n",
                "y".repeat(300),
                event("A")
            ),
            vec!["build", "--out", "out"],
        ),
        (
            "a subnormal value on a log chart",
            format!(
                "{}\n[[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"u\"\ncolumns = [{{label = \"c\"}}]\nrows = [{{label = \"r\", values = [5e-324]}}]\n\n[[figure]]\nid = \"f\"\nkind = \"comparison\"\ntable = \"t\"\nlog = true\n",
                event("A")
            ),
            vec!["check"],
        ),
        (
            "a huge PNG",
            event("A"),
            vec![
                "timeline",
                "-o",
                "t.png",
                "--size",
                "16000x16000",
                "--scale",
                "2",
            ],
        ),
        (
            "too many steps",
            many.clone(),
            vec!["timeline", "-o", "t.svg", "--steps"],
        ),
        (
            "steps as large PNGs",
            many.lines().take(5 * 150).collect::<Vec<_>>().join("\n"),
            vec!["timeline", "-o", "t.png", "--steps", "--size", "8000x8000"],
        ),
        (
            "an escape in an id",
            "[[event]]\nid = \"a b\\u001b]0;x\\u0007\"\nlabel = \"A\"\ndate = \"1926\"\n"
                .to_owned(),
            vec!["check"],
        ),
        (
            "a figure id too long for a file name",
            format!("{}\n[[figure]]\nid = \"{}\"\n", event("A"), "f".repeat(300)),
            vec!["build", "--out", "out"],
        ),
        ("a carriage return in a label", event("a\rb"), vec!["list"]),
    ];
    for (name, file, args) in cases {
        let dir = super::with_file(file.as_bytes());
        let started = Instant::now();
        // Under 2 GB of address space: a run that needs more fails to
        // allocate and aborts, which the exit code check below catches.
        let binary = assert_cmd::cargo::cargo_bin("annals");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 2097152; exec \"$0\" \"$@\"")
            .arg(&binary)
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{name}: a run that does not end"
        );
        let code = out.status.code();
        assert!(matches!(code, Some(0..=2)), "{name}: exit {code:?}");
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07 || b == b'\r'),
                "{name}: a control character printed"
            );
        }
        if code != Some(0) {
            let left: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != "events.toml")
                .collect();
            assert!(
                left.is_empty() || left == ["out"],
                "{name}: a failed run wrote {left:?}"
            );
        }
    }
}

/// A build that fails partway leaves its folder as it was: here the
/// record of the last build is a folder, which nothing can be written over.
#[test]
fn a_failed_build_leaves_its_folder_alone() {
    let dir = super::with_file(b"[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = \"1926\"\n\n[[figure]]\nid = \"f\"\nformats = [\"svg\"]\n");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".annals-build")).unwrap();
    annals(dir.path(), &["build", "--out", "out"]).code(2);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, [".annals-build"]);
}

/// `<!--` in any text leaves the page's data JSON.
#[test]
fn the_pages_data_stays_json_with_comment_openers_in_it() {
    let dir = super::with_file(
        b"[[event]]\nid = \"a\"\nlabel = \"<!-- a </script> b\"\ndate = \"1926\"\n\n[[figure]]\nid = \"f\"\nformats = [\"html\"]\n",
    );
    annals(dir.path(), &["build", "--out", "out"]).success();
    let html = std::fs::read_to_string(dir.path().join("out/f.html")).unwrap();
    assert!(!html.contains("<!-- a"), "a raw comment opener in the page");
    let start = html
        .find("<script type=\"application/json\"")
        .expect("a data block");
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(body).expect("the data block is JSON");
    assert!(data.to_string().contains("<!-- a </script> b"));
}
