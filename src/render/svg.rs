//! annals' own SVG backend for plotters: it writes every shape as
//! plotters' SVG backend does (ported from `plotters-svg` 0.3.7, MIT), and
//! every text the way the consumers need it, first hand:
//!
//! - the baseline in `y`, and no `dy`: `LibreOffice` (and `PowerPoint`)
//!   ignore `dy`, and would draw every text 0.76 em too high;
//! - `textLength` with the width annals measured, so that a viewer that
//!   lacks the font, or has not loaded the embedded one yet, draws each text
//!   exactly as wide as the layout measured, and nothing collides.
//!
//! Nothing is patched into the SVG afterwards; `render::finish` only adds
//! the title, the description and the embedded font.

use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use crate::font;

/// The SVG writer: a document of `size` px written into a string.
pub(crate) struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
    /// Whether the root element is still open.
    open: bool,
    /// What the drawing code says of the elements it draws next.
    markup: Option<Markup>,
}

/// What the drawing code says of the elements it draws next, through
/// plotters (which knows nothing of groups or classes): markup written
/// before the next element (a group opened or closed), and the class of
/// each element until it changes. Shared by the code that draws and the
/// writer.
pub(crate) type Markup = std::rc::Rc<std::cell::RefCell<Notes>>;

/// See [`Markup`].
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// Written before the next element, or before the document ends.
    pub(crate) pending: String,
    /// The `class` of the elements drawn.
    pub(crate) class: Option<&'static str>,
}

/// Why the writer failed: it cannot, writing into a string.
#[derive(Debug)]
pub(crate) struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("writing an SVG into a string")
    }
}

impl std::error::Error for Never {}

fn color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

fn opacity(c: BackendColor) -> String {
    format!("{}", c.alpha)
}

fn points(path: impl IntoIterator<Item = BackendCoord>) -> String {
    path.into_iter().fold(String::new(), |mut s, (x, y)| {
        let _ = write!(s, "{x},{y} ");
        s
    })
}

/// A coordinate with at most two decimals and no trailing zeros.
pub(crate) fn fixed(v: f32) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// How large the document says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Root {
    /// Its size in px.
    Fixed,
    /// As wide as its container, its proportions kept by the viewBox:
    /// pasted into a reveal.js slide it fits the slide, where a fixed
    /// 1920x1080 would overflow it.
    Fluid,
}

impl<'a> SvgWriter<'a> {
    /// Starts a document `size` px large in `out`.
    pub(crate) fn with_string(out: &'a mut String, size: (u32, u32)) -> SvgWriter<'a> {
        SvgWriter::new(out, size, Root::Fixed)
    }

    /// Starts a document of `size` px, its root sized as `root` says.
    pub(crate) fn new(out: &'a mut String, size: (u32, u32), root: Root) -> SvgWriter<'a> {
        let mut writer = SvgWriter {
            out,
            size,
            open: true,
            markup: None,
        };
        let (width, height) = (size.0.to_string(), size.1.to_string());
        let view_box = format!("0 0 {} {}", size.0, size.1);
        let namespace = ("xmlns", "http://www.w3.org/2000/svg");
        let attributes: Vec<(&str, &str)> = match root {
            Root::Fixed => vec![
                ("width", &width),
                ("height", &height),
                ("viewBox", &view_box),
                namespace,
            ],
            Root::Fluid => vec![
                ("viewBox", &view_box),
                namespace,
                ("width", "100%"),
                ("style", "display:block;height:auto;max-height:100%"),
            ],
        };
        writer.element("svg", &attributes, false);
        writer
    }

    /// Takes what `markup` says of the elements drawn from now on.
    pub(crate) fn with_markup(mut self, markup: Markup) -> SvgWriter<'a> {
        self.markup = Some(markup);
        self
    }

    /// Writes the markup waiting to go before the next element; returns
    /// the class of the elements drawn.
    fn flush(&mut self) -> Option<&'static str> {
        let markup = self.markup.as_ref()?;
        let mut notes = markup.borrow_mut();
        self.out.push_str(&notes.pending);
        notes.pending.clear();
        notes.class
    }

    fn push_escaped(&mut self, value: &str) {
        for c in value.chars() {
            match c {
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '&' => self.out.push_str("&amp;"),
                '"' => self.out.push_str("&quot;"),
                '\'' => self.out.push_str("&apos;"),
                other => self.out.push(other),
            }
        }
    }

