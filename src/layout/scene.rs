//! The geometry of a figure: what the layout decides and renderers draw.

use chrono::NaiveDate;

use crate::figure::Theme;
use crate::font;
use crate::model::Rgb;

/// What a text is, which decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRole {
    /// The figure's title.
    Title,
    /// The line under the title.
    Subtitle,
    /// A lane's name.
    Lane,
    /// An event's label.
    Label,
    /// Note numbers after a label.
    Note,
    /// A tick label of the time axis.
    Axis,
    /// The legend: what each kind of mark means.
    Legend,
    /// The source line.
    Source,
    /// "+3 more": labels left out for lack of room.
    More,
    /// A number beside a mark whose label did not fit: the callout key
    /// gives its label.
    Callout,
    /// An entry of the callout key: a number, or the label it stands for.
    CalloutKey,
}

/// A line of text, positioned by its box: `left`, `top`, `width`, and the
/// font's line height at `size`.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Left edge.
    pub left: f32,
    /// Top of the line box (ascent above the baseline).
    pub top: f32,
    /// Font size in px.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
    /// Measured width.
    pub width: f32,
    /// What it is.
    pub role: TextRole,
    /// The event it labels, as an index into the scene's events.
    pub event: Option<usize>,
}

impl Text {
    /// A text at a position, measured.
    pub fn new(text: impl Into<String>, left: f32, top: f32, size: f32, role: TextRole) -> Text {
        let text = text.into();
        let bold = matches!(role, TextRole::Title | TextRole::Lane);
        Text {
            width: font::text_width(&text, size, bold),
            text,
            left,
            top,
            size,
            bold,
            role,
            event: None,
        }
    }

    /// The bottom of the line box.
    pub fn bottom(&self) -> f32 {
        self.top + font::line_height(self.size)
    }

    /// The right edge.
    pub fn right(&self) -> f32 {
        self.left + self.width
    }

    /// The baseline.
    pub fn baseline(&self) -> f32 {
        self.top + font::metrics().ascent * self.size
    }
}

/// How a mark is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkKind {
    /// A diamond centred between x0 and x1: a day.
    Diamond,
    /// A bar over the days covered: a month, a year, a period.
    Bar,
    /// A bar whose part left of `solid_from` fades out: start unknown.
    FadeLeft {
        /// Where the solid part starts.
        solid_from: f32,
    },
    /// A bar that runs on past x1 with an arrowhead: no end.
    Arrow,
}

/// A mark for one event.
#[derive(Clone, Debug, PartialEq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "four independent facts about a mark"
)]
pub struct Mark {
    /// Index into the scene's events.
    pub event: usize,
    /// Geometry.
    pub kind: MarkKind,
    /// Left, top, right, bottom.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
    /// Fill colour: the category's.
    pub color: Rgb,
    /// Outline only: uncertain, inferred, or from outside the text.
    pub hollow: bool,
    /// Dashed outline: approximate.
    pub dashed: bool,
    /// The event continues before the window.
    pub clipped_left: bool,
    /// The event continues after the window.
    pub clipped_right: bool,
}

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRole {
    /// A light vertical line at a tick.
    Grid,
    /// The time axis and its ticks.
    Axis,
    /// From a label down to its mark.
    Leader,
    /// A stroke of the double slash that marks a break in the time axis.
    Break,
}

/// A straight line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Start.
    pub from: (f32, f32),
    /// End.
    pub to: (f32, f32),
    /// What it is.
    pub role: LineRole,
    /// The event a leader line belongs to.
    pub event: Option<usize>,
}

/// One bar of a lane's density strip: how many events fall in its bin,
/// drawn where a lane has more marks than its sub-rows show apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    /// Left.
    pub x0: f32,
    /// Right.
    pub x1: f32,
    /// Top: higher for more events.
    pub top: f32,
    /// Bottom: the strip's base line.
    pub bottom: f32,
    /// Events in the bin.
    pub count: usize,
    /// The lane's colour.
    pub color: Rgb,
}

