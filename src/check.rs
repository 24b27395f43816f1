//! The checks that need a layout, after loading: whether each figure the
//! file declares fits its size (a timeline's lanes, a chart's rows and
//! values). Loading reads the file into the model and knows nothing of
//! layout or drawing; `annals check`, `build` and every command that
//! draws run this stage after it, so a figure that cannot be drawn is an
//! error located in the file, found before anything is written.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::figure::FigureKind;
use crate::load::{self, Loaded};

/// The problems of the figures `loaded` declares, located where the file
/// sets each figure's size (or declares it). Only the layout's first
/// stages run for a timeline, so this stays fast; a chart is drawn (a
/// few milliseconds).
pub fn figures(loaded: &Loaded) -> Vec<Diagnostic> {
    let timeline = &loaded.timeline;
    timeline
        .figures
        .iter()
        .filter_map(|spec| {
            let problem = problem(timeline, &spec.kind, &spec.options)?;
            Some(
                Diagnostic::error(
                    spec.span.clone(),
                    format!("the figure `{}` cannot be drawn", spec.id),
                )
                .with_hint(Some(problem)),
            )
        })
        .collect()
}

/// Why a figure of `kind` cannot be drawn with `options`, if it cannot.
fn problem(
    timeline: &crate::model::Timeline,
    kind: &FigureKind,
    options: &crate::figure::TimelineOptions,
) -> Option<String> {
    match kind {
        FigureKind::Timeline => crate::layout::lanes_fit(timeline, options)
            .err()
            .map(|e| e.to_string()),
        FigureKind::Chart(chart) => crate::render::chart_svg(timeline, chart, options)
            .err()
            .map(|e| e.to_string()),
    }
}

/// The problems of the decks `loaded` declares, located at each deck's id:
/// a figure that its slides cannot show (a deck lays each figure out again
/// at the slide's size, measured in Arial).
pub fn decks(loaded: &Loaded) -> Vec<Diagnostic> {
    let timeline = &loaded.timeline;
    let mut out = Vec::new();
    for deck in &timeline.decks {
        for spec in timeline
            .figures
            .iter()
            .filter(|f| deck.figures.contains(&f.id))
        {
            let mut options = spec.options.clone();
            options.size = deck.aspect.size();
            let problem = crate::font::measured_in(crate::font::Measure::Arial, || {
                problem(timeline, &spec.kind, &options)
            });
            if let Some(problem) = problem {
                out.push(
                    Diagnostic::error(
                        deck.span.clone(),
                        format!(
                            "the deck `{}` cannot show the figure `{}` on its slides",
                            deck.id, spec.id
                        ),
                    )
                    .with_hint(Some(problem)),
                );
            }
        }
    }
    out
}

/// `loaded`, with the figures' problems among its warnings, or the
/// report of every problem when one is an error.
pub fn checked(loaded: Loaded) -> Result<Loaded, Report> {
    let mut problems = figures(&loaded);
    problems.extend(decks(&loaded));
    if problems.is_empty() {
        return Ok(loaded);
    }
    let report = loaded.warnings.with(problems);
    if report.has_errors() {
        Err(report)
    } else {
        Ok(Loaded {
            timeline: loaded.timeline,
            warnings: report,
        })
    }
}

/// Loads a file and checks its figures ([`load::load`], then [`checked`]).
pub fn load(path: &Path) -> Result<Loaded, Error> {
    checked(load::load(path)?).map_err(|r| Error::Invalid(Box::new(r)))
}

/// Validates a file's text and checks its figures.
pub fn from_str(name: &str, text: &str) -> Result<Loaded, Report> {
    checked(load::from_str(name, text)?)
}

#[cfg(test)]
mod tests {
    /// The stages stay apart: loading reads the file into the model and
    /// imports nothing of layout or drawing.
    #[test]
    fn loading_knows_nothing_of_layout_or_drawing() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/load");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for stage in [
                "crate::layout",
                "crate::render",
                "crate::export",
                "crate::check",
            ] {
                assert!(!text.contains(stage), "{} uses {stage}", path.display());
            }
        }
    }

    /// Errors keep their kind on the way up: a timeline with nothing in
    /// its window is a layout error, a chart missing its table a chart
    /// error about data.
    #[test]
    fn errors_keep_their_kind() {
        let text = "[[event]]\nid = \"a\"\nlabel = \"A\"\ndate = \"1926\"\n";
        let timeline = super::from_str("t.toml", text).unwrap().timeline;
        let options = crate::figure::TimelineOptions {
            from: chrono::NaiveDate::from_ymd_opt(1930, 1, 1),
            ..crate::figure::TimelineOptions::default()
        };
        assert!(matches!(
            crate::build::timeline(&timeline, &options),
            Err(crate::error::Error::Layout(
                crate::layout::LayoutError::NothingToShow
            ))
        ));
    }

    /// A figure its size cannot hold is an error of the check, located at
    /// the figure's size; loading alone accepts the file.
    #[test]
    fn a_figure_too_small_is_found_after_loading() {
        use std::fmt::Write as _;
        let mut lanes = String::new();
        for i in 0..40 {
            let _ = write!(
                lanes,
                "[[category]]\nid = \"c{i}\"\nlabel = \"C{i}\"\n\n[[event]]\nid = \"e{i}\"\nlabel = \"E\"\ndate = \"1926\"\ncategory = \"c{i}\"\n\n"
            );
        }
        let text = format!("{lanes}[[figure]]\nid = \"f\"\nsize = \"320x240\"\n");
        assert!(crate::load::from_str("t.toml", &text).is_ok());
        let report = super::from_str("t.toml", &text).unwrap_err();
        let d = &report.diagnostics()[0];
        assert!(
            d.message.contains("the figure `f` cannot be drawn"),
            "{}",
            d.message
        );
        assert_eq!(&text[d.span.clone()], "\"320x240\"");
    }
}
