//! Figures from a timeline: layout, drawing and export in one call, and
//! `build`, which renders every figure a file declares.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::drawing::{Drawing, author_of};
use crate::error::Error;
use crate::figure::{ChartSpec, FigureKind, FigureSpec, Format, TimelineOptions};
use crate::model::Timeline;
use crate::{export, layout, output, render};

/// Lays out and draws a timeline.
pub fn timeline(timeline: &Timeline, options: &TimelineOptions) -> Result<Drawing, Error> {
    let scene = layout::timeline(timeline, options).map_err(Error::Layout)?;
    let mut svg = render::timeline_svg(&scene).map_err(|e| Error::Export {
        format: "SVG",
        message: e.to_string(),
    })?;
    if options.text_as_paths {
        svg = export::svg_text_as_paths(&svg)?;
    }
    Ok(Drawing {
        svg,
        dropped: scene.dropped,
        numbered: scene.numbered,
        scale: options.scale,
        description: scene.description,
        title: scene.title,
        author: author_of(timeline),
        language: timeline.language.clone(),
        page: None,
    })
}

/// A timeline figure with its interactive page too (for `html`).
pub fn with_page(timeline: &Timeline, options: &TimelineOptions) -> Result<Drawing, Error> {
    let mut figure = self::timeline(timeline, options)?;
    figure.page = Some(crate::page::timeline_page(timeline, options)?);
    Ok(figure)
}

/// Draws a chart.
pub fn chart(
    timeline: &Timeline,
    chart: &ChartSpec,
    options: &TimelineOptions,
) -> Result<Drawing, Error> {
    let drawn = render::chart_svg(timeline, chart, options).map_err(Error::Chart)?;
    let svg = if options.text_as_paths {
        export::svg_text_as_paths(&drawn.svg)?
    } else {
        drawn.svg
    };
    Ok(Drawing {
        svg,
        dropped: Vec::new(),
        numbered: Vec::new(),
        scale: options.scale,
        description: drawn.description,
        title: drawn.title,
        author: author_of(timeline),
        language: timeline.language.clone(),
        page: None,
    })
}

/// Draws a declared figure, whatever its kind, with its interactive page
/// when its formats ask for one.
pub fn figure(timeline: &Timeline, spec: &FigureSpec) -> Result<Drawing, Error> {
    match &spec.kind {
        FigureKind::Timeline if spec.formats.contains(&Format::Html) => {
            with_page(timeline, &spec.options)
        }
        FigureKind::Timeline => self::timeline(timeline, &spec.options),
        FigureKind::Chart(c) => chart(timeline, c, &spec.options),
    }
}

/// What `build` wrote for one figure or deck.
#[derive(Debug, Clone)]
pub struct Built {
    /// The figure's id.
    pub id: String,
    /// The files written (none when skipped).
    pub files: Vec<PathBuf>,
    /// Labels left out for lack of room.
    pub dropped: Vec<String>,
    /// Not rendered: its input had not changed (`--changed`).
    pub skipped: bool,
}

/// How `build` works.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Skip figures whose input has not changed since the last build into
    /// the same folder (and whose files are all there).
    pub changed: bool,
}

/// The file in the output folder that remembers each figure's input.
const FINGERPRINTS: &str = ".annals-build";

/// A fingerprint of everything a figure is drawn from: annals' version,
/// the figure, the file's metadata, and the data it shows.
fn fingerprint(timeline: &Timeline, spec: &FigureSpec) -> String {
    let data = match &spec.kind {
        FigureKind::Timeline => format!(
            "{:?}{:?}{:?}",
            timeline.events, timeline.categories, timeline.sources
        ),
        FigureKind::Chart(c) => format!(
            "{:?}{:?}{:?}{:?}",
            c.table.as_deref().and_then(|t| timeline.table(t)),
            c.series
                .iter()
                .map(|id| timeline.series(id))
                .collect::<Vec<_>>(),
            c.events
                .iter()
                .map(|id| timeline.event(id))
                .collect::<Vec<_>>(),
            timeline.sources
        ),
    };
    // Where the file declares the figure is no part of what it draws.
    let spec = FigureSpec {
        span: 0..0,
        ..spec.clone()
    };
    let text = format!(
        "{}{spec:?}{:?}{:?}{:?}{:?}{:?}{data}",
        env!("CARGO_PKG_VERSION"),
        timeline.title,
        timeline.subtitle,
        timeline.work,
        timeline.source_line,
        timeline.dates
    );
    fnv(&text)
}

