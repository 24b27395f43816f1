//! Slide decks (`.pptx`): each figure as native, editable shapes, laid out
//! once as for the SVG but measured in Arial's metrics, with speaker notes
//! and alt text on every slide.
//!
//! A timeline becomes lane bands, marks, leaders, an axis and text boxes;
//! each event's leaders, marks and texts are one group named by the
//! event's id, so that a lecturer moves or deletes an event as one piece.
//! A figure built up step by step becomes a slide a step on the same
//! geometry, as its frames are. A chart's scene (`layout::chart`), which
//! the SVG writer draws through plotters, is drawn as the slide's shapes
//! through a second backend (`deck/backend.rs`).

mod backend;
mod dml;
mod notes;
pub(crate) mod package;
mod shapes;

use std::fmt::Write as _;

use crate::error::Error;
use crate::figure::{ChartSpec, DeckSpec, FigureKind, FigureSpec, Theme};
use crate::font::{self, Measure};
use crate::layout::{Text, TextRole};
use crate::model::Timeline;
use crate::render::palette;
use crate::{layout, steps};

use backend::ShapeBackend;
use dml::Group;
use package::{Package, SlidePart};
use shapes::{Showing, Writer};

/// A deck made: the file's bytes, and what its slides leave out.
#[derive(Debug, Clone)]
pub struct Deck {
    /// The `.pptx` file.
    pub bytes: Vec<u8>,
    /// The slides, title slide and steps included.
    pub slides: usize,
    /// Each timeline's events left out for lack of room on its slide
    /// (neither labelled nor numbered), by figure id.
    pub dropped: Vec<(String, Vec<String>)>,
}

/// The deck `spec` declares; a deck of no figure shows the whole file as
/// one timeline.
pub fn pptx(timeline: &Timeline, spec: &DeckSpec) -> Result<Deck, Error> {
    let mut figures = Vec::with_capacity(spec.figures.len());
    for id in &spec.figures {
        let figure = timeline.figures.iter().find(|f| &f.id == id).ok_or_else(|| {
            let ids = timeline.figures.iter().map(|f| f.id.as_str());
            let hint = match crate::load::did_you_mean(id, ids.clone()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the file declares: {}",
                    ids.collect::<Vec<_>>().join(", ")
                ),
            };
            Error::Request(format!(
                "the deck `{}` names the figure `{id}`, which the file does not declare; {hint}",
                spec.id
            ))
        })?;
        figures.push(figure);
    }
    // A file that declares no figure is shown whole, as `annals timeline`
    // draws it.
    let whole = FigureSpec {
        id: "timeline".into(),
        kind: FigureKind::Timeline,
        formats: Vec::new(),
        options: timeline.defaults.clone(),
        steps: None,
        span: 0..0,
    };
    if figures.is_empty() {
        figures.push(&whole);
    }
    pptx_of(timeline, &figures, spec)
}

/// A deck of `figures`, in order, shaped and coloured as `spec` says (its
/// own list of figures is not read).
pub fn pptx_of(
    timeline: &Timeline,
    figures: &[&FigureSpec],
    spec: &DeckSpec,
) -> Result<Deck, Error> {
    let theme = spec.theme.unwrap_or(timeline.defaults.theme);
    let mut slides = Vec::new();
    let mut dropped = Vec::new();
    if spec.title_slide {
        slides.push(title_slide(timeline, spec, theme));
    }
    for figure in figures {
        let made = match &figure.kind {
            FigureKind::Timeline => timeline_slides(timeline, figure, spec),
            FigureKind::Chart(chart) => {
                chart_slide(timeline, figure, chart, spec).map(|s| (vec![s], Vec::new()))
            }
        };
        let (made, left_out) = made.map_err(|e| Error::Figure {
            id: figure.id.clone(),
            error: Box::new(e),
        })?;
        slides.extend(made);
        if !left_out.is_empty() {
            dropped.push((figure.id.clone(), left_out));
        }
    }
    let count = slides.len();
    let p = palette(theme);
    let bytes = Package {
        slides,
        size: spec.aspect.emu(),
        title: timeline.title.clone(),
        author: crate::drawing::author_of(timeline),
        language: timeline.language.clone(),
        text: p.text,
        background: p.background,
    }
    .zip()
    .map_err(|e| Error::Export {
        format: "PPTX",
        message: e.to_string(),
    })?;
    Ok(Deck {
        bytes,
        slides: count,
        dropped,
    })
}

