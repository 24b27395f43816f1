//! SVG -> PNG (resvg) and PDF (svg2pdf), both from the SVG parsed by usvg
//! with the same fonts, so that all three formats agree: the PNG from two
//! halves parsed side by side where the SVG is flat, the PDF from one
//! parse of the whole.

use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::figure::Format;
use crate::font;

/// usvg's options: the embedded font, and the fonts of the chain after it
/// ([`font::fallback`]) as far as it has grown, so that PNG and PDF draw
/// every character the SVG names a font for.
fn options() -> Arc<usvg::Options<'static>> {
    static OPTIONS: Mutex<Option<(usize, Arc<usvg::Options<'static>>)>> = Mutex::new(None);
    let fallbacks = font::fallback::all();
    let mut cached = OPTIONS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((count, options)) = cached.as_ref()
        && *count == fallbacks.len()
    {
        return options.clone();
    }
    let mut db = usvg::fontdb::Database::new();
    // (The bundled fonts have the tables `for_rendering` keeps.)
    for data in [font::regular(), font::bold()] {
        db.load_font_data(font::subset::for_rendering(data).unwrap_or_else(|_| data.to_vec()));
    }
    for fallback in &fallbacks {
        db.load_font_data(fallback.data.to_vec());
    }
    db.set_sans_serif_family(font::FAMILY);
    let options = Arc::new(usvg::Options {
        font_family: font::FAMILY.to_owned(),
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    });
    *cached = Some((fallbacks.len(), options.clone()));
    options
}

fn tree(svg: &str, format: &'static str) -> Result<usvg::Tree, Error> {
    usvg::Tree::from_str(&without_font_faces(svg), &options()).map_err(|e| Error::Export {
        format,
        message: e.to_string(),
    })
}

/// `svg` without its `@font-face` rules: usvg takes its fonts from
/// [`options`] (the same `DejaVu Sans` the rules embed) and would only read
/// the rules' base64 text, a quarter of its parse of a figure.
fn without_font_faces(svg: &str) -> std::borrow::Cow<'_, str> {
    const RULE: &str = "@font-face{";
    if !svg.contains(RULE) {
        return svg.into();
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find(RULE) {
        // A rule's text (a data URL, a family name) holds no brace.
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out.into()
}

/// Renders an SVG to PNG bytes, `scale` device pixels per CSS pixel.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, Error> {
    png_of(&trees(svg, "PNG")?, scale)
}

/// `svg` parsed for drawing: a flat SVG with many texts (a timeline) in
/// two halves, parsed on two threads (laying out text is most of a parse)
/// and drawn one after the other, which draws what the whole would.
fn trees(svg: &str, format: &'static str) -> Result<Vec<usvg::Tree>, Error> {
    let Some((first, second)) = halves(&without_font_faces(svg)) else {
        return Ok(vec![tree(svg, format)?]);
    };
    let (a, b) = std::thread::scope(|scope| {
        let b = scope.spawn(|| tree(&second, format));
        let a = tree(&first, format);
        (a, b.join())
    });
    let b = b.map_err(|_| Error::Export {
        format,
        message: "the SVG parser stopped".into(),
    })?;
    Ok(vec![a?, b?])
}

/// Texts past which an SVG is parsed in halves.
const SPLIT_TEXTS: usize = 32;