/// A deck's fingerprint: annals' version, the deck, what its title slide
/// shows, and the fingerprint of each figure it shows (`prints`, by id).
fn deck_fingerprint(
    timeline: &Timeline,
    deck: &crate::figure::DeckSpec,
    prints: &std::collections::HashMap<&str, &str>,
) -> String {
    let deck = crate::figure::DeckSpec {
        span: 0..0,
        ..deck.clone()
    };
    let figures: Vec<Option<&&str>> = deck
        .figures
        .iter()
        .map(|id| prints.get(id.as_str()))
        .collect();
    fnv(&format!(
        "{}{deck:?}{figures:?}{:?}{:?}{:?}{:?}{:?}",
        env!("CARGO_PKG_VERSION"),
        timeline.title,
        timeline.subtitle,
        timeline.work,
        timeline.language,
        timeline.defaults.theme
    ))
}

/// FNV-1a of `text`, as 16 hex digits: specified, so the same input gives
/// the same value with every Rust release, which std's hasher does not
/// promise.
fn fnv(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Files to write: where, and what.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// Whether a format carries no text alternative of its own (PNG and PDF),
/// so that it is written beside: `figure.alt.txt`. SVG has its `<desc>`,
/// the page its own text.
pub fn needs_alt_text(format: Format) -> bool {
    matches!(format, Format::Png | Format::Pdf)
}

/// The text alternative of `figure` written beside the file at `path`:
/// `figure.png` -> `figure.alt.txt`, the description and a line end.
pub fn alt_text(path: &Path, figure: &Drawing) -> (PathBuf, Vec<u8>) {
    (
        path.with_extension("alt.txt"),
        format!("{}\n", figure.description).into_bytes(),
    )
}

/// Renders one declared figure into the files it makes, in memory.
fn render(timeline: &Timeline, spec: &FigureSpec, out: &Path) -> Result<(Drawing, Files), Error> {
    let figure = self::figure(timeline, spec).map_err(|e| Error::Figure {
        id: spec.id.clone(),
        error: Box::new(e),
    })?;
    let mut files = Vec::new();
    for (&format, bytes) in spec.formats.iter().zip(figure.bytes_in(&spec.formats)?) {
        let path = out.join(format!("{}.{}", spec.id, format.extension()));
        files.push((path, bytes));
    }
    if let Some(&format) = spec.formats.iter().find(|f| needs_alt_text(**f)) {
        let path = out.join(format!("{}.{}", spec.id, format.extension()));
        files.push(alt_text(&path, &figure));
    }
    if let Some(first) = &spec.steps {
        let steps = crate::steps::timeline_steps(timeline, &spec.options, first)?;
        files.extend(crate::steps::files(&steps, out, &spec.id, &spec.formats)?);
    }
    Ok((figure, files))
}

/// Renders every declared figure and deck into `out`. Everything is rendered in
/// memory first, so an error leaves the folder as it was.
pub fn build(timeline: &Timeline, out: &Path) -> Result<Vec<Built>, Error> {
    build_with(timeline, out, BuildOptions::default(), &|_| {})
}

/// [`build`], with options, telling `progress` each figure's id as it is
/// rendered. Figures are rendered in parallel, one a core.
pub fn build_with(
    timeline: &Timeline,
    out: &Path,
    options: BuildOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Vec<Built>, Error> {
    let previous: std::collections::HashMap<String, String> =
        std::fs::read_to_string(out.join(FINGERPRINTS))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(id, hash)| (id.to_owned(), hash.to_owned()))
            .collect();
    let prints: Vec<String> = timeline
        .figures
        .iter()
        .map(|spec| fingerprint(timeline, spec))
        .collect();
    let unchanged = |i: usize, spec: &FigureSpec| {
        options.changed
            && previous.get(&spec.id) == Some(&prints[i])
            && spec
                .formats
                .iter()
                .all(|f| out.join(format!("{}.{}", spec.id, f.extension())).exists())
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<(Drawing, Files), Error>>> = Vec::new();
    results.resize_with(timeline.figures.len(), || None);
    let results = std::sync::Mutex::new(results);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(timeline.figures.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(spec) = timeline.figures.get(i) else {
                        break;
                    };
                    let result = (!unchanged(i, spec)).then(|| render(timeline, spec, out));
                    // Only a figure that rendered is reported as rendered.
                    if result.as_ref().is_some_and(Result::is_ok) {
                        progress(&spec.id);
                    }
                    if let Ok(mut r) = results.lock() {
                        r[i] = result;
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    let mut rendered = Vec::with_capacity(results.len());
    for result in results {
        rendered.push(result.transpose()?);
    }
    // Decks lay their figures out again, measured in Arial: one after the
    // other, after the figures, each skipped as a figure is.
    let by_id: std::collections::HashMap<&str, &str> = timeline
        .figures
        .iter()
        .zip(&prints)
        .map(|(f, p)| (f.id.as_str(), p.as_str()))
        .collect();
    let deck_prints: Vec<String> = timeline
        .decks
        .iter()
        .map(|d| deck_fingerprint(timeline, d, &by_id))
        .collect();
    let mut decks = Vec::with_capacity(timeline.decks.len());
    for (deck, print) in timeline.decks.iter().zip(&deck_prints) {
        let path = out.join(format!("{}.pptx", deck.id));
        if options.changed
            && previous.get(&format!("deck:{}", deck.id)) == Some(print)
            && path.exists()
        {
            decks.push((path, None));
            continue;
        }
        let made = crate::deck::pptx(timeline, deck).map_err(|e| Error::Deck {
            id: deck.id.clone(),
            error: Box::new(e),
        })?;
        progress(&deck.id);
        decks.push((path, Some(made)));
    }
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_owned(),
        source,
    })?;
    // Every file of the build, and the record of what was built, is
    // written as one: a failure leaves the folder as it was.
    let mut record = String::new();
    for (spec, hash) in timeline.figures.iter().zip(&prints) {
        let _ = writeln!(record, "{} {hash}", spec.id);
    }
    for (deck, hash) in timeline.decks.iter().zip(&deck_prints) {
        let _ = writeln!(record, "deck:{} {hash}", deck.id);
    }
    let mut all: Vec<(PathBuf, Vec<u8>)> = rendered
        .iter()
        .flatten()
        .flat_map(|(_, files)| files.iter().cloned())
        .collect();
    all.extend(
        decks
            .iter()
            .filter_map(|(path, made)| Some((path.clone(), made.as_ref()?.bytes.clone()))),
    );
    all.push((out.join(FINGERPRINTS), record.into_bytes()));
    output::write_all_atomic(&all)?;
    let mut built = Vec::new();
    for (spec, result) in timeline.figures.iter().zip(rendered) {
        match result {
            Some((figure, files)) => {
                built.push(Built {
                    id: spec.id.clone(),
                    files: files.into_iter().map(|(p, _)| p).collect(),
                    dropped: figure.dropped,
                    skipped: false,
                });
            }
            None => built.push(Built {
                id: spec.id.clone(),
                files: Vec::new(),
                dropped: Vec::new(),
                skipped: true,
            }),
        }
    }
    for (deck, (path, made)) in timeline.decks.iter().zip(decks) {
        built.push(match made {
            Some(made) => Built {
                id: deck.id.clone(),
                files: vec![path],
                dropped: made.dropped.into_iter().flat_map(|(_, d)| d).collect(),
                skipped: false,
            },
            None => Built {
                id: deck.id.clone(),
                files: Vec::new(),
                dropped: Vec::new(),
                skipped: true,
            },
        });
    }
    Ok(built)
}
