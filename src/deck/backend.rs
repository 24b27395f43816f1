//! A plotters backend that draws `DrawingML` shapes: a chart's scene,
//! which `render::draw_chart` draws onto the SVG writer, is drawn as a
//! slide's native shapes through the same calls onto this one. Rectangles, lines, paths, polygons and
//! circles become shapes of their own; texts become text boxes at the
//! place the SVG writer puts them (plotters places a text by its top; the
//! baseline is 0.76 em below it), measured in Arial's metrics.

use plotters_backend::text_anchor::HPos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::dml::{self, Fill, Group, Run, Stroke};
use crate::font;
use crate::model::Rgb;
use crate::render::svg::Never;

/// Shapes drawn by plotters onto a slide.
pub(crate) struct ShapeBackend<'a> {
    /// The shapes drawn, and the box they cover.
    group: &'a mut Group,
    /// The title's first line, as the slide's title placeholder: apart
    /// from the group, since PowerPoint groups no placeholder.
    title: &'a mut String,
    /// The canvas in px.
    size: (u32, u32),
    /// EMU per px.
    k: f64,
    /// The next shape id.
    next: &'a mut u32,
    /// The language of the text.
    language: &'a str,
    /// No text is drawn yet: a chart draws its title's first line first.
    first_text: bool,
}

impl<'a> ShapeBackend<'a> {
    /// A backend of `size` px drawing into `group` (and the title into
    /// `title`) on a slide `width` EMU wide, numbering shapes from `next`.
    pub(crate) fn new(
        (group, title): (&'a mut Group, &'a mut String),
        next: &'a mut u32,
        size: (u32, u32),
        width: i64,
        language: &'a str,
    ) -> ShapeBackend<'a> {
        ShapeBackend {
            group,
            title,
            size,
            k: width as f64 / f64::from(size.0),
            next,
            language,
            first_text: true,
        }
    }

    fn id(&mut self) -> u32 {
        let id = *self.next;
        *self.next += 1;
        id
    }

    fn emu(&self, px: f64) -> i64 {
        (px * self.k).round() as i64
    }

    fn point(&self, (x, y): BackendCoord) -> (i64, i64) {
        (self.emu(f64::from(x)), self.emu(f64::from(y)))
    }

    fn stroke(&self, c: BackendColor, width: u32) -> Stroke {
        Stroke {
            alpha: alpha(c),
            ..Stroke::solid(rgb(c), self.emu(f64::from(width.max(1))))
        }
    }

    /// A preset shape (`name`, `preset`) in the box between two corners,
    /// filled with `c`, or outlined with it `width` px wide.
    fn preset(
        &mut self,
        (name, preset): (&str, &str),
        (a, b): (BackendCoord, BackendCoord),
        c: BackendColor,
        width: u32,
        fill: bool,
    ) {
        let ((x0, y0), (x1, y1)) = (self.point(a), self.point(b));
        let bounds = (
            x0.min(x1),
            y0.min(y1),
            (x1 - x0).abs().max(1),
            (y1 - y0).abs().max(1),
        );
        let (inside, outline) = if fill {
            (Fill::Solid(rgb(c), alpha(c)), None)
        } else {
            (Fill::None, Some(self.stroke(c, width)))
        };
        let id = self.id();
        let (xml, covered) = dml::preset(id, (name, None), (preset, 0), bounds, inside, outline);
        self.group.push(&xml, covered);
    }
}

fn rgb(c: BackendColor) -> Rgb {
    Rgb(c.rgb.0, c.rgb.1, c.rgb.2)
}

/// Opacity as `DrawingML` counts it: 100 000 is opaque.
fn alpha(c: BackendColor) -> u32 {
    (c.alpha.clamp(0.0, 1.0) * 100_000.0).round() as u32
}

impl DrawingBackend for ShapeBackend<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<Never>> {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &c, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let id = self.id();
        let stroke = self.stroke(style.color(), style.stroke_width());
        let (xml, b) = dml::connector(id, "line", self.point(from), self.point(to), stroke);
        self.group.push(&xml, b);
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
        let name = ("rectangle", "rect");
        self.preset(
            name,
            (upper_left, bottom_right),
            c,
            style.stroke_width(),
            fill,
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
        let points: Vec<(i64, i64)> = path.into_iter().map(|p| self.point(p)).collect();
        let stroke = self.stroke(c, style.stroke_width());
        let id = self.id();
        let (xml, b) = match points.as_slice() {
            [] | [_] => return Ok(()),
            [a, b] => dml::connector(id, "line", *a, *b, stroke),
            _ => dml::path(id, "line", &points, Fill::None, Some(stroke)),
        };
        self.group.push(&xml, b);
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
        let points: Vec<(i64, i64)> = path.into_iter().map(|p| self.point(p)).collect();
        if points.len() < 3 {
            return Ok(());
        }
        let id = self.id();
        let (xml, b) = dml::path(id, "shape", &points, Fill::Solid(rgb(c), alpha(c)), None);
        self.group.push(&xml, b);
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
        let r = i32::try_from(radius).unwrap_or(i32::MAX);
        let corners = ((center.0 - r, center.1 - r), (center.0 + r, center.1 + r));
        self.preset(("point", "ellipse"), corners, c, style.stroke_width(), fill);
        Ok(())
    }

    /// A text box whose line box is where the SVG writer puts the text:
    /// its baseline 0.76 em below `pos`, its left edge by its anchor.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha == 0.0 || text.trim().is_empty() {
            return Ok(());
        }
        let px = (style.size() / 1.24) as f32;
        let bold = matches!(style.style(), FontStyle::Bold);
        let width = font::text_width(text.trim(), px, bold);
        let left = match style.anchor().h_pos {
            HPos::Left => pos.0 as f32,
            HPos::Right => pos.0 as f32 - width,
            HPos::Center => pos.0 as f32 - width / 2.0,
        };
        let m = font::metrics();
        let top = pos.1 as f32 + 0.76 * px - m.ascent * px;
        let (x, y) = (self.emu(f64::from(left)), self.emu(f64::from(top)));
        let cx = self.emu(f64::from(width)).max(1);
        let cy = self.emu(f64::from(font::line_height(px))).max(1);
        let run = Run {
            text,
            // Hundredths of a point: a px is 1/96 in, scaled to the slide.
            size: (f64::from(px) * self.k / 127.0).round() as i64,
            bold,
            color: rgb(c),
            alpha: alpha(c),
            language: self.language,
            // A chart's title, drawn first, names the slide.
            title: std::mem::replace(&mut self.first_text, false) && bold,
        };
        let id = self.id();
        let b = (x, y, cx, cy);
        if run.title {
            // LibreOffice wraps a title placeholder at its width: it runs
            // to the right margin (see shapes.rs).
            let room = self.emu(f64::from(self.size.0) - 2.0 * f64::from(left));
            self.title
                .push_str(&dml::text_box(id, "title", (x, y, cx.max(room), cy), &run));
        } else {
            self.group.push(&dml::text_box(id, "text", b, &run), b);
        }
        Ok(())
    }
}
