//! A figure drawn, in memory: the SVG every format is made from, with
//! the text alternative and the document information PDFs carry.

use crate::error::Error;
use crate::export;
use crate::figure::Format;
use crate::model::Timeline;

/// A figure drawn: its SVG, and what the other formats and the text
/// alternatives are made from. (A *figure* is what the file declares, a
/// [`crate::figure::FigureSpec`]; a drawing is what is made of it.)
#[derive(Debug, Clone)]
pub struct Drawing {
    /// The SVG document, the source of truth.
    pub svg: String,
    /// Ids of events whose labels did not fit and were left out.
    pub dropped: Vec<String>,
    /// Ids of events identified by a number and the callout key rather
    /// than a label.
    pub numbered: Vec<String>,
    /// PNG pixels per CSS pixel.
    pub scale: f32,
    /// The text alternative, also written as `.alt.txt` beside PNG and PDF.
    pub description: String,
    /// Title, author and language, for the PDF's document information.
    pub title: String,
    /// The author of the work (`[timeline.work]`).
    pub author: Option<String>,
    /// The text's language, a BCP 47 tag.
    pub language: String,
    /// The interactive page of a timeline, when asked for (see
    /// [`with_page`]).
    pub page: Option<String>,
}

impl Drawing {
    /// The figure in `format`.
    pub fn bytes(&self, format: Format) -> Result<Vec<u8>, Error> {
        let mut all = self.bytes_in(&[format])?;
        Ok(all.pop().unwrap_or_default())
    }

    /// The figure in each of `formats`, in order: PNG and PDF from one
    /// parse of its SVG.
    pub fn bytes_in(&self, formats: &[Format]) -> Result<Vec<Vec<u8>>, Error> {
        let meta = export::Metadata {
            title: self.title.clone(),
            author: self.author.clone(),
            subject: self.description.clone(),
            language: self.language.clone(),
        };
        let images: Vec<Format> = formats
            .iter()
            .copied()
            .filter(|f| *f != Format::Html)
            .collect();
        let mut images = export::bytes_in(&self.svg, &images, self.scale, &meta)?.into_iter();
        formats
            .iter()
            .map(|&format| {
                if format == Format::Html {
                    self.page.clone().map(String::into_bytes).ok_or_else(|| {
                        Error::Request(
                            "an interactive page (html) is made for timelines only".into(),
                        )
                    })
                } else {
                    Ok(images.next().unwrap_or_default())
                }
            })
            .collect()
    }
}

/// The author of the timeline's work, if it names one.
pub(crate) fn author_of(timeline: &Timeline) -> Option<String> {
    timeline.work.as_ref().map(|w| w.author.clone())
}
