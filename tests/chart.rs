//! Charts: geometry that follows the data, golden files, validation.

use annals::figure::{FigureKind, TimelineOptions};
use annals::load;
use annals::render::chart_svg;

use super::{annals, errors, root};

fn charts() -> annals::model::Timeline {
    load::load(&root().join("tests/golden/charts.toml"))
        .unwrap()
        .timeline
}

fn chapter() -> annals::model::Timeline {
    load::load(&root().join("events.toml")).unwrap().timeline
}

fn chart_of(t: &annals::model::Timeline, id: &str) -> annals::render::ChartFigure {
    let spec = t.figures.iter().find(|f| f.id == id).unwrap();
    let FigureKind::Chart(chart) = &spec.kind else {
        panic!("{id} is not a chart")
    };
    chart_svg(t, chart, &spec.options).unwrap()
}

/// The pixel of a value on a linear value axis.
fn pixel(geometry: &annals::render::ChartGeometry, v: f64) -> f32 {
    let (v0, p0, v1, p1) = geometry.value_axis;
    p0 + ((v - v0) / (v1 - v0)) as f32 * (p1 - p0)
}

#[test]
fn bar_heights_are_proportional_to_the_values() {
    let t = chapter();
    let g = chart_of(&t, "targets").geometry;
    let table = t.table("targets").unwrap();
    let solid: Vec<_> = g.bars.iter().filter(|b| !b.range).collect();
    assert_eq!(solid.len(), 8, "actual and plan for four products");
    for bar in &solid {
        let value = table.rows[bar.row].cells[bar.column].middle().unwrap();
        assert_eq!(bar.values, (0.0, value));
        let height = bar.rect.3 - bar.rect.1;
        let expected = pixel(&g, 0.0) - pixel(&g, value);
        assert!(
            (height - expected).abs() <= 1.0,
            "{}: {height} vs {expected}",
            table.rows[bar.row].label
        );
    }
    // Coal's plan bar is 75/35 times its actual bar.
    let coal: Vec<_> = solid
        .iter()
        .filter(|b| b.row == 0)
        .map(|b| b.rect.3 - b.rect.1)
        .collect();
    assert!((coal[1] / coal[0] - 75.0 / 35.0).abs() < 0.03, "{coal:?}");
}

/// A range is grounded: one bar from zero, solid up to the low end (within
/// 1 px), lighter from there to the high end.
#[test]
fn the_amended_coal_target_is_a_grounded_bar_from_0_through_95_to_105() {
    let t = chapter();
    let g = chart_of(&t, "targets").geometry;
    let coal = g.bars.iter().find(|b| b.row == 0 && b.range).unwrap();
    assert_eq!(coal.values, (0.0, 105.0));
    let (low, low_px) = coal.range_low.unwrap();
    assert_eq!(low, 95.0);
    assert!((low_px - pixel(&g, 95.0)).abs() <= 1.0, "{low_px}");
    assert!((coal.rect.3 - pixel(&g, 0.0)).abs() <= 1.0);
    assert!((coal.rect.1 - pixel(&g, 105.0)).abs() <= 1.0);
    // Every range of the table is grounded the same way.
    let ranges = g.bars.iter().filter(|b| b.range).count();
    assert_eq!(ranges, 4);
    assert!(
        g.bars
            .iter()
            .filter(|b| b.range)
            .all(|b| b.values.0 == 0.0 && b.range_low.is_some())
    );
    // The legend says what the lighter part is.
    assert!(
        g.texts
            .iter()
            .any(|t| t.text.starts_with("lighter, outlined: a range"))
    );
    // Growth factors are shown: 75.0 / 35.0 = 2.1, and the range's 2.7-3.0.
    let texts: Vec<&str> = g.texts.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"×2.1"), "{texts:?}");
    assert!(texts.contains(&"×2.7-3.0"), "{texts:?}");
    assert!(texts.contains(&"95-105"));
}

