//! Figures from a timeline: layout, drawing and export in one call, and
//! `build`, which renders every figure a file declares.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::figure::{ChartSpec, FigureKind, FigureSpec, Format, TimelineOptions};
use crate::model::Timeline;
use crate::{export, layout, output, render};

/// A drawn timeline figure.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The SVG document, the source of truth.
    pub svg: String,
    /// Ids of events whose labels did not fit and were left out.
    pub dropped: Vec<String>,
    /// PNG pixels per CSS pixel.
    pub scale: f32,
    /// The text alternative, also written as `.alt.txt` beside PNG and PDF.
    pub description: String,
}

impl Figure {
    /// The figure in `format`.
    pub fn bytes(&self, format: Format) -> Result<Vec<u8>, Error> {
        export::bytes(&self.svg, format, self.scale)
    }
}

/// Lays out and draws a timeline.
pub fn timeline(timeline: &Timeline, options: &TimelineOptions) -> Result<Figure, Error> {
    let scene = layout::timeline(timeline, options).map_err(|e| Error::Request(e.to_string()))?;
    let mut svg = render::timeline_svg(&scene).map_err(|e| Error::Export {
        format: "SVG",
        message: e.to_string(),
    })?;
    if options.text_as_paths {
        svg = export::svg_text_as_paths(&svg)?;
    }
    Ok(Figure {
        svg,
        dropped: scene.dropped,
        scale: options.scale,
        description: scene.description,
    })
}

/// Draws a chart.
pub fn chart(
    timeline: &Timeline,
    chart: &ChartSpec,
    options: &TimelineOptions,
) -> Result<Figure, Error> {
    let drawn =
        render::chart_svg(timeline, chart, options).map_err(|e| Error::Request(e.to_string()))?;
    let svg = if options.text_as_paths {
        export::svg_text_as_paths(&drawn.svg)?
    } else {
        drawn.svg
    };
    Ok(Figure {
        svg,
        dropped: Vec::new(),
        scale: options.scale,
        description: drawn.description,
    })
}

/// Draws a declared figure, whatever its kind.
pub fn figure(timeline: &Timeline, spec: &FigureSpec) -> Result<Figure, Error> {
    match &spec.kind {
        FigureKind::Timeline => self::timeline(timeline, &spec.options),
        FigureKind::Chart(c) => chart(timeline, c, &spec.options),
    }
}

/// What `build` wrote for one figure.
#[derive(Debug, Clone)]
pub struct Built {
    /// The figure's id.
    pub id: String,
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Labels left out for lack of room.
    pub dropped: Vec<String>,
}

/// Renders every declared figure into `out`. Everything is rendered in
/// memory first, so an error leaves the folder as it was.
pub fn build(timeline: &Timeline, out: &Path) -> Result<Vec<Built>, Error> {
    type Files = Vec<(PathBuf, Vec<u8>)>;
    let mut rendered: Vec<(&FigureSpec, Figure, Files)> = Vec::new();
    for spec in &timeline.figures {
        let figure = self::figure(timeline, spec)
            .map_err(|e| Error::Request(format!("figure `{}`: {e}", spec.id)))?;
        let mut files = Vec::new();
        for &format in &spec.formats {
            let path = out.join(format!("{}.{}", spec.id, format.extension()));
            files.push((path, figure.bytes(format)?));
        }
        // A text alternative for the formats that cannot carry one.
        if spec.formats.iter().any(|f| *f != Format::Svg) {
            let path = out.join(format!("{}.alt.txt", spec.id));
            files.push((path, format!("{}\n", figure.description).into_bytes()));
        }
        if let Some(first) = &spec.steps {
            let steps = crate::steps::timeline_steps(timeline, &spec.options, first)?;
            files.extend(crate::steps::files(&steps, out, &spec.id, &spec.formats)?);
        }
        rendered.push((spec, figure, files));
    }
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_owned(),
        source,
    })?;
    let mut built = Vec::new();
    for (spec, figure, files) in rendered {
        for (path, bytes) in &files {
            output::write_atomic(path, bytes)?;
        }
        built.push(Built {
            id: spec.id.clone(),
            files: files.into_iter().map(|(p, _)| p).collect(),
            dropped: figure.dropped,
        });
    }
    Ok(built)
}
