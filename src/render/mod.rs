//! Scene -> SVG, drawn through plotters' drawing API into annals' own SVG
//! backend ([`svg`]), which writes each text the way the consumers need.
//! The SVG is the source of truth: PNG and PDF are made from it
//! ([`crate::export`]).

mod chart;
pub(crate) mod primitives;
pub(crate) mod svg;
pub(crate) mod theme;

pub use chart::{
    BarGeometry, ChartError, ChartFigure, ChartGeometry, PointGeometry, chart_svg, draw_chart,
};

use std::fmt::Write as _;

use plotters::prelude::*;

use crate::font;
use crate::layout::{LineRole, Mark, MarkKind, Scene, TextRole};

pub(crate) use primitives::{color, draw_text, escape, finish, outline_rect, px};
use primitives::{finish_with, outline_path};
pub(crate) use theme::palette;

/// Why drawing failed.
#[derive(Debug)]
pub struct DrawError(pub String);

impl std::fmt::Display for DrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "drawing failed: {}", self.0)
    }
}

impl std::error::Error for DrawError {}

/// Draws a timeline scene as a self-contained SVG document: the glyphs it
/// uses are embedded as a subset font, `<title>` and `<desc>` describe it.
pub fn timeline_svg(scene: &Scene) -> Result<String, DrawError> {
    let body = draw_scene(scene, &|_| true, None, svg::Root::Fixed)?;
    Ok(finish(body, &scene.title, &scene.description))
}

/// One frame of a step-by-step build: the events in `shown` (indices into
/// `scene.events`), with `newest` highlighted, and `description` (what
/// this frame shows) as its `<desc>`. The layout is the full figure's, so
/// nothing moves between frames.
pub fn timeline_frame_svg(
    scene: &Scene,
    shown: &[usize],
    newest: Option<usize>,
    description: &str,
) -> Result<String, DrawError> {
    let visible = |e: Option<usize>| e.is_none_or(|i| shown.contains(&i));
    let body = draw_scene(scene, &visible, newest, svg::Root::Fixed)?;
    Ok(finish(body, &scene.title, description))
}

/// One SVG for reveal.js: the figure without events, then each event's
/// marks, leader and label in a `<g class="fragment">` with its
/// `data-fragment-index`, in `order`, so the image builds up on click.
pub fn timeline_fragments_svg(scene: &Scene, order: &[usize]) -> Result<String, DrawError> {
    let mut out = open_base(scene)?;
    // Layer by layer, as the last frame draws them (every leader under
    // every mark, every mark under every text); an event's groups share
    // its fragment index, so they appear together.
    for layer in [Layer::Lines, Layer::Marks, Layer::Texts] {
        for (step, &event) in order.iter().enumerate() {
            let part = event_part(scene, event, Ask::Layer(layer, true))?;
            if part.trim().is_empty() {
                continue;
            }
            let _ = write!(
                out,
                "<g class=\"fragment\" data-fragment-index=\"{}\" data-event=\"{}\" data-layer=\"{}\">{part}</g>",
                step + 1,
                escape(&scene.events[event]),
                layer.name(),
            );
        }
    }
    out.push_str("</svg>\n");
    Ok(finish(out, &scene.title, &scene.description))
}