/// A logarithmic axis starts one tick (1, 2, 5 times a power of ten) below
/// the smallest value or reference, not at a power of ten far below; a
/// value at the reference is still a visible mark.
#[test]
fn a_log_axis_fits_its_data_and_a_value_at_the_reference_shows() {
    let t = chapter();
    let g = chart_of(&t, "output-1932-1913").geometry;
    // Textiles "c. 100" and the reference 100: one tick below is 50.
    assert_eq!(g.value_axis.0, 50.0);
    let svg = chart_of(&t, "output-1932-1913").svg;
    let textiles = g.bars.iter().find(|b| b.row == 4).unwrap();
    assert!(textiles.rect.2 - textiles.rect.0 < 1.0, "zero length");
    assert!(g.texts.iter().any(|t| t.text == "c. 100"));
    assert!(
        g.texts.iter().any(|t| t.text == "1913 = 100"),
        "the reference is labelled"
    );
    // The mark at the reference: a filled rectangle 4 px wide at x(100).
    let x = textiles.rect.0.round() as i32;
    assert!(
        svg.contains(&format!("x=\"{}\"", x - 2)) || svg.contains(&format!("x=\"{}\"", x - 1)),
        "no mark at x {x}"
    );
}

/// Bars are no thicker than 96 px at a slide's scale, at every size; few
/// rows keep together instead of spreading over the plot.
#[test]
fn bar_thickness_is_capped_at_every_size() {
    let t = chapter();
    for id in ["targets", "real-wages", "growth-rates", "output-1932-1913"] {
        let spec = t.figures.iter().find(|f| f.id == id).unwrap();
        let FigureKind::Chart(chart) = &spec.kind else {
            panic!()
        };
        for (name, size) in annals::figure::Size::PRESETS {
            let options = TimelineOptions {
                size,
                ..spec.options.clone()
            };
            let g = chart_svg(&t, chart, &options).unwrap().geometry;
            // The scale of text and marks, as the layout takes it.
            let s = (size.width as f32 / 1920.0)
                .min(size.height as f32 / 1080.0)
                .clamp(0.5, 3.0);
            let horizontal = chart.kind == annals::figure::ChartKind::Comparison;
            for b in &g.bars {
                let thickness = if horizontal {
                    b.rect.3 - b.rect.1
                } else {
                    b.rect.2 - b.rect.0
                };
                assert!(thickness <= 96.0 * s + 1.0, "{id} at {name}: {thickness}");
            }
        }
    }
}

#[test]
fn event_markers_sit_at_their_dates() {
    let t = chapter();
    let g = chart_of(&t, "labour-turnover").geometry;
    // Annual figures are drawn mid-year: 1930 at 2 July 1930, 1931 at 2 July 1931.
    let at = |value: f64| {
        g.points
            .iter()
            .find(|p| (p.value - value).abs() < 1e-9)
            .unwrap()
            .at
            .0
    };
    let (x1930, x1931) = (at(176.4), at(151.2));
    let day = |y, m, d| {
        f64::from(chrono::Datelike::num_days_from_ce(
            &chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        ))
    };
    let (d1930, d1931) = (day(1930, 7, 2), day(1931, 7, 2));
    let expected = |d: f64| x1930 + ((d - d1930) / (d1931 - d1930)) as f32 * (x1931 - x1930);
    let ban = g.markers.iter().find(|m| m.0 == "hiring-ban").unwrap().1;
    assert!((ban - expected(day(1930, 12, 15))).abs() <= 1.5, "{ban}");
    let passports = g
        .markers
        .iter()
        .find(|m| m.0 == "passport-decree")
        .unwrap()
        .1;
    assert!(
        (passports - expected(day(1932, 12, 27))).abs() <= 1.5,
        "{passports}"
    );
    assert_eq!(g.points.len(), 16, "four series of four years");
}

