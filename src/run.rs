//! Carries out a parsed command line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use annals::diagnostic::{Diagnostic, Report, Severity};
use annals::figure::{
    Axis, AxisBreaks, FigureKind, FigureSpec, Format, Size, Theme, TimelineOptions,
};
use annals::load::Loaded;
use annals::model::{HistDate, Importance, Timeline};
use annals::{Error, build, list, output};

use crate::cli::{Cli, Command, Look};

/// `eprintln!`, with the user's text made safe for the terminal: every
/// message can quote a label, an id or a path.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", annals::diagnostic::terminal_safe(&format!($($arg)*)))
    };
}

/// `eprint!`, likewise.
macro_rules! say_raw {
    ($($arg:tt)*) => {
        eprint!("{}", annals::diagnostic::terminal_safe(&format!($($arg)*)))
    };
}

pub(crate) fn run(cli: Cli) -> ExitCode {
    for font in &cli.fonts {
        if let Err(e) = annals::font::fallback::add_named(font, Path::new("")) {
            say!("error: cannot use the font `{font}` (--font): {e}");
            return ExitCode::from(2);
        }
    }
    let result = match cli.command {
        Some(Command::Check { file }) => check(&file),
        Some(Command::List { file, format }) => load_file(&file)
            .and_then(|loaded| print(&list::render(&loaded.timeline, format.into()))),
        Some(Command::Timeline {
            file,
            output,
            format,
            steps,
            look,
        }) => load_file(&file).and_then(|loaded| {
            timeline(
                &loaded.timeline,
                &output,
                format.map(Into::into),
                steps,
                &look,
            )
        }),
        Some(Command::Chart {
            file,
            chart: id,
            output,
            format,
            size,
            scale,
            theme,
            title,
            log,
            text_as_paths,
        }) => load_file(&file).and_then(|loaded| {
            let look = Look {
                size,
                scale,
                theme,
                title,
                text_as_paths,
                ..Look::default()
            };
            chart(&loaded, &id, log, &output, format.map(Into::into), &look)
        }),
        Some(Command::Deck {
            file,
            output,
            deck: id,
            figure,
            aspect,
            theme,
            no_title_slide,
        }) => load_file(&file).and_then(|l| {
            let choice = DeckChoice {
                id,
                figures: figure,
                aspect,
                theme,
                title_slide: !no_title_slide,
            };
            deck(&l.timeline, &output, &choice)
        }),
        Some(Command::Build { file, out, changed }) => {
            load_file(&file).and_then(|l| build_figures(&l.timeline, &out, changed))
        }
        Some(Command::Init { file, force }) => init(&file, force),
        Some(Command::Schema) => print(&annals::load::schema()),
        Some(Command::Import {
            file,
            from,
            output,
            columns,
            force,
        }) => import(&file, from.as_deref(), output.as_deref(), &columns, force),
        Some(Command::Watch { file, out }) => {
            watch(&file, &out);
            Ok(())
        }
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut command, "annals", &mut text);
            print(&String::from_utf8_lossy(&text))
        }
        Some(Command::Man) => man(),
        None => load_file(Path::new("events.toml"))
            .and_then(|l| build_figures(&l.timeline, Path::new("output"), false)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = match &e {
                Error::Invalid(_) | Error::Import { .. } => 1,
                _ => 2,
            };
            say_raw!("{}", report_text(&e));
            ExitCode::from(code)
        }
    }
}

/// Loads a file and prints its warnings.
fn load_file(path: &Path) -> Result<Loaded, Error> {
    let loaded = annals::check::load(path)?;
    if !loaded.warnings.is_empty() {
        say_raw!("{}", loaded.warnings);
    }
    Ok(loaded)
}

fn check(path: &Path) -> Result<(), Error> {
    use annals::model::counted;
    let loaded = load_file(path)?;
    let t = &loaded.timeline;
    let span = match (
        t.events.first(),
        t.events.iter().map(|e| e.date.anchor_end()).max(),
    ) {
        (Some(first), Some(last)) => format!(
            ", {} to {}",
            annals::model::date::year_text(chrono::Datelike::year(&first.date.anchor())),
            annals::model::date::year_text(chrono::Datelike::year(&last))
        ),
        _ => String::new(),
    };
    println!(
        "{}: ok: {}{span}, {}, {}, {}, {}",
        path.display(),
        counted(t.events.len(), "event", "events"),
        counted(t.categories.len(), "category", "categories"),
        counted(t.sources.len(), "source", "sources"),
        if t.decks.is_empty() {
            counted(t.figures.len(), "figure", "figures")
        } else {
            format!(
                "{} and {}",
                counted(t.figures.len(), "figure", "figures"),
                counted(t.decks.len(), "deck", "decks")
            )
        },
        counted(
            loaded.warnings.count(Severity::Warning),
            "warning",
            "warnings"
        )
    );
    Ok(())
}

