//! Charts of the text's figures, drawn with plotters' chart API
//! (`ChartBuilder`) onto any backend: the SVG backend the timeline uses
//! ([`chart_svg`]), or a deck's shapes (`deck/backend.rs`, through
//! [`chart_on`]).
//!
//! plotters maps values to pixels and draws bars, lines and grid lines;
//! every text is placed here with the one measurer, so labels can be kept
//! apart and the SVG gets the same embedded font and `textLength` as the
//! timeline. The geometry of what is drawn is returned beside the SVG, so
//! tests can check it against the data.

mod common;
mod lines;
mod slope;
mod table;

use plotters_backend::DrawingBackend;

use crate::figure::{ChartKind, ChartSpec, TimelineOptions};
use crate::font;
use crate::model::Timeline;
use common::table_of;
pub use common::{BarGeometry, ChartError, ChartFigure, ChartGeometry, Charted, PointGeometry};

/// Draws a chart figure.
pub fn chart_svg(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartFigure, ChartError> {
    let mut svg = String::new();
    let size = (options.size.width, options.size.height);
    let charted = chart_on(
        timeline,
        spec,
        options,
        crate::render::svg::SvgWriter::with_string(&mut svg, size),
    )?;
    Ok(ChartFigure::new(svg, charted))
}

/// Draws a chart onto `backend`, a canvas of the options' size: the SVG
/// writer, or a deck's shapes.
pub fn chart_on<DB: DrawingBackend>(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
    backend: DB,
) -> Result<Charted, ChartError> {
    font::register_with_plotters();
    match spec.kind {
        ChartKind::Bars | ChartKind::Comparison => {
            table::table_chart(timeline, table_of(timeline, spec)?, spec, options, backend)
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
            table::table_chart(timeline, &derived, &spec, options, backend)
        }
        ChartKind::Slope => {
            slope::slope_chart(timeline, table_of(timeline, spec)?, spec, options, backend)
        }
        ChartKind::Lines => lines::lines_chart(timeline, spec, options, backend),
    }
}
