//! A TrueType subsetter for fonts embedded in SVG.
//!
//! The `subsetter` crate makes fonts for PDF: it drops `cmap`, so a browser
//! cannot map text to glyphs. This one keeps a font usable by browsers and
//! slide programs: the used glyphs (and the components of composite
//! glyphs), renumbered, with a new `cmap`, `hmtx`, `loca`, `glyf` and a
//! `kern` table of the pairs between used glyphs (kerning is what the
//! measurer applies, so the browser must apply the same). Layout tables
//! (GSUB, GPOS) are dropped: the measurer does no shaping either.

use std::collections::{BTreeMap, BTreeSet};

use ttf_parser::{Face, GlyphId, Tag};

/// Why a font could not be subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubsetError(&'static str);

impl std::fmt::Display for SubsetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot subset the font: {}", self.0)
    }
}

impl std::error::Error for SubsetError {}

/// Tables copied unchanged (hinting programs are kept because glyph
/// instructions call into them).
const COPIED: [&[u8; 4]; 6] = [b"OS/2", b"name", b"cvt ", b"fpgm", b"prep", b"gasp"];

fn u16_at(data: &[u8], at: usize) -> Result<u16, SubsetError> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or(SubsetError("a table is shorter than it says"))
}

fn u32_at(data: &[u8], at: usize) -> Result<u32, SubsetError> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(SubsetError("a table is shorter than it says"))
}

/// A TrueType font holding the glyphs of `chars` (and `.notdef`).
pub fn subset(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, SubsetError> {
    subset_face(font, 0, chars)
}

/// [`subset`] of the face `index` of a font file or collection.
pub fn subset_face(
    font: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, SubsetError> {
    let face = Face::parse(font, index).map_err(|_| SubsetError("not a TrueType font"))?;
    let table = |tag: &[u8; 4]| face.raw_face().table(Tag::from_bytes(tag));
    let need = |tag: &[u8; 4]| table(tag).ok_or(SubsetError("a required table is missing"));
    let head = need(b"head")?;
    let hhea = need(b"hhea")?;
    let maxp = need(b"maxp")?;
    let hmtx = need(b"hmtx")?;
    let loca = need(b"loca")?;
    let glyf = need(b"glyf")?;
    let post = need(b"post")?;
    let long_loca = u16_at(head, 50)? == 1;
    let glyph_data = |gid: u16| -> Result<&[u8], SubsetError> {
        let i = usize::from(gid);
        let (a, b) = if long_loca {
            (
                u32_at(loca, 4 * i)? as usize,
                u32_at(loca, 4 * i + 4)? as usize,
            )
        } else {
            (
                usize::from(u16_at(loca, 2 * i)?) * 2,
                usize::from(u16_at(loca, 2 * i + 2)?) * 2,
            )
        };
        glyf.get(a..b).ok_or(SubsetError("glyph data out of range"))
    };

    // The glyphs to keep: .notdef, the mapped characters, and the
    // components of composite glyphs, transitively.
    let mut cmap: BTreeMap<char, u16> = BTreeMap::new();
    let mut keep: BTreeSet<u16> = BTreeSet::from([0]);
    for &c in chars {
        if let Some(GlyphId(g)) = face.glyph_index(c) {
            cmap.insert(c, g);
            keep.insert(g);
        }
    }
    let mut pending: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = pending.pop() {
        for (_, component) in components(glyph_data(g)?)? {
            if keep.insert(component) {
                pending.push(component);
            }
        }
    }
    let old_ids: Vec<u16> = keep.into_iter().collect();
    let new_id: BTreeMap<u16, u16> = old_ids
        .iter()
        .enumerate()
        .map(|(i, &g)| (g, i as u16))
        .collect();

    // glyf and loca (long offsets).
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (old_ids.len() + 1));
    for &g in &old_ids {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut data = glyph_data(g)?.to_vec();
        for (at, component) in components(&data.clone())? {
            let id = new_id[&component].to_be_bytes();
            data[at..at + 2].copy_from_slice(&id);
        }
        new_glyf.extend_from_slice(&data);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    // hmtx with a full metric for every glyph.
    let metrics_count = usize::from(u16_at(hhea, 34)?);
    let mut new_hmtx = Vec::with_capacity(4 * old_ids.len());
    for &g in &old_ids {
        let i = usize::from(g);
        let (advance, lsb) = if i < metrics_count {
            (u16_at(hmtx, 4 * i)?, u16_at(hmtx, 4 * i + 2)?)
        } else {
            (
                u16_at(hmtx, 4 * (metrics_count - 1))?,
                u16_at(hmtx, 4 * metrics_count + 2 * (i - metrics_count))?,
            )
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }

    let count = old_ids.len() as u16;
    let mut new_head = head.to_vec();
    new_head[8..12].copy_from_slice(&[0; 4]);
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea[34..36].copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&count.to_be_bytes());
    let mut new_post = post
        .get(..32)
        .ok_or(SubsetError("the post table is too short"))?
        .to_vec();
    new_post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

    let mapped: Vec<(u16, u16)> = cmap
        .iter()
        .filter_map(|(&c, g)| Some((u16::try_from(u32::from(c)).ok()?, new_id[g])))
        .collect();
    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"cmap", cmap_format4(&mapped)),
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
        (*b"post", new_post),
    ];
    if let Some(kern) = kern_table(&face, &old_ids) {
        tables.push((*b"kern", kern));
    }
    for tag in COPIED {
        if let Some(data) = table(tag) {
            tables.push((*tag, data.to_vec()));
        }
    }
    tables.sort_by_key(|(tag, _)| *tag);
    Ok(assemble(&tables))
}