#[test]
fn comparison_bars_start_at_zero_or_at_the_reference_on_a_log_axis() {
    let t = chapter();
    let wages = chart_of(&t, "real-wages").geometry;
    assert_eq!(wages.bars.len(), 2);
    assert!(wages.bars.iter().all(|b| b.values.0 == 0.0));
    assert!(wages.texts.iter().any(|t| t.text == "1928 = 100"));
    let schwarz = &wages.bars[0];
    let zaleski = &wages.bars[1];
    let (w0, w1) = (
        schwarz.rect.2 - schwarz.rect.0,
        zaleski.rect.2 - zaleski.rect.0,
    );
    assert!((w0 / w1 - 50.0 / 43.0).abs() < 0.02);
    let output = chart_of(&t, "output-1932-1913").geometry;
    assert!(
        output.bars.iter().all(|b| b.values.0 == 100.0),
        "ratios to 1913"
    );
}

#[test]
fn every_chart_has_a_title_a_legend_where_needed_and_a_source_line() {
    let t = chapter();
    for spec in t
        .figures
        .iter()
        .filter(|f| matches!(f.kind, FigureKind::Chart(_)))
    {
        let figure = chart_of(&t, &spec.id);
        let desc = super::desc_of(&figure.svg);
        let texts: Vec<&str> = figure
            .geometry
            .texts
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert!(
            texts.iter().any(|t| t.starts_with("Source:")),
            "{}: {texts:?}",
            spec.id
        );
        assert!(
            desc.contains("A chart of") || desc.contains("A slope chart of"),
            "{desc}"
        );
        if spec.id == "labour-turnover" {
            assert!(texts.contains(&"Coal industry: left employment"), "legend");
            assert!(
                desc.contains("1930 295.2"),
                "every value in the description: {desc}"
            );
        }
    }
}

#[test]
fn golden_charts() {
    let make_ref = std::env::var_os("MAKE_REF").is_some();
    let t = charts();
    for id in ["bars", "lines", "comparison", "fulfilment", "slope"] {
        let spec = t.figures.iter().find(|f| f.id == id).unwrap();
        let figure = annals::build::figure(&t, spec).unwrap();
        let path = root().join(format!("tests/golden/chart-{id}.svg"));
        if make_ref {
            std::fs::write(&path, &figure.svg).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap();
        assert!(
            figure.svg == expected,
            "{id}: the SVG differs from {}; regenerate with MAKE_REF=1 if intended",
            path.display()
        );
        roxmltree::Document::parse(&figure.svg).unwrap();
    }
}

#[test]
fn the_chart_command_draws_a_declared_chart() {
    let dir = tempfile::tempdir().unwrap();
    let events = root().join("events.toml");
    let events = events.to_str().unwrap();
    annals(
        dir.path(),
        &[
            "chart", events, "--chart", "targets", "-o", "t.png", "--size", "800x450", "--scale",
            "2",
        ],
    )
    .success();
    let png =
        resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(dir.path().join("t.png")).unwrap())
            .unwrap();
    assert_eq!((png.width(), png.height()), (1600, 900));
    let out = annals(
        dir.path(),
        &[
            "chart",
            events,
            "--chart",
            "investment-output",
            "-o",
            "-",
            "--log",
            "--theme",
            "dark",
        ],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    assert!(String::from_utf8(out).unwrap().starts_with("<svg"));
    annals(
        dir.path(),
        &["chart", events, "--chart", "chapter", "-o", "x.svg"],
    )
    .code(2)
    .stderr(predicates::str::contains(
        "there is no chart `chapter`; the charts are: growth-rates, targets",
    ));
}

#[test]
fn table_and_series_mistakes_are_reported_with_their_position() {
    let found = errors(
        r#"[[table]]
id = "t"
title = "T"
unit = "tons"
sources = ["n9"]
columns = [{ label = "a" }, { label = "b" }]
rows = [
  { label = "Coal", values = [35.0, "105-95"] },
  { label = "Oil", values = ["lots", 1] },
  { label = "Iron", values = [1] },
]

[[series]]
id = "s"
label = "S"
unit = "roubles"
points = [{ date = "30 February 1931", value = 1 }, { date = "1931", valeu = 2 }]

[[series]]
id = "u"
label = "U"
unit = "tons"
points = [{ date = "1931", value = 0 }]

[[figure]]
id = "f"
kind = "lines"
series = ["s", "u"]
log = true

[[figure]]
id = "g"
kind = "bars"
table = "nope"

[[figure]]
id = "h"
kind = "bar"
"#,
    );
    let want = [
        "5:12: there is no source `n9`",
        "8:37: the range `105-95` runs backwards",
        "9:30: `lots` is not a number",
        "10:3: the row `Iron` has 1 value(s) for 2 column(s)",
        "17:20: there is no 30 February in 1931",
        "17:62: this point has no `value`",
        "17:70: unknown key `valeu` in a point",
        "28:16: a logarithmic axis cannot show the value 0",
        "34:9: there is no table `nope`",
        "38:8: `bar` is not a figure kind",
    ];
    for w in want {
        assert!(
            found.iter().any(|f| f.starts_with(w)),
            "wanted `{w}` in {found:#?}"
        );
    }
}

#[test]
fn mixed_units_and_log_of_zero_are_errors() {
    let found = errors(
        r#"[[series]]
id = "s"
label = "S"
unit = "roubles"
points = [{ date = "1931", value = 1 }]

[[series]]
id = "u"
label = "U"
unit = "tons"
points = [{ date = "1931", value = 0 }]

[[figure]]
id = "f"
kind = "lines"
series = ["s", "u"]
log = true
"#,
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("16:16: the series `u` is in tons, but `s` is in roubles")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("16:16: a logarithmic axis cannot show the value 0")),
        "{found:#?}"
    );
    let _ = TimelineOptions::default();
}