/// The SVG of an interactive page (see [`crate::page`]): the figure
/// without events, then, layer by layer as the figure draws them, each
/// event's leaders, marks and labels in groups that name it
/// (`data-event`); its labels' group (its marks' when it has none) is a
/// `<g class="event">` that can be focused and activated like a button
/// (its `aria-label`: what it shows, then `labels[event]` when that says
/// more). It fits
/// its container and embeds no font: the page holds one for all its views.
pub fn timeline_page_svg(scene: &Scene, labels: &[String]) -> Result<String, DrawError> {
    let mut out = open_base(scene)?;
    // Only the events drawn in this view: a crowded one draws a few of
    // thousands.
    let mut drawn: Vec<usize> = scene
        .texts
        .iter()
        .filter_map(|t| t.event)
        .chain(scene.lines.iter().filter_map(|l| l.event))
        .chain(
            scene
                .marks
                .iter()
                .map(|m| m.event)
                .filter(|&e| e != usize::MAX),
        )
        .collect();
    drawn.sort_unstable();
    drawn.dedup();
    // Layer by layer, as the figure draws them. The group that can be
    // focused and activated is an event's texts (its marks when it has
    // none); its other groups carry its id for clicks and dimming.
    let has_text = |event: usize| scene.texts.iter().any(|t| t.event == Some(event));
    for layer in [Layer::Lines, Layer::Marks, Layer::Texts] {
        for &event in &drawn {
            // (No classes: the page's eleven views would grow by a tenth.)
            let part = event_part(scene, event, Ask::Layer(layer, false))?;
            if part.trim().is_empty() {
                continue;
            }
            let id = escape(&scene.events[event]);
            let focusable = match layer {
                Layer::Lines => false,
                Layer::Marks => !has_text(event),
                Layer::Texts => true,
            };
            if !focusable {
                let _ = write!(
                    out,
                    "<g class=\"event-part\" data-event=\"{id}\">{part}</g>"
                );
                continue;
            }
            // The name a screen reader gives starts with the text seen.
            let seen: Vec<&str> = scene
                .texts
                .iter()
                .filter(|t| t.event == Some(event))
                .map(|t| t.text.as_str())
                .collect();
            let seen = seen.join(" ");
            let full = labels.get(event).map_or("", String::as_str);
            let name = if seen.is_empty() || full.starts_with(&seen) {
                full.to_owned()
            } else {
                format!("{seen}: {full}")
            };
            let _ = write!(
                out,
                "<g class=\"event\" data-event=\"{id}\" tabindex=\"0\" role=\"button\" aria-label=\"{}\">{part}</g>",
                escape(&name),
            );
        }
    }
    out.push_str("</svg>\n");
    Ok(finish_with(out, &scene.title, &scene.description, false))
}

/// The elements of one event, as `ask` says, without the `<svg>` around
/// them.
fn event_part(scene: &Scene, event: usize, ask: Ask) -> Result<String, DrawError> {
    let part = draw_layers(
        scene,
        &|e| e == Some(event),
        None,
        (false, svg::Root::Fixed),
        ask,
    )?;
    let open_end = part
        .find("<svg")
        .and_then(|i| part[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = part.rfind("</svg>").unwrap_or(part.len());
    Ok(part[open_end..end].to_owned())
}

/// The figure without its events, in a root that fits its container, left
/// open for the events' groups.
fn open_base(scene: &Scene) -> Result<String, DrawError> {
    let mut base = draw_scene(
        scene,
        &|e: Option<usize>| e.is_none(),
        None,
        svg::Root::Fluid,
    )?;
    let Some(close) = base.rfind("</svg>") else {
        return Err(DrawError("the SVG has no closing tag".into()));
    };
    base.truncate(close);
    Ok(base)
}

/// How the elements of events are drawn.
#[derive(Clone, Copy)]
enum Ask {
    /// All of them, each event's in one group, with classes.
    Groups,
    /// One layer, ungrouped; with classes or not.
    Layer(Layer, bool),
}

/// The layers an event's elements are drawn in, bottom to top.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// Leader lines.
    Lines,
    /// Points and bars.
    Marks,
    /// Labels and numbers.
    Texts,
}

impl Layer {
    fn name(self) -> &'static str {
        match self {
            Layer::Lines => "lines",
            Layer::Marks => "marks",
            Layer::Texts => "texts",
        }
    }
}

