//! Step-by-step builds for lectures: numbered frames in which events appear
//! one at a time on a layout that never moves, one SVG for reveal.js whose
//! events are fragments, and a LaTeX beamer snippet.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::drawing::Drawing;
use crate::error::Error;
use crate::figure::{Format, TimelineOptions};
use crate::model::Timeline;
use crate::{export, layout, render};

/// A timeline built up step by step.
#[derive(Debug, Clone)]
pub struct Steps {
    /// Before the first step: the figure with no event (title, lanes,
    /// axis), as reveal.js shows the slide before the first fragment.
    pub start: Drawing,
    /// Frame k shows the first k events of `order`, the newest highlighted.
    pub frames: Vec<Drawing>,
    /// One SVG with every event in a reveal.js fragment, in order.
    pub reveal: String,
    /// Event ids in the order they appear.
    pub order: Vec<String>,
    /// The figure's title.
    pub title: String,
    /// The pixels of one PNG frame: width times height times scale squared.
    pub png_pixels: f64,
}

/// The most PNG pixels a build step by step draws, all frames together:
/// 200 frames of a 1920x1080 slide. Past it a build takes minutes and its
/// frames gigabytes.
pub const MAX_STEP_PIXELS: f64 = 200.0 * 1920.0 * 1080.0;

/// The most steps (frames) a build makes: a slide a step, far beyond a
/// lecture's, and a bound on the files and time a build takes.
pub const MAX_STEPS: usize = 200;

/// Lays a timeline out once and draws it step by step: the events of
/// `first` in that order, then the rest chronologically.
pub fn timeline_steps(
    timeline: &Timeline,
    options: &TimelineOptions,
    first: &[String],
) -> Result<Steps, Error> {
    let scene = layout::timeline(timeline, options).map_err(Error::Layout)?;
    if scene.events.len() > MAX_STEPS {
        return Err(Error::Request(format!(
            "a build step by step shows one event a step, and this figure shows {} events, \
             over the limit of {MAX_STEPS}; filter it (categories, tags, importance, from, to) \
             or draw it whole",
            scene.events.len()
        )));
    }
    let svg_error = |e: render::DrawError| Error::Export {
        format: "SVG",
        message: e.to_string(),
    };
    let order = step_order(&scene.events, first);
    let mut frames = Vec::with_capacity(order.len());
    let names: Vec<String> = order
        .iter()
        .map(|&i| event_name(timeline, &scene.events[i]))
        .collect();
    let frame = |k: usize| -> Result<Drawing, Error> {
        let description = frame_description(&scene.title, &names, k);
        let newest = k.checked_sub(1).map(|n| order[n]);
        let mut svg = render::timeline_frame_svg(&scene, &order[..k], newest, &description)
            .map_err(svg_error)?;
        if options.text_as_paths {
            svg = export::svg_text_as_paths(&svg)?;
        }
        Ok(Drawing {
            svg,
            dropped: scene.dropped.clone(),
            numbered: scene.numbered.clone(),
            scale: options.scale,
            description,
            title: scene.title.clone(),
            author: crate::drawing::author_of(timeline),
            language: timeline.language.clone(),
            page: None,
        })
    };
    let start = frame(0)?;
    for k in 1..=order.len() {
        frames.push(frame(k)?);
    }
    let reveal = render::timeline_fragments_svg(&scene, &order).map_err(svg_error)?;
    Ok(Steps {
        start,
        frames,
        reveal,
        order: order.iter().map(|&i| scene.events[i].clone()).collect(),
        title: scene.title,
        png_pixels: f64::from(options.size.width)
            * f64::from(options.size.height)
            * f64::from(options.scale).powi(2),
    })
}

/// The order events appear in, as indices into `events` (a scene's): those
/// of `first` in that order, then the rest chronologically.
pub fn step_order(events: &[String], first: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = first
        .iter()
        .filter_map(|id| events.iter().position(|e| e == id))
        .collect();
    let first_set: std::collections::HashSet<usize> = order.iter().copied().collect();
    order.extend((0..events.len()).filter(|i| !first_set.contains(i)));
    order
}

