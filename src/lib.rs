//! annals turns a hand-written TOML file of dated historical events into
//! timelines for lectures, as SVG, PNG and PDF.
//!
//! The pipeline, one module a stage:
//!
//! ```text
//! events.toml --load--> model::Timeline --layout--> layout::Scene
//!             --render--> SVG string --export--> .svg / .png / .pdf
//! charts:     model::data --layout::chart--> ChartScene --render::chart_svg--> SVG --export--> same
//! other tools' files --import--> events.toml;  list --> table, handout, CSV, JSON, TimelineJS
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
//! * Timelines whose labels never collide ([`layout`]), drawn with plotters
//!   ([`render`]) as self-contained SVG, and PNG and PDF made from it
//!   ([`export`]), deterministic and written atomically ([`output`]).
//! * Charts of the text's tables and series: grouped bars with ranges and
//!   growth factors, lines with targets and event markers, comparisons,
//!   fulfilment of targets, slopes between two columns
//!   ([`layout::chart`], drawn by [`render::chart_svg`]).
//! * Any script: characters the embedded font lacks are drawn with the
//!   fonts the file or the command line names, or the system's
//!   ([`font::fallback`]).
//! * Imports from `TimelineJS`, spreadsheets, markwhen and Wikidata
//!   ([`import`]).
//! * Lecture builds: step-by-step frames on a fixed layout, reveal.js
//!   fragments, beamer snippets ([`steps`]); text alternatives; a JSON
//!   Schema of the file ([`load::schema`]); watching the file ([`watch`]).
//!
//! # Limitations
//!
//! * Dates are proleptic Gregorian unless marked Old Style; BC dates are
//!   not converted to the Julian calendar unless marked.
//! * EDTF sets (`{1667,1668}`) are not supported.
//! * Labels of a lines chart that cannot be kept apart are left out.
//! * A timeline tries labels for at most 1,200 events a figure (at least
//!   300 a lane); the rest are counted in "+N more".
//! * No text shaping: scripts whose letters join (Arabic) are drawn
//!   unjoined.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod build;
pub mod check;
pub mod deck;
pub mod diagnostic;
pub mod drawing;
pub mod error;
pub mod export;
pub mod font;
pub mod import;
pub mod init;
pub mod layout;
pub mod list;
pub mod load;
pub mod model;
// What a figure is (declared in the file, drawn with options) is part of
// the model; its old path stays.
pub use model::figure;
pub mod output;
pub mod page;
pub mod render;
pub mod steps;
pub mod watch;

pub use error::Error;