/// A fulfilment chart: each outcome as a percentage of its target, a
/// grounded bar against a labelled line at 100; a range where either is.
#[test]
fn a_fulfilment_chart_divides_the_outcome_by_the_target() {
    let t = chapter();
    let figure = chart_of(&t, "amended-targets");
    let g = &figure.geometry;
    assert_eq!(g.bars.len(), 4);
    // Coal: 95-105 against 75 is 127-140 percent.
    let coal = g.bars.iter().find(|b| b.row == 0).unwrap();
    assert_eq!(coal.values, (0.0, 140.0));
    let (low, low_px) = coal.range_low.unwrap();
    assert_eq!(low, 127.0);
    assert!((low_px - pixel(g, 127.0)).abs() <= 1.0);
    assert!((coal.rect.2 - pixel(g, 140.0)).abs() <= 1.0);
    let texts: Vec<&str> = g.texts.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"127-140"), "{texts:?}");
    assert!(texts.contains(&"the Plan's target = 100"), "{texts:?}");
    assert!(
        figure
            .description
            .contains("Coal: 1932: amended target as % of 1932/33: Five-Year Plan target 127-140"),
        "{}",
        figure.description
    );
}

/// A slope chart: a line per row from the first column's value to the
/// second's, every end labelled, the labels apart, the growth written.
#[test]
fn a_slope_chart_joins_two_columns_and_keeps_its_labels_apart() {
    let t = chapter();
    let figure = chart_of(&t, "targets-slope");
    let g = &figure.geometry;
    assert_eq!(g.points.len(), 8, "two ends of four rows");
    for p in &g.points {
        assert!((p.at.1 - pixel(g, p.value)).abs() <= 1.0, "{p:?}");
    }
    // Left ends at the left line, right ends at the right line.
    let coal: Vec<_> = g.points.iter().filter(|p| p.series == 0).collect();
    assert_eq!((coal[0].value, coal[1].value), (35.0, 75.0));
    assert!(coal[0].at.0 < coal[1].at.0);
    let texts: Vec<&str> = g.texts.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"Coal  35.0"), "{texts:?}");
    assert!(texts.contains(&"75.0  ×2.1"), "{texts:?}");
    // Iron ore 20.2 and oil 21.7 are 1.5 apart: their labels still do not touch.
    for (i, a) in g.texts.iter().enumerate() {
        for b in &g.texts[i + 1..] {
            let apart = a.right() <= b.left
                || b.right() <= a.left
                || a.bottom() <= b.top
                || b.bottom() <= a.top;
            assert!(apart, "{a:?} and {b:?}");
        }
    }
    assert!(figure.description.contains("Coal from 35.0 to 75.0 (×2.1)"));
}