/// `svg` cut into two documents between two of its top-level texts or
/// event groups, half of its texts in each, when it is flat: nothing
/// grouped but events (`<g class="event">`, never nested), nothing defined
/// or referred to, so that each element draws the same alone and the
/// second half drawn over the first is the whole. `None` otherwise.
fn halves(svg: &str) -> Option<(String, String)> {
    const NOT_FLAT: [&str; 9] = [
        "<defs",
        "<use",
        "url(",
        "<clipPath",
        "<mask",
        "<pattern",
        "<symbol",
        "<image",
        "<switch",
    ];
    const EVENT: &str = "<g class=\"event\"";
    if !svg.starts_with("<svg")
        || NOT_FLAT.iter().any(|m| svg.contains(m))
        || svg.matches("<g").count() != svg.matches(EVENT).count()
    {
        return None;
    }
    // Where a top-level element starts (a text, or an event's group), and
    // the texts before it.
    let mut marks: Vec<(usize, u8)> = svg
        .match_indices("\n<text")
        .map(|(i, _)| (i, b't'))
        .chain(svg.match_indices(EVENT).map(|(i, _)| (i, b'g')))
        .chain(svg.match_indices("</g>").map(|(i, _)| (i, b'e')))
        .collect();
    marks.sort_unstable();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let (mut inside, mut texts) = (false, 0);
    for (at, kind) in marks {
        match kind {
            b'g' => {
                cuts.push((at, texts));
                inside = true;
            }
            b'e' => inside = false,
            _ => {
                if !inside {
                    cuts.push((at, texts));
                }
                texts += 1;
            }
        }
    }
    if texts < SPLIT_TEXTS {
        return None;
    }
    let &(at, _) = cuts.iter().find(|c| c.1 >= texts / 2)?;
    let open_end = svg.find('>')? + 1;
    // The second half keeps the root element and the style sheet.
    let style = match (svg.find("<style"), svg.find("</style>")) {
        (Some(a), Some(b)) if a < b && b < at => &svg[a..b + "</style>".len()],
        _ => "",
    };
    let first = format!("{}\n</svg>\n", &svg[..at]);
    let second = format!("{}\n{style}{}", &svg[..open_end], &svg[at..]);
    Some((first, second))
}

fn png_of(trees: &[usvg::Tree], scale: f32) -> Result<Vec<u8>, Error> {
    let tree = trees.first().ok_or_else(|| Error::Export {
        format: "PNG",
        message: "nothing to draw".into(),
    })?;
    // Whatever route a figure took here, no image past the limit.
    let size = crate::figure::Size {
        width: tree.size().width().ceil() as u32,
        height: tree.size().height().ceil() as u32,
    };
    crate::figure::png_fits(size, scale).map_err(|message| Error::Export {
        format: "PNG",
        message,
    })?;
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
    render(
        trees,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap,
    );
    encode_png(&pixmap).map_err(|e| Error::Export {
        format: "PNG",
        message: e.to_string(),
    })
}

/// Draws `trees`, one over the other, into `pixmap`: a large image in two
/// horizontal bands, on two threads (tiny-skia draws on one core, and
/// drawing a 1920x1080 figure is most of its PNG's time). A band is drawn shifted
/// by whole pixels, which changes a few pixels by a level or two of 255;
/// always two bands, whatever the machine's cores, so the same figure
/// gives the same bytes everywhere.
fn render(
    trees: &[usvg::Tree],
    transform: resvg::tiny_skia::Transform,
    pixmap: &mut resvg::tiny_skia::Pixmap,
) {
    let (width, height) = (pixmap.width(), pixmap.height());
    if u64::from(width) * u64::from(height) < BANDED_PIXELS {
        for tree in trees {
            resvg::render(tree, transform, &mut pixmap.as_mut());
        }
        return;
    }
    let rows = height.div_ceil(2);
    let stride = width as usize * 4;
    // Drawn with a margin past the edge between the bands, as anti-aliasing
    // at an image's edge differs from inside it. The lower band is drawn
    // on a thread of its own into a pixmap of its own; the upper one, with
    // its margin, straight into the image; then the lower band is copied
    // over the upper one's margin and below it.
    let margin = BAND_MARGIN.min(height - rows);
    let lower = std::thread::scope(|scope| {
        let lower = scope.spawn(|| {
            let top = rows - margin.min(rows);
            let mut part = resvg::tiny_skia::Pixmap::new(width, height - top)?;
            let shift = transform.post_translate(0.0, -(top as f32));
            for tree in trees {
                resvg::render(tree, shift, &mut part.as_mut());
            }
            Some((part, (rows - top) as usize * stride))
        });
        let upper_rows = rows + margin;
        let upper = &mut pixmap.data_mut()[..upper_rows as usize * stride];
        if let Some(mut upper) = resvg::tiny_skia::PixmapMut::from_bytes(upper, width, upper_rows) {
            for tree in trees {
                resvg::render(tree, transform, &mut upper);
            }
        }
        lower.join().ok().flatten()
    });
    if let Some((part, from)) = lower {
        pixmap.data_mut()[rows as usize * stride..].copy_from_slice(&part.data()[from..]);
    }
}

/// Rows drawn past the edge between bands.
const BAND_MARGIN: u32 = 16;

/// Images from this many pixels are drawn in bands.
const BANDED_PIXELS: u64 = 1 << 20;

