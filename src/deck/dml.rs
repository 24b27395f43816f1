//! `DrawingML` shapes as text: preset shapes, connectors, paths, text boxes
//! and groups, in EMU, each element's children in the schema's order. The
//! timeline's writer and the charts' backend both build slides of these.

use std::fmt::Write as _;

use super::package::{hex, xml};
use crate::model::Rgb;

/// A box in EMU: left, top, width, height.
pub(crate) type Emu = (i64, i64, i64, i64);

/// How a shape is filled.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fill {
    /// Not at all: an outline or a line.
    None,
    /// A colour, opaque at 100 000.
    Solid(Rgb, u32),
    /// From the left edge to the right: a colour from one opacity to another.
    Fade(Rgb, u32, u32),
}

/// How a shape is outlined: colour, opacity (100 000 opaque), width in EMU,
/// dashed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stroke {
    pub(crate) color: Rgb,
    pub(crate) alpha: u32,
    pub(crate) width: i64,
    pub(crate) dashed: bool,
}

impl Stroke {
    /// An opaque, solid outline.
    pub(crate) fn solid(color: Rgb, width: i64) -> Stroke {
        Stroke {
            color,
            alpha: 100_000,
            width,
            dashed: false,
        }
    }
}

/// Shapes being written into a group, with the box they cover.
#[derive(Default, Debug)]
pub(crate) struct Group {
    pub(crate) xml: String,
    bounds: Option<(i64, i64, i64, i64)>,
}

impl Group {
    /// Adds a shape that covers `b`.
    pub(crate) fn push(&mut self, xml: &str, (x, y, cx, cy): Emu) {
        self.xml.push_str(xml);
        let (x1, y1) = (x + cx, y + cy);
        self.bounds = Some(match self.bounds {
            None => (x, y, x1, y1),
            Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x1), d.max(y1)),
        });
    }

    /// The group as one `grpSp` with id `id`, named `name`, its alt text
    /// `alt`; nothing when it holds no shape.
    pub(crate) fn wrap(&self, id: u32, name: &str, alt: &str) -> String {
        let Some((x0, y0, x1, y1)) = self.bounds else {
            return String::new();
        };
        let (cx, cy) = (x1 - x0, y1 - y0);
        format!(
            "<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"{id}\" name=\"{}\" descr=\"{}\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
             <p:grpSpPr><a:xfrm><a:off x=\"{x0}\" y=\"{y0}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/>\
             <a:chOff x=\"{x0}\" y=\"{y0}\"/><a:chExt cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm></p:grpSpPr>{}</p:grpSp>",
            xml(name),
            xml(alt),
            self.xml
        )
    }
}

fn colour(c: Rgb, alpha: u32) -> String {
    if alpha >= 100_000 {
        format!("<a:srgbClr val=\"{}\"/>", hex(c))
    } else {
        format!(
            "<a:srgbClr val=\"{}\"><a:alpha val=\"{alpha}\"/></a:srgbClr>",
            hex(c)
        )
    }
}

fn fill_xml(fill: Fill) -> String {
    match fill {
        Fill::None => "<a:noFill/>".into(),
        Fill::Solid(c, alpha) => format!("<a:solidFill>{}</a:solidFill>", colour(c, alpha)),
        Fill::Fade(c, from, to) => format!(
            "<a:gradFill rotWithShape=\"1\"><a:gsLst><a:gs pos=\"0\">{}</a:gs><a:gs pos=\"100000\">{}</a:gs></a:gsLst>\
             <a:lin ang=\"0\" scaled=\"0\"/></a:gradFill>",
            colour(c, from),
            colour(c, to)
        ),
    }
}

fn stroke_xml(stroke: Option<Stroke>) -> String {
    match stroke {
        None => "<a:ln><a:noFill/></a:ln>".into(),
        Some(s) => format!(
            "<a:ln w=\"{}\"><a:solidFill>{}</a:solidFill>{}</a:ln>",
            s.width.max(1),
            colour(s.color, s.alpha),
            if s.dashed {
                "<a:prstDash val=\"dash\"/>"
            } else {
                ""
            }
        ),
    }
}

/// A preset shape (`rect`, `diamond`, `triangle`, `ellipse`) in box `b`,
/// turned by `rot` 60 000ths of a degree about its centre; also the box it
/// covers once turned (a quarter turn swaps its sides).
pub(crate) fn preset(
    id: u32,
    (name, descr): (&str, Option<&str>),
    (preset, rot): (&str, i64),
    (x, y, cx, cy): Emu,
    fill: Fill,
    stroke: Option<Stroke>,
) -> (String, Emu) {
    let turn = if rot == 0 {
        String::new()
    } else {
        format!(" rot=\"{rot}\"")
    };
    // Alt text on a mark as well as on its event's group: LibreOffice
    // keeps a shape's and drops a group's.
    let descr = descr
        .map(|d| format!(" descr=\"{}\"", xml(d)))
        .unwrap_or_default();
    let shape = format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"{descr}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
         <p:spPr><a:xfrm{turn}><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"{preset}\"><a:avLst/></a:prstGeom>{}{}</p:spPr></p:sp>",
        xml(name),
        fill_xml(fill),
        stroke_xml(stroke)
    );
    let covered = if rot % 10_800_000 == 0 {
        (x, y, cx, cy)
    } else {
        (x + (cx - cy) / 2, y + (cy - cx) / 2, cy, cx)
    };
    (shape, covered)
}

