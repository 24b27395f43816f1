//! The one embedded font and the one text measurer every stage uses.
//!
//! Output must not depend on the machine's fonts: layout measures with
//! `DejaVu` Sans from the `dejavu` crate, plotters draws with it, resvg and
//! svg2pdf render with it, and the SVG carries the glyphs it uses (see
//! [`subset`]) so that a browser without the font lays text out as measured.

mod embedded;
pub mod fallback;
pub mod subset;

use ab_glyph::{Font as _, FontRef, ScaleFont as _};

use std::sync::OnceLock;

pub use embedded::{ARIAL, FAMILY, bold, regular};
use embedded::{ASCII, Ascii, Faces, arial_faces, faces};

/// The faces text is measured with: the embedded `DejaVu Sans` that SVG,
/// PNG and PDF carry, or Arial's metrics for slide decks, whose text the
/// presentation program sets in its own font.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// `DejaVu Sans`, embedded in every figure.
    #[default]
    DejaVu,
    /// Arial, by the metrics of Liberation Sans.
    Arial,
}

std::thread_local! {
    static MEASURE: std::cell::Cell<Measure> = const { std::cell::Cell::new(Measure::DejaVu) };
}

/// Runs `f` with every measurement on this thread made in `measure`'s
/// faces: a layout for a deck runs in `Measure::Arial`.
pub fn measured_in<R>(measure: Measure, f: impl FnOnce() -> R) -> R {
    // Put back even if `f` unwinds, so that a caught panic cannot leave
    // the thread measuring in the wrong font.
    struct Restore(Measure);
    impl Drop for Restore {
        fn drop(&mut self) {
            MEASURE.with(|m| m.set(self.0));
        }
    }
    let _restore = Restore(MEASURE.with(|m| m.replace(measure)));
    f()
}

/// The faces this thread measures with.
fn measuring() -> &'static Faces {
    match MEASURE.with(std::cell::Cell::get) {
        Measure::DejaVu => faces(),
        Measure::Arial => arial_faces(),
    }
}

/// Vertical metrics of the font, as fractions of the font size.
#[derive(Clone, Copy, Debug)]
pub struct Metrics {
    /// Height above the baseline.
    pub ascent: f32,
    /// Depth below the baseline (positive).
    pub descent: f32,
}

/// The font's ascent and descent per unit of font size.
pub fn metrics() -> Metrics {
    let font = &measuring().regular;
    let upem = font.units_per_em().unwrap_or(2048.0);
    Metrics {
        ascent: font.ascent_unscaled() / upem,
        descent: -font.descent_unscaled() / upem,
    }
}

/// The height of a line of text box at `size` px: ascent plus descent.
pub fn line_height(size: f32) -> f32 {
    let m = metrics();
    (m.ascent + m.descent) * size
}

/// The advance width of `text` at `size` px (the CSS font-size), with
/// kerning, as resvg and browsers lay it out.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let f = measuring();
    let font = if bold { &f.bold } else { &f.regular };
    let upem = font.units_per_em().unwrap_or(2048.0);
    let scaled = font.as_scaled(size * font.height_unscaled() / upem);
    if text.is_ascii() && text.chars().all(|c| Ascii::index(c).is_some()) {
        // The same sums as below, from the table: `h_advance` and `kern`
        // are the unscaled values times this factor.
        let ascii = &f.ascii[usize::from(bold)];
        let factor = scaled.h_scale_factor();
        let mut width = 0.0;
        let mut previous: Option<usize> = None;
        for i in text.chars().filter_map(Ascii::index) {
            if let Some(p) = previous {
                width += factor * ascii.kern[p * ASCII + i];
            }
            width += factor * ascii.advance[i];
            previous = Some(i);
        }
        return width;
    }
    width_by_glyphs(&scaled, text, size)
}