    /// An element with `attributes`: empty (`/>`) when `empty`, else left
    /// open.
    fn element(&mut self, name: &str, attributes: &[(&str, &str)], empty: bool) {
        let class = self.flush();
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in class.map(|c| ("class", c)).iter().chain(attributes) {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.push_escaped(value);
            self.out.push('"');
        }
        self.out.push_str(if empty { "/>\n" } else { ">\n" });
    }
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        if self.open {
            self.flush();
            self.out.push_str("</svg>\n");
            self.open = false;
        }
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<Never>> {
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.element(
            "rect",
            &[
                ("x", &point.0.to_string()),
                ("y", &point.1.to_string()),
                ("width", "1"),
                ("height", "1"),
                ("stroke", "none"),
                ("opacity", &opacity(c)),
                ("fill", &color(c)),
            ],
            true,
        );
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.element(
            "line",
            &[
                ("opacity", &opacity(c)),
                ("stroke", &color(c)),
                ("stroke-width", &style.stroke_width().to_string()),
                ("x1", &from.0.to_string()),
                ("y1", &from.1.to_string()),
                ("x2", &to.0.to_string()),
                ("y2", &to.1.to_string()),
            ],
            true,
        );
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (fill, stroke) = if fill {
            (color(c), "none".to_owned())
        } else {
            ("none".to_owned(), color(c))
        };
        self.element(
            "rect",
            &[
                ("x", &upper_left.0.to_string()),
                ("y", &upper_left.1.to_string()),
                ("width", &(bottom_right.0 - upper_left.0).to_string()),
                ("height", &(bottom_right.1 - upper_left.1).to_string()),
                ("opacity", &opacity(c)),
                ("fill", &fill),
                ("stroke", &stroke),
            ],
            true,
        );
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.element(
            "polyline",
            &[
                ("fill", "none"),
                ("opacity", &opacity(c)),
                ("stroke", &color(c)),
                ("stroke-width", &style.stroke_width().to_string()),
                ("points", &points(path)),
            ],
            true,
        );
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.element(
            "polygon",
            &[
                ("opacity", &opacity(c)),
                ("fill", &color(c)),
                ("points", &points(path)),
            ],
            true,
        );
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (stroke, fill) = if fill {
            ("none".to_owned(), color(c))
        } else {
            (color(c), "none".to_owned())
        };
        self.element(
            "circle",
            &[
                ("cx", &center.0.to_string()),
                ("cy", &center.1.to_string()),
                ("r", &radius.to_string()),
                ("opacity", &opacity(c)),
                ("fill", &fill),
                ("stroke", &stroke),
                ("stroke-width", &style.stroke_width().to_string()),
            ],
            true,
        );
        Ok(())
    }

    /// A text at `pos`, its baseline in `y` and its measured width in
    /// `textLength`. plotters places a text by its top (the only anchor
    /// annals uses): the baseline is 0.76 em below it, as plotters' own
    /// backend says with `dy`.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = pos;
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        // The size as written, and read back as a viewer reads it.
        // (plotters' sizes are f64: 13.000000000000002 is written 13.)
        let px = (style.size() / 1.24) as f32;
        let size = fixed(px);
        let bold = matches!(style.style(), FontStyle::Bold);
        let width = font::text_width(text.trim(), px, bold);
        let m = font::metrics();
        let below_top = match style.anchor().v_pos {
            VPos::Top => 0.76 * px,
            // (Not used by annals: the line box centred on `y`, or its
            // bottom at `y`.)
            VPos::Center => (m.ascent - m.descent) / 2.0 * px,
            VPos::Bottom => -m.descent * px,
        };
        #[allow(clippy::cast_precision_loss)]
        let baseline = y as f32 + below_top;
        let mut attributes: Vec<(&str, String)> = vec![
            ("textLength", format!("{width:.2}")),
            ("lengthAdjust", "spacingAndGlyphs".to_owned()),
            ("x", x.to_string()),
            ("y", fixed(baseline)),
            ("text-anchor", anchor.to_owned()),
            (
                "font-family",
                // A text with characters `DejaVu Sans` lacks names the fonts
                // that draw them after it.
                font::fallback::family_list(text)
                    .unwrap_or_else(|| style.family().as_str().to_owned()),
            ),
            ("font-size", size),
            ("opacity", opacity(c)),
            ("fill", color(c)),
        ];
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => attributes.push(("font-weight", "bold".to_owned())),
            other => attributes.push(("font-style", other.as_str().to_owned())),
        }
        match style.transform() {
            FontTransform::Rotate90 => {
                attributes.push(("transform", format!("rotate(90, {x}, {y})")));
            }
            FontTransform::Rotate180 => {
                attributes.push(("transform", format!("rotate(180, {x}, {y})")));
            }
            FontTransform::Rotate270 => {
                attributes.push(("transform", format!("rotate(270, {x}, {y})")));
            }
            FontTransform::None => {}
        }
        let attributes: Vec<(&str, &str)> =
            attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.element("text", &attributes, false);
        self.push_escaped(text);
        self.out.push_str("\n</text>\n");
        Ok(())
    }
}

