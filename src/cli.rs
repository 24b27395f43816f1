//! The command line: clap types, converted once into the library's options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Timelines of dated historical events, for lectures.
#[derive(Parser, Debug)]
#[command(name = "annals", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Validate an events file and print a one-line summary.
    Check {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
    },
    /// Print the events in chronological order.
    List {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormatArg::Table)]
        format: ListFormatArg,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum ListFormatArg {
    Table,
    Markdown,
    Csv,
    Json,
}

impl From<ListFormatArg> for annals::list::ListFormat {
    fn from(f: ListFormatArg) -> Self {
        match f {
            ListFormatArg::Table => Self::Table,
            ListFormatArg::Markdown => Self::Markdown,
            ListFormatArg::Csv => Self::Csv,
            ListFormatArg::Json => Self::Json,
        }
    }
}
