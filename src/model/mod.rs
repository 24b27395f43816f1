//! The validated domain model: what an events.toml file means once every
//! reference resolves and every date has been read.
//!
//! Values here are built only by [`crate::load`] (or, for synthetic data,
//! by [`Timeline::from_parts`]), so code downstream never re-checks:
//! categories exist, ids are unique, labels are non-empty, events are in
//! order; loading also refuses control characters, which `from_parts`
//! leaves to its caller.

pub mod data;
pub mod date;
pub mod figure;

use std::collections::HashSet;

pub use date::{DateContext, HistDate, Precision, Shape, Span};

/// "1 source", "2 sources": a count with its noun, singular or plural.
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// A colour as red, green, blue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rrggbb` or `#rgb`.
    pub fn from_hex(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            6 if hex.is_ascii() => Some(Rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            3 if hex.is_ascii() => {
                let c = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
                Some(Rgb(c(0)?, c(1)?, c(2)?))
            }
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2), 0 for black to 1 for white.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The Okabe-Ito palette, distinguishable with the common forms of colour
/// blindness; categories without a colour take these in order.
pub const PALETTE: [Rgb; 7] = [
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0x7F, 0x7F, 0x7F), // grey
];

/// The published work the timeline is drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Work {
    /// "Tony Cliff".
    pub author: String,
    /// The work's title.
    pub title: String,
    /// Year of publication.
    pub year: Option<i32>,
    /// The chapter, where the timeline covers one.
    pub chapter: Option<String>,
}

/// A lane of the timeline and an entry of its legend.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Category {
    /// Referenced from events.
    pub id: String,
    /// Shown in the legend and as the lane's name.
    pub label: String,
    /// Given in the file, or taken from [`PALETTE`].
    pub color: Rgb,
}

/// A note of the text with its full citation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Source {
    /// Referenced from events.
    pub id: String,
    /// The note's number in the text, shown as a superscript.
    pub note: Option<u32>,
    /// The full citation.
    pub citation: String,
    /// The page or pages cited.
    pub page: Option<String>,
}

/// A reference from an event to a source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceRef {
    /// The source's id.
    pub id: String,
    /// A page that narrows the source's own.
    pub page: Option<String>,
}

/// How much an event matters to the story; dense figures keep the high ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Importance {
    /// Background: dropped first when space runs out.
    Low,
    /// The default.
    Normal,
    /// The events a lecture cannot do without.
    High,
}

impl Importance {
    /// The names the file uses.
    pub const NAMES: [&'static str; 3] = ["low", "normal", "high"];

    /// Reads a name of [`Importance::NAMES`].
    pub fn from_name(name: &str) -> Option<Importance> {
        Some(match name {
            "low" => Importance::Low,
            "normal" => Importance::Normal,
            "high" => Importance::High,
            _ => return None,
        })
    }

    /// The file's name for it.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Where a date comes from and how sure it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Certainty {
    /// Stated by the text.
    Exact,
    /// The text gives it approximately ("about", "some").
    Approximate,
    /// The text is unsure, or contradicts other sources.
    Uncertain,
    /// Not stated, inferred from the context of the text.
    Inferred,
    /// Not in the text: taken from outside the chapter.
    External,
}

impl Certainty {
    /// The names the file uses.
    pub const NAMES: [&'static str; 5] =
        ["exact", "approximate", "uncertain", "inferred", "external"];

    /// Reads a name of [`Certainty::NAMES`].
    pub fn from_name(name: &str) -> Option<Certainty> {
        Some(match name {
            "exact" => Certainty::Exact,
            "approximate" => Certainty::Approximate,
            "uncertain" => Certainty::Uncertain,
            "inferred" => Certainty::Inferred,
            "external" => Certainty::External,
            _ => return None,
        })
    }

    /// The file's name for it.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A dated event, period or decision.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// Stable, unique id.
    pub id: String,
    /// The short text that is drawn.
    pub label: String,
    /// A longer description, for handouts.
    pub description: Option<String>,
    /// When.
    pub date: HistDate,
    /// The category's id: the event's lane.
    pub category: Option<String>,
    /// Free tags, for filtering.
    pub tags: Vec<String>,
    /// The notes that support it.
    pub sources: Vec<SourceRef>,
    /// A short quotation from the text.
    pub quote: Option<String>,
    /// How much it matters.
    pub importance: Importance,
    /// Where its date comes from.
    pub certainty: Certainty,
    /// An editor's caveat: a slip in the text, a conflicting source.
    pub caveat: Option<String>,
}

impl Event {
    /// An event with the given id, label and date and nothing else; used
    /// for synthetic data (benchmarks, tests). Ids must be unique and the
    /// label non-empty: [`Timeline::from_parts`] checks.
    pub fn new(id: impl Into<String>, label: impl Into<String>, date: HistDate) -> Event {
        Event {
            id: id.into(),
            label: label.into(),
            description: None,
            date,
            category: None,
            tags: Vec::new(),
            sources: Vec::new(),
            quote: None,
            importance: Importance::Normal,
            certainty: Certainty::Exact,
            caveat: None,
        }
    }

