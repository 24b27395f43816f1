//! The timeline: everything a file holds, validated.

use std::collections::HashSet;

use super::data;
use super::date::DateContext;
use super::event::{Category, Event, Source, Work};
use super::figure;

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
    /// Slide decks the file declares.
    pub decks: Vec<figure::DeckSpec>,
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
            decks: Vec::new(),
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