/// The font with only the tables a renderer needs to draw text the way
/// annals measures it: the glyphs, their metrics, `cmap`, `kern` and the
/// names. The layout tables (GSUB, GPOS, GDEF) and hinting programs go:
/// annals neither shapes nor hints, and a renderer that reads a font for
/// every glyph (usvg does) reads a third as much.
pub fn for_rendering(font: &[u8]) -> Result<Vec<u8>, SubsetError> {
    const KEPT: [&[u8; 4]; 11] = [
        b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"kern", b"loca", b"maxp", b"name",
        b"post",
    ];
    let face = Face::parse(font, 0).map_err(|_| SubsetError("not a TrueType font"))?;
    let tables: Vec<([u8; 4], Vec<u8>)> = KEPT
        .iter()
        .filter_map(|&&tag| {
            let data = face.raw_face().table(Tag::from_bytes(&tag))?;
            Some((tag, data.to_vec()))
        })
        .collect();
    Ok(assemble(&tables))
}

/// The components of a composite glyph: (byte offset of the glyph index,
/// glyph index). Empty for simple and empty glyphs.
fn components(data: &[u8]) -> Result<Vec<(usize, u16)>, SubsetError> {
    let mut out = Vec::new();
    if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
        return Ok(out);
    }
    let mut at = 10;
    loop {
        let flags = u16_at(data, at)?;
        out.push((at + 2, u16_at(data, at + 2)?));
        at += 4;
        at += if flags & 0x0001 != 0 { 4 } else { 2 };
        if flags & 0x0008 != 0 {
            at += 2;
        } else if flags & 0x0040 != 0 {
            at += 4;
        } else if flags & 0x0080 != 0 {
            at += 8;
        }
        if flags & 0x0020 == 0 {
            return Ok(out);
        }
    }
}

/// A `cmap` with one format 4 subtable (Windows, Unicode BMP), a segment a
/// character: few characters are used, so ranges would not pay.
fn cmap_format4(mapped: &[(u16, u16)]) -> Vec<u8> {
    let mut segments: Vec<(u16, u16)> = mapped.to_vec();
    segments.retain(|&(c, _)| c != 0xFFFF);
    let seg_count = segments.len() as u16 + 1;
    let mut pow = 1u16;
    let mut entry_selector = 0u16;
    while pow * 2 <= seg_count {
        pow *= 2;
        entry_selector += 1;
    }
    let search_range = 2 * pow;
    let range_shift = 2 * seg_count - search_range;
    let mut sub = Vec::new();
    let length = 16 + 8 * usize::from(seg_count);
    for v in [
        4u16,
        length as u16,
        0,
        seg_count * 2,
        search_range,
        entry_selector,
        range_shift,
    ] {
        sub.extend_from_slice(&v.to_be_bytes());
    }
    for &(c, _) in &segments {
        sub.extend_from_slice(&c.to_be_bytes());
    }
    sub.extend_from_slice(&0xFFFFu16.to_be_bytes());
    sub.extend_from_slice(&0u16.to_be_bytes()); // reservedPad
    for &(c, _) in &segments {
        sub.extend_from_slice(&c.to_be_bytes());
    }
    sub.extend_from_slice(&0xFFFFu16.to_be_bytes());
    for &(c, g) in &segments {
        sub.extend_from_slice(&g.wrapping_sub(c).to_be_bytes());
    }
    sub.extend_from_slice(&1u16.to_be_bytes());
    for _ in 0..seg_count {
        sub.extend_from_slice(&0u16.to_be_bytes());
    }
    let mut table = Vec::new();
    for v in [0u16, 1, 3, 1] {
        table.extend_from_slice(&v.to_be_bytes());
    }
    table.extend_from_slice(&12u32.to_be_bytes());
    table.extend_from_slice(&sub);
    table
}