/// What an event is called in descriptions and alt text: its date as the
/// text gives it, and its label.
pub fn event_name(timeline: &Timeline, id: &str) -> String {
    timeline.event(id).map_or_else(|| id.to_owned(), name_of)
}

/// [`event_name`] of an event at hand.
pub fn name_of(e: &crate::model::Event) -> String {
    format!("{}: {}", e.date.display(), e.label)
}

/// What frame `k` of a build shows, for its alt text: `names` are the
/// events' names in the order they appear. Each frame describes what it
/// shows, not the whole figure.
pub fn frame_description(title: &str, names: &[String], k: usize) -> String {
    if k == 0 {
        return format!(
            "{title}, before the first of {} steps: the lanes and the time axis, no event yet.",
            names.len()
        );
    }
    format!(
        "{title}, step {k} of {}: {} added. It shows {k} of {} events: {}.",
        names.len(),
        names[k - 1],
        names.len(),
        names[..k].join("; ")
    )
}

/// The file name of frame `k` of `n` (0 is the start, before the first
/// step): `stem-01.svg`.
pub fn frame_name(stem: &str, k: usize, n: usize, format: Format) -> String {
    let width = n.to_string().len().max(2);
    format!("{stem}-{k:0width$}.{}", format.extension())
}

/// A beamer frame that starts as the reveal.js build does, with the
/// figure and no event (frame 0 on overlay 1), then shows frame k on
/// overlay k + 1: `\includegraphics<k+1>`.
///
/// The frames' paths are under `\annalsdir`, which the snippet sets to
/// `dir` (the folder the frames were written to, as given to `annals`)
/// unless the document set it first: LaTeX resolves paths from the main
/// document, not from the snippet. Every line ends in `%`, so no stray
/// space moves an overlay. The frame title is off unless the document
/// defines `\annalsframetitle` (the figure has its own title).
pub fn beamer(dir: &str, stem: &str, title: &str, n: usize, format: Format) -> String {
    let dir = if dir.is_empty() || dir.ends_with('/') {
        dir.to_owned()
    } else {
        format!("{dir}/")
    };
    let mut tex = format!(
        "% annals: \"{title}\" built up in {n} steps after the start ({ext} frames).%\n\
         % \\input this file from the main document, or paste the frame. The frames%\n\
         % are read from \\annalsdir, \"{dir}\" unless the document sets it first:%\n\
         % \\newcommand{{\\annalsdir}}{{figures/}}. For a frame title, define%\n\
         % \\newcommand{{\\annalsframetitle}}[1]{{\\frametitle{{#1}}}} before it.%\n\
         \\providecommand{{\\annalsdir}}{{{}}}%\n\
         \\providecommand{{\\annalsframetitle}}[1]{{}}%\n\
         \\begin{{frame}}%\n  \\annalsframetitle{{{}}}%\n  \\centering%\n",
        latex_path(&dir),
        latex_escape(title),
        ext = format.extension().to_uppercase(),
    );
    for k in 0..=n {
        let _ = writeln!(
            tex,
            "  \\includegraphics<{}>[width=\\linewidth]{{\\annalsdir {}}}%",
            k + 1,
            frame_name(stem, k, n, format)
        );
    }
    tex.push_str("\\end{frame}%\n");
    tex
}

/// A folder as `\includegraphics` takes it: forward slashes, and the
/// characters TeX would read as commands escaped by `\detokenize`.
fn latex_path(dir: &str) -> String {
    let dir = dir.replace('\\', "/");
    if dir
        .chars()
        .any(|c| matches!(c, '%' | '#' | '&' | '{' | '}' | '~' | '^' | '$' | '_' | ' '))
    {
        format!("\\detokenize{{{dir}}}")
    } else {
        dir
    }
}