/// A lane's background band.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
    /// Every other lane is shaded.
    pub shaded: bool,
    /// A swatch of the lane's colour beside its name: left, top, size.
    pub swatch: (f32, f32, f32),
    /// The lane's colour.
    pub color: Rgb,
}

/// The geometry of a timeline figure.
#[derive(Clone, Debug)]
pub struct Scene {
    /// Canvas width in px.
    pub width: f32,
    /// Canvas height.
    pub height: f32,
    /// Colours.
    pub theme: Theme,
    /// The figure's title, for `<title>`.
    pub title: String,
    /// A text alternative: span, count, and every event with its date.
    pub description: String,
    /// Lane bands, drawn first.
    pub bands: Vec<Band>,
    /// Grid, axis and leader lines.
    pub lines: Vec<Line>,
    /// Event marks, and the samples of the key.
    pub marks: Vec<Mark>,
    /// Every text.
    pub texts: Vec<Text>,
    /// Density strips of crowded lanes.
    pub bins: Vec<Bin>,
    /// Breaks of the time axis: the x ranges collapsed, left to right.
    pub breaks: Vec<(f32, f32)>,
    /// The ids of events in view, in order: what `event` indices refer to.
    pub events: Vec<String>,
    /// Events identified by a number and the callout key rather than a
    /// label, by event id.
    pub numbered: Vec<String>,
    /// Events neither labelled nor numbered for lack of room, by event id.
    pub dropped: Vec<String>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f32, f32, f32, f32),
    /// The window shown.
    pub window: (NaiveDate, NaiveDate),
}

impl Scene {
    /// A scene of texts alone, on a canvas of `size`: a deck's title slide.
    pub(crate) fn of_texts(
        size: crate::figure::Size,
        theme: Theme,
        title: &str,
        texts: Vec<Text>,
    ) -> Scene {
        let (width, height) = (size.width as f32, size.height as f32);
        Scene {
            width,
            height,
            theme,
            title: title.to_owned(),
            description: title.to_owned(),
            bands: Vec::new(),
            lines: Vec::new(),
            marks: Vec::new(),
            texts,
            bins: Vec::new(),
            breaks: Vec::new(),
            events: Vec::new(),
            numbered: Vec::new(),
            dropped: Vec::new(),
            plot: (0.0, 0.0, width, height),
            window: (NaiveDate::default(), NaiveDate::default()),
        }
    }
}

/// Why there is nothing to lay out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// No event passes the filters and the window.
    NothingToShow,
    /// The lanes need more height than the canvas has, even with no label
    /// rows: too many categories for the size.
    TooManyLanes {
        /// Lanes in the figure.
        lanes: usize,
        /// Height the lanes need at the least, in px.
        needed: u32,
        /// Height the plot has, in px.
        available: u32,
        /// The least canvas height, at the same width, that would hold
        /// them (none within the largest accepted size).
        height: Option<u32>,
    },
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::NothingToShow => {
                f.write_str("no event falls in the window and passes the filters")
            }
            LayoutError::TooManyLanes {
                lanes,
                needed,
                available,
                height,
            } => {
                write!(
                    f,
                    "{lanes} lanes need at least {needed} px of height and this size leaves {available} px \
                     for them: "
                )?;
                match height {
                    // Past the tallest canvas, no size helps.
                    Some(height) if *height > crate::figure::Size::MAX => f.write_str(
                        "no size up to 16000 px tall holds them; show fewer categories (--category)",
                    ),
                    Some(height) => write!(
                        f,
                        "choose a taller size (at this width, a height of {height} px holds them), \
                         or fewer categories (--category)"
                    ),
                    None => f.write_str("choose a taller size, or fewer categories (--category)"),
                }
            }
        }
    }
}

impl std::error::Error for LayoutError {}