/// Draws the elements of a scene whose event passes `visible` (`None`: the
/// elements of no event), with a background, in a document sized as
/// `root` says.
fn draw_scene(
    scene: &Scene,
    visible: &dyn Fn(Option<usize>) -> bool,
    newest: Option<usize>,
    root: svg::Root,
) -> Result<String, DrawError> {
    draw_layers(scene, visible, newest, (true, root), Ask::Groups)
}

/// [`draw_scene`], with a background or not, the events' elements as `ask`
/// says. A whole drawing puts each event's elements in one
/// `<g class="event" data-event="ID">`: its leaders (`class="leader"`),
/// marks (`mark`), label lines (`label`), notes (`note`) and number
/// (`number`), so that a figure can be styled and scripted by event (as
/// nothing of one event overlaps another's, the order between events
/// changes nothing drawn). One layer alone is drawn ungrouped, for the
/// caller to group (reveal.js fragments, the page's views).
fn draw_layers(
    scene: &Scene,
    visible: &dyn Fn(Option<usize>) -> bool,
    newest: Option<usize>,
    (background, root): (bool, svg::Root),
    ask: Ask,
) -> Result<String, DrawError> {
    font::register_with_plotters();
    let mut out = String::new();
    {
        let size = (scene.width as u32, scene.height as u32);
        let markup = svg::Markup::default();
        let root = svg::SvgWriter::new(&mut out, size, root)
            .with_markup(markup.clone())
            .into_drawing_area();
        let e = |e: DrawingAreaErrorKind<_>| DrawError(e.to_string());
        let painter = Painter {
            scene,
            visible,
            s: (scene.width / 1920.0).min(scene.height / 1080.0).max(0.5),
            drawn: std::cell::RefCell::default(),
        };
        painter.under(&root, background, newest).map_err(e)?;
        match ask {
            Ask::Groups => {
                for (event, parts) in EventParts::of(scene).iter() {
                    if !visible(Some(event)) {
                        continue;
                    }
                    let _ = writeln!(
                        markup.borrow_mut().pending,
                        "<g class=\"event\" data-event=\"{}\">",
                        escape(&scene.events[event])
                    );
                    for layer in [Layer::Lines, Layer::Marks, Layer::Texts] {
                        painter
                            .layer(&root, Some(&markup), layer, parts)
                            .map_err(e)?;
                    }
                    let mut notes = markup.borrow_mut();
                    notes.pending.push_str("</g>\n");
                    notes.class = None;
                }
            }
            Ask::Layer(layer, classed) => {
                let classes = classed.then_some(&markup);
                for (event, parts) in EventParts::of(scene).iter() {
                    if visible(Some(event)) {
                        painter.layer(&root, classes, layer, parts).map_err(e)?;
                    }
                }
                markup.borrow_mut().class = None;
            }
        }
        painter.over(&root).map_err(e)?;
        root.present().map_err(e)?;
    }
    Ok(out)
}

/// One event's leaders, marks and texts, by index into the scene's.
type Parts = (Vec<usize>, Vec<usize>, Vec<usize>);

/// Each event's [`Parts`].
#[derive(Default)]
struct EventParts {
    parts: Vec<Parts>,
}

impl EventParts {
    fn of(scene: &Scene) -> EventParts {
        let mut parts = vec![(Vec::new(), Vec::new(), Vec::new()); scene.events.len()];
        for (i, l) in scene.lines.iter().enumerate() {
            if let Some(p) = l.event.and_then(|e| parts.get_mut(e)) {
                p.0.push(i);
            }
        }
        for (i, m) in scene.marks.iter().enumerate() {
            if let Some(p) = parts.get_mut(m.event) {
                p.1.push(i);
            }
        }
        for (i, t) in scene.texts.iter().enumerate() {
            if let Some(p) = t.event.and_then(|e| parts.get_mut(e)) {
                p.2.push(i);
            }
        }
        EventParts { parts }
    }

