//! What the timeline and the charts draw with alike: colours, pixels,
//! texts, outlines, and the finished SVG (its title, description and
//! embedded fonts). A file of its own, so that the charts and the
//! timeline's drawing share it without importing each other.

use std::fmt::Write as _;

use base64::Engine as _;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::font;
use crate::model::Rgb;

pub(crate) fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

pub(crate) use crate::layout::chart::px;

/// Draws a text at its box: plotters puts the baseline 0.76 em below the
/// y it is given, and writes `size / 1.24` as the SVG font size.
pub(crate) fn draw_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    t: &crate::layout::Text,
    c: Rgb,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = FontDesc::new(
        FontFamily::Name(font::FAMILY),
        f64::from(t.size) * 1.24,
        if t.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    )
    .color(&color(c))
    .pos(Pos::new(HPos::Left, VPos::Top));
    let y = t.baseline() - 0.76 * t.size;
    root.draw(&Text::new(t.text.as_str(), (px(t.left), px(y)), style))
}

/// A rectangle's outline, solid or dashed.
pub(crate) fn outline_rect<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    c: RGBColor,
    width: u32,
    dashed: bool,
    s: f32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
    outline_path(root, &corners, c, width, dashed, s)
}

/// A path's outline, solid or dashed.
pub(super) fn outline_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    corners: &[(i32, i32)],
    c: RGBColor,
    width: u32,
    dashed: bool,
    s: f32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for dash in crate::layout::chart::dashes(corners, dashed, s) {
        root.draw(&PathElement::new(dash, c.stroke_width(width)))?;
    }
    Ok(())
}

/// Escapes text for XML content.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds `<title>`, `<desc>` and the embedded subset font to a drawn SVG
/// (its texts are written whole by [`svg::SvgWriter`]).
pub(crate) fn finish(svg: String, title: &str, description: &str) -> String {
    finish_with(svg, title, description, true)
}

/// [`finish`], with the subset font embedded or not (a page that holds
/// several figures embeds it once for all).
pub(super) fn finish_with(svg: String, title: &str, description: &str, embed_font: bool) -> String {
    let Some(open_end) = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
    else {
        return svg;
    };
    let texts = svg_texts(&svg[open_end..]);
    let mut head = String::new();
    let _ = write!(
        head,
        "\n<title>{}</title>\n<desc>{}</desc>\n",
        escape(title),
        escape(description)
    );
    let mut faces = String::new();
    let subsets = if embed_font {
        let texts: Vec<(&str, bool)> = texts.iter().map(|t| (t.text.as_str(), t.bold)).collect();
        font::subsets(&texts)
    } else {
        Vec::new()
    };
    for (bold, subset) in subsets {
        let encoded = base64::engine::general_purpose::STANDARD.encode(subset);
        let _ = writeln!(
            faces,
            "@font-face{{font-family:\"{}\";font-weight:{};src:url(data:font/ttf;base64,{encoded}) format(\"truetype\");}}",
            font::FAMILY,
            if bold { "bold" } else { "normal" }
        );
    }
    if embed_font {
        // The fonts that draw what `DejaVu Sans` lacks, subset likewise.
        for (family, subset) in font::fallback_subsets(texts.iter().map(|t| t.text.as_str())) {
            let encoded = base64::engine::general_purpose::STANDARD.encode(subset);
            let _ = writeln!(
                faces,
                "@font-face{{font-family:\"{}\";src:url(data:font/ttf;base64,{encoded}) format(\"truetype\");}}",
                escape(&family.replace(['"', '\\', '{', '}'], ""))
            );
        }
    }
    if !faces.is_empty() {
        head.push_str("<style>\n");
        head.push_str(&faces);
        head.push_str("</style>\n");
    }
    let mut out = String::with_capacity(svg.len() + head.len());
    out.push_str(&svg[..open_end]);
    out.push_str(&head);
    out.push_str(&svg[open_end..]);
    out
}

/// A `<text>` element of an SVG body, read back: its content and weight.
struct SvgText {
    text: String,
    bold: bool,
}

/// The texts of an SVG body in document order, for the subset of the font
/// it embeds.
fn svg_texts(body: &str) -> Vec<SvgText> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("<text ") {
        rest = &rest[at..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let content_end = rest.find("</text>").unwrap_or(tag_end + 1);
        let raw = rest.get(tag_end + 1..content_end).unwrap_or_default();
        let text = unescape(raw.trim());
        let bold = attribute(tag, "font-weight") == Some("bold");
        out.push(SvgText { text, bold });
        rest = &rest[content_end.max(tag_end + 1)..];
    }
    out
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[at..].find('"')?;
    Some(&tag[at..at + end])
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