/// A straight line from one point to another, in EMU, as a connector.
pub(crate) fn connector(
    id: u32,
    name: &str,
    (x0, y0): (i64, i64),
    (x1, y1): (i64, i64),
    stroke: Stroke,
) -> (String, Emu) {
    let (x, y) = (x0.min(x1), y0.min(y1));
    let (cx, cy) = ((x1 - x0).abs(), (y1 - y0).abs());
    let flip = match (x1 < x0, y1 < y0) {
        (true, true) => " flipH=\"1\" flipV=\"1\"",
        (true, false) => " flipH=\"1\"",
        (false, true) => " flipV=\"1\"",
        (false, false) => "",
    };
    let shape = format!(
        "<p:cxnSp><p:nvCxnSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>\
         <p:spPr><a:xfrm{flip}><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"line\"><a:avLst/></a:prstGeom>{}</p:spPr></p:cxnSp>",
        xml(name),
        stroke_xml(Some(stroke))
    );
    (shape, (x, y, cx.max(1), cy.max(1)))
}

/// A path through `points` (EMU), closed and filled, or open and stroked.
pub(crate) fn path(
    id: u32,
    name: &str,
    points: &[(i64, i64)],
    fill: Fill,
    stroke: Option<Stroke>,
) -> (String, Emu) {
    let x = points.iter().map(|p| p.0).min().unwrap_or(0);
    let y = points.iter().map(|p| p.1).min().unwrap_or(0);
    let cx = (points.iter().map(|p| p.0).max().unwrap_or(0) - x).max(1);
    let cy = (points.iter().map(|p| p.1).max().unwrap_or(0) - y).max(1);
    let closed = !matches!(fill, Fill::None);
    let mut steps = String::new();
    for (i, (px, py)) in points.iter().enumerate() {
        let verb = if i == 0 { "moveTo" } else { "lnTo" };
        let _ = write!(
            steps,
            "<a:{verb}><a:pt x=\"{}\" y=\"{}\"/></a:{verb}>",
            px - x,
            py - y
        );
    }
    if closed {
        steps.push_str("<a:close/>");
    }
    let open = if closed { "" } else { " fill=\"none\"" };
    let shape = format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
         <p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l=\"0\" t=\"0\" r=\"r\" b=\"b\"/>\
         <a:pathLst><a:path w=\"{cx}\" h=\"{cy}\"{open}>{steps}</a:path></a:pathLst></a:custGeom>{}{}</p:spPr></p:sp>",
        xml(name),
        fill_xml(fill),
        stroke_xml(stroke)
    );
    (shape, (x, y, cx, cy))
}

/// A run of text as a text box sets it.
pub(crate) struct Run<'a> {
    pub(crate) text: &'a str,
    /// Hundredths of a point.
    pub(crate) size: i64,
    pub(crate) bold: bool,
    pub(crate) color: Rgb,
    pub(crate) alpha: u32,
    /// BCP 47.
    pub(crate) language: &'a str,
    /// The slide's title: a title placeholder, which PowerPoint's outline,
    /// its accessibility checker and screen readers take as the slide's
    /// name.
    pub(crate) title: bool,
}

/// A text box in box `b` that neither wraps nor grows, with no inset, set
/// in Arial (and in the fallback font for characters Arial lacks).
pub(crate) fn text_box(id: u32, name: &str, (x, y, cx, cy): Emu, run: &Run<'_>) -> String {
    let bold = if run.bold { " b=\"1\"" } else { "" };
    let kind = if run.title {
        "<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr>"
    } else {
        "<p:cNvSpPr txBox=\"1\"/><p:nvPr/>"
    };
    let others = crate::font::fallback::used([run.text])
        .first()
        .map(|(font, _)| {
            format!(
                "<a:ea typeface=\"{0}\"/><a:cs typeface=\"{0}\"/>",
                xml(&font.family)
            )
        })
        .unwrap_or_default();
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/>{kind}</p:nvSpPr>\
         <p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>\
         <p:txBody><a:bodyPr wrap=\"none\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"t\" rtlCol=\"0\"><a:noAutofit/></a:bodyPr>\
         <a:lstStyle/><a:p><a:r><a:rPr lang=\"{}\" sz=\"{}\"{bold} kern=\"0\" dirty=\"0\">\
         <a:solidFill>{}</a:solidFill><a:latin typeface=\"{}\"/>{others}</a:rPr>\
         <a:t>{}</a:t></a:r></a:p></p:txBody></p:sp>",
        xml(name),
        xml(run.language),
        run.size.clamp(100, 400_000),
        colour(run.color, run.alpha),
        crate::font::ARIAL,
        xml(run.text)
    )
}
