//! SVG -> PNG (resvg) and PDF (svg2pdf), both from one parsed usvg tree
//! with the embedded font, so that all three formats agree.

use std::sync::{Arc, OnceLock};

use crate::error::Error;
use crate::figure::Format;
use crate::font;

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(font::regular().to_vec());
        db.load_font_data(font::bold().to_vec());
        db.set_sans_serif_family(font::FAMILY);
        usvg::Options {
            font_family: font::FAMILY.to_owned(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

fn tree(svg: &str, format: &'static str) -> Result<usvg::Tree, Error> {
    usvg::Tree::from_str(svg, options()).map_err(|e| Error::Export {
        format,
        message: e.to_string(),
    })
}

/// Renders an SVG to PNG bytes, `scale` device pixels per CSS pixel.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, Error> {
    let tree = tree(svg, "PNG")?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| Error::Export {
            format: "PNG",
            message: format!("a scale of {scale} gives an empty image"),
        })?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
            Error::Export {
                format: "PNG",
                message: format!("cannot allocate {}x{} pixels", size.width(), size.height()),
            }
        })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| Error::Export {
        format: "PNG",
        message: e.to_string(),
    })
}

/// Converts an SVG to a one-page PDF with selectable, embedded text; a CSS
/// pixel is 1/96 inch, so A4 presets give A4 pages.
pub fn pdf(svg: &str) -> Result<Vec<u8>, Error> {
    let tree = tree(svg, "PDF")?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map_err(|e| Error::Export {
        format: "PDF",
        message: e.to_string(),
    })
}

/// The SVG with every text turned into outlines, for viewers that ignore
/// embedded fonts.
pub fn svg_text_as_paths(svg: &str) -> Result<String, Error> {
    let tree = tree(svg, "SVG")?;
    Ok(tree.to_string(&usvg::WriteOptions::default()))
}

/// The bytes of a figure in one format.
pub fn bytes(svg: &str, format: Format, scale: f32) -> Result<Vec<u8>, Error> {
    match format {
        Format::Svg => Ok(svg.as_bytes().to_vec()),
        Format::Png => png(svg, scale),
        Format::Pdf => pdf(svg),
    }
}
