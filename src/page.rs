//! The interactive page (`-o timeline.html`, `formats = ["html"]`): one
//! self-contained HTML file that shows a timeline exactly as its SVG does,
//! then lets the reader zoom and pan, open any event's details, filter and
//! search. No network: the font, the views and the script are inline.
//!
//! Zooming re-lays the figure out for the window shown, so labels never
//! overlap at any zoom. The layouts are computed here, in Rust, for a
//! ladder of windows (the whole period, its halves, its quarters, each
//! overlapping its neighbours by half); the page's script only switches
//! between them, which costs a decompression and a DOM swap, whatever the
//! number of events. (Running the layout in the page as WebAssembly would
//! need a wasm target that a fresh machine with the stable toolchain does
//! not have.) Every view is drawn in the light and the dark theme; the
//! reader's `prefers-color-scheme` picks one.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use base64::Engine as _;
use chrono::{Datelike, NaiveDate};

use crate::error::Error;
use crate::figure::{Theme, TimelineOptions};
use crate::font;
use crate::layout::{self, Scene};
use crate::list::{self, ListFormat};
use crate::model::Timeline;
use crate::render::{self, escape};

/// Zoom levels: the whole window, then windows of a half, a quarter, ...
/// of it.
const LEVELS: u32 = 3;

/// One precomputed view: a window of time, laid out in both themes.
struct View {
    level: u32,
    from: NaiveDate,
    to: NaiveDate,
    light: String,
    dark: String,
}

/// The windows of every zoom level: the whole `full` window, then at
/// level `k` windows that each hold a 2^k-th of the events (their dates
/// sorted in `dates`), starting every half of that: the ladder follows
/// the events, so a zoom goes where they crowd, not into empty years.
fn windows(full: (NaiveDate, NaiveDate), dates: &[NaiveDate]) -> Vec<(u32, NaiveDate, NaiveDate)> {
    let n = dates.len();
    let whole = (full.1 - full.0).num_days();
    let mut out = vec![(0, full.0, full.1)];
    for level in 1..LEVELS {
        let halves = 2usize << level;
        if n < halves {
            break;
        }
        for j in 0..halves - 1 {
            let mut group = &dates[j * n / halves..((j + 2) * n / halves).min(n)];
            // An outlier (one event centuries before the rest) stays in
            // the whole view: a window holding it would be the whole again.
            while let [first, second, .., last] = group
                && *second - *first > *last - *second
            {
                group = &group[1..];
            }
            while let [first, .., before, last] = group
                && *last - *before > *before - *first
            {
                group = &group[..group.len() - 1];
            }
            // Two dates further apart than the level's share of the whole:
            // the later one's window (the earlier is in the one before).
            if let [first, last] = group
                && (*last - *first).num_days() > whole / (1 << level)
            {
                group = &group[1..];
            }
            let (Some(&first), Some(&last)) = (group.first(), group.last()) else {
                continue;
            };
            // A margin on both sides, and at least two months in all.
            let pad = ((last - first).num_days() / 20).max(31);
            let from = (first - chrono::Duration::days(pad)).max(full.0);
            let to = (last + chrono::Duration::days(pad)).min(full.1);
            if to > from && !out.contains(&(level, from, to)) {
                out.push((level, from, to));
            }
        }
    }
    out
}

/// "March 1929": how a view names its ends.
fn month_year(date: NaiveDate) -> String {
    format!(
        "{} {}",
        crate::model::date::MONTHS[date.month0() as usize],
        crate::model::date::year_text(date.year())
    )
}

/// A day as JavaScript's `Date.parse` reads it: years outside 0-9999 (BC
/// among them) in the expanded form, `-000132-01-01`.
fn js_date(date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if (0..=9999).contains(&y) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:+07}-{m:02}-{d:02}")
    }
}