fn latex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            c => out.push(c),
        }
    }
    out
}

/// The files of a step-by-step build in `dir`: the start and the frames in
/// each format,
/// `stem-reveal.svg`, and `stem-steps.tex` (using PDF frames if made, else
/// PNG, else SVG).
pub fn files(
    steps: &Steps,
    dir: &Path,
    stem: &str,
    formats: &[Format],
) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let n = steps.frames.len();
    let pixels = (n + 1) as f64 * steps.png_pixels;
    if formats.contains(&Format::Png) && pixels > MAX_STEP_PIXELS {
        return Err(Error::Request(format!(
            "{} PNG frames of {:.1} megapixels each are {:.0} megapixels, over the limit of {:.0} \
             for a build step by step; draw the frames as SVG or PDF, at a smaller size or \
             scale, or in fewer steps",
            n + 1,
            steps.png_pixels / 1e6,
            pixels / 1e6,
            MAX_STEP_PIXELS / 1e6
        )));
    }
    let mut out = Vec::new();
    // Frames are images; the interactive page is the whole figure's.
    let formats: Vec<Format> = formats
        .iter()
        .copied()
        .filter(|f| *f != Format::Html)
        .collect();
    let formats = formats.as_slice();
    let all: Vec<&Drawing> = std::iter::once(&steps.start).chain(&steps.frames).collect();
    for (k, frame) in all.iter().enumerate() {
        for (&format, bytes) in formats.iter().zip(frame.bytes_in(formats)?) {
            out.push((dir.join(frame_name(stem, k, n, format)), bytes));
        }
    }
    // PNG and PDF frames carry no text alternative: one beside each frame.
    if formats.iter().any(|f| *f != Format::Svg) {
        for (k, frame) in all.iter().enumerate() {
            let stem = frame_name(stem, k, n, Format::Svg);
            let alt = dir.join(stem.replace(".svg", ".alt.txt"));
            out.push((alt, format!("{}\n", frame.description).into_bytes()));
        }
    }
    out.push((
        dir.join(format!("{stem}-reveal.svg")),
        steps.reveal.clone().into_bytes(),
    ));
    let beamer_format = [Format::Pdf, Format::Png, Format::Svg]
        .into_iter()
        .find(|f| formats.contains(f))
        .unwrap_or(Format::Pdf);
    out.push((
        dir.join(format!("{stem}-steps.tex")),
        beamer(&dir.to_string_lossy(), stem, &steps.title, n, beamer_format).into_bytes(),
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_names_sort_and_beamer_lists_them() {
        assert_eq!(frame_name("law", 3, 14, Format::Svg), "law-03.svg");
        assert_eq!(frame_name("law", 3, 140, Format::Pdf), "law-003.pdf");
        let tex = beamer("output", "law", "Labour & law", 2, Format::Pdf);
        assert!(tex.contains("\\providecommand{\\annalsdir}{output/}%"));
        assert!(tex.contains("\\annalsframetitle{Labour \\& law}%"));
        // It starts as the reveal.js build does: the figure, no event.
        assert!(tex.contains("\\includegraphics<1>[width=\\linewidth]{\\annalsdir law-00.pdf}%"));
        assert!(tex.contains("\\includegraphics<2>[width=\\linewidth]{\\annalsdir law-01.pdf}%"));
        assert!(tex.contains("\\includegraphics<3>[width=\\linewidth]{\\annalsdir law-02.pdf}%"));
        assert!(!tex.contains("<4>"));
        // No line may end in a space: each would move an overlay.
        assert!(tex.lines().all(|l| l.ends_with('%')), "{tex}");
        // A folder with characters TeX reads as commands.
        let odd = beamer("my figs_2", "law", "L", 1, Format::Pdf);
        assert!(odd.contains("\\providecommand{\\annalsdir}{\\detokenize{my figs_2/}}%"));
    }
}
