//! An event and what it refers to: its category, its sources, its
//! importance and certainty; and the colours categories are drawn in.

use super::date::HistDate;

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
