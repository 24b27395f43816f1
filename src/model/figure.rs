//! What a figure is: its kind, output formats, canvas size, theme and the
//! selection of events it shows. Shared by the command line and by the
//! `[[figure]]` tables of events.toml.

use chrono::NaiveDate;

use super::event::{Event, Importance};

/// An output file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Scalable vector graphics: the source of truth.
    Svg,
    /// A raster image rendered from the SVG.
    Png,
    /// A vector PDF converted from the SVG, with selectable text.
    Pdf,
    /// An interactive page, for timelines: the figure, zoomable, with a
    /// panel for each event (see [`crate::page`]).
    Html,
}

impl Format {
    /// The formats a figure is written in unless it names its own, in the
    /// order files are written.
    pub const DEFAULT: [Format; 3] = [Format::Svg, Format::Png, Format::Pdf];
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Svg, Format::Png, Format::Pdf, Format::Html];

    /// The file extension, also the name used in events.toml.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }

    /// Reads an extension or format name, in any case.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(name))
    }
}

/// The canvas size in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Size {
    /// The named presets.
    pub const PRESETS: [(&'static str, Size); 4] = [
        ("slide", Size::new(1920, 1080)),
        ("slide-4x3", Size::new(1440, 1080)),
        ("a4-landscape", Size::new(1123, 794)),
        ("a4-portrait", Size::new(794, 1123)),
    ];

    /// The smallest accepted width and height.
    pub const MIN: (u32, u32) = (320, 240);
    /// The largest accepted width or height.
    pub const MAX: u32 = 16000;

    /// A size.
    pub const fn new(width: u32, height: u32) -> Size {
        Size { width, height }
    }

    /// A preset name or `WIDTHxHEIGHT`, between 320x240 and 16000x16000.
    pub fn from_name(name: &str) -> Option<Size> {
        if let Some((_, size)) = Size::PRESETS.iter().find(|(n, _)| *n == name) {
            return Some(*size);
        }
        let (w, h) = name.split_once(['x', 'X'])?;
        let size = Size::new(w.trim().parse().ok()?, h.trim().parse().ok()?);
        ((Size::MIN.0..=Size::MAX).contains(&size.width)
            && (Size::MIN.1..=Size::MAX).contains(&size.height))
        .then_some(size)
    }
}

impl Default for Size {
    fn default() -> Self {
        Size::PRESETS[0].1
    }
}

/// A colour scheme, each meeting 4.5:1 text contrast.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white: the default.
    #[default]
    Light,
    /// Light text on a dark background, for dark slide decks.
    Dark,
    /// Greys only, for printed handouts.
    Print,
    /// Black and white with heavy lines.
    HighContrast,
}

impl Theme {
    /// The names used on the command line and in events.toml.
    pub const NAMES: [&'static str; 4] = ["light", "dark", "print", "high-contrast"];

    /// Reads one of [`Theme::NAMES`].
    pub fn from_name(name: &str) -> Option<Theme> {
        Some(match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            "print" => Theme::Print,
            "high-contrast" => Theme::HighContrast,
            _ => return None,
        })
    }
}

/// How the time axis is labelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    /// Calendar years, quarters, months: whatever fits the span.
    #[default]
    Calendar,
    /// Economic years ("1927/28"), starting in the file's month.
    Economic,
}

impl Axis {
    /// The names used on the command line and in events.toml.
    pub const NAMES: [&'static str; 2] = ["calendar", "economic"];

    /// Reads one of [`Axis::NAMES`].
    pub fn from_name(name: &str) -> Option<Axis> {
        Some(match name {
            "calendar" => Axis::Calendar,
            "economic" => Axis::Economic,
            _ => return None,
        })
    }
}

/// Whether long empty stretches of the time axis collapse into breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AxisBreaks {
    /// Collapse every stretch without events that is at least a tenth of
    /// the window (and a whole year, or month): the default.
    #[default]
    Auto,
    /// One linear scale over the whole window.
    None,
}

