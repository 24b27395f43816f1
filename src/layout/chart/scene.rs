//! What a chart's layout hands its writers: shapes in drawing order, then
//! texts; with the geometry tests check against the data.

use crate::layout::{Text, TextRole};
use crate::model::Rgb;

/// A laid-out chart: the shapes in the order they are drawn, then the
/// texts (in its geometry) over them.
#[derive(Clone, Debug)]
pub struct ChartScene {
    /// Canvas width, px.
    pub width: u32,
    /// Canvas height, px.
    pub height: u32,
    /// The title drawn.
    pub title: String,
    /// The text alternative: what is plotted, every value with its unit.
    pub description: String,
    /// Everything but text, in drawing order; pixels are whole, as
    /// plotters draws them.
    pub shapes: Vec<Shape>,
    /// What was drawn where; its texts are drawn, in order, over the
    /// shapes.
    pub geometry: ChartGeometry,
}

/// A colour by what it is for, given its value by the theme when drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ink {
    /// The canvas.
    Background,
    /// Grid lines, date lines.
    Grid,
    /// Axes, reference lines, event markers.
    Axis,
    /// Leaders and secondary text.
    Muted,
    /// Titles, labels and row names.
    Text,
    /// A column's or series' colour (greys in print).
    Mark(Rgb),
}

impl Ink {
    /// The ink of a text of this role.
    pub fn of_text(role: TextRole) -> Ink {
        match role {
            TextRole::Title | TextRole::Subtitle | TextRole::Label | TextRole::Lane => Ink::Text,
            _ => Ink::Muted,
        }
    }
}

/// How a shape is painted: filled, or stroked `width` px wide, at an
/// opacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// What the colour is for.
    pub ink: Ink,
    /// 0 (transparent) to 1.
    pub opacity: f64,
    /// Filled, or else stroked.
    pub filled: bool,
    /// A stroke's width, px.
    pub width: u32,
}

impl Style {
    /// Filled, opaque (with plotters' width of 1 for a stroke it does
    /// not draw).
    pub fn fill(ink: Ink) -> Style {
        Style {
            ink,
            opacity: 1.0,
            filled: true,
            width: 1,
        }
    }

    /// A line `width` px wide, opaque.
    pub fn stroke(ink: Ink, width: u32) -> Style {
        Style {
            ink,
            opacity: 1.0,
            filled: false,
            width,
        }
    }

    /// The same, at `opacity`.
    #[must_use]
    pub fn mix(self, opacity: f64) -> Style {
        Style { opacity, ..self }
    }
}

/// A shape, in whole pixels.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// The whole canvas.
    Fill(Ink),
    /// A rectangle between two corners, as given.
    Rect([(i32, i32); 2], Style),
    /// A line through the points.
    Path(Vec<(i32, i32)>, Style),
    /// A filled polygon.
    Polygon(Vec<(i32, i32)>, Style),
    /// A circle: centre and radius.
    Circle((i32, i32), i32, Style),
}

/// Where a bar went: its data and its pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct BarGeometry {
    /// The table row.
    pub row: usize,
    /// The table column.
    pub column: usize,
    /// The values the bar runs between: from its base (zero, or the
    /// reference on a logarithmic axis) to its value, or to the far end
    /// of its range.
    pub values: (f64, f64),
    /// Pixels: left, top, right, bottom.
    pub rect: (f32, f32, f32, f32),
    /// A range ("95-105") rather than a single value.
    pub range: bool,
    /// A range's low value and its pixel on the value axis: where the
    /// bar's solid part ends and the lighter range begins (when the range
    /// lies beyond the base).
    pub range_low: Option<(f64, f32)>,
}

/// Where a series point went.
#[derive(Clone, Debug, PartialEq)]
pub struct PointGeometry {
    /// Index of the series in the chart.
    pub series: usize,
    /// The value.
    pub value: f64,
    /// Pixels.
    pub at: (f32, f32),
}

/// What a chart drew, in pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartGeometry {
    /// Bars (bars and comparison charts).
    pub bars: Vec<BarGeometry>,
    /// Points (lines charts).
    pub points: Vec<PointGeometry>,
    /// Event markers: id and x.
    pub markers: Vec<(String, f32)>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f32, f32, f32, f32),
    /// Pixels of value 0 (or the log axis' bottom) and of `value_top`.
    pub value_axis: (f64, f32, f64, f32),
    /// Every text drawn, each within the canvas (one that would run off
    /// it is cut, with an ellipsis).
    pub texts: Vec<Text>,
}

/// Why a chart cannot be drawn, by kind; each says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    /// The figure's size cannot hold the chart's rows or labels.
    DoesNotFit(String),
    /// A value the chart's axis cannot show (a logarithmic axis).
    Value(String),
    /// The chart needs data the file does not give it: a table, series,
    /// column or row.
    Data(String),
    /// Drawing failed.
    Draw(String),
}

impl ChartError {
    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        match self {
            ChartError::DoesNotFit(m)
            | ChartError::Value(m)
            | ChartError::Data(m)
            | ChartError::Draw(m) => m,
        }
    }
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ChartError {}