    /// The events drawn, in order, with their parts.
    fn iter(&self) -> impl Iterator<Item = (usize, &Parts)> {
        self.parts
            .iter()
            .enumerate()
            .filter(|(_, (l, m, t))| !(l.is_empty() && m.is_empty() && t.is_empty()))
    }
}

/// Draws a scene's elements onto a drawing area.
struct Painter<'s> {
    scene: &'s Scene,
    visible: &'s dyn Fn(Option<usize>) -> bool,
    /// The scale of the figure.
    s: f32,
    /// Marks drawn: thousands of events can land on the same pixels, and a
    /// mark drawn twice in the same place adds nothing but bytes.
    drawn: std::cell::RefCell<std::collections::HashSet<MarkKey>>,
}

/// A mark as drawn, to tell one drawn twice.
type MarkKey = (
    std::mem::Discriminant<MarkKind>,
    [i32; 4],
    i32,
    (crate::model::Rgb, bool, bool, bool, bool),
);

type Area<'a> = DrawingArea<svg::SvgWriter<'a>, plotters::coord::Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<svg::Never>>;

impl Painter<'_> {
    /// What lies under the events: the background, the lane bands, the
    /// highlight behind the newest event of a step, the axis breaks, the
    /// density strips and the grid.
    fn under(&self, root: &Area, background: bool, newest: Option<usize>) -> Drawn {
        let (scene, s) = (self.scene, self.s);
        let p = palette(scene.theme);
        if background {
            root.fill(&color(p.background))?;
        }
        let base = (self.visible)(None);
        if base {
            for band in &scene.bands {
                if band.shaded {
                    root.draw(&Rectangle::new(
                        [(0, px(band.top)), (px(scene.width), px(band.bottom))],
                        color(p.band).filled(),
                    ))?;
                }
                let (x, y, size) = band.swatch;
                root.draw(&Rectangle::new(
                    [(px(x), px(y)), (px(x + size), px(y + size))],
                    color(theme::mark_color(scene.theme, band.color)).filled(),
                ))?;
            }
        }
        // The newest event of a step is highlighted behind its label.
        if let Some(n) = newest {
            for t in scene.texts.iter().filter(|t| t.event == Some(n)) {
                root.draw(&Rectangle::new(
                    [
                        (px(t.left - 4.0 * s), px(t.top)),
                        (px(t.right() + 4.0 * s), px(t.bottom())),
                    ],
                    color(p.highlight).filled(),
                ))?;
            }
        }
        if base {
            // A break in the axis interrupts the lanes too.
            for &(a, b) in &scene.breaks {
                root.draw(&Rectangle::new(
                    [(px(a), px(scene.plot.1)), (px(b), px(scene.plot.3))],
                    color(p.background).filled(),
                ))?;
            }
            // Density strips of crowded lanes.
            for bin in &scene.bins {
                root.draw(&Rectangle::new(
                    [(px(bin.x0), px(bin.top)), (px(bin.x1), px(bin.bottom))],
                    color(theme::mark_color(scene.theme, bin.color)).filled(),
                ))?;
            }
            for l in scene.lines.iter().filter(|l| l.role == LineRole::Grid) {
                self.line(root, l)?;
            }
        }
        Ok(())
    }

    /// One layer of an event's elements, each with its class when
    /// `markup` takes them.
    fn layer(
        &self,
        root: &Area,
        markup: Option<&svg::Markup>,
        layer: Layer,
        (lines, marks, texts): &Parts,
    ) -> Drawn {
        let scene = self.scene;
        let class = |c: &'static str| {
            if let Some(markup) = markup {
                markup.borrow_mut().class = Some(c);
            }
        };
        match layer {
            Layer::Lines => {
                class("leader");
                for &i in lines {
                    self.line(root, &scene.lines[i])?;
                }
            }
            Layer::Marks => {
                class("mark");
                for &i in marks {
                    self.mark(root, &scene.marks[i])?;
                }
            }
            Layer::Texts => {
                for &i in texts {
                    let t = &scene.texts[i];
                    class(match t.role {
                        TextRole::Note => "note",
                        TextRole::Callout => "number",
                        _ => "label",
                    });
                    self.text(root, t)?;
                }
            }
        }
        Ok(())
    }

    /// What lies over the events: the axis and its breaks, the legend's
    /// samples, and every text that is no event's.
    fn over(&self, root: &Area) -> Drawn {
        let scene = self.scene;
        if !(self.visible)(None) {
            return Ok(());
        }
        for role in [LineRole::Axis, LineRole::Break] {
            for l in scene.lines.iter().filter(|l| l.role == role) {
                self.line(root, l)?;
            }
        }
        for m in scene.marks.iter().filter(|m| m.event == usize::MAX) {
            self.mark(root, m)?;
        }
        for t in scene.texts.iter().filter(|t| t.event.is_none()) {
            self.text(root, t)?;
        }
        Ok(())
    }

    fn line(&self, root: &Area, l: &crate::layout::Line) -> Drawn {
        let (c, width) = line_style(self.scene.theme, l.role, self.s);
        root.draw(&PathElement::new(
            vec![(px(l.from.0), px(l.from.1)), (px(l.to.0), px(l.to.1))],
            color(c).stroke_width(px(width).max(1) as u32),
        ))
    }

    fn mark(&self, root: &Area, m: &Mark) -> Drawn {
        let key = (
            std::mem::discriminant(&m.kind),
            [px(m.x0), px(m.y0), px(m.x1), px(m.y1)],
            match m.kind {
                MarkKind::FadeLeft { solid_from } => px(solid_from),
                _ => 0,
            },
            (m.color, m.hollow, m.dashed, m.clipped_left, m.clipped_right),
        );
        if self.drawn.borrow_mut().insert(key) {
            draw_mark(root, m, self.scene, self.s)?;
        }
        Ok(())
    }

    fn text(&self, root: &Area, t: &crate::layout::Text) -> Drawn {
        draw_text(root, t, text_color(self.scene.theme, t.role))
    }
}