/// The page of a timeline drawn with `options`.
pub fn timeline_page(timeline: &Timeline, options: &TimelineOptions) -> Result<String, Error> {
    let layout_error = Error::Layout;
    let draw_error = |e: render::DrawError| Error::Export {
        format: "HTML",
        message: e.to_string(),
    };
    let full = layout::timeline(timeline, options).map_err(layout_error)?;
    let (light_theme, dark_theme) = match options.theme {
        Theme::Dark => (Theme::Light, Theme::Dark),
        other => (other, Theme::Dark),
    };
    let labels = |scene: &Scene| -> Vec<String> {
        scene
            .events
            .iter()
            .map(|id| {
                timeline.event(id).map_or_else(String::new, |e| {
                    format!("{}, {}", e.label, e.date.written())
                })
            })
            .collect()
    };
    let mut scenes: Vec<Scene> = Vec::new();
    let mut views = Vec::new();
    let mut dates: Vec<NaiveDate> = full
        .events
        .iter()
        .filter_map(|id| timeline.event(id))
        .map(|e| e.date.anchor())
        .collect();
    dates.sort_unstable();
    for (level, from, to) in windows(full.window, &dates) {
        let scene = if level == 0 {
            full.clone()
        } else {
            let opts = TimelineOptions {
                from: Some(from),
                to: Some(to),
                subtitle: Some(format!("{} to {}", month_year(from), month_year(to))),
                ..options.clone()
            };
            // A window with no event, or more than its size holds, is not
            // offered.
            let Ok(scene) = layout::timeline(timeline, &opts) else {
                continue;
            };
            scene
        };
        // The layout is the same in every theme; only the colours differ.
        let mut pair = Vec::with_capacity(2);
        for theme in [light_theme, dark_theme] {
            let scene = Scene {
                theme,
                ..scene.clone()
            };
            pair.push(render::timeline_page_svg(&scene, &labels(&scene)).map_err(draw_error)?);
        }
        scenes.push(scene);
        let mut pair = pair.into_iter();
        if let (Some(light), Some(dark)) = (pair.next(), pair.next()) {
            views.push(View {
                level,
                from,
                to,
                light,
                dark,
            });
        }
    }
    Ok(page(timeline, &full, &views, &scenes))
}