#[test]
fn fulfilment_and_slope_mistakes_are_located() {
    let table = "[[event]]\nid = \"e\"\nlabel = \"E\"\ndate = \"1926\"\n\n\
        [[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"tons\"\n\
        columns = [{ label = \"Plan\" }, { label = \"Outcome\" }]\n\
        rows = [{ label = \"Coal\", values = [0, 5] }]\n";
    let found = errors(&format!(
        "{table}\n[[figure]]\nid = \"a\"\nkind = \"slope\"\ntable = \"t\"\n\n\
         [[figure]]\nid = \"b\"\nkind = \"slope\"\ntable = \"t\"\ncolumns = [\"Plan\", \"Outcme\"]\n\n\
         [[figure]]\nid = \"c\"\nkind = \"bars\"\ntable = \"t\"\ncolumns = [\"Plan\", \"Outcome\"]\n\n\
         [[figure]]\nid = \"d\"\nkind = \"fulfilment\"\ntable = \"t\"\ncolumns = [\"Plan\", \"Outcome\"]\n\n\
         [[figure]]\nid = \"f\"\nkind = \"slope\"\ntable = \"t\"\ncolumns = [\"Plan\"]\n"
    ));
    let want = [
        "14:6: a slope chart needs the two `columns` it compares",
        "22:20: the table `t` has no column `Outcme`",
        "28:11: `columns` is for fulfilment and slope charts",
        "34:12: the target of `Coal` is not above zero",
        "40:11: `columns` names 1 column(s); it takes two",
    ];
    for w in want {
        assert!(
            found.iter().any(|f| f.starts_with(w)),
            "wanted `{w}` in {found:#?}"
        );
    }
}

