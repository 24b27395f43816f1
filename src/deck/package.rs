//! The parts of a `PresentationML` package (ECMA-376 part 1), zipped: the
//! presentation, one slide master with one blank layout, a theme, a notes
//! master with its own theme, and each slide with its notes slide. Every part PowerPoint requires is here, with its content type
//! and relationships, in the schema's element order; nothing else is.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::model::Rgb;

/// What `PresentationML`'s namespaces are called in every part.
const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Relationship types.
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Content types of the parts.
const CT: &str = "application/vnd.openxmlformats-officedocument";

/// One slide: its shapes and notes.
#[derive(Debug, Clone)]
pub(crate) struct SlidePart {
    /// The slide's name (`cSld name`): the figure's id, and its step.
    pub(crate) name: String,
    /// The shapes of the slide's tree, after its own group properties.
    pub(crate) shapes: String,
    /// The speaker notes, a paragraph each.
    pub(crate) notes: Vec<String>,
    /// The slide's background.
    pub(crate) background: Rgb,
}

/// A whole deck, ready to be zipped.
#[derive(Debug, Clone)]
pub(crate) struct Package {
    /// The slides, in order.
    pub(crate) slides: Vec<SlidePart>,
    /// The slide's width and height in EMU.
    pub(crate) size: (i64, i64),
    /// The deck's title (document properties).
    pub(crate) title: String,
    /// Who wrote what it shows.
    pub(crate) author: Option<String>,
    /// The language of its text, BCP 47.
    pub(crate) language: String,
    /// Text and background colours of the theme.
    pub(crate) text: Rgb,
    /// The slides' background.
    pub(crate) background: Rgb,
}