/// zlib, then base64: how the views wait in the page until shown.
fn packed(text: &str) -> String {
    let bytes = miniz_oxide::deflate::compress_to_vec_zlib(text.as_bytes(), 9);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// JSON text that is safe inside a `<script>` element.
fn script_json(json: &str) -> String {
    // `<` only stands in JSON strings, where `\u003c` is the same text: no
    // `</script>` and no `<!--` can open inside the element, and the JSON
    // stays JSON.
    json.replace('<', "\\u003c")
}

/// The font of the views, subset to their glyphs and packed (the script
/// hands it to the browser's `FontFace`): a third of the room of a CSS
/// `@font-face` with base64 TrueType. Until it is loaded every text is
/// drawn in a fallback font at the width the layout measured
/// (`textLength`), so nothing collides meanwhile. (The page's own text is
/// set in the reader's system font.)
fn font_scripts(scenes: &[Scene]) -> String {
    let mut faces = String::new();
    let texts: Vec<(&str, bool)> = scenes
        .iter()
        .flat_map(|s| &s.texts)
        .map(|t| (t.text.as_str(), t.bold))
        .collect();
    for (bold, subset) in font::subsets(&texts) {
        let bytes = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 9);
        let _ = writeln!(
            faces,
            "<script type=\"application/octet-stream\" data-font=\"{}\" data-weight=\"{}\">{}</script>",
            font::FAMILY,
            if bold { "bold" } else { "normal" },
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
    }
    let texts = scenes
        .iter()
        .flat_map(|s| &s.texts)
        .map(|t| t.text.as_str());
    for (family, subset) in font::fallback_subsets(texts) {
        let bytes = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 9);
        let _ = writeln!(
            faces,
            "<script type=\"application/octet-stream\" data-font=\"{}\" data-weight=\"normal\">{}</script>",
            escape(&family),
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
    }
    faces
}

fn page(timeline: &Timeline, full: &Scene, views: &[View], scenes: &[Scene]) -> String {
    let events_json = list::render(timeline, ListFormat::Json);
    let sources: serde_json::Map<String, serde_json::Value> = timeline
        .sources
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                serde_json::json!({ "note": s.note, "citation": s.citation, "page": s.page }),
            )
        })
        .collect();
    let categories: Vec<serde_json::Value> = timeline
        .categories
        .iter()
        .map(|c| serde_json::json!({ "id": c.id, "label": c.label }))
        .collect();
    let manifest: Vec<serde_json::Value> = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::json!({
                "level": v.level,
                "from": js_date(v.from),
                "to": js_date(v.to),
                "name": if v.level == 0 {
                    format!("{} to {}", month_year(v.from), month_year(v.to))
                } else {
                    format!("{} to {}, zoom level {}", month_year(v.from), month_year(v.to), v.level)
                },
                // The first view is inline in the light theme.
                "light": if i == 0 { String::new() } else { packed(&v.light) },
                "dark": packed(&v.dark),
            })
        })
        .collect();
    let shown: BTreeSet<&str> = full.events.iter().map(String::as_str).collect();
    let mut list_items = String::new();
    for e in timeline
        .events
        .iter()
        .filter(|e| shown.contains(e.id.as_str()))
    {
        let _ = writeln!(
            list_items,
            "<li data-event=\"{id}\"><button type=\"button\" id=\"event-{id}\" data-event=\"{id}\"><span class=\"date\">{date}</span> {label}</button></li>",
            id = escape(&e.id),
            date = escape(e.date.written()),
            label = escape(&e.label)
        );
    }
    let title = escape(&full.title);
    let first = views.first().map_or("", |v| v.light.as_str());
    // Compact: the same data as `annals list --format json`, in less room.
    let events_json = serde_json::from_str::<serde_json::Value>(&events_json)
        .map_or(events_json, |v| v.to_string());
    let mut html = String::with_capacity(256 * 1024);
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="annals {version}">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<header><h1>{title}</h1>
<div class="toolbar" role="toolbar" aria-label="View">
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="zoom-out" aria-label="Zoom out">&#8722;</button>
<button type="button" id="pan-left" aria-label="Earlier">&#8592;</button>
<button type="button" id="pan-right" aria-label="Later">&#8594;</button>
<button type="button" id="reset">Whole period</button>
<span id="view-name" aria-live="polite"></span>
</div>
</header>
<main>
<figure id="figure" tabindex="0" aria-label="{title}: the timeline. Arrow keys move earlier and later, plus and minus zoom, Tab goes through the events.">
<div class="view light">{first}</div>
<div class="view dark"></div>
</figure>
<aside id="panel" role="region" aria-label="Event details" aria-live="polite" tabindex="-1">
<p class="hint">Choose an event, in the figure or in the list, to read its dates, quotation and sources.</p>
</aside>
</main>
<section class="filters" aria-label="Filter and search">
<label for="search">Search</label> <input type="search" id="search" autocomplete="off">
<fieldset id="categories"><legend>Categories</legend></fieldset>
<span class="tag"><label for="tag">Tag</label> <select id="tag"><option value="">any</option></select></span>
</section>
<nav aria-label="Events"><h2>Events</h2><ol id="events">
{list_items}</ol></nav>
<script type="application/json" id="events-data">{events}</script>
<script type="application/json" id="sources-data">{sources}</script>
<script type="application/json" id="categories-data">{categories}</script>
<script type="application/json" id="views-data">{manifest}</script>
{fonts}
<script>
{js}</script>
</body>
</html>
"#,
        lang = escape(&timeline.language),
        version = env!("CARGO_PKG_VERSION"),
        fonts = font_scripts(scenes),
        css = include_str!("page/page.css"),
        events = script_json(&events_json),
        sources = script_json(&serde_json::Value::Object(sources).to_string()),
        categories = script_json(&serde_json::Value::Array(categories).to_string()),
        manifest = script_json(&serde_json::Value::Array(manifest).to_string()),
        js = include_str!("page/page.js"),
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn zoom_levels_follow_the_events() {
        // One event in 1703, fifteen in 1917: the zoomed views are about
        // 1917, not about the empty eighteenth century.
        let mut dates = vec![day(1703, 5, 27)];
        dates.extend((1..=12).map(|m| day(1917, m, 1)));
        dates.extend([day(1917, 12, 10), day(1917, 12, 20), day(1917, 12, 30)]);
        let w = windows((day(1700, 1, 1), day(1918, 12, 31)), &dates);
        assert_eq!(w[0], (0, day(1700, 1, 1), day(1918, 12, 31)));
        assert_eq!(w.iter().filter(|v| v.0 == 1).count(), 3);
        assert_eq!(w.iter().filter(|v| v.0 == 2).count(), 7);
        // Every window past the whole lies around 1917.
        for v in w.iter().filter(|v| v.0 > 0) {
            assert!(v.1.year() >= 1916 && v.2.year() <= 1918, "{v:?}");
        }
        // Each level's windows start in time order and overlap.
        for level in 1..LEVELS {
            let same: Vec<_> = w.iter().filter(|v| v.0 == level).collect();
            for pair in same.windows(2) {
                assert!(pair[0].1 <= pair[1].1 && pair[1].1 < pair[0].2, "{pair:?}");
            }
        }
    }

    #[test]
    fn few_events_are_not_zoomed_into_emptiness() {
        let dates = [day(1930, 1, 1), day(1930, 3, 1)];
        assert_eq!(windows((day(1930, 1, 1), day(1930, 3, 1)), &dates).len(), 1);
    }

    #[test]
    fn json_cannot_close_its_script() {
        let escaped = script_json(r#"["</script>", "<!--"]"#);
        assert_eq!(escaped, r#"["\u003c/script>", "\u003c!--"]"#);
        let back: Vec<String> = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, ["</script>", "<!--"]);
    }
}
