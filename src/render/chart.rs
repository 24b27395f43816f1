//! Chart scenes ([`crate::layout::chart`]) drawn through plotters' drawing
//! API onto any backend: the SVG writer the timeline uses
//! ([`chart_svg`]), or a deck's shapes (`deck/backend.rs`, through
//! [`draw_chart`]). The layout says what each shape is for; the theme
//! gives it its colour here.

use plotters::prelude::*;

use crate::figure::{ChartSpec, Theme, TimelineOptions};
use crate::font;
pub use crate::layout::chart::{BarGeometry, ChartError, ChartGeometry, PointGeometry};
use crate::layout::chart::{ChartScene, Ink, Shape, Style};
use crate::model::{Rgb, Timeline};
use crate::render::primitives::{color, draw_text, finish};
use crate::render::theme::{mark_color, palette};

/// A drawn chart.
#[derive(Clone, Debug)]
pub struct ChartFigure {
    /// The SVG document.
    pub svg: String,
    /// What was drawn where.
    pub geometry: ChartGeometry,
    /// The title drawn.
    pub title: String,
    /// The text alternative: what is plotted, every value with its unit.
    pub description: String,
}

/// Lays out and draws a chart figure as an SVG document.
pub fn chart_svg(
    timeline: &Timeline,
    spec: &ChartSpec,
    options: &TimelineOptions,
) -> Result<ChartFigure, ChartError> {
    let scene = crate::layout::chart::chart(timeline, spec, options)?;
    let mut svg = String::new();
    let size = (scene.width, scene.height);
    draw_chart(
        &scene,
        options.theme,
        crate::render::svg::SvgWriter::with_string(&mut svg, size),
    )?;
    Ok(ChartFigure {
        svg: finish(svg, &scene.title, &scene.description),
        geometry: scene.geometry,
        title: scene.title,
        description: scene.description,
    })
}

/// Draws a chart scene onto `backend`, a canvas of the scene's size, in
/// the theme's colours: its shapes in order, then its texts.
pub fn draw_chart<DB: DrawingBackend>(
    scene: &ChartScene,
    theme: Theme,
    backend: DB,
) -> Result<(), ChartError> {
    font::register_with_plotters();
    let root = backend.into_drawing_area();
    let err =
        |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError::Draw(format!("drawing failed: {e}"));
    for shape in &scene.shapes {
        match shape {
            Shape::Fill(ink) => root.fill(&color(ink_color(theme, *ink))),
            Shape::Rect(corners, s) => root.draw(&Rectangle::new(*corners, style(theme, *s))),
            Shape::Path(points, s) => {
                root.draw(&PathElement::new(points.clone(), style(theme, *s)))
            }
            Shape::Polygon(points, s) => root.draw(&Polygon::new(points.clone(), style(theme, *s))),
            Shape::Circle(center, r, s) => root.draw(&Circle::new(*center, *r, style(theme, *s))),
        }
        .map_err(err)?;
    }
    for t in &scene.geometry.texts {
        draw_text(&root, t, ink_color(theme, Ink::of_text(t.role))).map_err(err)?;
    }
    root.present().map_err(err)
}

/// An ink's colour in a theme.
fn ink_color(theme: Theme, ink: Ink) -> Rgb {
    let p = palette(theme);
    match ink {
        Ink::Background => p.background,
        Ink::Grid => p.grid,
        Ink::Axis => p.axis,
        Ink::Muted => p.muted,
        Ink::Text => p.text,
        Ink::Mark(c) => mark_color(theme, c),
    }
}

fn style(theme: Theme, s: Style) -> ShapeStyle {
    ShapeStyle {
        color: color(ink_color(theme, s.ink)).mix(s.opacity),
        filled: s.filled,
        stroke_width: s.width,
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use crate::layout::chart::Plane;
    use crate::render::svg::SvgWriter;

    /// The layout maps values to the very pixels plotters' chart API did
    /// when it drew the charts, at the edges, inside, outside and on
    /// ranges of one value.
    #[test]
    fn the_plane_maps_as_plotters_chart_does() {
        let areas: [(f32, f32, f32, f32); 4] = [
            (84.0, 240.5, 1836.0, 980.2),
            (0.0, 0.0, 5.0, 3.0),
            (300.7, 100.2, 301.0, 900.9),
            (10.0, 10.0, 1990.0, 1200.0),
        ];
        let ranges = [
            (0.0, 1.0),
            (-3.5, 1e6),
            (0.0, 7.0),
            (2.0, 2.0),
            (1e-12_f64.log10(), 4.2),
        ];
        for area in areas {
            for x in ranges {
                for y in ranges {
                    let mut svg = String::new();
                    let root = SvgWriter::with_string(&mut svg, (1920, 1080)).into_drawing_area();
                    let (left, top, right, bottom) = area;
                    let plot = root.clone().shrink(
                        (left.round() as i32, top.round() as i32),
                        (
                            (right - left).max(10.0) as u32,
                            (bottom - top).max(10.0) as u32,
                        ),
                    );
                    let chart = ChartBuilder::on(&plot)
                        .build_cartesian_2d(x.0..x.1, y.0..y.1)
                        .unwrap();
                    let plane = Plane::new(area, (1920, 1080), x, y);
                    for fx in [0.0, 0.25, 0.5, 0.999, 1.0, -0.3, 1.7] {
                        for fy in [0.0, 0.1, 0.5, 1.0, 2.0] {
                            let v = (x.0 + (x.1 - x.0) * fx, y.0 + (y.1 - y.0) * fy);
                            assert_eq!(
                                plane.map(v),
                                chart.backend_coord(&v),
                                "{area:?} {x:?} {y:?} {v:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
