//! The frame every figure shares: title, subtitle, source line.

use super::scene::{Text, TextRole};
use super::size;
use crate::font;

/// The frame every figure shares: title and subtitle at the top, the
/// source line at the foot, and the room left between them.
pub(crate) struct Frame {
    /// Text size scale: 1 on a 1920x1080 slide.
    pub(crate) s: f32,
    /// Left and right margin.
    pub(crate) margin: f32,
    /// The title, subtitle and source lines.
    pub(crate) texts: Vec<Text>,
    /// Under the subtitle.
    pub(crate) top: f32,
    /// Over the source line.
    pub(crate) bottom: f32,
}

impl Frame {
    /// Lays out the title, subtitle and source line of a `w` x `h` canvas.
    pub(crate) fn new(
        w: f32,
        h: f32,
        title: &str,
        subtitle: Option<&str>,
        source: Option<&str>,
    ) -> Frame {
        let s = (w / 1920.0).min(h / 1080.0).clamp(0.5, 3.0);
        let margin = size::MARGIN * s;
        let width = w - 2.0 * margin;
        let mut texts = Vec::new();
        // Stacked lines keep 2 px apart, so that no font's boxes touch.
        let mut y = margin;
        // Titles and subtitles wrap to two lines, then shorten: a title of
        // any length stays on the canvas.
        for line in font::fit_lines(title, size::TITLE * s, true, width, 2) {
            let t = Text::new(line, margin, y, size::TITLE * s, TextRole::Title);
            y = t.bottom() + 2.0 * s;
            texts.push(t);
        }
        if let Some(sub) = subtitle {
            y += 4.0 * s;
            for line in font::fit_lines(sub, size::SUBTITLE * s, false, width, 2) {
                let t = Text::new(line, margin, y, size::SUBTITLE * s, TextRole::Subtitle);
                y = t.bottom() + 2.0 * s;
                texts.push(t);
            }
        }
        let mut bottom = h - margin;
        if let Some(source) = source {
            let small = size::SMALL * s;
            let lines = font::fit_lines(source, small, false, width, 3);
            let pitch = font::line_height(small) + 2.0 * s;
            bottom -= pitch * lines.len() as f32;
            for (i, line) in lines.into_iter().enumerate() {
                let top = bottom + pitch * i as f32;
                texts.push(Text::new(line, margin, top, small, TextRole::Source));
            }
            bottom -= 8.0 * s;
        }
        Frame {
            s,
            margin,
            texts,
            top: y,
            bottom,
        }
    }
}
