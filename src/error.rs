//! The library's error type.

use std::path::PathBuf;

use crate::diagnostic::Report;

/// Why a command could not do its work.
#[derive(Debug)]
pub enum Error {
    /// The input file could not be read (missing, unreadable).
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The input is not a valid events.toml; the report lists every problem.
    Invalid(Box<Report>),
    /// An output file could not be written; nothing was left behind.
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The SVG could not be turned into a PNG or PDF.
    Export {
        /// The format being made.
        format: &'static str,
        /// What the converter said.
        message: String,
    },
    /// A request that makes no sense for this file: an unknown figure id,
    /// a window with nothing in it.
    Request(String),
    /// A timeline that cannot be laid out as asked (no event in its
    /// window, more lanes than its size holds).
    Layout(crate::layout::LayoutError),
    /// A chart that cannot be drawn, by kind.
    Chart(crate::render::ChartError),
    /// What went wrong with one declared figure.
    Figure {
        /// The figure's id.
        id: String,
        /// What went wrong.
        error: Box<Error>,
    },
    /// What went wrong with one declared deck.
    Deck {
        /// The deck's id.
        id: String,
        /// What went wrong.
        error: Box<Error>,
    },
    /// A file `annals import` could not read as its format.
    Import {
        /// The file.
        path: PathBuf,
        /// Where in it and what is wrong.
        error: crate::import::ImportError,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Error::Invalid(report) => write!(f, "{report}"),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Error::Export { format, message } => write!(f, "cannot make the {format}: {message}"),
            Error::Request(message) => f.write_str(message),
            Error::Import { path, error } => write!(f, "{}: {error}", path.display()),
            Error::Layout(e) => write!(f, "{e}"),
            Error::Chart(e) => write!(f, "{e}"),
            Error::Figure { id, error } => write!(f, "figure `{id}`: {error}"),
            Error::Deck { id, error } => write!(f, "deck `{id}`: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            Error::Layout(e) => Some(e),
            Error::Chart(e) => Some(e),
            Error::Figure { error, .. } | Error::Deck { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}