/// Prints to stdout; a closed pipe (`annals list | head`) is not an error.
fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "standard output".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// The file's defaults, overridden by the command line.
fn options(timeline: &Timeline, look: &Look) -> Result<TimelineOptions, Error> {
    options_over(timeline.defaults.clone(), timeline, look)
}

/// `base` overridden by the command line.
fn options_over(
    base: TimelineOptions,
    timeline: &Timeline,
    look: &Look,
) -> Result<TimelineOptions, Error> {
    let bad = |what: &str, value: &str, valid: &str| {
        Error::Request(format!("`{value}` is not a {what}; {valid}"))
    };
    let mut o = base;
    if let Some(size) = &look.size {
        o.size = Size::from_name(size).ok_or_else(|| {
            bad(
                "size",
                size,
                "use slide, slide-4x3, a4-landscape, a4-portrait or WIDTHxHEIGHT between 320x240 and 16000x16000",
            )
        })?;
    }
    if let Some(scale) = look.scale {
        if let Some(problem) = annals::figure::scale_problem(scale) {
            return Err(Error::Request(format!("--scale: {problem}")));
        }
        o.scale = scale;
    }
    if let Some(theme) = &look.theme {
        o.theme = Theme::from_name(theme)
            .ok_or_else(|| bad("theme", theme, &format!("use {}", Theme::NAMES.join(", "))))?;
    }
    if let Some(axis) = &look.axis {
        o.axis = Axis::from_name(axis)
            .ok_or_else(|| bad("axis", axis, &format!("use {}", Axis::NAMES.join(", "))))?;
    }
    if let Some(b) = &look.axis_breaks {
        o.axis_breaks = AxisBreaks::from_name(b).ok_or_else(|| {
            bad(
                "axis-breaks",
                b,
                &format!("use {}", AxisBreaks::NAMES.join(", ")),
            )
        })?;
    }
    if let Some(i) = &look.importance {
        o.min_importance = Importance::from_name(i).ok_or_else(|| {
            bad(
                "importance",
                i,
                &format!("use {}", Importance::NAMES.join(", ")),
            )
        })?;
    }
    let date = |text: &str| {
        HistDate::parse(text, timeline.dates)
            .map_err(|e| Error::Request(format!("`{text}` is not a date: {}", e.message)))
    };
    if let Some(from) = &look.from {
        o.from = Some(date(from)?.anchor());
    }
    if let Some(to) = &look.to {
        o.to = Some(date(to)?.anchor_end());
    }
    if let (Some(from), Some(to)) = (o.from, o.to)
        && to < from
    {
        return Err(Error::Request("--to is before --from".into()));
    }
    for c in &look.categories {
        if timeline.category(c).is_none() {
            let ids: Vec<&str> = timeline.categories.iter().map(|c| c.id.as_str()).collect();
            return Err(bad(
                "category",
                c,
                &format!("the categories are: {}", ids.join(", ")),
            ));
        }
    }
    if !look.categories.is_empty() {
        o.categories.clone_from(&look.categories);
    }
    if !look.tags.is_empty() {
        o.tags.clone_from(&look.tags);
    }
    if let Some(title) = &look.title {
        if let Some(c) = annals::load::forbidden_char(title) {
            let (what, hint) = annals::load::describe_forbidden(c);
            return Err(Error::Request(format!("--title: {what}; {hint}")));
        }
        o.title = Some(title.clone());
    }
    if look.notes {
        o.notes = true;
    }
    if look.no_notes {
        o.notes = false;
    }
    o.text_as_paths |= look.text_as_paths;
    Ok(o)
}

fn warn_dropped(what: &str, dropped: &[String]) {
    const NAMED: usize = 20;
    if !dropped.is_empty() {
        let mut names = dropped
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if dropped.len() > NAMED {
            let _ = write!(names, " and {} more", dropped.len() - NAMED);
        }
        say!(
            "warning: {what}: {} event(s) left out for lack of room, neither labelled nor numbered (counted as \"+N more\"): {names}",
            dropped.len()
        );
    }
}