/// PNG bytes of a rendered image: fast deflate with the Paeth filter,
/// which here is both three times quicker and a third smaller than
/// tiny-skia's default encoding (the chapter: 6 ms and 489 KB against
/// 16 ms and 728 KB). Figures have an opaque background, so the
/// premultiplied pixels are the colours; any that are not are demultiplied.
fn encode_png(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX);
    let data: std::borrow::Cow<'_, [u8]> = if opaque {
        pixmap.data().into()
    } else {
        pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect::<Vec<u8>>()
            .into()
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Paeth);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// What a PDF says about itself: its document information and language,
/// which PDF readers show and screen readers use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The figure's title.
    pub title: String,
    /// The author of the work it comes from (`[timeline.work]`).
    pub author: Option<String>,
    /// What it shows: the figure's description.
    pub subject: String,
    /// A BCP 47 language tag, "en".
    pub language: String,
}

/// Converts an SVG to a one-page PDF with selectable, embedded text; a CSS
/// pixel is 1/96 inch, so A4 presets give A4 pages. The PDF carries
/// `meta` as its title, author, subject and language.
pub fn pdf(svg: &str, meta: &Metadata) -> Result<Vec<u8>, Error> {
    pdf_of(&tree(svg, "PDF")?, meta)
}

fn pdf_of(tree: &usvg::Tree, meta: &Metadata) -> Result<Vec<u8>, Error> {
    let error = |message: String| Error::Export {
        format: "PDF",
        message,
    };
    let bytes = svg2pdf::to_pdf(
        tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map_err(|e| error(e.to_string()))?;
    canonical_pdf(&bytes, meta).map_err(|e| error(e.to_string()))
}

/// A PDF text string: UTF-16BE with its byte-order mark, which holds any
/// text (`PDFDocEncoding` holds only Latin-1 and a few more).
fn pdf_text(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// Sets the document information and the catalog's language.
fn set_metadata(doc: &mut lopdf::Document, meta: &Metadata) -> Result<(), lopdf::Error> {
    use lopdf::{Dictionary, Object};
    let mut info = Dictionary::new();
    info.set("Title", pdf_text(&meta.title));
    if let Some(author) = &meta.author {
        info.set("Author", pdf_text(author));
    }
    info.set("Subject", pdf_text(&meta.subject));
    info.set("Creator", pdf_text("annals"));
    info.set("Producer", pdf_text("annals with svg2pdf"));
    let info = doc.add_object(Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(info));
    let root = doc.trailer.get(b"Root")?.as_reference()?;
    let catalog = doc.get_object_mut(root)?.as_dict_mut()?;
    // A language tag is ASCII: a plain string, as validators expect.
    catalog.set("Lang", Object::string_literal(meta.language.as_str()));
    // Readers show the title, not the file name, in their window.
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

/// svg2pdf lists resources and numbers fonts in hash-map order, so the same
/// SVG gives different bytes from run to run. This rewrites the PDF
/// canonically: dictionary keys sorted, objects numbered in the order a
/// walk from the trailer meets them. Same input, same bytes.
fn canonical_pdf(bytes: &[u8], meta: &Metadata) -> Result<Vec<u8>, lopdf::Error> {
    use std::collections::{BTreeMap, HashMap, HashSet};

    use lopdf::{Dictionary, Document, Object, ObjectId};

    fn sorted(d: &Dictionary) -> Dictionary {
        let mut entries: Vec<(Vec<u8>, Object)> =
            d.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = Dictionary::new();
        for (k, mut v) in entries {
            normalize(&mut v);
            out.set(k, v);
        }
        out
    }
    fn normalize(o: &mut Object) {
        match o {
            Object::Dictionary(d) => *d = sorted(d),
            Object::Array(items) => items.iter_mut().for_each(normalize),
            Object::Stream(s) => s.dict = sorted(&s.dict),
            _ => {}
        }
    }
    fn references(o: &Object, out: &mut Vec<ObjectId>) {
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Dictionary(d) => d.iter().for_each(|(_, v)| references(v, out)),
            Object::Array(items) => items.iter().for_each(|v| references(v, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, v)| references(v, out)),
            _ => {}
        }
    }
    fn remap(o: &mut Object, map: &HashMap<ObjectId, ObjectId>) {
        match o {
            Object::Reference(id) => {
                if let Some(new) = map.get(id) {
                    *id = *new;
                }
            }
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| remap(v, map)),
            Object::Array(items) => items.iter_mut().for_each(|v| remap(v, map)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| remap(v, map)),
            _ => {}
        }
    }

    let mut doc = Document::load_mem(bytes)?;
    set_metadata(&mut doc, meta)?;
    // svg2pdf's own information dictionary is no longer referenced.
    doc.prune_objects();
    doc.objects.values_mut().for_each(normalize);
    doc.trailer = sorted(&doc.trailer);
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = Vec::new();
    references(&Object::Dictionary(doc.trailer.clone()), &mut stack);
    stack.reverse();
    while let Some(id) = stack.pop() {
        if let Some(object) = doc.objects.get(&id)
            && seen.insert(id)
        {
            order.push(id);
            let mut next = Vec::new();
            references(object, &mut next);
            stack.extend(next.into_iter().rev());
        }
    }
    order.extend(
        doc.objects
            .keys()
            .filter(|id| !seen.contains(id))
            .copied()
            .collect::<Vec<_>>(),
    );
    let map: HashMap<ObjectId, ObjectId> = order
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, (i as u32 + 1, 0)))
        .collect();
    let mut objects = BTreeMap::new();
    for (id, mut object) in std::mem::take(&mut doc.objects) {
        remap(&mut object, &map);
        objects.insert(map[&id], object);
    }
    doc.objects = objects;
    let mut trailer = Object::Dictionary(std::mem::take(&mut doc.trailer));
    remap(&mut trailer, &map);
    if let Object::Dictionary(d) = trailer {
        doc.trailer = d;
    }
    doc.max_id = order.len() as u32;
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// The SVG with every text turned into outlines, for viewers that ignore
/// embedded fonts and `textLength` (rsvg-convert, and so pandoc and many
/// LaTeX routes). It keeps the original's viewBox, `<title>` and `<desc>`,
/// and its texts as an invisible layer over the outlines, so the figure can
/// still be searched, selected and read aloud.
pub fn svg_text_as_paths(svg: &str) -> Result<String, Error> {
    let tree = tree(svg, "SVG")?;
    let outlines = tree.to_string(&usvg::WriteOptions::default());
    Ok(with_text_layer(svg, &outlines))
}