/// The options a figure is laid out with on a slide of the deck.
fn slide_options(figure: &FigureSpec, spec: &DeckSpec) -> crate::figure::TimelineOptions {
    let mut options = figure.options.clone();
    options.size = spec.aspect.size();
    options.scale = 1.0;
    options.text_as_paths = false;
    if let Some(theme) = spec.theme {
        options.theme = theme;
    }
    options
}

/// A timeline's slide, or a slide a step when it is built up step by
/// step; and the events left out for lack of room.
fn timeline_slides(
    timeline: &Timeline,
    figure: &FigureSpec,
    spec: &DeckSpec,
) -> Result<(Vec<SlidePart>, Vec<String>), Error> {
    let options = slide_options(figure, spec);
    let scene = font::measured_in(Measure::Arial, || layout::timeline(timeline, &options))
        .map_err(Error::Layout)?;
    // The scene's events, looked up once: a file may hold thousands.
    let by_id: std::collections::HashMap<&str, &crate::model::Event> =
        timeline.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let events: Vec<Option<&crate::model::Event>> = scene
        .events
        .iter()
        .map(|id| by_id.get(id.as_str()).copied())
        .collect();
    let names: Vec<String> = events
        .iter()
        .zip(&scene.events)
        .map(|(e, id)| e.map_or_else(|| id.clone(), steps::name_of))
        .collect();
    let entry = |i: usize| {
        events[i]
            .map(|e| notes::event(timeline, e))
            .unwrap_or_default()
    };
    let (width, _) = spec.aspect.emu();
    let background = palette(options.theme).background;
    let language = &timeline.language;
    let Some(first) = &figure.steps else {
        let shapes = Writer::new(&scene, width, language).slide(&Showing {
            events: None,
            newest: None,
            names: &names,
            description: &scene.description,
        });
        let mut paragraphs = vec![scene.description.clone()];
        paragraphs.extend((0..scene.events.len()).flat_map(entry));
        let slide = SlidePart {
            name: figure.id.clone(),
            shapes,
            notes: paragraphs,
            background,
        };
        return Ok((vec![slide], scene.dropped));
    };
    if scene.events.len() > steps::MAX_STEPS {
        return Err(Error::Request(format!(
            "a build step by step shows one event a step, and this figure shows {} events, \
             over the limit of {}; filter it or show it whole",
            scene.events.len(),
            steps::MAX_STEPS
        )));
    }
    let order = steps::step_order(&scene.events, first);
    let ordered: Vec<String> = order.iter().map(|&i| names[i].clone()).collect();
    let mut slides = Vec::with_capacity(order.len() + 1);
    for k in 0..=order.len() {
        let description = steps::frame_description(&scene.title, &ordered, k);
        let newest = k.checked_sub(1).map(|n| order[n]);
        let shapes = Writer::new(&scene, width, language).slide(&Showing {
            events: Some(&order[..k]),
            newest,
            names: &names,
            description: &description,
        });
        let mut paragraphs = vec![description];
        paragraphs.extend(newest.into_iter().flat_map(entry));
        slides.push(SlidePart {
            name: format!("{} step {k}", figure.id),
            shapes,
            notes: paragraphs,
            background,
        });
    }
    Ok((slides, scene.dropped))
}