/// A format 0 `kern` table of the pairs among the kept glyphs.
fn kern_table(face: &Face<'_>, old_ids: &[u16]) -> Option<Vec<u8>> {
    let kern = face.tables().kern?;
    let mut pairs = Vec::new();
    for (left_new, &left) in old_ids.iter().enumerate() {
        for (right_new, &right) in old_ids.iter().enumerate() {
            let value: i16 = kern
                .subtables
                .into_iter()
                .filter(|s| s.horizontal && !s.variable)
                .find_map(|s| s.glyphs_kerning(GlyphId(left), GlyphId(right)))
                .unwrap_or(0);
            if value != 0 {
                pairs.push((left_new as u16, right_new as u16, value));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len().min(usize::from(u16::MAX / 6 - 3)) as u16;
    let mut search = 1u16;
    let mut selector = 0u16;
    while search * 2 <= n {
        search *= 2;
        selector += 1;
    }
    let mut t = Vec::new();
    for v in [
        0u16,
        1,
        0,
        14 + 6 * n,
        0x0001,
        n,
        search * 6,
        selector,
        (n - search) * 6,
    ] {
        t.extend_from_slice(&v.to_be_bytes());
    }
    for &(l, r, v) in pairs.iter().take(usize::from(n)) {
        t.extend_from_slice(&l.to_be_bytes());
        t.extend_from_slice(&r.to_be_bytes());
        t.extend_from_slice(&v.to_be_bytes());
    }
    Some(t)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Writes the table directory and the tables, 4-byte aligned, and sets
/// the head table's checksum adjustment.
fn assemble(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut search = 1u16;
    let mut selector = 0u16;
    while search * 2 <= n {
        search *= 2;
        selector += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, search * 16, selector, n * 16 - search * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_offset = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_offset = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_offset {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The font for rendering has every glyph, advance and kerning pair
    /// of the original, and no layout tables or hinting programs.
    #[test]
    fn the_font_for_rendering_keeps_glyphs_metrics_and_kerning_only() {
        for data in [crate::font::regular(), crate::font::bold()] {
            let lean = for_rendering(data).unwrap();
            let (a, b) = (
                Face::parse(data, 0).unwrap(),
                Face::parse(&lean, 0).unwrap(),
            );
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            assert!(lean.len() < data.len());
            for tag in [b"GSUB", b"GPOS", b"GDEF", b"fpgm"] {
                assert!(a.raw_face().table(Tag::from_bytes(tag)).is_some());
                assert!(b.raw_face().table(Tag::from_bytes(tag)).is_none());
            }
            let kern = |f: &Face<'_>, x: char, y: char| {
                let (x, y) = (f.glyph_index(x).unwrap(), f.glyph_index(y).unwrap());
                f.tables().kern.map(|k| {
                    k.subtables
                        .into_iter()
                        .filter_map(|s| s.glyphs_kerning(x, y))
                        .sum::<i16>()
                })
            };
            for (x, y) in [('A', 'V'), ('T', 'o'), ('a', 'b')] {
                assert_eq!(kern(&a, x, y), kern(&b, x, y));
            }
            for c in ['A', 'g', '–', 'Ж'] {
                let (ga, gb) = (a.glyph_index(c).unwrap(), b.glyph_index(c).unwrap());
                assert_eq!(a.glyph_hor_advance(ga), b.glyph_hor_advance(gb));
            }
        }
    }

    #[test]
    fn a_subset_maps_its_characters_and_keeps_widths_and_kerning() {
        let chars: BTreeSet<char> = "AVoTa é1932".chars().collect();
        let data = subset(super::super::regular(), &chars).unwrap();
        assert!(data.len() < 30_000, "{} bytes", data.len());
        let full = Face::parse(super::super::regular(), 0).unwrap();
        let small = Face::parse(&data, 0).unwrap();
        for c in chars {
            let (a, b) = (full.glyph_index(c).unwrap(), small.glyph_index(c).unwrap());
            assert_eq!(full.glyph_hor_advance(a), small.glyph_hor_advance(b), "{c}");
            assert_eq!(
                full.glyph_bounding_box(a),
                small.glyph_bounding_box(b),
                "{c}"
            );
        }
        assert!(small.glyph_index('Z').is_none());
        let kern = |f: &Face<'_>, a: char, b: char| {
            f.tables().kern.and_then(|k| {
                k.subtables.into_iter().find_map(|s| {
                    s.glyphs_kerning(f.glyph_index(a).unwrap(), f.glyph_index(b).unwrap())
                })
            })
        };
        assert_eq!(kern(&full, 'A', 'V'), kern(&small, 'A', 'V'));
        assert!(kern(&small, 'A', 'V').is_some());
    }

    #[test]
    fn composite_glyphs_keep_their_components() {
        // é is a composite of e and the acute accent in DejaVu Sans.
        let chars: BTreeSet<char> = "é".chars().collect();
        let data = subset(super::super::regular(), &chars).unwrap();
        let small = Face::parse(&data, 0).unwrap();
        let g = small.glyph_index('é').unwrap();
        assert!(small.glyph_bounding_box(g).is_some());
        assert!(small.number_of_glyphs() >= 3);
    }
}