impl Drop for SvgWriter<'_> {
    fn drop(&mut self) {
        let _ = self.present();
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use super::*;

    /// Shapes come out as plotters' own SVG backend writes them.
    fn shapes<DB: DrawingBackend>(root: &DrawingArea<DB, plotters::coord::Shift>) {
        let red = RGBColor(213, 94, 0);
        root.fill(&WHITE).unwrap();
        root.draw(&Rectangle::new([(3, 4), (50, 20)], red.mix(0.5).filled()))
            .unwrap();
        root.draw(&Rectangle::new(
            [(5, 6), (60, 30)],
            ShapeStyle::from(&red).stroke_width(2),
        ))
        .unwrap();
        root.draw(&PathElement::new(vec![(0, 0), (10, 20), (30, 5)], BLACK))
            .unwrap();
        root.draw(&Polygon::new(vec![(1, 1), (9, 1), (5, 8)], BLUE.filled()))
            .unwrap();
        root.draw(&Circle::new((40, 40), 5, GREEN.filled()))
            .unwrap();
        root.draw_pixel((7, 7), &BLACK).unwrap();
        // Invisible: not written at all.
        root.draw(&Rectangle::new([(0, 0), (9, 9)], TRANSPARENT.filled()))
            .unwrap();
    }

    #[test]
    fn shapes_are_written_as_plotters_writes_them() {
        let (mut ours, mut theirs) = (String::new(), String::new());
        shapes(&SvgWriter::with_string(&mut ours, (100, 80)).into_drawing_area());
        shapes(&SVGBackend::with_string(&mut theirs, (100, 80)).into_drawing_area());
        assert_eq!(ours, theirs);
        assert!(ours.ends_with("</svg>\n"));
    }

    /// A fluid document fills its container's width and keeps its
    /// proportions by its viewBox; a fixed one states its size.
    #[test]
    fn the_root_is_fixed_or_fits_its_container() {
        let root = |kind: Root| {
            let mut out = String::new();
            drop(SvgWriter::new(&mut out, (1920, 1080), kind));
            out
        };
        assert_eq!(
            root(Root::Fluid),
            "<svg viewBox=\"0 0 1920 1080\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" \
             style=\"display:block;height:auto;max-height:100%\">\n</svg>\n"
        );
        assert!(root(Root::Fixed).starts_with("<svg width=\"1920\" height=\"1080\" viewBox"));
    }

    /// A text placed by its top has its baseline in `y`, 0.76 em lower, no
    /// `dy`, and its measured width in `textLength`.
    #[test]
    fn a_text_carries_its_baseline_and_width_and_no_dy() {
        crate::font::register_with_plotters();
        let mut out = String::new();
        {
            let root = SvgWriter::with_string(&mut out, (400, 100)).into_drawing_area();
            let style = ("sans-serif", 18.0 * 1.24)
                .into_font()
                .style(FontStyle::Bold)
                .color(&BLACK)
                .pos(plotters_backend::text_anchor::Pos::new(
                    HPos::Left,
                    VPos::Top,
                ));
            root.draw_text("Tom & \"Jerry\"", &style, (10, 20)).unwrap();
        }
        let width = crate::font::text_width("Tom & \"Jerry\"", 18.0, true);
        let expected = format!(
            "<text textLength=\"{width:.2}\" lengthAdjust=\"spacingAndGlyphs\" x=\"10\" y=\"{}\" \
             text-anchor=\"start\" font-family=\"sans-serif\" font-size=\"18\" opacity=\"1\" \
             fill=\"#000000\" font-weight=\"bold\">\nTom &amp; &quot;Jerry&quot;\n</text>\n",
            fixed(20.0 + 0.76 * 18.0)
        );
        assert!(out.contains(&expected), "{out}");
        assert!(!out.contains("dy="));
    }
}
