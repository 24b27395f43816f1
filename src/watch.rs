//! `annals watch`: re-render the declared figures whenever the file is
//! saved. Polls the file's size and modification time (portable, no
//! platform notifier) and waits until a save has settled before reading.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use crate::build::{self, BuildOptions, Built};
use crate::error::Error;

/// What a round of watching did.
#[derive(Debug)]
pub enum WatchEvent {
    /// The figures were rebuilt (unchanged ones skipped).
    Built(Vec<Built>),
    /// The file could not be used; the last good figures stay in place.
    Failed(Error),
}

/// How often the file is looked at, and how long a save must have been
/// still before it is read (editors write in several steps).
const POLL: Duration = Duration::from_millis(150);
const SETTLE: Duration = Duration::from_millis(200);

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Builds once, then again after every save, until `stop` is set. Errors
/// are reported through `report`, never returned: watching goes on.
pub fn watch(path: &Path, out: &Path, stop: &AtomicBool, report: &mut dyn FnMut(WatchEvent)) {
    let mut round = || {
        let event = match crate::check::load(path) {
            Ok(loaded) => match build::build_with(
                &loaded.timeline,
                out,
                BuildOptions { changed: true },
                &|_| {},
            ) {
                Ok(built) => WatchEvent::Built(built),
                Err(e) => WatchEvent::Failed(e),
            },
            Err(e) => WatchEvent::Failed(e),
        };
        report(event);
    };
    let mut seen = stamp(path);
    round();
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(POLL);
        let now = stamp(path);
        if now == seen {
            continue;
        }
        // Debounce: wait until the file stops changing.
        let mut settled = now;
        loop {
            std::thread::sleep(SETTLE);
            let again = stamp(path);
            if again == settled || stop.load(Ordering::Relaxed) {
                break;
            }
            settled = again;
        }
        seen = settled;
        round();
    }
}
