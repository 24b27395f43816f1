//! A timeline's scene as `DrawingML` shapes: lane bands and bars as
//! rectangles, points as diamonds, arrowheads as triangles, fades as
//! gradient fills, leaders, grid and axis as lines, and every text as a
//! text box that neither wraps nor grows, with no inset, at the place and
//! size the layout measured. Each event's leaders, marks and texts form
//! one group named by its id, with its date and label as alt text.

use super::dml::{self, Emu, Fill, Group, Run, Stroke};
use crate::layout::{Line, LineRole, Mark, MarkKind, Scene, Text, TextRole};
use crate::model::Rgb;
use crate::render::theme::mark_color;
use crate::render::{line_style, palette, text_color};

/// Writes a scene's shapes.
pub(crate) struct Writer<'s> {
    scene: &'s Scene,
    /// EMU per px.
    k: f64,
    /// The figure's scale, as the SVG's strokes use it.
    s: f32,
    /// The next shape id: unique within the slide.
    next: u32,
    /// The language of the text.
    language: String,
    /// The alt text of the event whose marks are being written.
    describing: String,
    /// Whether the slide's title placeholder is written.
    titled: bool,
}

/// What a slide of a timeline shows: which events, and which is new.
pub(crate) struct Showing<'a> {
    /// Events shown (all when `None`).
    pub(crate) events: Option<&'a [usize]>,
    /// The event added at this step, highlighted.
    pub(crate) newest: Option<usize>,
    /// Each event's alt text: its date and label.
    pub(crate) names: &'a [String],
    /// The figure's alt text.
    pub(crate) description: &'a str,
}