    /// Sets the category.
    #[must_use]
    pub fn with_category(mut self, id: impl Into<String>) -> Event {
        self.category = Some(id.into());
        self
    }

    /// Sets the importance.
    #[must_use]
    pub fn with_importance(mut self, importance: Importance) -> Event {
        self.importance = importance;
        self
    }

    /// True when the date or its certainty says it is not exactly known.
    pub fn is_approximate(&self) -> bool {
        self.date.is_approximate() || self.certainty == Certainty::Approximate
    }

    /// True when the date is marked uncertain, inferred or from outside.
    pub fn is_uncertain(&self) -> bool {
        self.date.is_uncertain()
            || matches!(
                self.certainty,
                Certainty::Uncertain | Certainty::Inferred | Certainty::External
            )
    }
}

/// Everything the file holds, validated.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Timeline {
    /// The title drawn on figures.
    pub title: String,
    /// The subtitle drawn under it.
    pub subtitle: Option<String>,
    /// The work the timeline comes from.
    pub work: Option<Work>,
    /// The source line at the foot of figures.
    pub source_line: Option<String>,
    /// The language of the text, a BCP 47 tag ("en").
    pub language: String,
    /// How economic years are read.
    pub dates: DateContext,
    /// Lanes, in the file's order.
    pub categories: Vec<Category>,
    /// The notes, in the file's order.
    pub sources: Vec<Source>,
    /// Events in chronological order (stable: ties keep the file's order).
    pub events: Vec<Event>,
    /// How figures are drawn unless a figure or the command line says
    /// otherwise (`[timeline.defaults]`).
    pub defaults: figure::TimelineOptions,
    /// Figures the file declares.
    pub figures: Vec<figure::FigureSpec>,
    /// Tables of figures from the text.
    pub tables: Vec<data::Table>,
    /// Series of values over time.
    pub series: Vec<data::Series>,
}

/// Why synthetic parts do not make a timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// Two events share an id.
    DuplicateId(String),
    /// An event names a category that does not exist.
    UnknownCategory(String),
    /// An event has an empty label.
    EmptyLabel(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::DuplicateId(id) => write!(f, "two events have the id `{id}`"),
            ModelError::UnknownCategory(id) => write!(f, "there is no category `{id}`"),
            ModelError::EmptyLabel(id) => write!(f, "the event `{id}` has an empty label"),
        }
    }
}

impl std::error::Error for ModelError {}

impl Timeline {
    /// A timeline from parts made in code; events are sorted here.
    pub fn from_parts(
        title: impl Into<String>,
        categories: Vec<Category>,
        mut events: Vec<Event>,
    ) -> Result<Timeline, ModelError> {
        let mut ids = HashSet::with_capacity(events.len());
        for event in &events {
            if !ids.insert(event.id.as_str()) {
                return Err(ModelError::DuplicateId(event.id.clone()));
            }
            if event.label.trim().is_empty() {
                return Err(ModelError::EmptyLabel(event.id.clone()));
            }
            if let Some(c) = &event.category
                && !categories.iter().any(|k| &k.id == c)
            {
                return Err(ModelError::UnknownCategory(c.clone()));
            }
        }
        drop(ids);
        events.sort_by_cached_key(|e| (e.date.anchor(), e.date.anchor_end()));
        Ok(Timeline {
            title: title.into(),
            subtitle: None,
            work: None,
            source_line: None,
            language: "en".to_owned(),
            dates: DateContext::default(),
            categories,
            sources: Vec::new(),
            events,
            defaults: figure::TimelineOptions::default(),
            figures: Vec::new(),
            tables: Vec::new(),
            series: Vec::new(),
        })
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&data::Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The series with this id.
    pub fn series(&self, id: &str) -> Option<&data::Series> {
        self.series.iter().find(|s| s.id == id)
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The note numbers of an event's sources, in order, without repeats.
    pub fn note_numbers(&self, event: &Event) -> Vec<u32> {
        let mut notes: Vec<u32> = event
            .sources
            .iter()
            .filter_map(|r| self.source(&r.id).and_then(|s| s.note))
            .collect();
        notes.sort_unstable();
        notes.dedup();
        notes
    }
}

impl Category {
    /// A category made in code.
    pub fn new(id: impl Into<String>, label: impl Into<String>, color: Rgb) -> Category {
        Category {
            id: id.into(),
            label: label.into(),
            color,
        }
    }
}
