use super::*;
use crate::figure::Size;
use crate::load;
use crate::model::Event;
use chrono::NaiveDate;

fn chapter() -> Timeline {
    let text = include_str!("../../events.toml");
    load::from_str("events.toml", text).unwrap().timeline
}

/// Two boxes overlap by more than half a pixel.
fn overlap(a: &Text, b: &Text) -> bool {
    a.left < b.right() - 0.5
        && b.left < a.right() - 0.5
        && a.top < b.bottom() - 0.5
        && b.top < a.bottom() - 0.5
}

pub(super) fn assert_clean(scene: &Scene) {
    for (i, a) in scene.texts.iter().enumerate() {
        assert!(
            a.left >= 0.0 && a.right() <= scene.width,
            "{a:?} leaves the canvas"
        );
        assert!(
            a.top >= 0.0 && a.bottom() <= scene.height,
            "{a:?} leaves the canvas"
        );
        for b in &scene.texts[i + 1..] {
            assert!(!overlap(a, b), "{a:?} overlaps {b:?}");
        }
    }
    // No label crosses a leader line or a mark; no number sits on a mark.
    for t in scene
        .texts
        .iter()
        .filter(|t| matches!(t.role, TextRole::Label | TextRole::Callout))
    {
        for m in &scene.marks {
            let hit = t.left < m.x1 - 0.5
                && m.x0 + 0.5 < t.right()
                && t.top < m.y1 - 0.5
                && m.y0 + 0.5 < t.bottom();
            assert!(!hit, "{t:?} covers mark {m:?}");
        }
        for l in scene.lines.iter().filter(|l| l.role == LineRole::Leader) {
            assert!(
                !segment_crosses(l.from, l.to, t),
                "{t:?} crosses the leader {l:?}"
            );
        }
    }
    // No leader runs through another event's mark, another leader or a
    // text not its own.
    let crossings = super::leader_crossings(scene);
    assert!(crossings.is_empty(), "leaders cross: {crossings:?}");
    // No mark is drawn over another.
    let marks: Vec<&Mark> = scene
        .marks
        .iter()
        .filter(|m| m.event != usize::MAX)
        .collect();
    for (i, a) in marks.iter().enumerate() {
        for b in &marks[i + 1..] {
            let hit =
                a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
            assert!(!hit, "{a:?} is drawn over {b:?}");
        }
    }
}

/// Whether the segment from `p` to `q` passes through the inside of `t`'s
/// box (shrunk by half a pixel: touching is allowed).
fn segment_crosses(p: (f32, f32), q: (f32, f32), t: &Text) -> bool {
    let (x0, y0, x1, y1) = (t.left + 0.5, t.top + 0.5, t.right() - 0.5, t.bottom() - 0.5);
    // Clip the segment to the box (Liang-Barsky).
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    for (pk, qk) in [
        (-dx, p.0 - x0),
        (dx, x1 - p.0),
        (-dy, p.1 - y0),
        (dy, y1 - p.1),
    ] {
        if pk.abs() < 1e-6 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let r = qk / pk;
            if pk < 0.0 {
                lo = lo.max(r);
            } else {
                hi = hi.min(r);
            }
        }
    }
    lo < hi
}

/// The events a scene labels.
fn labelled(scene: &Scene) -> std::collections::HashSet<usize> {
    scene
        .texts
        .iter()
        .filter(|t| t.role == TextRole::Label)
        .filter_map(|t| t.event)
        .collect()
}

/// Every event in view is labelled or numbered with a key entry, and none
/// is both.
pub(super) fn assert_identified(scene: &Scene) {
    let labelled = labelled(scene);
    let numbered: std::collections::HashSet<usize> = scene
        .texts
        .iter()
        .filter(|t| t.role == TextRole::Callout)
        .filter_map(|t| t.event)
        .collect();
    assert!(labelled.is_disjoint(&numbered));
    assert_eq!(numbered.len(), scene.numbered.len());
    assert_eq!(
        labelled.len() + numbered.len() + scene.dropped.len(),
        scene.events.len(),
        "labelled {labelled:?} numbered {numbered:?} dropped {:?}",
        scene.dropped
    );
    // Each number has its entry in the key, with the whole label.
    for (n, id) in scene.numbered.iter().enumerate() {
        let number = (n + 1).to_string();
        assert!(
            scene
                .texts
                .iter()
                .any(|t| t.role == TextRole::CalloutKey && t.text == number),
            "no key entry {number} for {id}"
        );
    }
}

#[test]
fn the_chapter_lays_out_cleanly_at_every_size() {
    let timeline = chapter();
    let mut all = timeline
        .figures
        .iter()
        .map(|f| f.options.clone())
        .collect::<Vec<_>>();
    all.push(TimelineOptions::default());
    for figure in all {
        for (name, size) in Size::PRESETS {
            let options = TimelineOptions {
                size,
                ..figure.clone()
            };
            let scene = super::timeline(&timeline, &options).unwrap();
            assert_clean(&scene);
            assert_identified(&scene);
            // Every event identified, most by their label: at `slide`
            // (16:9) the 48 events in five lanes, labels at 18 px, number
            // 12 (6 while leaders could run through other marks); the other
            // presets label every event.
            let share = if name == "slide" { 4 } else { usize::MAX };
            assert!(
                scene.dropped.is_empty(),
                "{name} {:?}: {:?}",
                figure.title,
                scene.dropped
            );
            assert!(
                scene.numbered.len().saturating_mul(share) <= scene.events.len(),
                "{name} {:?}: {} of {} numbered",
                figure.title,
                scene.numbered.len(),
                scene.events.len()
            );
        }
    }
}

/// The whole chapter at `slide` (48 events in five lanes, no note
/// numbers, as the bench lays it out) identifies at least 42 by their
/// labels (issue 22; 41 before a label placed again on one line could go
/// above the anchors it lies over).
#[test]
fn the_whole_chapter_at_slide_labels_at_least_42() {
    let scene = super::timeline(&chapter(), &TimelineOptions::default()).unwrap();
    assert_eq!(scene.events.len(), 48);
    assert!(labelled(&scene).len() >= 42, "{}", labelled(&scene).len());
    assert!(scene.dropped.is_empty());
}

