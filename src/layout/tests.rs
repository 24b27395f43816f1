use super::*;
use crate::figure::Size;
use crate::load;

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
    // No label crosses a leader line or a mark other than its own.
    for t in scene.texts.iter().filter(|t| t.role == TextRole::Label) {
        for m in &scene.marks {
            let hit = t.left < m.x1 && m.x0 < t.right() && t.top < m.y1 && m.y0 < t.bottom();
            assert!(!hit, "{t:?} covers mark {m:?}");
        }
        for l in scene.lines.iter().filter(|l| l.role == LineRole::Leader) {
            let x = l.from.0;
            let (y0, y1) = (l.from.1.min(l.to.1), l.from.1.max(l.to.1));
            let crosses = t.left < x && x < t.right() && t.top < y1 && y0 < t.bottom();
            assert!(!crosses, "{t:?} crosses the leader at x={x}");
        }
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
            if name == "slide" && figure.from.is_some() {
                assert!(
                    scene.dropped.len() <= 3,
                    "{:?}: {:?}",
                    figure.title,
                    scene.dropped
                );
            }
        }
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

mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Category, DateContext, Event, HistDate, Importance, PALETTE};

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
            _ => format!("c. {year}"),
        }
    }

    fn event() -> impl Strategy<Value = (String, String, u8, u8)> {
        (
            0u8..9,
            1900i32..1950,
            1u32..=12,
            1u32..=28,
            0i32..6,
            proptest::collection::vec(0usize..WORDS.len(), 1..7),
            0u8..4,
            0u8..3,
        )
            .prop_map(
                |(kind, year, month, day, len, words, category, importance)| {
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
                    )
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

        /// Random event sets never give overlapping or clipped labels, and
        /// every event is either labelled or counted as left out.
        #[test]
        fn labels_never_collide_or_leave_the_canvas(
            events in proptest::collection::vec(event(), 1..45),
            preset in 0usize..4,
            notes in any::<bool>(),
        ) {
            let categories: Vec<Category> = (0..4)
                .map(|i| Category::new(format!("c{i}"), format!("Category {i}"), PALETTE[i]))
                .collect();
            let events: Vec<Event> = events
                .iter()
                .enumerate()
                .map(|(i, (date, label, category, importance))| {
                    let date = HistDate::parse(date, DateContext::default()).unwrap();
                    Event::new(format!("e{i}"), label.clone(), date)
                        .with_category(format!("c{category}"))
                        .with_importance(match importance {
                            0 => Importance::Low,
                            1 => Importance::Normal,
                            _ => Importance::High,
                        })
                })
                .collect();
            let timeline = Timeline::from_parts("Random", categories, events).unwrap();
            let options = TimelineOptions {
                size: Size::PRESETS[preset].1,
                notes,
                ..TimelineOptions::default()
            };
            let scene = super::super::timeline(&timeline, &options).unwrap();
            assert_clean(&scene);
            let labelled: std::collections::HashSet<usize> = scene
                .texts
                .iter()
                .filter(|t| t.role == TextRole::Label)
                .filter_map(|t| t.event)
                .collect();
            prop_assert_eq!(labelled.len() + scene.dropped.len(), scene.events.len());
        }
    }
}
