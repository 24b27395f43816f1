//! Writing files atomically: a temporary file in the same folder, renamed
//! over the target only when complete, so a failed run leaves no partial
//! file and never clobbers a good one.
//!
//! Only a regular file (or a missing path) is replaced that way. A symbolic
//! link is followed and what it points to is replaced, so the link stays a
//! link. A device, a FIFO or a socket is written through, as `cat > FILE`
//! would: renaming over `/dev/null` would replace the machine's `/dev/null`
//! with an ordinary file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Links followed before giving up, as the kernel does (ELOOP).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path`: atomically for a regular file, through for a
/// device or FIFO, to its target for a symbolic link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let target = follow_links(path).map_err(err)?;
    match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => Err(err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a folder",
        ))),
        Ok(meta) if !meta.is_file() => {
            // A device, FIFO or socket: write through, never replace it.
            let mut file = fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(err)?;
            file.write_all(bytes).map_err(err)?;
            file.flush().map_err(err)
        }
        _ => replace(&target, bytes).map_err(err),
    }
}

/// `path` with every symbolic link along it resolved (the last one may
/// point to a file that does not exist yet).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let dest = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if dest.is_relative() => parent.join(dest),
                    _ => dest,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes several files as one: every file is written to a temporary file
/// beside its target first, and only when all are written are they renamed
/// over their targets. A file that cannot be written (a name too long, a
/// folder in the way, a full disk) leaves every target as it was.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let target = follow_links(path).map_err(err)?;
        match fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                return Err(err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "is a folder",
                )));
            }
            // A device or FIFO is written through at the end, as alone.
            Ok(meta) if !meta.is_file() => staged.push((path.clone(), None)),
            _ => staged.push((target.clone(), Some(stage(&target, bytes).map_err(err)?))),
        }
    }
    for ((path, temp), (_, bytes)) in staged.into_iter().zip(files) {
        match temp {
            Some(temp) => {
                temp.persist(&path).map_err(|e| Error::Write {
                    path: path.clone(),
                    source: e.error,
                })?;
            }
            None => write_atomic(&path, bytes)?,
        }
    }
    Ok(())
}

/// A complete temporary file beside `path`, with the permissions `path`
/// has (or an ordinary file's), ready to be renamed over it.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name_len = path.file_name().map_or(0, std::ffi::OsStr::len);
    if name_len > 255 {
        return Err(std::io::Error::other(format!(
            "the file name is {name_len} bytes long, over the 255 a file system takes"
        )));
    }
    let mut file = tempfile::Builder::new()
        .prefix(".annals-")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    // Temporary files are private (0600); a figure is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        file.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(file)
}

/// Writes a temporary file beside `path` and renames it over `path`.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(path, bytes)?.persist(path).map_err(|e| e.error)?;
    Ok(())
}