impl<'s> Writer<'s> {
    /// A writer for `scene` on a slide `width` EMU wide.
    pub(crate) fn new(scene: &'s Scene, width: i64, language: &str) -> Writer<'s> {
        Writer {
            scene,
            k: width as f64 / f64::from(scene.width),
            s: (scene.width / 1920.0).min(scene.height / 1080.0).max(0.5),
            next: 2,
            language: language.to_owned(),
            describing: String::new(),
            titled: false,
        }
    }

    /// The slide's shapes: under the events, each event's group, and over
    /// them, in the order the SVG draws them.
    pub(crate) fn slide(mut self, showing: &Showing<'_>) -> String {
        let scene = self.scene;
        let shown = |e: usize| showing.events.is_none_or(|list| list.contains(&e));
        let mut out = String::new();
        let under = self.under(showing.newest);
        self.group(&mut out, &under, "Figure", showing.description);
        for event in 0..scene.events.len() {
            if !shown(event) {
                continue;
            }
            let name = &scene.events[event];
            let alt = showing
                .names
                .get(event)
                .map_or(name.as_str(), String::as_str);
            self.describing = alt.to_owned();
            let mut g = Group::default();
            for l in scene.lines.iter().filter(|l| l.event == Some(event)) {
                self.line(&mut g, l, "leader");
            }
            for m in scene.marks.iter().filter(|m| m.event == event) {
                self.mark(&mut g, m);
            }
            for t in scene.texts.iter().filter(|t| t.event == Some(event)) {
                self.text(&mut g, t);
            }
            self.group(&mut out, &g, name, alt);
        }
        self.describing.clear();
        let (over, title) = self.over();
        self.group(
            &mut out,
            &over,
            "Axis and key",
            "The time axis, the lanes' names, the key and the sources.",
        );
        // The title placeholder stands alone: PowerPoint groups none.
        out.push_str(&title.xml);
        out
    }

    /// Each text of the scene as a text box of its own, ungrouped: a
    /// title slide.
    pub(crate) fn loose(mut self) -> String {
        let mut g = Group::default();
        for t in &self.scene.texts {
            self.text(&mut g, t);
        }
        g.xml
    }

    fn id(&mut self) -> u32 {
        let id = self.next;
        self.next += 1;
        id
    }

    fn emu(&self, px: f32) -> i64 {
        (f64::from(px) * self.k).round() as i64
    }

    /// A box from two corners in px, in EMU, at least 1 EMU each way.
    fn bounds(&self, (x0, y0): (f32, f32), (x1, y1): (f32, f32)) -> Emu {
        let (a, b) = (self.emu(x0.min(x1)), self.emu(y0.min(y1)));
        let (c, d) = (self.emu(x0.max(x1)), self.emu(y0.max(y1)));
        (a, b, (c - a).max(1), (d - b).max(1))
    }

    /// Writes `g` as one group named `name`, with `alt` as its alt text.
    fn group(&mut self, out: &mut String, g: &Group, name: &str, alt: &str) {
        let id = self.id();
        out.push_str(&g.wrap(id, name, alt));
    }

    /// The background of the plot: lane bands and swatches, the highlight
    /// behind the newest event, axis breaks, density strips and the grid.
    fn under(&mut self, newest: Option<usize>) -> Group {
        let scene = self.scene;
        let p = palette(scene.theme);
        let mut g = Group::default();
        for band in &scene.bands {
            if band.shaded {
                let b = self.bounds((0.0, band.top), (scene.width, band.bottom));
                self.solid(&mut g, "lane", b, p.band);
            }
            let (x, y, size) = band.swatch;
            let b = self.bounds((x, y), (x + size, y + size));
            let c = mark_color(scene.theme, band.color);
            self.solid(&mut g, "swatch", b, c);
        }
        if let Some(n) = newest {
            let s = self.s;
            for t in scene.texts.iter().filter(|t| t.event == Some(n)) {
                let b = self.bounds((t.left - 4.0 * s, t.top), (t.right() + 4.0 * s, t.bottom()));
                self.solid(&mut g, "new", b, p.highlight);
            }
        }
        for &(a, b) in &scene.breaks {
            let r = self.bounds((a, scene.plot.1), (b, scene.plot.3));
            self.solid(&mut g, "break", r, p.background);
        }
        for bin in &scene.bins {
            let r = self.bounds((bin.x0, bin.top), (bin.x1, bin.bottom));
            let c = mark_color(scene.theme, bin.color);
            self.solid(&mut g, "density", r, c);
        }
        for l in scene.lines.iter().filter(|l| l.role == LineRole::Grid) {
            self.line(&mut g, l, "grid");
        }
        g
    }

    /// Over the events: the axis and its breaks, the key's samples, and
    /// every text that is no event's; the title's first line apart, as the
    /// slide's title.
    fn over(&mut self) -> (Group, Group) {
        let scene = self.scene;
        let (mut g, mut title) = (Group::default(), Group::default());
        for role in [LineRole::Axis, LineRole::Break] {
            for l in scene.lines.iter().filter(|l| l.role == role) {
                self.line(&mut g, l, "axis");
            }
        }
        for m in scene.marks.iter().filter(|m| m.event == usize::MAX) {
            self.mark(&mut g, m);
        }
        for t in scene.texts.iter().filter(|t| t.event.is_none()) {
            if t.role == TextRole::Title && !self.titled {
                self.text(&mut title, t);
            } else {
                self.text(&mut g, t);
            }
        }
        (g, title)
    }

    /// A preset shape, rotated by `rot` 60 000ths of a degree.
    #[allow(
        clippy::too_many_arguments,
        reason = "a shape's properties, each its own"
    )]
    fn shape(
        &mut self,
        g: &mut Group,
        name: &str,
        preset: &str,
        b: Emu,
        rot: i64,
        fill: Fill,
        stroke: Option<Stroke>,
    ) {
        let id = self.id();
        // An event's mark carries its alt text; a key's sample none.
        let descr =
            (name == "mark" && !self.describing.is_empty()).then_some(self.describing.as_str());
        let (xml, covered) = dml::preset(id, (name, descr), (preset, rot), b, fill, stroke);
        g.push(&xml, covered);
    }

    /// An opaque rectangle with no outline.
    fn solid(&mut self, g: &mut Group, name: &str, b: Emu, color: Rgb) {
        self.shape(g, name, "rect", b, 0, Fill::Solid(color, 100_000), None);
    }

    /// An outline `width` px wide.
    fn stroke(&self, color: Rgb, width: f32, dashed: bool) -> Stroke {
        Stroke {
            dashed,
            ..Stroke::solid(color, self.emu(width))
        }
    }

    /// A straight line, as a connector.
    fn line(&mut self, g: &mut Group, l: &Line, name: &str) {
        let (c, width) = line_style(self.scene.theme, l.role, self.s);
        let width = width.max(1.0);
        let from = (self.emu(l.from.0), self.emu(l.from.1));
        let to = (self.emu(l.to.0), self.emu(l.to.1));
        let id = self.id();
        let stroke = self.stroke(c, width, false);
        let (xml, b) = dml::connector(id, name, from, to, stroke);
        g.push(&xml, b);
    }

    /// A mark, drawn as the SVG draws it.
    fn mark(&mut self, g: &mut Group, m: &Mark) {
        let scene = self.scene;
        let (p, s) = (palette(scene.theme), self.s);
        let fill = mark_color(scene.theme, m.color);
        let width = (2.0 * s).max(1.0);
        // Uncertain: hollow; approximate: light, with a dashed outline.
        let (inside, outline) = if m.hollow {
            (
                Fill::Solid(p.background, 100_000),
                Some(self.stroke(fill, width, m.dashed)),
            )
        } else if m.dashed {
            (
                Fill::Solid(fill, 45_000),
                Some(self.stroke(fill, width, true)),
            )
        } else {
            (Fill::Solid(fill, 100_000), None)
        };
        let (cy, h) = (f32::midpoint(m.y0, m.y1), (m.y1 - m.y0) / 2.0);
        match m.kind {
            MarkKind::Diamond => {
                let outline = outline.or(Some(self.stroke(p.outline, 1.0, false)));
                let b = self.bounds((m.x0, m.y0), (m.x1, m.y1));
                self.shape(g, "mark", "diamond", b, 0, inside, outline);
            }
            MarkKind::Bar => {
                let b = self.bounds((m.x0, m.y0), (m.x1, m.y1));
                self.shape(g, "mark", "rect", b, 0, inside, outline);
            }
            MarkKind::FadeLeft { solid_from } => {
                let b = self.bounds((m.x0, m.y0), (solid_from.max(m.x0), m.y1));
                self.shape(
                    g,
                    "fade",
                    "rect",
                    b,
                    0,
                    Fill::Fade(fill, 8_000, 68_000),
                    None,
                );
                let b = self.bounds((solid_from, m.y0), (m.x1.max(solid_from + 2.0), m.y1));
                self.shape(g, "mark", "rect", b, 0, inside, outline);
            }
            MarkKind::Arrow => {
                let b = self.bounds((m.x0, m.y0), (m.x1, m.y1));
                self.shape(g, "mark", "rect", b, 0, inside, outline);
                let head = h + 4.0 * s;
                self.arrowhead(g, (m.x1, m.x1 + 14.0 * s), (cy, head), fill, true);
            }
        }
        if m.clipped_left {
            self.arrowhead(g, (m.x0 - 10.0 * s, m.x0 - 2.0), (cy, h), fill, false);
        }
        if m.clipped_right {
            self.arrowhead(g, (m.x1 + 2.0, m.x1 + 10.0 * s), (cy, h), fill, true);
        }
    }

    /// A triangle from `x0` to `x1`, `h` above and below `cy`, pointing
    /// right or left: the preset triangle (pointing up) turned a quarter.
    fn arrowhead(
        &mut self,
        g: &mut Group,
        (x0, x1): (f32, f32),
        (cy, h): (f32, f32),
        c: Rgb,
        right: bool,
    ) {
        // Unturned, the box is 2h wide and x1 - x0 tall, about the same centre.
        let (mx, w, tall) = (f32::midpoint(x0, x1), 2.0 * h, x1 - x0);
        let b = self.bounds(
            (mx - w / 2.0, cy - tall / 2.0),
            (mx + w / 2.0, cy + tall / 2.0),
        );
        let rot = if right { 5_400_000 } else { 16_200_000 };
        self.shape(
            g,
            "arrow",
            "triangle",
            b,
            rot,
            Fill::Solid(c, 100_000),
            None,
        );
    }

    /// A text box at the measured place: no wrapping, no autofit, no
    /// inset, its top at the top of the line box the layout measured in
    /// Arial's metrics.
    fn text(&mut self, g: &mut Group, t: &Text) {
        let c = text_color(self.scene.theme, t.role);
        let name = match t.role {
            TextRole::Note => "note",
            TextRole::Callout => "number",
            TextRole::Label => "label",
            TextRole::Title => "title",
            TextRole::Subtitle => "subtitle",
            TextRole::Lane => "lane",
            TextRole::Axis => "tick",
            TextRole::Legend | TextRole::CalloutKey => "key",
            TextRole::Source => "source",
            TextRole::More => "more",
        };
        let mut b = self.bounds((t.left, t.top), (t.right(), t.bottom()));
        let title = t.role == TextRole::Title && !std::mem::replace(&mut self.titled, true);
        if title {
            // LibreOffice wraps a title placeholder at its width, whatever
            // it is told: the box runs to the right margin, the text stays
            // where it starts.
            b.2 = b.2.max(self.emu(self.scene.width - 2.0 * t.left));
        }
        let id = self.id();
        let run = Run {
            text: &t.text,
            // Hundredths of a point: a px is 1/96 in, scaled to the slide.
            size: (f64::from(t.size) * self.k / 127.0).round() as i64,
            bold: t.bold,
            color: c,
            alpha: 100_000,
            language: &self.language,
            // The first line of the figure's title names the slide.
            title,
        };
        g.push(&dml::text_box(id, name, b, &run), b);
    }
}
