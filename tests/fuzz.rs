//! Mutation fuzzing of the chapter file, at byte and at TOML level: for
//! every mutant, loading never panics; every error is located inside the
//! file; a file that loads draws a well-formed SVG for each of its figures;
//! and (through the command line, for a sample) a failed run writes nothing
//! and exits 1 or 2.
//!
//! Time-bounded for CI: `ANNALS_FUZZ_CASES` (default 48) sets the number of
//! mutants per test; set it to thousands for a longer run (tests/README.md).

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
/// file, and what loads draws well-formed SVG, quickly.
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