/// `text`'s width looked up glyph by glyph in the font, and a character it
/// lacks in the font of the chain that has it ([`fallback`]).
fn width_by_glyphs(
    scaled: &ab_glyph::PxScaleFont<&FontRef<'static>>,
    text: &str,
    size: f32,
) -> f32 {
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if id.0 == 0
            && !c.is_control()
            && let Some(font) = fallback::font_for(c)
        {
            // No kerning across fonts.
            width += font.advance(c, size);
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// The faces subset to the characters of `texts` (each a text and whether
/// it is bold): `(bold, TrueType bytes)` for each face some text uses.
pub fn subsets(texts: &[(&str, bool)]) -> Vec<(bool, Vec<u8>)> {
    [(false, regular()), (true, bold())]
        .into_iter()
        .filter_map(|(bold, data)| {
            let chars: std::collections::BTreeSet<char> = texts
                .iter()
                .filter(|t| t.1 == bold)
                .flat_map(|t| t.0.chars())
                .collect();
            if chars.is_empty() {
                return None;
            }
            subset::subset(data, &chars).ok().map(|s| (bold, s))
        })
        .collect()
}

/// The fonts after `DejaVu Sans` that `texts` need, each subset to the
/// characters it draws: `(family, TrueType bytes)`. A font that cannot be
/// subset (CFF outlines) is left out: the SVG names its family, and a
/// viewer that has it draws it.
pub fn fallback_subsets<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<(String, Vec<u8>)> {
    fallback::used(texts)
        .into_iter()
        .filter_map(|(font, chars)| {
            let data = subset::subset_face(&font.data, font.index, &chars).ok()?;
            Some((font.family.clone(), data))
        })
        .collect()
}

/// Registers the font with plotters, once, under its family name and as
/// `sans-serif`.
pub fn register_with_plotters() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        use plotters::style::{FontStyle, register_font};
        for name in [FAMILY, "sans-serif"] {
            // The error type has no Debug; the bytes are known to be valid.
            let _ = register_font(name, FontStyle::Normal, regular());
            let _ = register_font(name, FontStyle::Bold, bold());
        }
    });
}