fn timeline(
    timeline: &Timeline,
    path: &Path,
    format: Option<Format>,
    steps: bool,
    look: &Look,
) -> Result<(), Error> {
    let options = options(timeline, look)?;
    let format = format_of(path, format)?;
    if steps && path.as_os_str() == "-" {
        return Err(Error::Request(
            "--steps writes several files: give -o a file name".into(),
        ));
    }
    let figure = if format == Format::Html {
        build::with_page(timeline, &options)
    } else {
        build::timeline(timeline, &options)
    }?;
    warn_dropped(&path.display().to_string(), &figure.dropped);
    if !figure.numbered.is_empty() {
        say!(
            "note: {}: {} label(s) without room are numbered at their marks and given in the callout key",
            path.display(),
            figure.numbered.len()
        );
    }
    if steps {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("timeline");
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let built = annals::steps::timeline_steps(timeline, &options, &[])?;
        let files = annals::steps::files(&built, dir, stem, &[format])?;
        for (file, bytes) in &files {
            output::write_atomic(file, bytes)?;
        }
        say!(
            "wrote {} frames (the start and a frame a step), {stem}-reveal.svg and {stem}-steps.tex in {}",
            built.frames.len() + 1,
            dir.display()
        );
    }
    write_figure(&figure, path, format)
}

/// The format a path asks for: the option, or the extension, or SVG on
/// standard output.
fn format_of(path: &Path, format: Option<Format>) -> Result<Format, Error> {
    match format {
        Some(f) => Ok(f),
        None if path.as_os_str() == "-" => Ok(Format::Svg),
        None => path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name)
            .ok_or_else(|| {
                Error::Request(format!(
                    "cannot tell the format of {}: name it .svg, .png, .pdf or .html, or give --format",
                    path.display()
                ))
            }),
    }
}

/// Writes a figure to a file, atomically, or to standard output.
fn write_figure(
    figure: &annals::drawing::Drawing,
    path: &Path,
    format: Format,
) -> Result<(), Error> {
    let bytes = figure.bytes(format)?;
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return match out.write_all(&bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
                path: "standard output".into(),
                source: e,
            }),
            _ => Ok(()),
        };
    }
    if annals::build::needs_alt_text(format) {
        let (alt, text) = annals::build::alt_text(path, figure);
        output::write_all_atomic(&[(path.to_owned(), bytes), (alt.clone(), text)])?;
        say!("wrote {} and {}", path.display(), alt.display());
    } else {
        output::write_atomic(path, &bytes)?;
        say!("wrote {}", path.display());
    }
    Ok(())
}

fn chart(
    loaded: &Loaded,
    id: &str,
    log: bool,
    path: &Path,
    format: Option<Format>,
    look: &Look,
) -> Result<(), Error> {
    let timeline = &loaded.timeline;
    let charts: Vec<&FigureSpec> = timeline
        .figures
        .iter()
        .filter(|f| matches!(f.kind, FigureKind::Chart(_)))
        .collect();
    let Some(spec) = charts.iter().find(|f| f.id == id) else {
        let ids: Vec<&str> = charts.iter().map(|f| f.id.as_str()).collect();
        return Err(Error::Request(format!(
            "there is no chart `{id}`; the charts are: {}",
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        )));
    };
    let FigureKind::Chart(chart) = &spec.kind else {
        return Err(Error::Request(format!("`{id}` is not a chart")));
    };
    let mut chart = chart.clone();
    // `--log` over a value at or below zero: the file's content is what
    // cannot be drawn, so the error is located in it (exit 1).
    if log && let Some((value, start, end)) = chart.nonpositive {
        let diagnostic = Diagnostic::error(
            start..end,
            format!("a logarithmic axis (--log) cannot show the value {value} of the chart `{id}`"),
        )
        .with_hint(Some(
            "every value must be above zero; draw this chart without --log",
        ));
        return Err(Error::Invalid(Box::new(Report::new(
            loaded.warnings.file().clone(),
            vec![diagnostic],
        ))));
    }
    chart.log |= log;
    let options = options_over(spec.options.clone(), timeline, look)?;
    let format = format_of(path, format)?;
    let figure = build::chart(timeline, &chart, &options)?;
    write_figure(&figure, path, format)
}