/// A chart's slide: the chart's scene, laid out in Arial's metrics,
/// drawn as shapes in one group with the chart's description as alt text; its values and
/// sources as notes.
fn chart_slide(
    timeline: &Timeline,
    figure: &FigureSpec,
    chart: &ChartSpec,
    spec: &DeckSpec,
) -> Result<SlidePart, Error> {
    let options = slide_options(figure, spec);
    let (width, _) = spec.aspect.emu();
    let size = (options.size.width, options.size.height);
    let (mut group, mut title) = (Group::default(), String::new());
    // The group is shape 2; what it holds is numbered from 3.
    let mut next = 3;
    let scene = font::measured_in(Measure::Arial, || {
        let scene = crate::layout::chart::chart(timeline, chart, &options)?;
        let backend = ShapeBackend::new(
            (&mut group, &mut title),
            &mut next,
            size,
            width,
            &timeline.language,
        );
        crate::render::draw_chart(&scene, options.theme, backend)?;
        Ok(scene)
    })
    .map_err(Error::Chart)?;
    let shapes = group.wrap(2, &figure.id, &scene.description) + &title;
    let mut refs = Vec::new();
    if let Some(table) = chart.table.as_deref().and_then(|t| timeline.table(t)) {
        refs.extend(table.sources.iter().cloned());
    }
    for series in chart.series.iter().filter_map(|s| timeline.series(s)) {
        refs.extend(series.sources.iter().cloned());
    }
    // Each source once, however many columns or series cite it.
    let mut seen = std::collections::HashSet::new();
    refs.retain(|r| seen.insert((r.id.clone(), r.page.clone())));
    let mut paragraphs = vec![scene.description];
    paragraphs.extend(notes::sources(timeline, &refs));
    for id in &chart.events {
        if let Some(e) = timeline.event(id) {
            paragraphs.extend(notes::event(timeline, e));
        }
    }
    Ok(SlidePart {
        name: figure.id.clone(),
        shapes,
        notes: paragraphs,
        background: palette(options.theme).background,
    })
}

/// The deck's first slide: the file's title, subtitle and the work it
/// comes from, as text boxes measured as the figures' are.
fn title_slide(timeline: &Timeline, spec: &DeckSpec, theme: Theme) -> SlidePart {
    let size = spec.aspect.size();
    let (w, h) = (size.width as f32, size.height as f32);
    let margin = 0.08 * w;
    let room = w - 2.0 * margin;
    let work = timeline.work.as_ref().map(|work| {
        let mut text = format!("From {}, {}", work.author, work.title);
        if let Some(y) = work.year {
            let _ = write!(text, " ({y})");
        }
        if let Some(ch) = &work.chapter {
            let _ = write!(text, ", {ch}");
        }
        text
    });
    let texts = font::measured_in(Measure::Arial, || {
        let mut texts = Vec::new();
        let mut y = 0.36 * h;
        let mut lines = |text: &str, size: f32, role: TextRole, max: usize, y: &mut f32| {
            let bold = role == TextRole::Title;
            for line in font::fit_lines(text, size, bold, room, max) {
                let t = Text::new(line, margin, *y, size, role);
                *y = t.bottom() + 0.2 * size;
                texts.push(t);
            }
            *y += 0.6 * size;
        };
        lines(&timeline.title, 64.0, TextRole::Title, 2, &mut y);
        if let Some(sub) = &timeline.subtitle {
            lines(sub, 36.0, TextRole::Subtitle, 2, &mut y);
        }
        if let Some(work) = &work {
            lines(work, 28.0, TextRole::Source, 2, &mut y);
        }
        texts
    });
    let scene = layout::Scene::of_texts(size, theme, &timeline.title, texts);
    let shapes = Writer::new(&scene, spec.aspect.emu().0, &timeline.language).loose();
    let mut paragraphs = vec![timeline.title.clone()];
    paragraphs.extend(timeline.subtitle.clone());
    paragraphs.extend(work);
    SlidePart {
        name: "title".into(),
        shapes,
        notes: paragraphs,
        background: palette(theme).background,
    }
}
