//! The embedded font, `DejaVu` Sans from the `dejavu` crate: its faces,
//! read once, with the table of ASCII advances and kerning the measurer
//! looks most labels up in. The measurer (`font/mod.rs`) and the fallback
//! chain (`fallback.rs`) both read it; it reads neither.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef};

/// The family name written into SVG and registered everywhere.
pub const FAMILY: &str = "DejaVu Sans";

/// The regular face, as TrueType bytes.
pub fn regular() -> &'static [u8] {
    dejavu::sans::regular()
}

/// The bold face, as TrueType bytes.
pub fn bold() -> &'static [u8] {
    dejavu::sans::bold()
}

pub(super) struct Faces {
    pub(super) regular: FontRef<'static>,
    pub(super) bold: FontRef<'static>,
    /// The unscaled advances and kerning of printable ASCII, per face.
    pub(super) ascii: [Ascii; 2],
}

/// Advances and kerning pairs of the printable ASCII characters (space to
/// `~`) in font units: the measurer's lookups for most labels, read from
/// the font once.
pub(super) struct Ascii {
    pub(super) advance: [f32; ASCII],
    pub(super) kern: Vec<f32>,
}

pub(super) const ASCII: usize = 95;

impl Ascii {
    fn new(font: &FontRef<'static>) -> Ascii {
        let ids: Vec<_> = (b' '..=b'~')
            .map(|b| font.glyph_id(char::from(b)))
            .collect();
        let mut advance = [0.0; ASCII];
        for (a, &id) in advance.iter_mut().zip(&ids) {
            *a = font.h_advance_unscaled(id);
        }
        let kern = ids
            .iter()
            .flat_map(|&a| ids.iter().map(move |&b| font.kern_unscaled(a, b)))
            .collect();
        Ascii { advance, kern }
    }

    /// The index of a printable ASCII character.
    pub(super) fn index(c: char) -> Option<usize> {
        let i = (c as usize).wrapping_sub(usize::from(b' '));
        (i < ASCII).then_some(i)
    }
}

impl Faces {
    fn new(regular: &'static [u8], bold: &'static [u8]) -> Faces {
        // The bytes are compiled in and known to be valid TrueType.
        let regular = FontRef::try_from_slice(regular).expect("the embedded font parses");
        let bold = FontRef::try_from_slice(bold).expect("the embedded font parses");
        Faces {
            ascii: [Ascii::new(&regular), Ascii::new(&bold)],
            regular,
            bold,
        }
    }
}

pub(super) fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces::new(regular(), bold()))
}

/// The family slide decks declare: every copy of PowerPoint and Keynote
/// has it, and LibreOffice draws it with Liberation Sans.
pub const ARIAL: &str = "Arial";

/// Liberation Sans, metric-compatible with Arial (the same advance width
/// for every character Arial has), under the SIL Open Font License: what
/// the layout measures a deck's text with, so that text set in Arial
/// stands where the layout put it.
pub(super) fn arial_faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        Faces::new(
            include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
            include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
        )
    })
}

/// Whether `DejaVu Sans` has a glyph for `c`.
pub(crate) fn has_glyph(c: char) -> bool {
    faces().regular.glyph_id(c).0 != 0
}
