//! The command line: clap types, converted once into the library's options.
#![allow(
    clippy::doc_markdown,
    reason = "the doc comments are the command line's help, read as plain text"
)]

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Timelines of dated historical events, for lectures.
#[derive(Parser, Debug)]
#[command(name = "annals", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    /// A font for characters the embedded font lacks (Chinese, Japanese, Korean,
    /// ...): a TrueType or OpenType file, or an installed family. Tried in
    /// order, before the file's `fonts` and the system's fonts.
    #[arg(long = "font", global = true, value_name = "FILE|FAMILY")]
    pub(crate) fonts: Vec<String>,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant, reason = "parsed once")]
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
    /// Draw a timeline as SVG, PNG or PDF.
    Timeline {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// Output file; its extension picks the format. `-` writes SVG to standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// The format, whatever the extension.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Also build it up step by step: numbered frames (PATH-00.svg, the
        /// lanes and axis alone, then PATH-01.svg with the first event, ...),
        /// a reveal.js SVG with fragments (PATH-reveal.svg) and a beamer
        /// snippet (PATH-steps.tex), beside PATH.
        #[arg(long)]
        steps: bool,
        #[command(flatten)]
        look: Look,
    },
    /// Draw a chart the file declares ([[figure]] of kind bars, lines, comparison, fulfilment or slope).
    Chart {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// The chart: the id of its [[figure]].
        #[arg(long, value_name = "ID")]
        chart: String,
        /// Output file; its extension picks the format. `-` writes SVG to standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// The format, whatever the extension.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Canvas: slide (1920x1080), slide-4x3, a4-landscape, a4-portrait, or `WIDTHxHEIGHT`.
        #[arg(long)]
        size: Option<String>,
        /// PNG pixels per CSS pixel.
        #[arg(long)]
        scale: Option<f32>,
        /// Colours: light, dark, print, high-contrast.
        #[arg(long)]
        theme: Option<String>,
        /// The title drawn on the figure.
        #[arg(long)]
        title: Option<String>,
        /// A logarithmic value axis.
        #[arg(long)]
        log: bool,
        /// Draw text as outlines.
        #[arg(long)]
        text_as_paths: bool,
    },
    /// Write a slide deck (.pptx) of native, editable shapes, with speaker
    /// notes: a deck the file declares ([[deck]]), the figures named, or
    /// every figure the file declares.
    Deck {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// Output file, `NAME.pptx`.
        #[arg(short, long)]
        output: PathBuf,
        /// A deck the file declares, by id.
        #[arg(long, value_name = "ID", conflicts_with = "figure")]
        deck: Option<String>,
        /// A figure the file declares, by id: repeat for several, in order.
        #[arg(long, value_name = "ID")]
        figure: Vec<String>,
        /// Slide shape: 16:9 (the default) or 4:3.
        #[arg(long)]
        aspect: Option<String>,
        /// Colours: light, dark, print, high-contrast.
        #[arg(long)]
        theme: Option<String>,
        /// Leave out the title slide.
        #[arg(long)]
        no_title_slide: bool,
    },
    /// Write a commented starter events.toml that shows every date form.
    Init {
        /// Where to write it.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print a JSON Schema of events.toml, for editors with a TOML language server.
    Schema,
    /// Make an events.toml of another tool's timeline: TimelineJS (its
    /// spreadsheet as CSV, or its JSON), any CSV, markwhen, or Wikidata
    /// query results (SPARQL JSON).
    Import {
        /// The file to read.
        file: PathBuf,
        /// Its format, where its name and content do not say: timelinejs-csv,
        /// timelinejs, csv, markwhen, wikidata.
        #[arg(long, value_name = "FORMAT")]
        from: Option<String>,
        /// Where to write the events.toml; standard output without it.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// A CSV column for a field, where its header is not one of the usual
        /// names: `--column label=Event --column date=When`. Fields: date, end,
        /// label, description, category, source, importance.
        #[arg(long = "column", value_name = "FIELD=HEADER")]
        columns: Vec<String>,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Re-render the declared figures whenever the file is saved.
    Watch {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// The folder written to.
        #[arg(long, default_value = "output")]
        out: PathBuf,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff).
    Man,
    /// Render every figure the file declares into a folder.
    Build {
        /// The events file.
        #[arg(default_value = "events.toml")]
        file: PathBuf,
        /// The folder written to.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Skip figures whose input has not changed since the last build.
        #[arg(long)]
        changed: bool,
    },
}

/// How a timeline figure is drawn; each option overrides the file's
/// `[timeline.defaults]`.
#[derive(clap::Args, Debug, Default)]
pub(crate) struct Look {
    /// Canvas: slide (1920x1080), slide-4x3, a4-landscape, a4-portrait, or `WIDTHxHEIGHT`.
    #[arg(long)]
    pub(crate) size: Option<String>,
    /// PNG pixels per CSS pixel (2 for high-DPI projectors); the layout does not change.
    #[arg(long)]
    pub(crate) scale: Option<f32>,
    /// Colours: light, dark, print, high-contrast.
    #[arg(long)]
    pub(crate) theme: Option<String>,
    /// Show from this date (any date form of events.toml: 1929, 1929-06, summer 1929).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Show up to this date.
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Only this category (repeat for several).
    #[arg(long = "category", value_name = "ID")]
    pub(crate) categories: Vec<String>,
    /// Only events with this tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,
    /// Leave out events less important than this: low, normal, high.
    #[arg(long)]
    pub(crate) importance: Option<String>,
    /// The title drawn on the figure.
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// Draw the chapter's note numbers after labels.
    #[arg(long, overrides_with = "no_notes")]
    pub(crate) notes: bool,
    /// Do not draw note numbers.
    #[arg(long)]
    pub(crate) no_notes: bool,
    /// Axis labels: calendar or economic (economic years such as 1927/28).
    #[arg(long)]
    pub(crate) axis: Option<String>,
    /// Breaks in the time axis: auto (collapse long stretches without
    /// events) or none.
    #[arg(long, value_name = "WHEN")]
    pub(crate) axis_breaks: Option<String>,
    /// Draw text as outlines (for viewers that ignore embedded fonts).
    #[arg(long)]
    pub(crate) text_as_paths: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum FormatArg {
    Svg,
    Png,
    Pdf,
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum ListFormatArg {
    Table,
    Markdown,
    Csv,
    Json,
    /// TimelineJS's JSON, to publish the same timeline with TimelineJS.
    Timelinejs,
}

impl From<FormatArg> for annals::figure::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Svg => Self::Svg,
            FormatArg::Png => Self::Png,
            FormatArg::Pdf => Self::Pdf,
            FormatArg::Html => Self::Html,
        }
    }
}

impl From<ListFormatArg> for annals::list::ListFormat {
    fn from(f: ListFormatArg) -> Self {
        match f {
            ListFormatArg::Table => Self::Table,
            ListFormatArg::Markdown => Self::Markdown,
            ListFormatArg::Csv => Self::Csv,
            ListFormatArg::Json => Self::Json,
            ListFormatArg::Timelinejs => Self::TimelineJs,
        }
    }
}
