//! Fonts for the characters `DejaVu Sans` lacks: Chinese, Japanese, Korean,
//! and every other script it does not cover.
//!
//! The chain is: the embedded `DejaVu Sans`; then the fonts the file
//! (`[timeline] fonts`) or the command line (`--font`) names, in order, as
//! a file or a family; then the system's fonts. A character is measured and
//! drawn with the first font of the chain that has it; a character no font
//! has is reported by [`uncovered`], never drawn as a silent box.
//!
//! The chain is the process's, like the embedded font: the measurer is a
//! free function every stage calls. Fonts are only ever added, and a font
//! serves only characters `DejaVu` lacks, so adding one never changes how
//! text `DejaVu` covers is measured.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock, RwLock};

use ab_glyph::{Font as _, FontVec};
use usvg::fontdb;

/// Why a font named by the file or the command line cannot be used.
#[derive(Debug)]
pub enum FontError {
    /// The file cannot be read.
    Unreadable(std::path::PathBuf, std::io::Error),
    /// The data is not a font annals can read.
    NotAFont(String),
    /// No installed font has the family.
    NotInstalled(String),
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontError::Unreadable(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            FontError::NotAFont(why) => write!(f, "not a font: {why}"),
            FontError::NotInstalled(family) => {
                write!(f, "no font of the family `{family}` is installed")
            }
        }
    }
}

impl std::error::Error for FontError {}

/// A font of the chain after `DejaVu Sans`.
pub struct Fallback {
    /// Its family name, as browsers and usvg look it up.
    pub family: String,
    /// The font file (a collection holds several faces).
    pub data: Arc<Vec<u8>>,
    /// The face within `data`.
    pub index: u32,
    font: FontVec,
    upem: f32,
}

impl Fallback {
    fn new(data: Arc<Vec<u8>>, index: u32) -> Result<Fallback, FontError> {
        let face = ttf_parser::Face::parse(&data, index)
            .map_err(|e| FontError::NotAFont(e.to_string()))?;
        let family = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
            .find_map(|n| n.to_string())
            .ok_or_else(|| FontError::NotAFont("it has no family name".into()))?;
        let font = FontVec::try_from_vec_and_index(data.to_vec(), index)
            .map_err(|e| FontError::NotAFont(e.to_string()))?;
        let upem = font.units_per_em().unwrap_or(1000.0);
        Ok(Fallback {
            family,
            data,
            index,
            font,
            upem,
        })
    }

    fn has(&self, c: char) -> bool {
        self.font.glyph_id(c).0 != 0
    }

    /// The advance of `c` at `size` px (the CSS font-size).
    pub fn advance(&self, c: char, size: f32) -> f32 {
        self.font.h_advance_unscaled(self.font.glyph_id(c)) * size / self.upem
    }
}

#[derive(Default)]
struct Chain {
    /// Named by the file or the command line, in order.
    named: Vec<Arc<Fallback>>,
    /// System fonts found to cover some character, in the order found.
    system: Vec<Arc<Fallback>>,
    /// Which font serves a character `DejaVu` lacks (`None`: no font has it).
    by_char: HashMap<char, Option<Arc<Fallback>>>,
}

fn chain() -> &'static RwLock<Chain> {
    static CHAIN: OnceLock<RwLock<Chain>> = OnceLock::new();
    CHAIN.get_or_init(RwLock::default)
}

/// The system's fonts, read once, when a character first needs them.
fn system_fonts() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        if std::env::var_os("ANNALS_NO_SYSTEM_FONTS").is_none() {
            db.load_system_fonts();
        }
        db
    })
}

fn add(fallback: Fallback) -> String {
    let family = fallback.family.clone();
    let mut chain = chain()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !chain.named.iter().any(|f| f.family == family) {
        chain.named.push(Arc::new(fallback));
        // A character served by a system font, or by none, may now be
        // served by the named font.
        chain.by_char.clear();
    }
    family
}

/// Adds the font file at `path` to the chain; returns its family.
pub fn add_file(path: &Path) -> Result<String, FontError> {
    let data = std::fs::read(path).map_err(|e| FontError::Unreadable(path.to_owned(), e))?;
    Ok(add(Fallback::new(Arc::new(data), 0)?))
}

