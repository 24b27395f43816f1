//! Carries out a parsed command line.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use annals::diagnostic::Severity;
use annals::load::{self, Loaded};
use annals::{Error, list};

use crate::cli::{Cli, Command};

pub(crate) fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(Command::Check { file }) => check(&file),
        Some(Command::List { file, format }) => load_file(&file)
            .and_then(|loaded| print(&list::render(&loaded.timeline, format.into()))),
        None => check(Path::new("events.toml")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = match &e {
                Error::Invalid(_) => 1,
                _ => 2,
            };
            match &e {
                Error::Invalid(report) => {
                    eprint!("{report}");
                    eprintln!(
                        "{}: {} error(s), {} warning(s)",
                        report.file().name(),
                        report.count(Severity::Error),
                        report.count(Severity::Warning)
                    );
                }
                other => eprintln!("error: {other}"),
            }
            ExitCode::from(code)
        }
    }
}

/// Loads a file and prints its warnings.
fn load_file(path: &Path) -> Result<Loaded, Error> {
    let loaded = load::load(path)?;
    if !loaded.warnings.is_empty() {
        eprint!("{}", loaded.warnings);
    }
    Ok(loaded)
}

fn check(path: &Path) -> Result<(), Error> {
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
        "{}: ok: {} events{span}, {} categories, {} sources, {} figures, {} warning(s)",
        path.display(),
        t.events.len(),
        t.categories.len(),
        t.sources.len(),
        t.figures.len(),
        loaded.warnings.count(Severity::Warning)
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