/// What `annals deck` was asked for.
struct DeckChoice {
    id: Option<String>,
    figures: Vec<String>,
    aspect: Option<String>,
    theme: Option<String>,
    title_slide: bool,
}

fn deck(timeline: &Timeline, path: &Path, choice: &DeckChoice) -> Result<(), Error> {
    use annals::figure::{Aspect, DeckSpec};
    if path.extension().and_then(|e| e.to_str()) != Some("pptx") {
        return Err(Error::Request(format!(
            "{}: a deck is written as PowerPoint's .pptx, which Keynote, LibreOffice Impress \
             and Google Slides open too; name the file NAME.pptx",
            path.display()
        )));
    }
    let listed = |ids: Vec<&str>| {
        if ids.is_empty() {
            "none".to_owned()
        } else {
            ids.join(", ")
        }
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("deck");
    let mut spec = if let Some(id) = &choice.id {
        timeline
            .decks
            .iter()
            .find(|d| &d.id == id)
            .cloned()
            .ok_or_else(|| {
                Error::Request(format!(
                    "there is no deck `{id}`; the file declares: {}",
                    listed(timeline.decks.iter().map(|d| d.id.as_str()).collect())
                ))
            })?
    } else if !choice.figures.is_empty() {
        DeckSpec::new(stem, choice.figures.clone())
    } else {
        match timeline.decks.as_slice() {
            [one] => one.clone(),
            [] => DeckSpec::new(
                stem,
                timeline.figures.iter().map(|f| f.id.clone()).collect(),
            ),
            many => {
                return Err(Error::Request(format!(
                    "the file declares {} decks ({}): choose one with --deck, or figures with --figure",
                    many.len(),
                    many.iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    };
    if let Some(a) = &choice.aspect {
        spec.aspect = Aspect::from_name(a).ok_or_else(|| {
            Error::Request(format!("`{a}` is not a slide shape; use 16:9 or 4:3"))
        })?;
    }
    if let Some(t) = &choice.theme {
        spec.theme = Some(Theme::from_name(t).ok_or_else(|| {
            Error::Request(format!(
                "`{t}` is not a theme; use {}",
                Theme::NAMES.join(", ")
            ))
        })?);
    }
    spec.title_slide &= choice.title_slide;
    let deck = annals::deck::pptx(timeline, &spec)?;
    for (figure, dropped) in &deck.dropped {
        warn_dropped(&format!("{} (figure `{figure}`)", path.display()), dropped);
    }
    output::write_atomic(path, &deck.bytes)?;
    say!(
        "wrote {}: {} slide(s), {} KB",
        path.display(),
        deck.slides,
        deck.bytes.len().div_ceil(1024)
    );
    Ok(())
}

fn build_figures(timeline: &Timeline, out: &Path, changed: bool) -> Result<(), Error> {
    if timeline.figures.is_empty() {
        return Err(Error::Request(
            "the file declares no figures: add a [[figure]] table (see README)".into(),
        ));
    }
    let total = timeline.figures.len() + timeline.decks.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |id: &str| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        say!("[{n}/{total}] rendered {id}");
    };
    let built = build::build_with(timeline, out, build::BuildOptions { changed }, &progress)?;
    let mut files = 0;
    for b in &built {
        warn_dropped(&b.id, &b.dropped);
        files += b.files.len();
    }
    // `build` lists the figures first, then the decks.
    let (figures, decks) = built.split_at(timeline.figures.len());
    let skipped = |list: &[build::Built]| list.iter().filter(|b| b.skipped).count();
    let (figures_skipped, decks_skipped) = (skipped(figures), skipped(decks));
    let made = if decks.is_empty() {
        format!("{} figure(s)", figures.len() - figures_skipped)
    } else {
        format!(
            "{} figure(s) and {} deck(s)",
            figures.len() - figures_skipped,
            decks.len() - decks_skipped
        )
    };
    let unchanged = match (figures_skipped, decks_skipped) {
        (0, 0) => String::new(),
        (f, 0) => format!(", {f} unchanged figure(s) skipped"),
        (f, d) => format!(", {f} unchanged figure(s) and {d} deck(s) skipped"),
    };
    say!(
        "{made} in {}: {files} file(s) written{unchanged}",
        out.display()
    );
    Ok(())
}

fn init(path: &Path, force: bool) -> Result<(), Error> {
    if path.exists() && !force {
        return Err(Error::Request(format!(
            "{} exists; give --force to replace it",
            path.display()
        )));
    }
    output::write_atomic(path, annals::init::STARTER.as_bytes())?;
    say!(
        "wrote {}: check it with `annals check {0}`, render it with `annals build {0}`",
        path.display()
    );
    Ok(())
}

/// `annals import`: another tool's timeline as an events.toml, checked
/// before anything is written.
fn import(
    path: &Path,
    from: Option<&str>,
    output: Option<&Path>,
    columns: &[String],
    force: bool,
) -> Result<(), Error> {
    use annals::import::{Columns, Format};
    let mut named = Columns::default();
    for column in columns {
        let Some((field, header)) = column.split_once('=') else {
            return Err(Error::Request(format!(
                "--column {column}: write FIELD=HEADER, e.g. --column label=Event"
            )));
        };
        if !Columns::FIELDS.contains(&field) {
            return Err(Error::Request(format!(
                "--column {column}: `{field}` is not a field; the fields are: {}",
                Columns::FIELDS.join(", ")
            )));
        }
        named.named.insert(field.to_owned(), header.to_owned());
    }
    if let Some(out) = output
        && out.exists()
        && !force
    {
        return Err(Error::Request(format!(
            "{} exists; give --force to replace it",
            out.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Import {
        path: path.to_owned(),
        error: annals::import::ImportError::new(format!(
            "the file is not UTF-8 text (byte {} is not valid UTF-8); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )),
    })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let format = match from {
        Some(f) => Format::from_name(f).ok_or_else(|| {
            Error::Request(format!(
                "--from {f}: the formats are {}",
                Format::NAMES.join(", ")
            ))
        })?,
        None => Format::guess(&name, &text).ok_or_else(|| {
            Error::Request(format!(
                "cannot tell the format of {}; give --from {}",
                path.display(),
                Format::NAMES.join("|")
            ))
        })?,
    };
    let imported =
        annals::import::import(&name, &text, format, &named).map_err(|error| Error::Import {
            path: path.to_owned(),
            error,
        })?;
    if imported.events.is_empty() {
        return Err(Error::Import {
            path: path.to_owned(),
            error: annals::import::ImportError::new(format!(
                "no event could be imported ({})",
                imported.summary()
            )),
        });
    }
    let toml = imported.to_toml();
    // What is written passes `annals check`, or nothing is written.
    if let Err(report) = annals::check::from_str("the imported events.toml", &toml) {
        return Err(Error::Request(format!(
            "the import made a file that does not pass check (a bug; please report it):\n{report}"
        )));
    }
    if let Some(out) = output {
        output::write_atomic(out, toml.as_bytes())?;
        say!("wrote {}: {}", out.display(), imported.summary());
    } else {
        print(&toml)?;
        say!("imported {}", imported.summary());
    }
    for d in &imported.dropped {
        say!("{}: {}: not imported: {}", path.display(), d.at, d.why);
    }
    Ok(())
}

fn watch(path: &Path, out: &Path) {
    say!("watching {} (Ctrl-C to stop)", path.display());
    let stop = std::sync::atomic::AtomicBool::new(false);
    annals::watch::watch(path, out, &stop, &mut |event| match event {
        annals::watch::WatchEvent::Built(built) => {
            let made: Vec<&str> = built
                .iter()
                .filter(|b| !b.skipped)
                .map(|b| b.id.as_str())
                .collect();
            if made.is_empty() {
                say!("nothing changed");
            } else {
                say!("rendered {} into {}", made.join(", "), out.display());
            }
        }
        annals::watch::WatchEvent::Failed(e) => {
            say_raw!("{}", report_text(&e));
            say!("the last good figures stay in {}", out.display());
        }
    });
}

fn man() -> Result<(), Error> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut text = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut text)
        .map_err(|source| Error::Write {
            path: "standard output".into(),
            source,
        })?;
    print(&String::from_utf8_lossy(&text))
}

/// An error as the user reads it: every problem of an invalid file with a
/// count, or one line.
fn report_text(e: &Error) -> String {
    match e {
        Error::Invalid(report) => format!(
            "{report}{}: {}, {}\n",
            report.file().name(),
            annals::model::counted(report.count(Severity::Error), "error", "errors"),
            annals::model::counted(report.count(Severity::Warning), "warning", "warnings")
        ),
        other => format!("error: {other}\n"),
    }
}