/// Adds the system font of `family` to the chain; returns its family.
pub fn add_family(family: &str) -> Result<String, FontError> {
    let db = system_fonts();
    let query = fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        ..fontdb::Query::default()
    };
    let id = db
        .query(&query)
        .ok_or_else(|| FontError::NotInstalled(family.to_owned()))?;
    let (data, index) = db
        .with_face_data(id, |data, index| (data.to_vec(), index))
        .ok_or_else(|| FontError::NotAFont(format!("the font of `{family}` cannot be read")))?;
    Ok(add(Fallback::new(Arc::new(data), index)?))
}

/// Adds a font named as the file or the command line names it: a path
/// (relative to `base`) when it ends in `.ttf`, `.otf` or `.ttc` or holds a
/// slash, otherwise a family.
pub fn add_named(name: &str, base: &Path) -> Result<String, FontError> {
    let lower = name.to_ascii_lowercase();
    let is_file = [".ttf", ".otf", ".ttc"].iter().any(|e| lower.ends_with(e))
        || name.contains('/')
        || name.contains('\\');
    if is_file {
        add_file(&base.join(name))
    } else {
        add_family(name)
    }
}

/// Whether `DejaVu Sans` draws `c` itself (white space and controls count).
fn in_dejavu(c: char) -> bool {
    c.is_whitespace() || c.is_control() || super::embedded::has_glyph(c)
}

/// The font that draws `c`, when `DejaVu Sans` does not.
pub(crate) fn font_for(c: char) -> Option<Arc<Fallback>> {
    {
        let chain = chain()
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = chain.by_char.get(&c) {
            return found.clone();
        }
    }
    let mut chain = chain()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let found = chain
        .named
        .iter()
        .chain(&chain.system)
        .find(|f| f.has(c))
        .cloned()
        .or_else(|| {
            let found = system_font_for(c)?;
            chain.system.push(found.clone());
            Some(found)
        });
    chain.by_char.insert(c, found.clone());
    found
}

/// The first system font (other than those already in the chain) with `c`.
fn system_font_for(c: char) -> Option<Arc<Fallback>> {
    let db = system_fonts();
    db.faces().find_map(|face| {
        db.with_face_data(face.id, |data, index| {
            let parsed = ttf_parser::Face::parse(data, index).ok()?;
            parsed.glyph_index(c)?;
            Fallback::new(Arc::new(data.to_vec()), index).ok()
        })
        .flatten()
        .map(Arc::new)
    })
}

/// The characters of `text` that no font of the chain draws, each once.
pub fn uncovered(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !in_dejavu(c) && !out.contains(&c) && font_for(c).is_none() {
            out.push(c);
        }
    }
    out
}

/// The fonts after `DejaVu Sans` that draw some character of `texts`, each
/// with the characters it draws.
pub fn used<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<(Arc<Fallback>, BTreeSet<char>)> {
    let mut out: Vec<(Arc<Fallback>, BTreeSet<char>)> = Vec::new();
    for c in texts.into_iter().flat_map(str::chars) {
        if in_dejavu(c) {
            continue;
        }
        let Some(font) = font_for(c) else { continue };
        match out.iter_mut().find(|(f, _)| Arc::ptr_eq(f, &font)) {
            Some((_, chars)) => {
                chars.insert(c);
            }
            None => out.push((font, BTreeSet::from([c]))),
        }
    }
    out
}

/// Every font of the chain so far, for a renderer's font database.
pub fn all() -> Vec<Arc<Fallback>> {
    let chain = chain()
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    chain.named.iter().chain(&chain.system).cloned().collect()
}

/// The CSS family list for a text: `DejaVu Sans`, then the families that
/// draw what it lacks; `None` when `DejaVu` draws it all.
pub fn family_list(text: &str) -> Option<String> {
    let used = used([text]);
    if used.is_empty() {
        return None;
    }
    let mut list = format!("'{}'", super::embedded::FAMILY);
    for (font, _) in used {
        list.push_str(", '");
        list.push_str(&font.family.replace(['\'', '"', '<', '>', '&'], ""));
        list.push('\'');
    }
    Some(list)
}