/// A label is wrapped only where one line finds no room: the labour-law
/// figure, one lane with rows to spare, wraps none at any preset (three
/// were wrapped at each when this was written; three at `a4-portrait`,
/// where the narrow plot stacks its labels in a staircase, until a label
/// placed again on one line could go above the anchors it lies over).
#[test]
fn labels_are_wrapped_only_for_want_of_room() {
    let timeline = chapter();
    let law = timeline
        .figures
        .iter()
        .find(|f| f.id == "labour-law")
        .unwrap();
    for (name, size) in Size::PRESETS {
        let options = TimelineOptions {
            size,
            ..law.options.clone()
        };
        let scene = super::timeline(&timeline, &options).unwrap();
        let mut lines = std::collections::HashMap::new();
        for t in scene.texts.iter().filter(|t| t.role == TextRole::Label) {
            *lines.entry(t.event).or_insert(0) += 1;
        }
        assert_eq!(lines.len(), scene.events.len(), "{name}");
        assert!(lines.values().all(|&n| n == 1), "{name}: {lines:?}");
    }
}

/// Small and odd sizes (issue 13 found the chapter overlapping at
/// 640x360, 800x360 and 1280x300): the layout is clean, or it refuses
/// with the least height that holds the lanes, and that height is clean.
#[test]
fn the_chapter_at_small_sizes_is_clean_or_names_a_size_that_is() {
    let timeline = chapter();
    for (w, h) in [
        (640, 360),
        (800, 360),
        (1280, 300),
        (320, 240),
        (1000, 700),
        (544, 266),
    ] {
        let options = TimelineOptions {
            size: Size::new(w, h),
            ..TimelineOptions::default()
        };
        let scene = match super::timeline(&timeline, &options) {
            Ok(scene) => scene,
            Err(LayoutError::TooManyLanes {
                height: Some(taller),
                ..
            }) => {
                assert!(taller > h, "{w}x{h}: {taller}");
                // The least: 10 px less does not hold the lanes.
                let less = TimelineOptions {
                    size: Size::new(w, taller - 10),
                    ..options.clone()
                };
                assert!(
                    matches!(
                        super::timeline(&timeline, &less),
                        Err(LayoutError::TooManyLanes { .. })
                    ) || taller - 10 <= h,
                    "{w}x{h}: {taller} is not the least"
                );
                let options = TimelineOptions {
                    size: Size::new(w, taller),
                    ..options
                };
                super::timeline(&timeline, &options).unwrap()
            }
            Err(e) => panic!("{w}x{h}: {e}"),
        };
        assert_clean(&scene);
        assert_identified(&scene);
    }
}

#[test]
fn a_month_covers_its_month() {
    let timeline = chapter();
    let options = TimelineOptions {
        from: NaiveDate::from_ymd_opt(1928, 1, 1),
        to: NaiveDate::from_ymd_opt(1928, 12, 31),
        ..TimelineOptions::default()
    };
    let scene = super::timeline(&timeline, &options).unwrap();
    let i = scene
        .events
        .iter()
        .position(|id| id == "february-regulations")
        .unwrap();
    let m = scene.marks.iter().find(|m| m.event == i).unwrap();
    assert_eq!(m.kind, MarkKind::Bar);
    let (left, _, right, _) = scene.plot;
    let inner = right - left - 24.0;
    // February 1928 has 29 days of the year's 366.
    let expected = inner * 29.0 / 366.0;
    assert!(
        (m.x1 - m.x0 - expected).abs() < 0.5,
        "{} vs {expected}",
        m.x1 - m.x0
    );
}

#[test]
fn text_is_never_smaller_than_18_px_on_a_slide() {
    let scene = super::timeline(&chapter(), &TimelineOptions::default()).unwrap();
    assert!(scene.texts.iter().all(|t| t.size >= 18.0));
}

#[test]
fn open_dates_fade_or_run_on() {
    let scene = super::timeline(&chapter(), &TimelineOptions::default()).unwrap();
    let mark = |id: &str| {
        let i = scene.events.iter().position(|e| e == id).unwrap();
        scene.marks.iter().find(|m| m.event == i).unwrap().clone()
    };
    assert!(matches!(
        mark("leningrad-permission").kind,
        MarkKind::FadeLeft { .. }
    ));
    assert_eq!(mark("passport-decree").kind, MarkKind::Arrow);
    assert_eq!(mark("hiring-ban").kind, MarkKind::Diamond);
    assert!(
        mark("first-five-year-plan").hollow,
        "external dates are hollow"
    );
}

/// A thousand events over sixty years in one lane, labels of two to five
/// words: a density strip shows where they fall, no mark is drawn over
/// another, and at every preset well over a hundred are labelled.
#[test]
fn a_thousand_events_in_one_lane_show_their_density_and_many_labels() {
    use crate::model::{DateContext, HistDate, Importance};
    const WORDS: [&str; 16] = [
        "strike",
        "decree",
        "congress",
        "treaty",
        "reform",
        "trial",
        "census",
        "plan",
        "famine",
        "railway",
        "passport",
        "conference",
        "harvest",
        "purge",
        "wages",
        "tractor",
    ];
    let mut seed = 7u64;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % n
    };
    let events: Vec<Event> = (0..1000)
        .map(|i| {
            let (y, m, d) = (1900 + next(60), next(12) as usize, 1 + next(28));
            let text = match next(4) {
                0 => format!("{d} {} {y}", crate::model::date::MONTHS[m]),
                1 => format!("{} {y}", crate::model::date::MONTHS[m]),
                2 => format!("{y}-{}", y + 1 + next(3)),
                _ => format!("{y}"),
            };
            let date = HistDate::parse(&text, DateContext::default()).unwrap();
            let words: Vec<&str> = (0..2 + next(4)).map(|_| WORDS[next(16) as usize]).collect();
            let importance = [Importance::Low, Importance::Normal, Importance::High];
            Event::new(format!("e{i}"), format!("{} {i}", words.join(" ")), date)
                .with_importance(importance[next(3) as usize])
        })
        .collect();
    let timeline = Timeline::from_parts("Thousand", Vec::new(), events).unwrap();
    for (name, size) in Size::PRESETS {
        let options = TimelineOptions {
            size,
            ..TimelineOptions::default()
        };
        let scene = super::timeline(&timeline, &options).unwrap();
        assert_clean(&scene);
        assert_identified(&scene);
        assert!(
            !scene.bins.is_empty(),
            "{name}: the lane is a density strip"
        );
        let labelled = labelled(&scene).len();
        assert!(labelled >= 120, "{name}: {labelled} labels");
        // The labels use the plot's whole height, a tall page's too.
        let labels = scene.texts.iter().filter(|t| t.role == TextRole::Label);
        let (top, bottom) = labels.fold((f32::MAX, f32::MIN), |(a, b), t| {
            (a.min(t.top), b.max(t.top + t.size))
        });
        let (_, plot_top, _, plot_bottom) = scene.plot;
        assert!(
            bottom - top > 0.8 * (plot_bottom - plot_top),
            "{name}: labels from {top} to {bottom} in a plot from {plot_top} to {plot_bottom}"
        );
    }
}