/// Text for XML content and attribute values: the five special characters
/// escaped, line ends kept in attributes, and the characters XML 1.0 does
/// not allow left out.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => {}
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// `#rrggbb` without the `#`, as `srgbClr` takes it.
pub(crate) fn hex(c: Rgb) -> String {
    format!("{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

impl Package {
    /// The package as the bytes of a `.pptx` file.
    pub(crate) fn zip(&self) -> Result<Vec<u8>, zip::result::ZipError> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // A fixed time, so that the same input makes the same file.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, bytes) in self.parts() {
            zip.start_file(name, options)?;
            zip.write_all(&bytes)?;
        }
        Ok(zip.finish()?.into_inner())
    }

    /// Every part: its name in the package and its bytes. The content
    /// types come first, as readers that stream the file expect.
    fn parts(&self) -> Vec<(String, Vec<u8>)> {
        let mut parts: Vec<(String, Vec<u8>)> = vec![
            ("[Content_Types].xml".into(), self.content_types().into()),
            ("_rels/.rels".into(), ROOT_RELS.into()),
            ("docProps/core.xml".into(), self.core().into()),
            ("docProps/app.xml".into(), self.app().into()),
            ("ppt/presentation.xml".into(), self.presentation().into()),
            (
                "ppt/_rels/presentation.xml.rels".into(),
                self.presentation_rels().into(),
            ),
            ("ppt/presProps.xml".into(), pres_props().into()),
            ("ppt/viewProps.xml".into(), view_props().into()),
            ("ppt/tableStyles.xml".into(), TABLE_STYLES.into()),
            ("ppt/theme/theme1.xml".into(), self.theme("annals").into()),
            (
                "ppt/theme/theme2.xml".into(),
                self.theme("annals notes").into(),
            ),
            (
                "ppt/slideMasters/slideMaster1.xml".into(),
                Self::master().into(),
            ),
            (
                "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
                rels(&[
                    ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                    ("rId2", "theme", "../theme/theme1.xml"),
                ])
                .into(),
            ),
            ("ppt/slideLayouts/slideLayout1.xml".into(), layout().into()),
            (
                "ppt/slideLayouts/_rels/slideLayout1.xml.rels".into(),
                rels(&[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]).into(),
            ),
            (
                "ppt/notesMasters/notesMaster1.xml".into(),
                notes_master().into(),
            ),
            (
                "ppt/notesMasters/_rels/notesMaster1.xml.rels".into(),
                rels(&[("rId1", "theme", "../theme/theme2.xml")]).into(),
            ),
        ];
        for (i, slide) in self.slides.iter().enumerate() {
            let n = i + 1;
            parts.push((format!("ppt/slides/slide{n}.xml"), slide_xml(slide).into()));
            let notes = format!("../notesSlides/notesSlide{n}.xml");
            let links = [
                ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                ("rId2", "notesSlide", notes.as_str()),
            ];
            parts.push((
                format!("ppt/slides/_rels/slide{n}.xml.rels"),
                rels(&links).into(),
            ));
            parts.push((
                format!("ppt/notesSlides/notesSlide{n}.xml"),
                notes_xml(&slide.notes, &self.language).into(),
            ));
            let slide_path = format!("../slides/slide{n}.xml");
            parts.push((
                format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
                rels(&[
                    ("rId1", "notesMaster", "../notesMasters/notesMaster1.xml"),
                    ("rId2", "slide", slide_path.as_str()),
                ])
                .into(),
            ));
        }
        parts
    }

    fn content_types(&self) -> String {
        let mut out = format!(
            "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        );
        let mut over = |part: &str, kind: &str| {
            let _ = write!(
                out,
                "<Override PartName=\"/{part}\" ContentType=\"{kind}\"/>"
            );
        };
        over(
            "ppt/presentation.xml",
            &format!("{CT}.presentationml.presentation.main+xml"),
        );
        over(
            "ppt/slideMasters/slideMaster1.xml",
            &format!("{CT}.presentationml.slideMaster+xml"),
        );
        over(
            "ppt/slideLayouts/slideLayout1.xml",
            &format!("{CT}.presentationml.slideLayout+xml"),
        );
        over(
            "ppt/notesMasters/notesMaster1.xml",
            &format!("{CT}.presentationml.notesMaster+xml"),
        );
        over("ppt/theme/theme1.xml", &format!("{CT}.theme+xml"));
        over("ppt/theme/theme2.xml", &format!("{CT}.theme+xml"));
        over(
            "ppt/presProps.xml",
            &format!("{CT}.presentationml.presProps+xml"),
        );
        over(
            "ppt/viewProps.xml",
            &format!("{CT}.presentationml.viewProps+xml"),
        );
        over(
            "ppt/tableStyles.xml",
            &format!("{CT}.presentationml.tableStyles+xml"),
        );
        over(
            "docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
        );
        over("docProps/app.xml", &format!("{CT}.extended-properties+xml"));
        for n in 1..=self.slides.len() {
            over(
                &format!("ppt/slides/slide{n}.xml"),
                &format!("{CT}.presentationml.slide+xml"),
            );
            over(
                &format!("ppt/notesSlides/notesSlide{n}.xml"),
                &format!("{CT}.presentationml.notesSlide+xml"),
            );
        }
        out.push_str("</Types>");
        out
    }

    fn core(&self) -> String {
        let creator = self
            .author
            .as_deref()
            .map(|a| format!("<dc:creator>{}</dc:creator>", xml(a)))
            .unwrap_or_default();
        format!(
            "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
             <dc:title>{}</dc:title>{creator}<dc:language>{}</dc:language></cp:coreProperties>",
            xml(&self.title),
            xml(&self.language)
        )
    }

    fn app(&self) -> String {
        let n = self.slides.len();
        format!(
            "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
             <Application>annals {}</Application><Slides>{n}</Slides><Notes>{n}</Notes></Properties>",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn presentation(&self) -> String {
        let mut slides = String::new();
        for i in 0..self.slides.len() {
            let _ = write!(
                slides,
                "<p:sldId id=\"{}\" r:id=\"rId{}\"/>",
                256 + i,
                FIRST_SLIDE_REL + i
            );
        }
        let (cx, cy) = self.size;
        // 4:3 has a name of its own; 16:9 at 13.33 x 7.5 in is written
        // without one, as PowerPoint writes it.
        let kind = if cx * 3 == cy * 4 {
            " type=\"screen4x3\""
        } else {
            ""
        };
        format!(
            "{DECL}<p:presentation {NS} saveSubsetFonts=\"1\">\
             <p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>\
             <p:notesMasterIdLst><p:notesMasterId r:id=\"rId2\"/></p:notesMasterIdLst>\
             <p:sldIdLst>{slides}</p:sldIdLst>\
             <p:sldSz cx=\"{cx}\" cy=\"{cy}\"{kind}/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>\
             <p:defaultTextStyle><a:defPPr><a:defRPr lang=\"{}\"/></a:defPPr></p:defaultTextStyle>\
             </p:presentation>",
            xml(&self.language)
        )
    }

    fn presentation_rels(&self) -> String {
        let slides: Vec<String> = (1..=self.slides.len())
            .map(|n| format!("slides/slide{n}.xml"))
            .collect();
        let ids: Vec<String> = (0..self.slides.len())
            .map(|i| format!("rId{}", FIRST_SLIDE_REL + i))
            .collect();
        let mut links = vec![
            ("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
            ("rId2", "notesMaster", "notesMasters/notesMaster1.xml"),
            ("rId3", "theme", "theme/theme1.xml"),
            ("rId4", "presProps", "presProps.xml"),
            ("rId5", "viewProps", "viewProps.xml"),
            ("rId6", "tableStyles", "tableStyles.xml"),
        ];
        for (id, target) in ids.iter().zip(&slides) {
            links.push((id, "slide", target));
        }
        rels(&links)
    }

    /// A theme whose dark and light colours are the figure's text and
    /// background, and whose fonts are Arial, which the text was measured
    /// for.
    fn theme(&self, name: &str) -> String {
        let (text, background) = (hex(self.text), hex(self.background));
        let accents = ["4C72B0", "DD8452", "55A868", "C44E52", "8172B3", "937860"];
        let mut scheme = format!(
            "<a:dk1><a:srgbClr val=\"{text}\"/></a:dk1><a:lt1><a:srgbClr val=\"{background}\"/></a:lt1>\
             <a:dk2><a:srgbClr val=\"{text}\"/></a:dk2><a:lt2><a:srgbClr val=\"{background}\"/></a:lt2>"
        );
        for (i, a) in accents.iter().enumerate() {
            let _ = write!(
                scheme,
                "<a:accent{n}><a:srgbClr val=\"{a}\"/></a:accent{n}>",
                n = i + 1
            );
        }
        scheme.push_str(
            "<a:hlink><a:srgbClr val=\"0563C1\"/></a:hlink><a:folHlink><a:srgbClr val=\"954F72\"/></a:folHlink>",
        );
        let font = format!(
            "<a:latin typeface=\"{}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>",
            crate::font::ARIAL
        );
        let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
        let line = format!("<a:ln w=\"6350\">{fill}</a:ln>");
        let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
        format!(
            "{DECL}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"{name}\">\
             <a:themeElements><a:clrScheme name=\"{name}\">{scheme}</a:clrScheme>\
             <a:fontScheme name=\"{name}\"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>\
             <a:fmtScheme name=\"{name}\"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>\
             <a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>\
             <a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>\
             <a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>\
             <a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
        )
    }

    fn master() -> String {
        let style = |size: u32| {
            format!(
                "<a:lvl1pPr><a:defRPr sz=\"{size}\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
                 <a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr>"
            )
        };
        format!(
            "{DECL}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>\
             <p:spTree>{}</p:spTree></p:cSld>{CLR_MAP}\
             <p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>\
             <p:txStyles><p:titleStyle>{}</p:titleStyle><p:bodyStyle>{}</p:bodyStyle><p:otherStyle>{}</p:otherStyle></p:txStyles>\
             </p:sldMaster>",
            tree_head(),
            style(3200),
            style(2000),
            style(1800)
        )
    }
}

/// The first relationship id of the presentation's slides: `rId1` to
/// `rId6` are its master, notes master, theme and properties.
const FIRST_SLIDE_REL: usize = 7;

const CLR_MAP: &str = "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" \
     accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" \
     accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
     <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
     <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"ppt/presentation.xml\"/>\
     <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
     <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
     </Relationships>";

const TABLE_STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
     <a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
     def=\"{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}\"/>";

fn pres_props() -> String {
    format!("{DECL}<p:presentationPr {NS}/>")
}

fn view_props() -> String {
    format!("{DECL}<p:viewPr {NS}><p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>")
}

/// A relationships part: `(id, type, target)` each.
fn rels(links: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (id, kind, target) in links {
        let _ = write!(
            out,
            "<Relationship Id=\"{id}\" Type=\"{REL}/{kind}\" Target=\"{target}\"/>"
        );
    }
    out.push_str("</Relationships>");
    out
}

/// The group properties every shape tree starts with.
fn tree_head() -> &'static str {
    "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
     <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/>\
     <a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>"
}

fn layout() -> String {
    format!(
        "{DECL}<p:sldLayout {NS} type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\"><p:spTree>{}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        tree_head()
    )
}

/// A placeholder shape of a notes page: the slide's image or the notes.
fn placeholder(
    id: u32,
    name: &str,
    kind: &str,
    (x, y, cx, cy): (i64, i64, i64, i64),
    body: &str,
) -> String {
    let (index, text) = if kind == "body" {
        (
            " idx=\"1\"",
            format!("<p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody>"),
        )
    } else {
        ("", String::new())
    };
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"{kind}\"{index}/></p:nvPr></p:nvSpPr>\
         <p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>{text}</p:sp>"
    )
}

/// Where a notes page shows the slide, and its notes.
const NOTES_IMAGE: (i64, i64, i64, i64) = (381_000, 685_800, 6_096_000, 3_429_000);
const NOTES_BODY: (i64, i64, i64, i64) = (685_800, 4_343_400, 5_486_400, 4_114_800);

fn notes_master() -> String {
    format!(
        "{DECL}<p:notesMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>\
         <p:spTree>{}{}{}</p:spTree></p:cSld>{CLR_MAP}\
         <p:notesStyle><a:lvl1pPr><a:defRPr sz=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
         <a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:notesStyle></p:notesMaster>",
        tree_head(),
        placeholder(2, "Slide Image Placeholder 1", "sldImg", NOTES_IMAGE, ""),
        placeholder(
            3,
            "Notes Placeholder 2",
            "body",
            NOTES_BODY,
            "<a:p><a:endParaRPr lang=\"en\"/></a:p>"
        ),
    )
}

fn notes_xml(paragraphs: &[String], language: &str) -> String {
    let mut body = String::new();
    for p in paragraphs {
        let _ = write!(
            body,
            "<a:p><a:r><a:rPr lang=\"{}\" dirty=\"0\"/><a:t>{}</a:t></a:r></a:p>",
            xml(language),
            xml(p)
        );
    }
    if body.is_empty() {
        body.push_str("<a:p><a:endParaRPr lang=\"en\"/></a:p>");
    }
    format!(
        "{DECL}<p:notes {NS}><p:cSld><p:spTree>{}{}{}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>",
        tree_head(),
        placeholder(2, "Slide Image Placeholder 1", "sldImg", NOTES_IMAGE, ""),
        placeholder(3, "Notes Placeholder 2", "body", NOTES_BODY, &body),
    )
}

fn slide_xml(slide: &SlidePart) -> String {
    format!(
        "{DECL}<p:sld {NS}><p:cSld name=\"{}\"><p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>\
         <a:effectLst/></p:bgPr></p:bg><p:spTree>{}{}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
        xml(&slide.name),
        hex(slide.background),
        tree_head(),
        slide.shapes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// XML text: the special characters escaped, line ends kept as
    /// references, and what XML 1.0 forbids left out, so a label of any
    /// text makes a well-formed part.
    #[test]
    fn any_text_makes_well_formed_xml() {
        assert_eq!(
            xml("a < b & \"c\" 'd' >"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;"
        );
        assert_eq!(xml("one\ntwo\r\tthree"), "one&#10;two&#9;three");
        assert_eq!(xml("bell\u{7}\u{FFFE}!"), "bell!");
        assert_eq!(xml("Мейдзи 明治"), "Мейдзи 明治");
    }

    /// The relationship ids the presentation gives its slides follow its
    /// six other parts, and its slide ids start at 256.
    #[test]
    fn slides_are_listed_after_the_presentations_other_parts() {
        let slide = SlidePart {
            name: "s".into(),
            shapes: String::new(),
            notes: vec!["a note".into()],
            background: Rgb(255, 255, 255),
        };
        let package = Package {
            slides: vec![slide.clone(), slide],
            size: (9_144_000, 6_858_000),
            title: "T".into(),
            author: None,
            language: "en".into(),
            text: Rgb(0, 0, 0),
            background: Rgb(255, 255, 255),
        };
        let presentation = package.presentation();
        assert!(
            presentation
                .contains(r#"<p:sldId id="256" r:id="rId7"/><p:sldId id="257" r:id="rId8"/>"#)
        );
        assert!(presentation.contains(r#"type="screen4x3""#));
        let rels = package.presentation_rels();
        assert!(rels.contains(r#"Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide2.xml""#));
    }
}
