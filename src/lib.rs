//! annals turns a hand-written TOML file of dated historical events into
//! timelines for lectures, as SVG, PNG and PDF.
//!
//! The pipeline, one module a stage:
//!
//! ```text
//! events.toml --load--> model::Timeline --layout--> layout::Scene
//!             --render--> SVG string --export--> .svg / .png / .pdf
//! ```
//!
//! # Features
//!
//! * Historical dates with their precision kept ([`model::date`]): months,
//!   seasons, economic years, periods, open bounds, approximate and
//!   uncertain dates, Old Style (Julian) dates, BC years; EDTF and plain
//!   English.
//! * Validation that reports every problem at once, with file, line and
//!   column ([`load`], [`diagnostic`]).
//! * `list` exports: terminal table, Markdown handout, CSV, JSON ([`list`]).
//!
//! # Limitations
//!
//! * Dates are proleptic Gregorian unless marked Old Style; BC dates are
//!   not converted to the Julian calendar unless marked.
//! * EDTF sets (`{1667,1668}`) are not supported.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod build;
pub mod diagnostic;
pub mod error;
pub mod export;
pub mod figure;
pub mod font;
pub mod init;
pub mod layout;
pub mod list;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod steps;
pub mod watch;

pub use error::Error;