/// Many categories: lanes shrink to their least (marks and name, no
/// label rows); past what a size holds the layout says so, never drawing
/// lanes over the axis or text off the canvas.
#[test]
fn lanes_beyond_what_a_size_holds_are_an_error() {
    use crate::model::{Category, DateContext, HistDate, PALETTE};
    let make = |n: usize| {
        let categories: Vec<Category> = (0..n)
            .map(|i| Category::new(format!("c{i}"), format!("Category {i}"), PALETTE[i % 7]))
            .collect();
        let events: Vec<Event> = (0..n)
            .map(|i| {
                let date =
                    HistDate::parse(&format!("{}", 1900 + i), DateContext::default()).unwrap();
                Event::new(format!("e{i}"), format!("Event {i}"), date)
                    .with_category(format!("c{i}"))
            })
            .collect();
        Timeline::from_parts("Lanes", categories, events).unwrap()
    };
    let scene = super::timeline(&make(15), &TimelineOptions::default()).unwrap();
    assert_clean(&scene);
    let axis = scene.plot.3;
    assert!(scene.bands.iter().all(|b| b.bottom <= axis + 0.5));
    let err = super::timeline(&make(40), &TimelineOptions::default()).unwrap_err();
    assert!(
        matches!(err, LayoutError::TooManyLanes { lanes: 40, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("taller size"));
    // A tall enough canvas holds them.
    let tall = TimelineOptions {
        size: Size::new(1920, 4000),
        ..TimelineOptions::default()
    };
    assert_clean(&super::timeline(&make(40), &tall).unwrap());
}

/// A title of any length stays on the canvas, in two lines at most.
#[test]
fn a_title_of_any_length_stays_on_the_canvas() {
    let options = TimelineOptions {
        title: Some("The forced march ".repeat(3_000)),
        ..TimelineOptions::default()
    };
    let scene = super::timeline(&chapter(), &options).unwrap();
    assert_clean(&scene);
    let titles = scene
        .texts
        .iter()
        .filter(|t| t.role == TextRole::Title)
        .count();
    assert_eq!(titles, 2);
}

/// The chapter's 48 events in one lane (no categories), at every preset:
/// every one identified by its label, the lane packed like a Gantt chart
/// where that fits.
#[test]
fn the_chapter_in_one_lane_labels_every_event() {
    let mut timeline = chapter();
    for e in &mut timeline.events {
        e.category = None;
    }
    for (name, size) in Size::PRESETS {
        let options = TimelineOptions {
            size,
            notes: true,
            ..TimelineOptions::default()
        };
        let scene = super::timeline(&timeline, &options).unwrap();
        assert_clean(&scene);
        assert_identified(&scene);
        assert!(
            scene.dropped.is_empty() && scene.numbered.is_empty(),
            "{name}: numbered {:?}, left out {:?}",
            scene.numbered,
            scene.dropped
        );
    }
}

mod properties {
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;

    use super::*;
    use crate::font::{self, Measure};
    use crate::model::{
        Category, DateContext, Event, HistDate, Importance, PALETTE, Source, SourceRef,
    };

    const WORDS: [&str; 12] = [
        "plan",
        "decree",
        "Congress",
        "labour",
        "output",
        "wages",
        "passport",
        "trial",
        "industrialisation",
        "a",
        "collectivisation",
        "Five-Year",
    ];

    fn date_text(kind: u8, year: i32, month: u32, day: u32, len: i32) -> String {
        let months = crate::model::date::MONTHS;
        let m = months[month as usize - 1];
        match kind {
            0 => format!("{day} {m} {year}"),
            1 => format!("{m} {year}"),
            2 => format!("{year}"),
            3 => format!("{year}-{}", year + 1 + len),
            4 => format!("by {year}"),
            5 => format!("from {day} {m} {year}"),
            6 => format!("summer {year}"),
            7 => format!("{year}/{:02}", (year + 1) % 100),
            8 => format!("c. {year}"),
            9 => format!("{day} {m} {} (Old Style)", year.min(1917)),
            10 => format!("{} BC", 1950 - year),
            11 => format!("{year}?"),
            12 => format!("Q{} {year}", month.div_ceil(3)),
            13 => format!("until {year}"),
            _ => format!("{day} {m} {year}-{} {} {}", day.min(27) + 1, m, year + len),
        }
    }

    /// Dates mostly in 1900-1950, a few far away (BC), as real chapters
    /// have a prehistory.
    fn event() -> impl Strategy<Value = (String, String, u8, u8, bool)> {
        (
            0u8..15,
            1900i32..1950,
            1u32..=12,
            1u32..=28,
            0i32..6,
            proptest::collection::vec(0usize..WORDS.len(), 1..7),
            0u8..5,
            0u8..3,
            any::<bool>(),
        )
            .prop_map(
                |(kind, year, month, day, len, words, category, importance, cited)| {
                    let label = words
                        .iter()
                        .map(|&w| WORDS[w])
                        .collect::<Vec<_>>()
                        .join(" ");
                    (
                        date_text(kind, year, month, day, len),
                        label,
                        category,
                        importance,
                        cited,
                    )
                },
            )
    }

    /// The presets half the time, otherwise any size from the smallest
    /// accepted (320x240) up to twice a slide.
    fn size() -> impl Strategy<Value = Size> {
        prop_oneof![
            (0usize..4).prop_map(|i| Size::PRESETS[i].1),
            (320u32..=3840, 240u32..=2160).prop_map(|(w, h)| Size::new(w, h)),
        ]
    }

    /// The property tests' configuration: a fixed seed keeps CI
    /// repeatable; `ANNALS_PROPTEST_CASES` and another
    /// `ANNALS_PROPTEST_SEED` explore further (tests/README.md). A test
    /// whose cases cost more runs a `fraction` of them.
    fn config(fraction: u32) -> ProptestConfig {
        fn var<T: std::str::FromStr>(name: &str) -> Option<T> {
            std::env::var(name).ok().and_then(|s| s.parse().ok())
        }
        ProptestConfig {
            cases: var("ANNALS_PROPTEST_CASES").unwrap_or(64) / fraction,
            rng_seed: proptest::test_runner::RngSeed::Fixed(
                var("ANNALS_PROPTEST_SEED").unwrap_or(8),
            ),
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    pub(super) fn random_timeline(events: &[(String, String, u8, u8, bool)]) -> Timeline {
        let categories: Vec<Category> = (0..4)
            .map(|i| Category::new(format!("c{i}"), format!("Category {i}"), PALETTE[i]))
            .collect();
        let events: Vec<Event> = events
            .iter()
            .enumerate()
            .map(|(i, (date, label, category, importance, cited))| {
                let economic = DateContext {
                    slash_years: Some(crate::model::date::SlashYears::Economic),
                    ..DateContext::default()
                };
                let date = HistDate::parse(date, economic).unwrap();
                let event = Event::new(format!("e{i}"), label.clone(), date).with_importance(
                    match importance {
                        0 => Importance::Low,
                        1 => Importance::Normal,
                        _ => Importance::High,
                    },
                );
                let event = if *category < 4 {
                    event.with_category(format!("c{category}"))
                } else {
                    event
                };
                let mut event = event;
                if *cited {
                    event.sources.push(SourceRef {
                        id: format!("n{}", i % 21 + 1),
                        page: None,
                    });
                }
                event
            })
            .collect();
        let mut timeline = Timeline::from_parts("Random", categories, events).unwrap();
        timeline.sources = (1..=21)
            .map(|n| Source {
                id: format!("n{n}"),
                note: Some(n),
                citation: "A book".into(),
                page: None,
            })
            .collect();
        timeline
    }

    /// Whether the mark of event `id` is covered, at every x along it, by
    /// other marks (with their arrowheads) both above and below it.
    fn walled_in(scene: &Scene, id: &str) -> bool {
        let Some(e) = scene.events.iter().position(|x| x == id) else {
            return false;
        };
        let Some(m) = scene.marks.iter().find(|m| m.event == e) else {
            return false;
        };
        let covered = |above: bool| {
            let mut spans: Vec<(f32, f32)> = scene
                .marks
                .iter()
                .filter(|o| o.event != e && o.event < scene.events.len())
                .filter(|o| if above { o.y1 <= m.y0 } else { o.y0 >= m.y1 })
                // As drawn: an arrow's head is as long as its bar is tall.
                .map(|o| {
                    let head = if o.kind == MarkKind::Arrow {
                        o.y1 - o.y0
                    } else {
                        0.0
                    };
                    (o.x0, o.x1 + head)
                })
                .collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut x = m.x0;
            for (a, b) in spans {
                if a > x + 1.0 {
                    break;
                }
                x = x.max(b);
            }
            x >= m.x1 - 1.0
        };
        covered(true) && covered(false)
    }

    /// The checks of `every_event_is_identified_and_nothing_collides`, in
    /// whichever font the thread measures with.
    fn identified_and_clean(
        events: &[(String, String, u8, u8, bool)],
        size: Size,
        notes: bool,
        window: Option<(i32, i32)>,
    ) -> Result<(), TestCaseError> {
        let timeline = random_timeline(events);
        let options = TimelineOptions {
            size,
            notes,
            from: window.and_then(|(y, _)| NaiveDate::from_ymd_opt(y, 1, 1)),
            to: window.and_then(|(y, n)| NaiveDate::from_ymd_opt(y + n, 12, 31)),
            ..TimelineOptions::default()
        };
        let scene = match super::super::timeline(&timeline, &options) {
            Ok(scene) => scene,
            // An empty window is an error the caller reports; so are
            // more lanes than a small canvas holds.
            Err(LayoutError::NothingToShow) => {
                prop_assert!(window.is_some());
                return Ok(());
            }
            Err(LayoutError::TooManyLanes { .. }) => {
                prop_assert!(!Size::PRESETS.iter().any(|p| p.1 == size));
                return Ok(());
            }
        };
        assert_clean(&scene);
        assert_identified(&scene);
        // At the presets every event is identified, but for a mark
        // walled in by others above and below along its whole length,
        // where no leader reaches it without crossing a mark. Bars
        // stacked deep get rows opened beside them (`fit::unbox`); what
        // is left are marks squeezed at the window's edge, whose leaders
        // would share one column: without this exception seeds 8, 28
        // and 42 of 1-60 at 512 cases fail (12 of 1-40 before rows were
        // opened); seeds 1-260 pass with it but 210 (tests/README.md).
        // (40,000 random cases, seeds 1-40, passed without it while
        // leaders could cross marks; a canvas of any size may be too
        // small.)
        if Size::PRESETS.iter().any(|p| p.1 == size) {
            let open: Vec<&String> = scene
                .dropped
                .iter()
                .filter(|id| !walled_in(&scene, id))
                .collect();
            prop_assert!(
                open.is_empty(),
                "left out: {:?} of {}",
                open,
                scene.events.len()
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(config(1))]

        /// Random event sets at any size never give overlapping or clipped
        /// labels, and at every preset every event is identified, by its
        /// label or a numbered callout; measured in the embedded font, as
        /// figures are, or in Arial's metrics, as decks are.
        #[test]
        fn every_event_is_identified_and_nothing_collides(
            events in proptest::collection::vec(event(), 1..=60),
            size in size(),
            notes in any::<bool>(),
            window in proptest::option::of((1900i32..1950, 0i32..30)),
            arial in any::<bool>(),
        ) {
            let measure = if arial { Measure::Arial } else { Measure::DejaVu };
            font::measured_in(measure, || identified_and_clean(&events, size, notes, window))?;
        }
    }

    proptest! {
        // Each case lays out hundreds of events: a quarter as many cases.
        #![proptest_config(config(4))]

        /// Crowded lanes (more labels than `labels::CROWDED`, placed in
        /// blocks) never give overlapping or clipped labels either, and
        /// every event is labelled, numbered or counted as left out.
        #[test]
        fn crowded_lanes_never_collide(
            events in proptest::collection::vec(event(), 100..=300),
            one_lane in any::<bool>(),
            size in size(),
        ) {
            let mut timeline = random_timeline(&events);
            if one_lane {
                for e in &mut timeline.events {
                    e.category = None;
                }
            }
            let options = TimelineOptions {
                size,
                ..TimelineOptions::default()
            };
            match super::super::timeline(&timeline, &options) {
                Ok(scene) => {
                    assert_clean(&scene);
                    assert_identified(&scene);
                }
                Err(LayoutError::TooManyLanes { .. }) => {
                    prop_assert!(!Size::PRESETS.iter().any(|p| p.1 == size));
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }
}

/// Cases the property test found, kept as they were shrunk.
mod found {
    use super::properties::random_timeline;
    use super::*;
    use crate::font::{self, Measure};

    /// A random event as the property tests make it: date, label,
    /// category, importance, cited.
    type RandomEvent = (String, String, u8, u8, bool);

    fn event(date: &str, label: &str, category: u8, importance: u8, cited: bool) -> RandomEvent {
        (date.into(), label.into(), category, importance, cited)
    }

    fn lay_out(events: &[RandomEvent], options: &TimelineOptions) -> Scene {
        let scene = super::super::timeline(&random_timeline(events), options).unwrap();
        assert_clean(&scene);
        assert_identified(&scene);
        scene
    }

    /// The events of [`a_number_along_its_sub_row_keeps_off_another_numbers_line`]:
    /// date, label, category, importance, cited.
    const ALONG: [(&str, &str, u8, u8, bool); 122] = [
        ("19 July 1912", "plan", 4, 0, false),
        ("1 May 1901", "industrialisation", 0, 0, false),
        ("46 BC", "decree decree passport passport", 0, 0, false),
        ("by 1903", "plan decree industrialisation plan", 3, 2, false),
        ("from 2 October 1913", "plan", 3, 2, false),
        ("1 January 1900", "plan", 0, 0, false),
        ("2 January 1918", "industrialisation", 0, 0, false),
        ("by 1924", "trial", 3, 2, false),
        ("by 1917", "decree", 0, 0, false),
        (
            "1 January 1923",
            "decree plan decree Congress plan",
            3,
            0,
            false,
        ),
        ("1 January 1900", "plan", 0, 0, false),
        ("Q1 1913", "plan", 3, 0, false),
        ("1 January 1900", "plan", 0, 0, false),
        ("1 March 1901", "plan", 1, 0, false),
        ("1 January 1900", "plan", 0, 0, false),
        ("1 January 1900", "Five-Year Congress", 4, 2, false),
        ("1 January 1933", "labour industrialisation", 4, 0, false),
        (
            "1 July 1911",
            "industrialisation industrialisation labour",
            1,
            0,
            false,
        ),
        ("1 January 1900", "plan", 0, 0, false),
        ("1915", "plan plan Congress", 3, 2, false),
        ("1 January 1900", "plan", 4, 0, false),
        (
            "32 BC",
            "decree decree decree decree industrialisation plan",
            1,
            2,
            false,
        ),
        (
            "1 January 1900",
            "decree plan decree decree decree",
            3,
            0,
            false,
        ),
        (
            "1 July 1911",
            "industrialisation decree industrialisation",
            2,
            0,
            false,
        ),
        ("from 1 January 1904", "plan", 2, 0, false),
        ("until 1922", "decree Congress decree", 1, 0, false),
        ("by 1942", "industrialisation decree", 1, 2, false),
        ("by 1903", "labour", 0, 2, false),
        ("1 January 1903", "plan", 4, 0, false),
        ("January 1929", "plan", 0, 1, false),
        ("1 January 1939", "passport industrialisation", 1, 0, false),
        ("summer 1908", "plan", 3, 0, false),
        ("February 1938", "decree Congress passport", 1, 0, false),
        ("27 January 1900", "plan", 4, 0, false),
        ("1 January 1900", "plan", 4, 0, false),
        ("by 1944", "decree", 2, 0, false),
        ("1 January 1902", "plan", 2, 0, false),
        ("1 January 1900", "plan", 0, 0, false),
        (
            "1 February 1913",
            "industrialisation industrialisation",
            0,
            0,
            false,
        ),
        ("by 1901", "plan", 2, 0, false),
        ("1 September 1927", "decree plan plan", 0, 0, false),
        ("from 1 January 1900", "industrialisation a", 0, 0, false),
        ("1 January 1900", "plan", 0, 2, false),
        (
            "1 January 1902",
            "decree collectivisation plan plan decree",
            0,
            0,
            false,
        ),
        ("1 January 1903", "plan", 1, 2, false),
        ("from 7 June 1906", "plan plan plan plan", 3, 0, false),
        ("1 January 1900", "labour", 0, 0, false),
        ("January 1900", "plan", 3, 0, false),
        ("1 January 1900", "plan", 0, 0, false),
        ("from 1 January 1916", "plan plan", 3, 0, false),
        ("1 January 1900", "plan", 0, 0, false),
        ("1 March 1904", "plan", 0, 0, false),
        ("February 1909", "industrialisation", 3, 1, false),
        ("1 May 1910", "plan decree", 3, 1, true),
        ("until 1918", "labour passport labour a", 3, 1, false),
        (
            "from 24 August 1947",
            "Congress industrialisation decree a",
            4,
            1,
            true,
        ),
        ("1942", "passport output", 0, 0, true),
        (
            "1909",
            "Five-Year trial labour passport trial a",
            3,
            0,
            false,
        ),
        ("1901?", "industrialisation wages a Five-Year", 2, 1, false),
        ("October 1901", "labour", 1, 1, true),
        ("by 1946", "decree Congress", 1, 1, true),
        (
            "from 1 April 1904",
            "passport Five-Year plan passport wages",
            0,
            0,
            true,
        ),
        ("1933?", "a plan Five-Year", 2, 2, true),
        (
            "summer 1935",
            "Congress industrialisation collectivisation labour collectivisation output",
            4,
            2,
            true,
        ),
        (
            "1945?",
            "trial industrialisation industrialisation Five-Year wages",
            0,
            1,
            true,
        ),
        (
            "1939?",
            "Congress a plan passport industrialisation collectivisation",
            0,
            0,
            false,
        ),
        ("until 1922", "plan passport wages", 0, 1, false),
        (
            "1909-1910",
            "decree Five-Year output collectivisation labour",
            2,
            2,
            false,
        ),
        ("October 1909", "decree", 4, 1, false),
        (
            "until 1937",
            "plan industrialisation trial plan",
            3,
            1,
            false,
        ),
        (
            "3 October 1917 (Old Style)",
            "collectivisation decree plan",
            3,
            1,
            true,
        ),
        ("1939-1941", "a", 1, 2, true),
        (
            "11 October 1903",
            "industrialisation output decree",
            4,
            1,
            true,
        ),
        (
            "from 18 July 1942",
            "decree plan industrialisation industrialisation plan",
            0,
            0,
            true,
        ),
        (
            "c. 1947",
            "Five-Year collectivisation Congress trial Five-Year",
            3,
            2,
            true,
        ),
        (
            "from 26 August 1939",
            "labour collectivisation decree industrialisation industrialisation",
            2,
            0,
            true,
        ),
        ("until 1927", "wages a decree decree decree", 3, 1, false),
        (
            "until 1927",
            "labour Congress collectivisation collectivisation industrialisation",
            3,
            2,
            true,
        ),
        ("c. 1933", "Five-Year", 1, 1, true),
        (
            "c. 1930",
            "labour plan output collectivisation Congress",
            1,
            1,
            true,
        ),
        (
            "Q2 1912",
            "Five-Year decree decree labour decree industrialisation",
            2,
            1,
            true,
        ),
        (
            "7 June 1905 (Old Style)",
            "wages passport labour trial output collectivisation",
            2,
            0,
            false,
        ),
        (
            "8 November 1930-9 November 1935",
            "Congress trial collectivisation trial trial industrialisation",
            4,
            0,
            false,
        ),
        (
            "by 1942",
            "collectivisation decree trial Congress Five-Year",
            0,
            2,
            false,
        ),
        ("by 1930", "wages plan wages a", 1, 1, false),
        ("1925", "Five-Year", 1, 2, false),
        ("Q4 1919", "wages labour trial collectivisation", 1, 1, true),
        (
            "14 August 1906-15 August 1908",
            "decree industrialisation industrialisation wages Five-Year",
            4,
            2,
            true,
        ),
        (
            "1949-1952",
            "collectivisation Congress passport labour a",
            1,
            0,
            true,
        ),
        ("1902/03", "industrialisation industrialisation", 2, 1, true),
        ("1912/13", "decree plan", 3, 1, true),
        (
            "7 April 1903 (Old Style)",
            "trial industrialisation wages output industrialisation",
            0,
            1,
            false,
        ),
        (
            "15 April 1917 (Old Style)",
            "plan decree Congress wages",
            1,
            1,
            true,
        ),
        ("1916-1917", "labour passport", 0, 1, false),
        ("until 1935", "industrialisation a", 3, 2, true),
        (
            "16 August 1917 (Old Style)",
            "passport passport industrialisation industrialisation",
            4,
            1,
            true,
        ),
        (
            "16 BC",
            "Congress plan labour industrialisation",
            1,
            2,
            true,
        ),
        (
            "1912?",
            "industrialisation output trial Five-Year trial a",
            2,
            0,
            true,
        ),
        ("21 November 1907", "decree plan", 2, 1, false),
        ("by 1917", "a", 1, 1, false),
        ("summer 1921", "collectivisation", 2, 2, true),
        ("c. 1930", "a", 2, 0, true),
        ("8 BC", "labour Five-Year plan trial wages", 0, 1, true),
        (
            "1947-1949",
            "trial collectivisation passport labour Congress output",
            2,
            2,
            true,
        ),
        ("October 1943", "decree Congress plan", 4, 1, false),
        ("1918-1922", "passport passport", 0, 1, false),
        (
            "1918/19",
            "industrialisation plan wages Five-Year wages",
            3,
            0,
            false,
        ),
        ("October 1925", "a Five-Year", 4, 1, false),
        ("May 1942", "trial Congress a", 0, 1, false),
        ("26 January 1902", "Congress Five-Year", 0, 2, true),
        (
            "from 13 February 1935",
            "wages collectivisation collectivisation passport trial",
            2,
            2,
            false,
        ),
        ("from 22 January 1920", "trial", 2, 1, false),
        (
            "17 March 1908 (Old Style)",
            "industrialisation collectivisation Congress labour",
            0,
            0,
            false,
        ),
        (
            "until 1927",
            "industrialisation collectivisation Congress",
            1,
            1,
            false,
        ),
        (
            "3 January 1900 (Old Style)",
            "collectivisation industrialisation trial output decree trial",
            0,
            0,
            false,
        ),
        (
            "by 1923",
            "wages wages Five-Year Congress output labour",
            4,
            0,
            true,
        ),
        ("c. 1922", "plan decree a Five-Year Congress", 3, 0, false),
        (
            "1907-1910",
            "Congress decree Congress decree collectivisation",
            1,
            0,
            false,
        ),
        (
            "1909?",
            "plan decree Five-Year Five-Year a trial",
            0,
            2,
            false,
        ),
        (
            "summer 1902",
            "Congress Five-Year a a Five-Year",
            4,
            1,
            false,
        ),
        (
            "1941/42",
            "a industrialisation industrialisation",
            2,
            1,
            false,
        ),
        ("1908/09", "industrialisation", 4, 1, false),
    ];

    /// A crowded lane of marks in sub-rows on a tall, narrow canvas: a
    /// number set along its sub-row over another number's joining line.
    #[test]
    fn a_number_along_its_sub_row_keeps_off_another_numbers_line() {
        let events = ALONG.map(|(d, l, c, i, x)| event(d, l, c, i, x));
        let options = TimelineOptions {
            size: Size::new(441, 1273),
            ..TimelineOptions::default()
        };
        lay_out(&events, &options);
    }

    /// Two slivers of events that end past the window, each after a bar
    /// that runs to its end, and a third mark under them: nothing beside
    /// them, and their leaders would share one column. The one left
    /// without a label gets a sub-row of its own, and its number.
    #[test]
    fn marks_boxed_in_at_the_end_of_the_axis_get_sub_rows_of_their_own() {
        let events = [
            event("until 1925", "plan", 4, 1, false),
            event("by 1926", "plan", 4, 0, false),
            event("from 1 January 1900", "plan", 4, 0, false),
            event("until 1926", "plan", 4, 0, false),
            event("from 1 January 1900", "plan", 4, 0, false),
        ];
        let options = TimelineOptions {
            from: NaiveDate::from_ymd_opt(1923, 1, 1),
            to: NaiveDate::from_ymd_opt(1924, 12, 31),
            ..TimelineOptions::default()
        };
        let scene = lay_out(&events, &options);
        assert!(scene.dropped.is_empty(), "{:?}", scene.dropped);
        // The sliver that had no room now has a sub-row without a bar.
        let row = |id: &str| {
            let e = scene.events.iter().position(|x| x == id).unwrap();
            let m = scene.marks.iter().find(|m| m.event == e).unwrap();
            m.y0
        };
        let bars = [row("e2"), row("e4")];
        assert!(!bars.contains(&row("e3")));
    }

    /// Five bars stacked the whole width of the window: the three between
    /// the first and the last are walled in over and under, and moving one
    /// to the end walls in the one that was last. Rows open over and under
    /// each, for its label: every event is identified.
    #[test]
    fn marks_walled_in_over_and_under_get_rows_opened_beside_them() {
        let events = [0, 0, 1, 0, 0].map(|i| event("from 1 January 1900", "plan", 2, i, false));
        let options = TimelineOptions {
            from: NaiveDate::from_ymd_opt(1901, 1, 1),
            to: NaiveDate::from_ymd_opt(1901, 12, 31),
            ..TimelineOptions::default()
        };
        let scene = lay_out(&events, &options);
        assert!(scene.dropped.is_empty(), "{:?}", scene.dropped);
        assert!(scene.numbered.is_empty(), "{:?}", scene.numbered);
    }

    /// Property seed 28's case: a stack of short bars over two arrows
    /// across a window of 1930-1953, one lane.
    fn seed_28() -> (Vec<RandomEvent>, TimelineOptions) {
        let events = vec![
            event("1 April 1937", "plan", 1, 0, false),
            event("5 January 1947", "plan", 1, 0, false),
            event(
                "1937-1941",
                "industrialisation decree collectivisation plan",
                1,
                0,
                false,
            ),
            event(
                "from 1 March 1917",
                "plan passport decree plan",
                1,
                1,
                false,
            ),
            event("1930", "decree plan plan", 1, 2, false),
            event(
                "1929/30 (economic year)",
                "decree industrialisation industrialisation",
                1,
                2,
                false,
            ),
            event("from 1 January 1900", "plan", 1, 0, false),
            event("January 1900", "plan", 0, 0, false),
            event("1925-1930", "plan", 1, 0, false),
        ];
        let options = TimelineOptions {
            from: NaiveDate::from_ymd_opt(1930, 1, 1),
            to: NaiveDate::from_ymd_opt(1953, 12, 31),
            ..TimelineOptions::default()
        };
        (events, options)
    }

    /// Two arrows across the whole window at the bottom of a stack of
    /// short bars: over the upper one's start, labels of the bars take the
    /// first row, and every evenly spaced anchor along its first clear
    /// stretch fell on one of them. Its label now takes the clear column
    /// between them, or another clear stretch further along (seed 28).
    #[test]
    fn an_arrow_under_labels_over_its_start_is_labelled_further_along() {
        let (events, options) = seed_28();
        let scene = lay_out(&events, &options);
        assert!(scene.dropped.is_empty(), "{:?}", scene.dropped);
    }

    /// The same figure's labels all stand on one line at 18 px; at 21 px
    /// the placement wrapped two of them onto three lines, with twenty rows
    /// free over them. Up to the full size, a larger size is taken only
    /// where it wraps no more labels than the size below.
    #[test]
    fn a_larger_size_wraps_no_more_labels_than_the_smaller() {
        let (events, options) = seed_28();
        let scene = lay_out(&events, &options);
        assert_eq!(super::super::wrapped(&scene), 0);
    }

    /// Eleven marks in one lane, five of them arrows over one another, among
    /// four lanes of a few events: an even share of the sub-rows made the
    /// lane a density strip and left an event out (seed 99, in Arial's
    /// metrics). What the quiet lanes do not need is the busy lane's.
    #[test]
    fn a_busy_lane_among_quiet_ones_stacks_its_marks() {
        let events = [
            event("from 11 July 1918", "plan plan", 2, 0, false),
            event(
                "from 1 January 1919",
                "decree industrialisation Five-Year decree industrialisation industrialisation",
                2,
                0,
                false,
            ),
            event("7 BC", "plan", 2, 0, false),
            event("by 1900", "plan", 0, 0, false),
            event("from 1 January 1900", "plan", 0, 0, false),
            event(
                "by 1945",
                "wages passport industrialisation decree",
                2,
                2,
                false,
            ),
            event("1948-1949", "plan", 3, 0, false),
            event("22 March 1916", "plan", 1, 0, false),
            event("from 1 January 1900", "plan", 0, 0, false),
            event("1 January 1942", "plan", 2, 0, false),
            event("1 January 1942", "plan", 2, 0, false),
            event("1927", "plan", 0, 0, false),
            event("from 20 April 1904", "plan", 2, 0, false),
            event("1 February 1914", "plan", 4, 0, false),
            event("45 BC", "plan", 0, 0, false),
            event("1 March 1924", "plan", 0, 0, false),
            event("7 September 1938", "plan", 2, 0, false),
            event("1 January 1911 (Old Style)", "plan", 4, 0, false),
            event("from 1 January 1902", "plan", 2, 0, false),
            event("1 April 1933", "plan", 0, 0, false),
            event("from 1 January 1900", "plan", 2, 0, false),
            event("1 January 1913", "plan", 1, 0, false),
            event("from 1 January 1900", "plan", 0, 0, false),
        ];
        let scene = font::measured_in(Measure::Arial, || {
            lay_out(&events, &TimelineOptions::default())
        });
        assert!(scene.bins.is_empty(), "a density strip");
        assert!(scene.dropped.is_empty(), "{:?}", scene.dropped);
    }

    /// Three marks of 1917 stacked at one x: the summer's bar under two
    /// diamonds. Its number stands along its sub-row; a line there passes
    /// under the diamond above, which reaches into the sub-row only as far
    /// as text would care.
    #[test]
    fn a_number_joined_along_its_sub_row_passes_a_diamond_beside_it() {
        let events = [
            event("50 BC", "plan", 0, 0, false),
            event("1 January 1900", "plan", 0, 0, false),
            event("summer 1917", "plan", 0, 0, false),
            event("1 January 1900", "plan", 0, 0, false),
            event("1 July 1917 (Old Style)", "plan", 0, 0, false),
            event(
                "3 January 1917 (Old Style)",
                "industrialisation industrialisation industrialisation plan plan",
                0,
                2,
                true,
            ),
            event("35 BC", "plan", 0, 0, false),
            event("by 1949", "plan", 0, 0, false),
        ];
        let options = TimelineOptions {
            size: Size::new(794, 1123),
            notes: true,
            ..TimelineOptions::default()
        };
        let scene = lay_out(&events, &options);
        assert!(scene.dropped.is_empty(), "{:?}", scene.dropped);
    }

    /// A label set over its diamond, in the sub-row above, starts past the
    /// diamond's tip (at 21 px a line of text reaches into the sub-row
    /// below it).
    #[test]
    fn a_label_over_its_diamond_keeps_off_the_tip() {
        let events = [
            event("by 1922", "decree", 0, 0, false),
            event("1 February 1917 (Old Style)", "plan", 4, 0, false),
            event("1 January 1900", "plan", 0, 0, false),
            event("1922", "decree", 0, 0, false),
            event("21 March 1917 (Old Style)", "plan", 4, 0, false),
            event("13 February 1916", "plan", 3, 0, false),
            event("from 1 January 1900", "plan", 0, 0, false),
            event("1915", "plan", 3, 0, false),
            event("March 1912", "plan", 1, 0, false),
            event("1 January 1900", "plan", 0, 0, false),
            event("1 January 1911", "plan", 2, 0, false),
            event("1 April 1917 (Old Style)", "plan", 4, 0, false),
            event("until 1911", "plan", 1, 0, false),
            event("by 1923", "passport plan plan", 0, 0, true),
            event("1 April 1913", "plan", 0, 0, false),
        ];
        let options = TimelineOptions {
            size: Size::new(1174, 291),
            from: NaiveDate::from_ymd_opt(1907, 1, 1),
            to: NaiveDate::from_ymd_opt(1918, 12, 31),
            ..TimelineOptions::default()
        };
        // `assert_clean` holds that no label covers a mark.
        lay_out(&events, &options);
    }
}

/// The file's subtitle describes the whole timeline: the default figure
/// carries it, a figure with its own title or window does not (issue 11:
/// `labour-law`, 1922-1935, inherited "USSR, 1926-1935").
#[test]
fn a_figure_inherits_the_subtitle_only_where_it_holds() {
    let timeline = chapter();
    let subtitle = |options: &TimelineOptions| {
        super::timeline(&timeline, options)
            .unwrap()
            .texts
            .iter()
            .filter(|t| t.role == TextRole::Subtitle)
            .map(|t| t.text.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(subtitle(&timeline.defaults), "USSR, 1926-1935");
    let labour = timeline
        .figures
        .iter()
        .find(|f| f.id == "labour-law")
        .unwrap();
    assert_eq!(subtitle(&labour.options), "");
    let chapter_figure = timeline.figures.iter().find(|f| f.id == "chapter").unwrap();
    assert!(subtitle(&chapter_figure.options).starts_with("Party decisions"));
    let windowed = TimelineOptions {
        from: NaiveDate::from_ymd_opt(1929, 1, 1),
        ..timeline.defaults.clone()
    };
    assert_eq!(subtitle(&windowed), "");
}

/// Labels, lane names and ticks are 21 px where that labels every event
/// whole, and 18 px where the smaller size labels more: the whole chapter
/// at `slide` (42 labelled, 40 of them whole, against 28 whole at 21 px,
/// when this was written).
#[test]
fn a_dense_figure_sets_its_labels_smaller_to_label_more() {
    let timeline = chapter();
    let sizes = |scene: &Scene, role: TextRole| -> Vec<f32> {
        let mut sizes: Vec<f32> = scene
            .texts
            .iter()
            .filter(|t| t.role == role)
            .map(|t| t.size)
            .collect();
        sizes.dedup();
        sizes
    };
    let whole = TimelineOptions::default();
    let dense = super::timeline(&timeline, &whole).unwrap();
    for role in [TextRole::Label, TextRole::Lane, TextRole::Axis] {
        assert_eq!(sizes(&dense, role), [18.0], "{role:?}");
    }
    let (_, large, _) = super::lay_out(&timeline, &whole, (size::LABEL, false)).unwrap();
    let (_, small, _) = super::lay_out(&timeline, &whole, (18.0, false)).unwrap();
    assert!(small >= large + 5, "{small} whole labels against {large}");
    // A figure of few events keeps the full size.
    let law = timeline
        .figures
        .iter()
        .find(|f| f.id == "labour-law")
        .unwrap();
    let sparse = super::timeline(&timeline, &law.options).unwrap();
    assert_eq!(sizes(&sparse, TextRole::Label), [21.0]);
}