/// `outlines` (usvg's rewrite of `original`) with the original's viewBox,
/// title, description and, invisible, its texts.
fn with_text_layer(original: &str, outlines: &str) -> String {
    let element = |name: &str| -> Option<&str> {
        let start = original.find(&format!("<{name}"))?;
        let end = original[start..].find(&format!("</{name}>"))? + name.len() + 3;
        Some(&original[start..start + end])
    };
    let texts: Vec<&str> = {
        let mut out = Vec::new();
        let mut rest = original;
        while let Some(start) = rest.find("<text ") {
            let Some(len) = rest[start..].find("</text>") else {
                break;
            };
            out.push(&rest[start..start + len + "</text>".len()]);
            rest = &rest[start + len..];
        }
        out
    };
    let Some(open) = outlines.find("<svg") else {
        return outlines.to_owned();
    };
    let open_end = open + outlines[open..].find('>').unwrap_or(0);
    let close = outlines.rfind("</svg>").unwrap_or(outlines.len());
    let view_box = original
        .find("viewBox=\"")
        .and_then(|i| {
            let from = i + "viewBox=\"".len();
            original[from..]
                .find('"')
                .map(|n| &original[from..from + n])
        })
        .filter(|_| !outlines[open..open_end].contains("viewBox"));
    let mut out =
        String::with_capacity(outlines.len() + texts.iter().map(|t| t.len()).sum::<usize>());
    out.push_str(&outlines[..open_end]);
    if let Some(v) = view_box {
        out.push_str(" viewBox=\"");
        out.push_str(v);
        out.push('"');
    }
    out.push_str(">\n");
    for name in ["title", "desc"] {
        if let Some(e) = element(name) {
            out.push_str(e);
            out.push('\n');
        }
    }
    out.push_str(&outlines[open_end + 1..close]);
    if !texts.is_empty() {
        // Transparent, not hidden: selectable, searchable, read aloud.
        out.push_str("<g class=\"text-layer\" fill-opacity=\"0\" stroke-opacity=\"0\">\n");
        for t in texts {
            out.push_str(t);
            out.push('\n');
        }
        out.push_str("</g>\n");
    }
    out.push_str(&outlines[close..]);
    out
}

