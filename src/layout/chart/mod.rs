//! Charts of the text's figures -> a [`ChartScene`]: what is drawn where,
//! as plain data, for any writer (the SVG in `render`, a deck's shapes in
//! `deck`) to draw in its order.
//!
//! Values are mapped to whole pixels as plotters maps them ([`Plane`]), so
//! a chart drawn through plotters' backends is exactly what plotters' own
//! chart API drew. Every text is placed here with the one measurer, and
//! kept apart from the others; the geometry of what is drawn comes with
//! the scene, so tests can check it against the data.

mod common;
mod lines;
mod plane;
mod scene;
mod slope;
mod table;

pub(crate) use common::dashes;
pub use plane::Plane;
pub(crate) use plane::px;
pub use scene::{
    BarGeometry, ChartError, ChartGeometry, ChartScene, Ink, PointGeometry, Shape, Style,
};

use crate::figure::{ChartKind, ChartSpec, TimelineOptions};
use crate::model::Timeline;
use common::table_of;

/// Lays out a chart figure at the options' size.
pub fn chart(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartScene, ChartError> {
    match spec.kind {
        ChartKind::Bars | ChartKind::Comparison => {
            table::table_chart(timeline, table_of(timeline, spec)?, spec, options)
        }
        ChartKind::Fulfilment => {
            let table = table_of(timeline, spec)?;
            let columns = spec
                .columns
                .ok_or_else(|| ChartError::Data("a fulfilment chart needs two columns".into()))?;
            let derived = table::fulfilment_table(table, columns);
            // Drawn as a comparison against the target, 100%.
            let spec = ChartSpec {
                kind: ChartKind::Fulfilment,
                reference: Some(100.0),
                reference_label: spec
                    .reference_label
                    .clone()
                    .or_else(|| Some("the target = 100".into())),
                ..spec.clone()
            };
            table::table_chart(timeline, &derived, &spec, options)
        }
        ChartKind::Slope => slope::slope_chart(timeline, table_of(timeline, spec)?, spec, options),
        ChartKind::Lines => lines::lines_chart(timeline, spec, options),
    }
}