/// Value labels of a lines chart keep off every line and every point
/// (issue 9: "x2.4)" and "9.2" were drawn through).
#[test]
fn line_chart_labels_cross_no_line() {
    let t = chapter();
    for id in ["labour-turnover", "investment-output"] {
        let g = chart_of(&t, id).geometry;
        let mut segments = Vec::new();
        for pair in g.points.windows(2) {
            if pair[0].series == pair[1].series {
                segments.push((pair[0].at, pair[1].at));
            }
        }
        let meets = |(a, b): ((f32, f32), (f32, f32)), t: &annals::layout::Text| {
            // Sample the segment finely: any sample inside the box.
            (0..=200).any(|i| {
                let f = i as f32 / 200.0;
                let (x, y) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
                x > t.left && x < t.right() && y > t.top && y < t.bottom()
            })
        };
        let values: Vec<&annals::layout::Text> = g
            .texts
            .iter()
            .filter(|t| t.role == annals::layout::TextRole::Label)
            .filter(|t| t.text.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(values.len(), g.points.len(), "{id}: every value labelled");
        for label in values {
            for &s in &segments {
                assert!(
                    !meets(s, label),
                    "{id}: a line runs through {:?}",
                    label.text
                );
            }
        }
    }
}

/// Whatever a chart's row names, units and legend hold, every text stays
/// on the canvas (cut with an ellipsis where it must be).
#[test]
fn long_chart_texts_stay_on_the_canvas() {
    let long = "z".repeat(400);
    let file = format!(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = \"1926\"\n\n\
         [[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"{long}\"\ncolumns = [{{label = \"{long}\"}}, {{label = \"b\"}}]\n\
         rows = [{{label = \"{long}\", values = [1, 2]}}, {{label = \"s\", values = [3, 4]}}]\n\n\
         [[series]]\nid = \"x\"\nlabel = \"{long}\"\nunit = \"{long}\"\npoints = [{{date = \"1926\", value = 1}}, {{date = \"1927\", value = 2}}]\n\n\
         [[figure]]\nid = \"comparison\"\nkind = \"comparison\"\ntable = \"t\"\n\n\
         [[figure]]\nid = \"fulfilment\"\nkind = \"fulfilment\"\ntable = \"t\"\ncolumns = [\"{long}\", \"b\"]\n\n\
         [[figure]]\nid = \"lines\"\nkind = \"lines\"\nseries = [\"x\"]\n"
    );
    let dir = super::with_file(file.as_bytes());
    for id in ["comparison", "fulfilment", "lines"] {
        let out = format!("{id}.svg");
        super::annals(dir.path(), &["chart", "--chart", id, "-o", &out]).success();
        let svg = std::fs::read_to_string(dir.path().join(&out)).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let width: f32 = doc
            .root_element()
            .attribute("width")
            .unwrap()
            .parse()
            .unwrap();
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let x: f32 = t.attribute("x").unwrap().parse().unwrap();
            let len: f32 = t.attribute("textLength").unwrap().parse().unwrap();
            let (a, b) = match t.attribute("text-anchor") {
                Some("middle") => (x - len / 2.0, x + len / 2.0),
                Some("end") => (x - len, x),
                _ => (x, x + len),
            };
            assert!(
                a >= -0.5 && b <= width + 0.5,
                "{id}: {:?} runs off",
                t.text()
            );
        }
    }
}

/// An event marker's dashed line runs from the axis up to its label; it
/// crosses no other marker's label (it cut "Execution of Charles I" in two).
#[test]
fn a_markers_line_crosses_no_other_label() {
    let file = "[[event]]\nid = \"execution\"\nlabel = \"Execution of Charles I\"\ndate = \"30 January 1649 (O.S.)\"\n\n\
        [[event]]\nid = \"restoration\"\nlabel = \"Restoration of Charles II\"\ndate = \"29 May 1660\"\n\n\
        [[event]]\nid = \"protectorate\"\nlabel = \"Protectorate begins\"\ndate = \"16 December 1653\"\n\n\
        [[series]]\nid = \"pop\"\nlabel = \"Population of London\"\nunit = \"thousands\"\n\
        points = [{ date = \"1640\", value = 350 }, { date = \"1650\", value = 400 }, { date = \"1660\", value = 460 }]\n\n\
        [[figure]]\nid = \"pop\"\nkind = \"lines\"\nseries = [\"pop\"]\nevents = [\"execution\", \"restoration\", \"protectorate\"]\n";
    let t = annals::load::from_str("t.toml", file).unwrap().timeline;
    let figure = chart_of(&t, "pop");
    let doc = roxmltree::Document::parse(&figure.svg).unwrap();
    let labels: Vec<(String, f32, f32)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let text = n.text()?.trim().to_owned();
            let x: f32 = n.attribute("x")?.parse().ok()?;
            let len: f32 = n.attribute("textLength")?.parse().ok()?;
            text.contains('(').then_some((text, x, x + len))
        })
        .collect();
    assert_eq!(labels.len(), 3, "{labels:?}");
    for (id, x) in &figure.geometry.markers {
        for (text, a, b) in &labels {
            let own = t.event(id).is_some_and(|e| text.starts_with(&e.label));
            assert!(
                own || !(a < x && x < b),
                "the line of {id} at {x} crosses {text}"
            );
        }
    }
}
