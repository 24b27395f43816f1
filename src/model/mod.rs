//! The validated domain model: what an events.toml file means once every
//! reference resolves and every date has been read.
//!
//! Values here are built only by [`crate::load`] (or, for synthetic data,
//! by [`Timeline::from_parts`]), so code downstream never re-checks:
//! categories exist, ids are unique, labels are non-empty, events are in
//! order; loading also refuses control characters, which `from_parts`
//! leaves to its caller.

pub mod data;
pub mod date;
mod event;
pub mod figure;
mod timeline;

pub use date::{DateContext, HistDate, Precision, Shape, Span};
pub use event::{
    Category, Certainty, Event, Importance, PALETTE, Rgb, Source, SourceRef, Work, counted,
};
pub use timeline::{ModelError, Timeline};