impl AxisBreaks {
    /// The names used on the command line and in events.toml.
    pub const NAMES: [&'static str; 2] = ["auto", "none"];

    /// Reads one of [`AxisBreaks::NAMES`].
    pub fn from_name(name: &str) -> Option<AxisBreaks> {
        Some(match name {
            "auto" => AxisBreaks::Auto,
            "none" => AxisBreaks::None,
            _ => return None,
        })
    }
}

/// Everything that decides how a timeline figure looks.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineOptions {
    /// Canvas size.
    pub size: Size,
    /// PNG pixels per CSS pixel (2 for high-DPI projectors).
    pub scale: f32,
    /// Colours.
    pub theme: Theme,
    /// Only show what happens on or after this day.
    pub from: Option<NaiveDate>,
    /// Only show what happens on or before this day.
    pub to: Option<NaiveDate>,
    /// Only these categories (all when empty).
    pub categories: Vec<String>,
    /// Only events with one of these tags (all when empty).
    pub tags: Vec<String>,
    /// Leave out events less important than this.
    pub min_importance: Importance,
    /// Overrides the file's title.
    pub title: Option<String>,
    /// Overrides the file's subtitle.
    pub subtitle: Option<String>,
    /// Draw note numbers as superscripts after labels.
    pub notes: bool,
    /// Axis labelling.
    pub axis: Axis,
    /// Breaks in the time axis.
    pub axis_breaks: AxisBreaks,
    /// Draw text as outlines rather than as text.
    pub text_as_paths: bool,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions {
            size: Size::default(),
            scale: 1.0,
            theme: Theme::default(),
            from: None,
            to: None,
            categories: Vec::new(),
            tags: Vec::new(),
            min_importance: Importance::Low,
            title: None,
            subtitle: None,
            notes: false,
            axis: Axis::default(),
            axis_breaks: AxisBreaks::default(),
            text_as_paths: false,
        }
    }
}

/// The kinds of chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars grouped by row of a table: the plan's targets.
    Bars,
    /// Lines with points over a date axis, from series.
    Lines,
    /// Horizontal bars, a row each: "1932 as % of 1913", estimates side by side.
    Comparison,
    /// A row's outcome as a percentage of its target (two columns of a
    /// table), a horizontal bar each against a line at 100%.
    Fulfilment,
    /// Two columns of a table as two dates, a line per row from the first
    /// value to the second: 1927/28 output to the 1932/33 target.
    Slope,
}

impl ChartKind {
    /// The names used in events.toml (`kind = "bars"`).
    pub const NAMES: [&'static str; 5] = ["bars", "lines", "comparison", "fulfilment", "slope"];

    /// Reads one of [`ChartKind::NAMES`].
    pub fn from_name(name: &str) -> Option<ChartKind> {
        Some(match name {
            "bars" => ChartKind::Bars,
            "lines" => ChartKind::Lines,
            "comparison" => ChartKind::Comparison,
            "fulfilment" => ChartKind::Fulfilment,
            "slope" => ChartKind::Slope,
            _ => return None,
        })
    }

    /// The name used in events.toml.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bars => "bars",
            ChartKind::Lines => "lines",
            ChartKind::Comparison => "comparison",
            ChartKind::Fulfilment => "fulfilment",
            ChartKind::Slope => "slope",
        }
    }

    /// Kinds drawn from two columns of a table (`columns = [A, B]`).
    pub fn compares_columns(self) -> bool {
        matches!(self, ChartKind::Fulfilment | ChartKind::Slope)
    }
}

/// What a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    /// How it is drawn.
    pub kind: ChartKind,
    /// The table drawn (bars, comparison, fulfilment, slope).
    pub table: Option<String>,
    /// The two columns compared, as indices into the table's columns:
    /// target then outcome (fulfilment), first date then second (slope).
    pub columns: Option<(usize, usize)>,
    /// The series drawn (lines).
    pub series: Vec<String>,
    /// Events drawn as labelled vertical markers (lines).
    pub events: Vec<String>,
    /// A logarithmic value axis.
    pub log: bool,
    /// The first value at or below zero, which a logarithmic axis cannot
    /// show, with the byte range in the file where the figure names its
    /// table or series (for a located error when `--log` asks for one).
    pub nonpositive: Option<(f64, usize, usize)>,
    /// A reference value drawn as a line: 100 for "1913 = 100".
    pub reference: Option<f64>,
    /// What the reference line stands for ("1928 = 100"), written beside
    /// it; without one, the line is labelled with its value.
    pub reference_label: Option<String>,
    /// Label each bar after the first of a group with its ratio to the
    /// first: the growth a target implies (75.0 / 35.0 = 2.1x).
    pub growth: bool,
}

/// The kinds of figure.
#[derive(Clone, Debug, PartialEq)]
pub enum FigureKind {
    /// Events on a time axis.
    Timeline,
    /// Figures of the text.
    Chart(ChartSpec),
}

/// A figure declared in events.toml.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FigureSpec {
    /// Also the output files' stem: `chapter` gives `chapter.svg`.
    pub id: String,
    /// What is drawn.
    pub kind: FigureKind,
    /// The files written.
    pub formats: Vec<Format>,
    /// How.
    pub options: TimelineOptions,
    /// For a timeline built up step by step: the events first shown, in
    /// order (the rest follow chronologically); `None` when not stepped.
    pub steps: Option<Vec<String>>,
    /// Where the file sets the figure's size (or declares the figure), in
    /// bytes: what [`crate::check`] locates its problems at.
    pub span: std::ops::Range<usize>,
}

