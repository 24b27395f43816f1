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
    for (name, size) in Size::PRESETS {
        let options = TimelineOptions {
            size,
            ..TimelineOptions::default()
        };
        let scene = super::timeline(&timeline, &options).unwrap();
        assert_clean(&scene);
        assert!(scene.dropped.len() < 15, "{name}: {:?}", scene.dropped);
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

#[test]
#[ignore]
fn debug_zoom() {
    let t = chapter();
    let f = &t.figures[2];
    let scene = super::timeline(&t, &f.options).unwrap();
    eprintln!("plot {:?} dropped {:?}", scene.plot, scene.dropped);
    for b in &scene.bands {
        eprintln!("band {} {}", b.top, b.bottom);
    }
}
