//! Scale benchmark: `cargo bench`. Synthetic timelines of N events, from
//! TOML text to SVG, on this machine's release build.
//!
//! Targets (issue "Timeline rendering"): 100,000 events to SVG in under
//! 1 s end to end; layout growing no faster than n log n (100k at most 12x
//! the time of 10k); peak memory under 500 MB. Issue 22: every figure of
//! up to 100 events (the chapter, its first 10 to 48 events in one lane,
//! 10 to 100 synthetic events in one lane, 100 in five) laid out in under
//! 10 ms; how the cost grows from 10 to 100 events in one lane. The run
//! ends non-zero when a target is missed; the target of issue 22 not met
//! (250 labels of 1,000 events in one lane) is printed as OPEN, beside the
//! most any arrangement of the lane's labels could place (`label_bound`).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use annals::figure::{Format, TimelineOptions};
use annals::model::date::MONTHS;
use annals::{build, layout, load};

/// A small deterministic generator (no dependency, same data every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const WORDS: [&str; 10] = [
    "plan",
    "decree",
    "congress",
    "labour",
    "output",
    "wages",
    "passport",
    "conference",
    "industry",
    "regulations",
];

/// An events.toml with `n` events over a century, in five categories, of
/// every date form.
fn synthetic(n: usize) -> String {
    synthetic_in(n, 5, 100)
}

/// An events.toml with `n` events over `years`, in `lanes` categories.
fn synthetic_in(n: usize, lanes: u64, years: u64) -> String {
    let mut r = Lcg(42);
    let mut text = String::from("[timeline]\ntitle = \"Synthetic\"\n");
    for c in 0..lanes {
        let _ = write!(
            text,
            "\n[[category]]\nid = \"c{c}\"\nlabel = \"Category {c}\"\n"
        );
    }
    for i in 0..n {
        let year = 1900 + r.next(years);
        let month = MONTHS[r.next(12) as usize];
        let day = 1 + r.next(28);
        let date = match r.next(6) {
            0 => format!("{day} {month} {year}"),
            1 => format!("{month} {year}"),
            2 => format!("{year}-{}", year + 1 + r.next(4)),
            3 => format!("by {year}"),
            4 => format!("summer {year}"),
            _ => format!("{year}"),
        };
        let words: Vec<&str> = (0..2 + r.next(4))
            .map(|_| WORDS[r.next(10) as usize])
            .collect();
        let importance = ["low", "normal", "high"][r.next(3) as usize];
        let _ = write!(
            text,
            "\n[[event]]\nid = \"e{i}\"\nlabel = \"{}\"\ndate = \"{date}\"\ncategory = \"c{}\"\nimportance = \"{importance}\"\n",
            words.join(" "),
            r.next(lanes)
        );
    }
    text
}