/// The shape of a deck's slides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Aspect {
    /// 16:9, 13.33 x 7.5 in: PowerPoint's, Keynote's and Impress's default.
    #[default]
    Wide,
    /// 4:3, 10 x 7.5 in: older projectors.
    Standard,
}

impl Aspect {
    /// The names used on the command line and in events.toml.
    pub const NAMES: [&'static str; 2] = ["16:9", "4:3"];

    /// Reads one of [`Aspect::NAMES`].
    pub fn from_name(name: &str) -> Option<Aspect> {
        match name {
            "16:9" => Some(Aspect::Wide),
            "4:3" => Some(Aspect::Standard),
            _ => None,
        }
    }

    /// The canvas a figure is laid out on for a slide of this shape.
    pub fn size(self) -> Size {
        match self {
            Aspect::Wide => Size::new(1920, 1080),
            Aspect::Standard => Size::new(1440, 1080),
        }
    }

    /// The slide's width and height in EMU (914 400 an inch).
    pub fn emu(self) -> (i64, i64) {
        match self {
            Aspect::Wide => (12_192_000, 6_858_000),
            Aspect::Standard => (9_144_000, 6_858_000),
        }
    }
}

/// A slide deck declared in events.toml (`[[deck]]`): figures in order,
/// as native, editable slides.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DeckSpec {
    /// Also the file's stem: `lecture` gives `lecture.pptx`.
    pub id: String,
    /// The figures, by id, in order: a slide each, or a slide a step.
    pub figures: Vec<String>,
    /// A title slide first: the file's title, subtitle and work.
    pub title_slide: bool,
    /// The slides' shape.
    pub aspect: Aspect,
    /// Colours, for every figure of the deck; each figure's own without it.
    pub theme: Option<Theme>,
    /// Where the file declares the deck, in bytes: what [`crate::check`]
    /// locates its problems at.
    pub span: std::ops::Range<usize>,
}

impl DeckSpec {
    /// A deck of `figures`, with a title slide, 16:9, in each figure's theme.
    pub fn new(id: impl Into<String>, figures: Vec<String>) -> DeckSpec {
        DeckSpec {
            id: id.into(),
            figures,
            title_slide: true,
            aspect: Aspect::Wide,
            theme: None,
            span: 0..0,
        }
    }
}

/// The longest side of a PNG, in pixels: the canvas's largest side at a
/// scale of 1. Past it the image would take gigabytes.
pub const MAX_PNG_SIDE: f32 = Size::MAX as f32;

/// Whether a PNG of `size` at `scale` is within [`MAX_PNG_SIDE`]; the
/// error says what it would be.
pub fn png_fits(size: Size, scale: f32) -> Result<(), String> {
    let (w, h) = (size.width as f32 * scale, size.height as f32 * scale);
    if w > MAX_PNG_SIDE || h > MAX_PNG_SIDE {
        return Err(format!(
            "a PNG of {}x{} at scale {scale} would be {w:.0}x{h:.0} pixels, over the limit of {MAX_PNG_SIDE:.0} a side",
            size.width, size.height
        ));
    }
    Ok(())
}

/// The PNG scales accepted, device pixels per CSS pixel.
pub const SCALES: std::ops::RangeInclusive<f32> = 0.25..=8.0;

/// Why a scale is refused, or `None`: one rule for the file and the
/// command line.
pub fn scale_problem(scale: f32) -> Option<String> {
    (!SCALES.contains(&scale)).then(|| {
        format!(
            "the scale must be between {} and {}, not {scale}",
            SCALES.start(),
            SCALES.end()
        )
    })
}

impl TimelineOptions {
    /// Whether any event passes the figure's filters and falls in its
    /// window (open ends are open).
    pub fn shows_any(&self, events: &[Event]) -> bool {
        let window = (
            self.from.unwrap_or(chrono::NaiveDate::MIN),
            self.to.unwrap_or(chrono::NaiveDate::MAX),
        );
        self.passing(events, window).next().is_some()
    }

    /// The events that pass the figure's filters (importance, categories,
    /// tags) and touch `window`.
    pub fn passing<'t>(
        &self,
        events: &'t [Event],
        window: (chrono::NaiveDate, chrono::NaiveDate),
    ) -> impl Iterator<Item = &'t Event> {
        events
            .iter()
            .filter(|e| e.importance >= self.min_importance)
            .filter(|e| {
                self.categories.is_empty()
                    || e.category
                        .as_ref()
                        .is_some_and(|c| self.categories.contains(c))
            })
            .filter(|e| self.tags.is_empty() || e.tags.iter().any(|t| self.tags.contains(t)))
            .filter(move |e| {
                let start = e.date.start().unwrap_or(chrono::NaiveDate::MIN);
                let end = e.date.end().unwrap_or(chrono::NaiveDate::MAX);
                start <= window.1 && end >= window.0
            })
    }
}