/// Wraps `text` into lines no wider than `max` px, breaking at spaces; a
/// word wider than `max` stays whole on its line.
pub fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let space = text_width(" ", size, bold);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for word in text.split_whitespace() {
        // Widths add up word by word; kerning never spans a space here.
        let w = text_width(word, size, bold);
        if !line.is_empty() && width + space + w > max {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
        }
        if !line.is_empty() {
            line.push(' ');
            width += space;
        }
        line.push_str(word);
        width += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` wrapped into at most `max_lines` lines no wider than `max` px: a
/// word wider than a line is cut, and when lines run out the last one ends
/// in an ellipsis. For titles and subtitles, which must stay on the canvas
/// whatever their length.
pub fn fit_lines(text: &str, size: f32, bold: bool, max: f32, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in wrap(text, size, bold, max) {
        if lines.len() == max_lines {
            break;
        }
        lines.push(line);
    }
    let cut = lines.len() == max_lines && wrap(text, size, bold, max).len() > max_lines;
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter_mut().enumerate() {
        let over = text_width(line, size, bold) > max;
        if over || (cut && i == last) {
            *line = shorten(line, size, bold, max, cut && i == last);
        }
    }
    lines
}

/// `line` cut to fit `max` px with an ellipsis (always, when `ellipsis`).
fn shorten(line: &str, size: f32, bold: bool, max: f32, ellipsis: bool) -> String {
    let fits = |n: usize| {
        let head: String = line.chars().take(n).collect();
        text_width(&format!("{head}…"), size, bold) <= max
    };
    let total = line.chars().count();
    if !ellipsis && text_width(line, size, bold) <= max {
        return line.to_owned();
    }
    // The longest prefix that fits with its ellipsis.
    let (mut lo, mut hi) = (0, total);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let head: String = line.chars().take(lo).collect();
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of ASCII advances and kerning gives the very widths the
    /// font's own lookups give, bit for bit (layout decisions compare
    /// widths: a rounding apart would move labels).
    /// A deck's layout measures in Arial's advances (Liberation Sans's,
    /// the same): every digit is 1139/2048 em wide. The measure is put back
    /// afterwards, even when the layout panics.
    #[test]
    fn decks_measure_in_arial_and_put_the_measure_back() {
        let digits = "0123456789";
        let dejavu = text_width(digits, 20.0, false);
        let arial = measured_in(Measure::Arial, || text_width(digits, 20.0, false));
        assert!(
            (arial - 10.0 * 1139.0 / 2048.0 * 20.0).abs() < 1e-3,
            "{arial}"
        );
        assert!(arial < dejavu);
        assert_eq!(text_width(digits, 20.0, false).to_bits(), dejavu.to_bits());
        let caught = std::panic::catch_unwind(|| {
            measured_in(Measure::Arial, || -> f32 { panic!("a layout that fails") })
        });
        assert!(caught.is_err());
        assert_eq!(text_width(digits, 20.0, false).to_bits(), dejavu.to_bits());
        // Arial's ascent and descent, 1854 and 434 units of 2048.
        let m = measured_in(Measure::Arial, metrics);
        assert!(
            (m.ascent - 1854.0 / 2048.0).abs() < 1e-6 && (m.descent - 434.0 / 2048.0).abs() < 1e-6
        );
    }

    #[test]
    fn the_ascii_table_measures_as_the_font_does() {
        let every: String = (b' '..=b'~').map(char::from).collect();
        for text in [
            "AV To Yo LT Wa \"F.\" P, r.",
            every.as_str(),
            "Fifteenth Party Conference: slower growth (26 Oct 1926 O.S.)",
        ] {
            for (size, bold) in [(18.0, false), (21.0, true), (9.5, false), (37.3, true)] {
                let f = faces();
                let font = if bold { &f.bold } else { &f.regular };
                let upem = font.units_per_em().unwrap_or(2048.0);
                let scaled = font.as_scaled(size * font.height_unscaled() / upem);
                let table = text_width(text, size, bold);
                assert_eq!(
                    table.to_bits(),
                    width_by_glyphs(&scaled, text, size).to_bits(),
                    "{text}"
                );
            }
        }
        // Kerning is in the table: "AV" is narrower than "A" and "V".
        let pair = text_width("AV", 20.0, false);
        assert!(pair < text_width("A", 20.0, false) + text_width("V", 20.0, false));
        // Other characters are looked up in the font.
        assert!(text_width("Trotsky – Троцкий", 20.0, false) > text_width("Trotsky", 20.0, false));
    }

    /// A character `DejaVu Sans` lacks is measured in the font of the chain
    /// that has it: a CJK character is a full em wide, not a box.
    #[test]
    fn characters_dejavu_lacks_are_measured_in_a_fallback() {
        let fixture = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fonts/annals-test-cjk.ttf"
        );
        let family = fallback::add_file(std::path::Path::new(fixture)).unwrap();
        assert_eq!(family, "Annals Test CJK");
        let meiji = text_width("明治維新", 20.0, false);
        assert!((meiji - 80.0).abs() < 4.0, "{meiji}");
        assert!(fallback::uncovered("明治維新 1868").is_empty());
        assert_eq!(fallback::uncovered("\u{10FFFD}x"), vec!['\u{10FFFD}']);
        let list = fallback::family_list("明治 1868").unwrap();
        assert_eq!(list, "'DejaVu Sans', 'Annals Test CJK'");
        assert!(fallback::family_list("Trotsky – Троцкий").is_none());
        let subsets = fallback_subsets(["明治", "維新"]);
        assert_eq!(subsets.len(), 1);
        let face = ttf_parser::Face::parse(&subsets[0].1, 0).unwrap();
        for c in "明治維新".chars() {
            assert!(face.glyph_index(c).is_some(), "{c}");
        }
        assert!(face.number_of_glyphs() < 10);
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let a = text_width("Fifteenth Party Conference", 20.0, false);
        assert!(a > 200.0 && a < 320.0, "{a}");
        assert!((text_width("Fifteenth Party Conference", 40.0, false) - 2.0 * a).abs() < 0.01);
        assert!(text_width("Wide", 20.0, true) > text_width("Wide", 20.0, false));
        assert!(text_width("", 20.0, false).abs() < f32::EPSILON);
    }

    #[test]
    fn metrics_are_dejavu_sans() {
        let m = metrics();
        assert!((m.ascent - 0.928).abs() < 0.01, "{m:?}");
        assert!((m.descent - 0.236).abs() < 0.01, "{m:?}");
    }

    #[test]
    fn titles_fit_in_their_lines_whatever_their_length() {
        let long = "word ".repeat(20_000) + &"x".repeat(50_000);
        let lines = fit_lines(&long, 40.0, true, 1800.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        for l in &lines {
            assert!(text_width(l, 40.0, true) <= 1800.0, "{l}");
        }
        let word = "x".repeat(5_000);
        let lines = fit_lines(&word, 40.0, true, 1800.0, 2);
        assert!(text_width(&lines[0], 40.0, true) <= 1800.0);
        assert_eq!(
            fit_lines("A short title", 40.0, true, 1800.0, 2),
            vec!["A short title"]
        );
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let lines = wrap(
            "Labour books for industry and transport",
            20.0,
            false,
            200.0,
        );
        assert!(lines.len() >= 2);
        assert_eq!(lines.join(" "), "Labour books for industry and transport");
        for l in &lines {
            assert!(text_width(l, 20.0, false) <= 200.0);
        }
    }
}