/// Events a scene identifies by their label.
fn labelled(scene: &layout::Scene) -> usize {
    scene
        .texts
        .iter()
        .filter(|t| t.role == layout::TextRole::Label)
        .filter_map(|t| t.event)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// The most labels any arrangement could place over a crowded lane's
/// density strip at `slide` (scale 1), in the rows the plot has room for
/// (as the layout counts them: a row is a line of label text and 3 px), as
/// the layout spaces them: in a row, a label's text (from its leader, where
/// the leader meets its end) and each leader passing to a row further out
/// keep 10 px from one another, and all lie within the plot.
///
/// An upper bound, worked out row by row from the outermost: a row holds
/// at most as many labels as the narrowest of all fit into what the leaders
/// of the rows beyond leave of it. Each label counts at its narrowest one
/// line: whole, or shortened to its first [`SHORTENED`] characters and an
/// ellipsis, the least a shortened label keeps (the synthetic labels have
/// no parenthesis to drop, so a shortened one is a prefix of its words). A
/// wrapped label takes no less: its lines are as wide as its text less the
/// spaces broken, and each keeps its 10 px again.
fn label_bound(timeline: &annals::model::Timeline, scene: &layout::Scene) -> usize {
    let gap = 10.0;
    let Some(size) = scene
        .texts
        .iter()
        .find(|t| t.role == layout::TextRole::Label)
        .map(|t| t.size)
    else {
        return 0;
    };
    let pitch = annals::font::line_height(size) + 3.0;
    let strip_top = scene
        .bins
        .iter()
        .map(|b| b.top)
        .fold(f32::INFINITY, f32::min);
    let strip_bottom = scene.bins.iter().map(|b| b.bottom).fold(0.0, f32::max);
    let (left, top, right, bottom) = scene.plot;
    let rows = [
        ((strip_top - top) / pitch).max(0.0) as usize,
        ((bottom - strip_bottom) / pitch).max(0.0) as usize,
    ];
    let mut widths: Vec<f32> = timeline
        .events
        .iter()
        .map(|e| {
            let whole = annals::font::text_width(&e.label, size, false);
            let kept: String = e.label.chars().take(SHORTENED).collect();
            whole.min(annals::font::text_width(&kept, size, false))
        })
        .collect();
    widths.sort_by(f32::total_cmp);
    let side = |rows: usize| {
        let mut beyond = 0;
        for _ in 0..rows {
            // n texts and m leaders in a row of width W, 10 px apart:
            // the widths + 10 (n + m - 1) <= W.
            let mut room = right - left + gap - gap * beyond as f32;
            let fit = widths
                .iter()
                .take_while(|&&w| {
                    room -= w + gap;
                    room >= 0.0
                })
                .count();
            beyond += fit;
        }
        beyond
    };
    rows.into_iter().map(side).sum()
}

/// The fewest characters a shortened label keeps (the layout's `STUMP`).
const SHORTENED: usize = 16;

/// The best of `runs` timings of `f`.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        // Drop the last result first, so two are never alive at once.
        drop(out.take());
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        out = Some(value);
    }
    (best, out.expect("at least one run"))
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Peak memory of one end-to-end run in a fresh process (this binary,
/// run again with `ANNALS_BENCH_ONCE=N`), so that earlier runs and the
/// allocator's leftovers do not count.
fn peak_of_one_run(n: usize) -> Option<f64> {
    let out = std::process::Command::new(std::env::current_exe().ok()?)
        .env("ANNALS_BENCH_ONCE", n.to_string())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Checks the events file at `path` in a fresh process (this binary, run
/// again with `ANNALS_BENCH_CHECK=path`), as `annals check` does: the
/// seconds it takes and its peak memory in MB.
fn check_in_fresh_process(path: &std::path::Path) -> Option<(f64, f64)> {
    let out = std::process::Command::new(std::env::current_exe().ok()?)
        .env("ANNALS_BENCH_CHECK", path)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace().map(|f| f.parse().ok());
    Some((fields.next()??, fields.next()??))
}

fn main() {
    if let Some(path) = std::env::var_os("ANNALS_BENCH_CHECK") {
        let start = Instant::now();
        let loaded = load::load(std::path::Path::new(&path)).expect("valid");
        let seconds = start.elapsed().as_secs_f64();
        assert!(!loaded.timeline.events.is_empty());
        println!("{seconds} {}", peak_memory_mb().unwrap_or(f64::NAN));
        return;
    }
    if let Some(n) = std::env::var("ANNALS_BENCH_ONCE")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        let text = synthetic(n);
        let timeline = load::from_str("synthetic.toml", &text)
            .expect("valid")
            .timeline;
        let figure = build::timeline(&timeline, &TimelineOptions::default()).expect("draws");
        assert!(!figure.svg.is_empty());
        println!("{}", peak_memory_mb().unwrap_or(f64::NAN));
        return;
    }
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing
    // and should not spend a minute here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let options = TimelineOptions::default();
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>12} {:>10} {:>8} {:>8}",
        "events", "load", "layout", "svg", "end to end", "SVG size", "labels", "numbers"
    );
    let mut layouts = Vec::new();
    let mut end_to_end_100k = Duration::ZERO;
    for n in [1_000, 10_000, 100_000] {
        let text = synthetic(n);
        let runs = 5;
        let (load_time, loaded) = best(runs, || {
            load::from_str("synthetic.toml", &text).expect("valid")
        });
        let timeline = loaded.timeline;
        let (layout_time, scene) = best(runs, || {
            layout::timeline(&timeline, &options).expect("lays out")
        });
        let labelled = labelled(&scene);
        let (svg_time, figure) = best(runs, || {
            build::timeline(&timeline, &options).expect("draws")
        });
        let (total, _) = best(runs, || {
            let t = load::from_str("synthetic.toml", &text)
                .expect("valid")
                .timeline;
            build::timeline(&t, &options).expect("draws")
        });
        println!(
            "{n:>8} {:>8.1}ms {:>8.1}ms {:>8.1}ms {:>10.1}ms {:>8.1}MB {labelled:>8} {:>8}",
            load_time.as_secs_f64() * 1e3,
            layout_time.as_secs_f64() * 1e3,
            svg_time.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
            figure.svg.len() as f64 / 1e6,
            scene.numbered.len()
        );
        layouts.push(layout_time);
        if n == 100_000 {
            end_to_end_100k = total;
        }
    }
    let ratio = layouts[2].as_secs_f64() / layouts[1].as_secs_f64();
    // Figures of the size lecturers draw, laid out at `slide` (best of 20):
    // how the cost grows with the events of one lane, the chapter's own in
    // time order and synthetic ones over thirty years, and 100 events in
    // five lanes.
    let mut one_lane = load::from_str("events.toml", include_str!("../events.toml"))
        .expect("the chapter loads")
        .timeline;
    for e in &mut one_lane.events {
        e.category = None;
    }
    let chapter_events = one_lane.events.clone();
    let mut small: Vec<(String, Duration, usize, usize)> = Vec::new();
    for n in [10, 20, 30, 40, 48] {
        one_lane.events = chapter_events[..n].to_vec();
        let (time, scene) = best(20, || {
            layout::timeline(&one_lane, &options).expect("lays out")
        });
        small.push((
            format!("the chapter's first {n}, one lane"),
            time,
            labelled(&scene),
            n,
        ));
    }
    for (n, lanes) in [
        (10, 1),
        (20, 1),
        (40, 1),
        (60, 1),
        (80, 1),
        (100, 1),
        (100, 5),
    ] {
        let timeline = load::from_str("small.toml", &synthetic_in(n, lanes, 30))
            .expect("valid")
            .timeline;
        let (time, scene) = best(20, || {
            layout::timeline(&timeline, &options).expect("lays out")
        });
        let name = format!(
            "{n} synthetic events, {lanes} lane{}",
            if lanes > 1 { "s" } else { "" }
        );
        small.push((name, time, labelled(&scene), n));
    }
    for (name, time, labels, n) in &small {
        println!(
            "{name:>36}: layout {:6.2} ms, {labels} of {n} labelled",
            time.as_secs_f64() * 1e3
        );
    }
    let slowest_small = small.iter().map(|s| s.1).max().unwrap_or_default();
    // 1,000 events over sixty years in one lane.
    let crowded = load::from_str("crowded.toml", &synthetic_in(1_000, 1, 60))
        .expect("valid")
        .timeline;
    let (crowded_time, scene) = best(3, || {
        layout::timeline(&crowded, &options).expect("lays out")
    });
    let crowded_labels = labelled(&scene);
    let crowded_bound = label_bound(&crowded, &scene);
    println!(
        "1,000 events in one lane: layout {:.1} ms, {crowded_labels} labelled \
         (no arrangement in the rows it has labels more than {crowded_bound})",
        crowded_time.as_secs_f64() * 1e3,
    );
    // The chapter itself, as a lecturer renders it.
    let chapter = load::from_str("events.toml", include_str!("../events.toml"))
        .expect("the chapter loads")
        .timeline;
    let (chapter_layout, scene) = best(20, || {
        layout::timeline(&chapter, &options).expect("lays out")
    });
    let labelled = labelled(&scene);
    println!(
        "chapter: layout {:.1} ms, {labelled} of {} events labelled, {} numbered",
        chapter_layout.as_secs_f64() * 1e3,
        scene.events.len(),
        scene.numbered.len()
    );
    // The chapter as each format: the SVG (layout and drawing), then the
    // PNG and the PDF made from it.
    // (Best of 30: the PNG is drawn on two threads, and on a shared
    // machine a run often finds one of its two cores taken.)
    let (chapter_svg, figure) = best(30, || build::timeline(&chapter, &options).expect("draws"));
    let (chapter_png, _) = best(30, || figure.bytes(Format::Png).expect("PNG"));
    let (chapter_pdf, _) = best(30, || figure.bytes(Format::Pdf).expect("PDF"));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "chapter: SVG {:.1} ms, PNG {:.1} ms (from the SVG), PDF {:.1} ms (from the SVG)",
        ms(chapter_svg),
        ms(chapter_png),
        ms(chapter_pdf)
    );
    // The chapter's lecture deck: every timeline laid out again in Arial's
    // metrics, the build's steps and the charts drawn as shapes, zipped.
    let lecture = chapter
        .decks
        .iter()
        .find(|d| d.id == "lecture")
        .expect("events.toml declares the lecture deck");
    let (deck_time, deck) = best(10, || {
        annals::deck::pptx(&chapter, lecture).expect("a deck")
    });
    let deck_kb = deck.bytes.len() as f64 / 1024.0;
    println!(
        "chapter's deck: {:.0} ms, {deck_kb:.0} KB",
        deck_time.as_secs_f64() * 1e3
    );
    let peak = peak_of_one_run(100_000).unwrap_or(f64::NAN);
    // `annals check` of a 10 MB file (read in parts, see load::parse).
    let dir = tempfile::tempdir().expect("a temporary folder");
    let big = dir.path().join("big.toml");
    let text = synthetic(88_000);
    std::fs::write(&big, &text).expect("written");
    let size_mb = text.len() as f64 / 1024.0 / 1024.0;
    let (check_s, check_peak) = check_in_fresh_process(&big).unwrap_or((f64::NAN, f64::NAN));
    println!(
        "check of a {size_mb:.1} MB file: {check_s:.2} s, peak memory {check_peak:.0} MB ({:.1}x its size)",
        check_peak / size_mb
    );
    let mut ok = true;
    let mut verdict = |name: &str, pass: bool, detail: String| {
        println!("{} {name}: {detail}", if pass { "PASS" } else { "FAIL" });
        ok &= pass;
    };
    verdict(
        "100k events to SVG under 1 s",
        end_to_end_100k < Duration::from_secs(1),
        format!("{:.0} ms", end_to_end_100k.as_secs_f64() * 1e3),
    );
    verdict(
        "layout 100k / 10k at most 12x",
        ratio <= 12.0,
        format!("{ratio:.1}x"),
    );
    verdict(
        "the chapter's layout under 10 ms",
        chapter_layout < Duration::from_millis(10),
        format!("{:.1} ms", chapter_layout.as_secs_f64() * 1e3),
    );
    let forty = small
        .iter()
        .find(|s| s.0 == "the chapter's first 40, one lane")
        .map_or(Duration::MAX, |s| s.1);
    verdict(
        "the chapter's first 40 events in one lane laid out in under 10 ms",
        forty < Duration::from_millis(10),
        format!("{:.1} ms", forty.as_secs_f64() * 1e3),
    );
    verdict(
        "the chapter's deck in under 200 ms and 1 MB",
        deck_time < Duration::from_millis(200) && deck_kb < 1024.0,
        format!("{:.0} ms, {deck_kb:.0} KB", deck_time.as_secs_f64() * 1e3),
    );
    verdict(
        "every figure of up to 100 events laid out in under 10 ms",
        slowest_small < Duration::from_millis(10),
        format!("slowest {:.1} ms", slowest_small.as_secs_f64() * 1e3),
    );
    // A target of issue 22 not met: shown, not failed on. No layout of
    // 18 px labels with 10 px leader strips meets it (see `label_bound`).
    println!(
        "OPEN 1,000 events in one lane label at least 250: {crowded_labels} \
         (at most {crowded_bound} by any arrangement)"
    );
    verdict(
        "peak memory of a 100k run under 500 MB",
        peak < 500.0,
        format!("{peak:.0} MB"),
    );
    verdict(
        "check of a 10 MB file under 1 s a MB",
        check_s < size_mb,
        format!("{:.2} s a MB", check_s / size_mb),
    );
    verdict(
        "check of a 10 MB file in under 20x its size",
        check_peak < 20.0 * size_mb,
        format!("{:.1}x", check_peak / size_mb),
    );
    verdict(
        "the chapter's SVG and PNG under 40 ms",
        ms(chapter_svg + chapter_png) < 40.0,
        format!("{:.1} ms", ms(chapter_svg + chapter_png)),
    );
    if !ok {
        std::process::exit(1);
    }
}
