//! Writing files atomically: a temporary file in the same folder, renamed
//! over the target only when complete, so a failed run leaves no partial
//! file and never clobbers a good one.

use std::io::Write as _;
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".annals-")
        .tempfile_in(dir)
        .map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    file.as_file().sync_all().map_err(err)?;
    // Temporary files are private (0600); a figure is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(err)?;
    }
    file.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