/// The bytes of a figure in each of `formats`, in order; the PNG is drawn
/// from the SVG parsed in halves where it can be (see [`trees`]), the PDF
/// from one parse of the whole.
pub fn bytes_in(
    svg: &str,
    formats: &[Format],
    scale: f32,
    meta: &Metadata,
) -> Result<Vec<Vec<u8>>, Error> {
    let mut parsed: Option<usvg::Tree> = None;
    let mut out = Vec::with_capacity(formats.len());
    for &format in formats {
        let name = match format {
            Format::Svg => {
                out.push(svg.as_bytes().to_vec());
                continue;
            }
            Format::Html => {
                return Err(Error::Request(
                    "an interactive page (html) is made from a timeline, not from an SVG".into(),
                ));
            }
            Format::Png => "PNG",
            Format::Pdf => "PDF",
        };
        if format == Format::Png {
            out.push(png_of(&trees(svg, name)?, scale)?);
            continue;
        }
        let tree = match parsed {
            Some(ref tree) => tree,
            None => parsed.insert(tree(svg, name)?),
        };
        out.push(pdf_of(tree, meta)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colours of a PNG, decoded.
    fn decoded(bytes: &[u8]) -> Vec<u8> {
        let mut reader = png::Decoder::new(bytes).read_info().unwrap();
        let mut data = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut data).unwrap();
        data.truncate(info.buffer_size());
        data
    }

    /// Two PDFs that differ only in what svg2pdf leaves to hash-map order
    /// (the order of keys of a dictionary inside an array, the numbers of
    /// objects named only from a stream's dictionary) come out as the
    /// same bytes.
    #[test]
    fn a_pdf_is_rewritten_the_same_whatever_the_order_it_came_in() {
        use lopdf::{Dictionary, Document, Object, Stream, dictionary};

        let build = |swapped: bool| {
            let mut doc = Document::with_version("1.7");
            // Objects 1 and 2 are named only from the form's dictionary;
            // which number each gets is the order they were made in.
            let (one, two) = (
                Object::Dictionary(dictionary! { "Name" => "One" }),
                Object::Dictionary(dictionary! { "Name" => "Two" }),
            );
            let (first, second) = if swapped { (two, one) } else { (one, two) };
            let a = doc.add_object(first);
            let b = doc.add_object(second);
            let (one, two) = if swapped { (b, a) } else { (a, b) };
            let form = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "One" => one, "Two" => two },
                b"q Q".to_vec(),
            ));
            let mut inline = Dictionary::new();
            for (k, v) in if swapped {
                [("B", 2), ("A", 1)]
            } else {
                [("A", 1), ("B", 2)]
            } {
                inline.set(k, v);
            }
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Resources" => dictionary! { "XObject" => dictionary! { "X1" => form } },
                "Extra" => vec![Object::Dictionary(inline)],
            });
            let pages = doc.add_object(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            );
            let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
            doc.trailer.set("Root", catalog);
            let mut bytes = Vec::new();
            doc.save_to(&mut bytes).unwrap();
            bytes
        };
        let meta = Metadata {
            title: "T".into(),
            author: None,
            subject: "S".into(),
            language: "en".into(),
        };
        let (a, b) = (build(false), build(true));
        assert_ne!(a, b);
        assert_eq!(
            canonical_pdf(&a, &meta).unwrap(),
            canonical_pdf(&b, &meta).unwrap()
        );
    }

    /// The embedded fonts' rules are dropped before usvg reads a figure,
    /// and nothing else: the PNG is the same.
    #[test]
    fn only_the_font_rules_are_left_to_the_font_database() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
                   <style>\n@font-face{font-family:\"DejaVu Sans\";src:url(data:font/ttf;base64,AAAA) format(\"truetype\");}\n\
                   @font-face{font-family:\"DejaVu Sans\";font-weight:bold;src:url(data:,x);}\nrect{fill:red}</style>\
                   <rect width=\"10\" height=\"10\"/><text x=\"1\" y=\"15\">Ab</text></svg>";
        let stripped = without_font_faces(svg);
        assert!(!stripped.contains("@font-face") && !stripped.contains("base64"));
        assert!(stripped.contains("<style>\n\n\nrect{fill:red}</style>"));
        assert!(stripped.ends_with("<text x=\"1\" y=\"15\">Ab</text></svg>"));
        let timeline = crate::load::from_str("events.toml", include_str!("../events.toml"))
            .unwrap()
            .timeline;
        let scene = crate::layout::timeline(&timeline, &timeline.defaults).unwrap();
        let svg = crate::render::timeline_svg(&scene).unwrap();
        let whole = usvg::Tree::from_str(&svg, &options()).unwrap();
        assert_eq!(
            png_of(std::slice::from_ref(&whole), 0.5).unwrap(),
            png(&svg, 0.5).unwrap()
        );
    }

    /// A timeline's SVG is parsed in two halves, each a document of its
    /// own, and drawn one over the other it is the whole, pixel for pixel,
    /// at any size; an SVG with groups or references is parsed whole.
    #[test]
    fn the_halves_of_a_flat_svg_draw_the_whole() {
        let timeline = crate::load::from_str("events.toml", include_str!("../events.toml"))
            .unwrap()
            .timeline;
        let scene = crate::layout::timeline(&timeline, &timeline.defaults).unwrap();
        let svg = crate::render::timeline_svg(&scene).unwrap();
        let (first, second) = halves(&without_font_faces(&svg)).expect("a timeline is flat");
        let count = |s: &str| s.matches("<text").count();
        // Half the texts each, give or take an event's (a label of three
        // lines and its note).
        assert!(count(&first).abs_diff(count(&second)) <= 4);
        assert_eq!(count(&first) + count(&second), count(&svg));
        assert_eq!(trees(&svg, "PNG").unwrap().len(), 2);
        let whole = tree(&svg, "PNG").unwrap();
        for scale in [0.5, 1.0] {
            assert_eq!(
                png_of(std::slice::from_ref(&whole), scale).unwrap(),
                png(&svg, scale).unwrap(),
                "at scale {scale}"
            );
        }
        // Its events are groups, and the halves part between them.
        assert!(svg.contains("<g class=\"event\""));
        assert_eq!(
            first.matches("<g").count() + second.matches("<g").count(),
            svg.matches("<g").count()
        );
        let grouped = svg
            .replacen("<rect", "<g><rect", 1)
            .replacen("/>", "/></g>", 1);
        assert!(halves(&without_font_faces(&grouped)).is_none());
    }

    /// A figure drawn in bands has the pixels of one drawing, but for a
    /// few (under 1 in 1,000) off by a level or two of 255.
    #[test]
    fn a_large_image_drawn_in_bands_is_the_image_drawn_whole() {
        let timeline = crate::load::from_str("events.toml", include_str!("../events.toml"))
            .unwrap()
            .timeline;
        for options in std::iter::once(&timeline.defaults)
            .chain(timeline.figures.iter().map(|f| &f.options).take(2))
        {
            let scene = crate::layout::timeline(&timeline, options).unwrap();
            let svg = crate::render::timeline_svg(&scene).unwrap();
            let tree = tree(&svg, "PNG").unwrap();
            let transform = resvg::tiny_skia::Transform::default();
            let size = tree.size().to_int_size();
            let new = || resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
            let (mut whole, mut banded) = (new(), new());
            resvg::render(&tree, transform, &mut whole.as_mut());
            render(std::slice::from_ref(&tree), transform, &mut banded);
            assert!(u64::from(size.width()) * u64::from(size.height()) >= BANDED_PIXELS);
            let pairs = whole.data().iter().zip(banded.data());
            let most = pairs.clone().map(|(a, b)| a.abs_diff(*b)).max();
            assert!(most <= Some(2), "off by {most:?}");
            let differing = pairs.filter(|(a, b)| a != b).count();
            assert!(differing * 1000 < whole.data().len(), "{differing} differ");
        }
    }

    #[test]
    fn the_png_has_the_colours_tiny_skia_would_write() {
        // Opaque, and see-through (premultiplied pixels demultiplied).
        for svg in [
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"><rect width="8" height="6" fill="#fff"/><rect x="1" y="1" width="5" height="3" fill="#0072B2" opacity="0.6"/></svg>"##,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"><rect x="1" y="1" width="5.5" height="3" fill="#D55E00" opacity="0.4"/></svg>"##,
        ] {
            let tree = tree(svg, "PNG").unwrap();
            let mut pixmap = resvg::tiny_skia::Pixmap::new(8, 6).unwrap();
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::default(),
                &mut pixmap.as_mut(),
            );
            let ours = png(svg, 1.0).unwrap();
            assert_eq!(decoded(&ours), decoded(&pixmap.encode_png().unwrap()));
        }
    }
}