/// A timeline line's colour and width in px, at the figure's scale `s`.
pub(crate) fn line_style(
    theme: crate::figure::Theme,
    role: LineRole,
    s: f32,
) -> (crate::model::Rgb, f32) {
    let p = palette(theme);
    match role {
        LineRole::Grid => (p.grid, 1.0),
        LineRole::Leader => (p.leader, 1.5 * s),
        LineRole::Axis | LineRole::Break => (p.axis, 2.0 * s),
    }
}

/// A timeline's text colour in `theme`: what names and labels things in
/// the text's colour, the rest (ticks, notes, key, source) muted.
pub(crate) fn text_color(theme: crate::figure::Theme, role: TextRole) -> crate::model::Rgb {
    let p = palette(theme);
    match role {
        TextRole::Title
        | TextRole::Label
        | TextRole::Lane
        | TextRole::Subtitle
        | TextRole::Callout
        | TextRole::CalloutKey => p.text,
        _ => p.muted,
    }
}

fn draw_mark<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    m: &Mark,
    scene: &Scene,
    s: f32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let p = palette(scene.theme);
    let fill = color(theme::mark_color(scene.theme, m.color));
    let outline = if m.hollow { fill } else { color(p.outline) };
    let line = px(2.0 * s).max(1) as u32;
    let (x0, y0, x1, y1) = (px(m.x0), px(m.y0), px(m.x1), px(m.y1));
    let body = |root: &DrawingArea<DB, plotters::coord::Shift>, a: i32, b: i32| {
        if m.hollow {
            root.draw(&Rectangle::new(
                [(a, y0), (b, y1)],
                color(p.background).filled(),
            ))?;
            outline_rect(root, (a, y0, b, y1), fill, line, m.dashed, s)
        } else if m.dashed {
            root.draw(&Rectangle::new([(a, y0), (b, y1)], fill.mix(0.45).filled()))?;
            outline_rect(root, (a, y0, b, y1), fill, line, true, s)
        } else {
            root.draw(&Rectangle::new([(a, y0), (b, y1)], fill.filled()))
        }
    };
    match m.kind {
        MarkKind::Diamond => {
            let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
            let (rx, ry) = ((x1 - x0) / 2, (y1 - y0) / 2);
            let points = vec![(cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)];
            if m.hollow || m.dashed {
                // Uncertain: hollow; approximate: light, with a dashed
                // outline, as a bar is.
                let inside = if m.hollow {
                    color(p.background).filled()
                } else {
                    fill.mix(0.45).filled()
                };
                root.draw(&Polygon::new(points.clone(), inside))?;
                let mut closed = points;
                closed.push(closed[0]);
                outline_path(root, &closed, fill, line, m.dashed, s)?;
            } else {
                root.draw(&Polygon::new(points.clone(), fill.filled()))?;
                let mut closed = points;
                closed.push(closed[0]);
                root.draw(&PathElement::new(closed, outline.stroke_width(1)))?;
            }
        }
        MarkKind::Bar => body(root, x0, x1)?,
        MarkKind::FadeLeft { solid_from } => {
            let solid = px(solid_from);
            let steps = 8;
            let width = (solid - x0).max(0);
            for k in 0..steps {
                let a = x0 + width * k / steps;
                let b = x0 + width * (k + 1) / steps;
                let alpha = 0.08 + 0.6 * f64::from(k) / f64::from(steps);
                root.draw(&Rectangle::new(
                    [(a, y0), (b, y1)],
                    fill.mix(alpha).filled(),
                ))?;
            }
            body(root, solid, x1.max(solid + 2))?;
        }
        MarkKind::Arrow => {
            body(root, x0, x1)?;
            let h = (y1 - y0) / 2 + px(4.0 * s);
            let cy = (y0 + y1) / 2;
            let tip = x1 + px(14.0 * s);
            root.draw(&Polygon::new(
                vec![(x1, cy - h), (tip, cy), (x1, cy + h)],
                fill.filled(),
            ))?;
        }
    }
    if m.clipped_left {
        let cy = (y0 + y1) / 2;
        let h = (y1 - y0) / 2;
        root.draw(&Polygon::new(
            vec![(x0 - 2, cy - h), (x0 - px(10.0 * s), cy), (x0 - 2, cy + h)],
            fill.filled(),
        ))?;
    }
    if m.clipped_right {
        let cy = (y0 + y1) / 2;
        let h = (y1 - y0) / 2;
        root.draw(&Polygon::new(
            vec![(x1 + 2, cy - h), (x1 + px(10.0 * s), cy), (x1 + 2, cy + h)],
            fill.filled(),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// No `<text>` carries `dy` (`LibreOffice` ignores it), and each baseline,
    /// in `y`, is where the layout measured it (to the half pixel plotters
    /// rounds to).
    #[test]
    fn baselines_are_in_y_where_the_layout_put_them() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/events.toml");
        let timeline = crate::load::load(std::path::Path::new(path))
            .unwrap()
            .timeline;
        let scene = crate::layout::timeline(&timeline, &timeline.defaults).unwrap();
        let svg = super::timeline_svg(&scene).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        assert_eq!(texts.len(), scene.texts.len());
        for node in texts {
            assert!(node.attribute("dy").is_none(), "{node:?}");
            let content = node.text().unwrap_or_default().trim();
            let x: f32 = node.attribute("x").unwrap().parse().unwrap();
            let y: f32 = node.attribute("y").unwrap().parse().unwrap();
            let measured = scene.texts.iter().any(|t| {
                t.text.trim() == content
                    && (t.left - x).abs() <= 0.51
                    && (t.baseline() - y).abs() <= 0.51
            });
            assert!(measured, "{content} at {x},{y}");
        }
    }
}
