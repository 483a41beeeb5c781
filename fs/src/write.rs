//! Writing a file so that nothing the user has is lost: every command that writes (`lint
//! --fix`, `init`, `workflow test --output`, the cache) goes through here.
//!
//! - The new content goes to a temporary file created exclusively in the target's folder
//!   (`O_CREAT|O_EXCL|O_NOFOLLOW`, a random name, retried on collision): a symlink or file
//!   planted at a predictable name is never followed or overwritten.
//! - The temporary file gets the target's permissions and, where the process may, its owner,
//!   before it replaces the target by a rename: a crash leaves the old file or the new one,
//!   never half of one.
//! - With [`Expect::Unchanged`] the target is read again just before the rename and the
//!   write is abandoned when it no longer holds what the caller read (an edit saved while a
//!   large tree was being linted is never reverted). A change in the instant between that
//!   check and the rename cannot be excluded without locks the editors do not take.
//! - A target that is a symlink is written through: the link's target is replaced, the link
//!   stays a link. The result cache is the exception ([`CacheFile`]): its folder lives in
//!   the repository, so a link there may be planted, and is replaced instead.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What the target must hold for the write to go ahead.
pub enum Expect<'a> {
    /// Anything (or nothing): a new file, or one the user asked to overwrite.
    Anything,
    /// Exactly these bytes: the content the caller read and computed the new one from.
    Unchanged(&'a [u8]),
}

/// Why a write did not happen.
#[derive(Debug)]
pub enum WriteError {
    /// The target changed since it was read; nothing was written.
    Changed,
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(
                f,
                "the file changed on disk after it was read; nothing was written (run again to fix the new content)"
            ),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces the content of `path` with `bytes` (see the module documentation), flushed to
/// the disk before the rename.
pub fn write_file(path: &Path, bytes: &[u8], expect: Expect<'_>) -> Result<(), WriteError> {
    write(path, bytes, expect)
}

/// Writes a file of the result cache whole (see [`CacheFile`]).
pub fn write_cache_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = CacheFile::create(path)?;
    file.write_all(bytes)?;
    Ok(file.commit()?)
}

/// A file of the result cache written piece by piece, as a run produces it: into a
/// temporary file created exclusively beside `path`, renamed over `path` by
/// [`CacheFile::commit`], removed if dropped before. Unlike a user's file, whatever is at
/// `path` (a symlink planted in the repository's cache folder included) is replaced, never
/// written through, and the disk is not waited for: a record cut short by a crash reads as
/// a miss, and syncing would cost more than the cache saves.
pub struct CacheFile {
    file: File,
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl CacheFile {
    pub fn create(path: &Path) -> std::io::Result<CacheFile> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let (file, temp) = create_temporary(dir, path, 0o644)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        Ok(CacheFile {
            file,
            temp,
            target: path.to_path_buf(),
            committed: false,
        })
    }

    /// Writes `bytes` at `offset` (a header whose content is known only at the end).
    pub fn write_all_at(&self, bytes: &[u8], offset: u64) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::write_all_at(&self.file, bytes, offset)
    }

    /// Puts the written content in the target's place.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.flush()?;
        std::fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Write for CacheFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for CacheFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn write(path: &Path, bytes: &[u8], expect: Expect<'_>) -> Result<(), WriteError> {
    let target = resolve_link(path)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let existing = std::fs::metadata(&target).ok();
    let mode = existing
        .as_ref()
        .map_or(0o644, |m| m.permissions().mode() & 0o7777);
    let (mut file, temp) = create_temporary(dir, &target, mode)?;
    let cleanup = |e: WriteError| {
        let _ = std::fs::remove_file(&temp);
        e
    };
    file.write_all(bytes)
        .and_then(|()| file.set_permissions(std::fs::Permissions::from_mode(mode)))
        .map_err(|e| cleanup(e.into()))?;
    if let Some(meta) = &existing {
        // Keep the owner where the process may (root, or the owner changing the group to
        // one of its own); otherwise the file keeps the writer's ids, as any editor does.
        let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
    }
    file.sync_all().map_err(|e| cleanup(e.into()))?;
    drop(file);
    if let Expect::Unchanged(read) = expect {
        match std::fs::read(&target) {
            Ok(now) if now == read => {}
            Ok(_) => return Err(cleanup(WriteError::Changed)),
            Err(e) => return Err(cleanup(e.into())),
        }
    }
    std::fs::rename(&temp, &target).map_err(|e| cleanup(e.into()))
}

/// The file a path names: the path itself, or for a symlink the file it points to (links
/// followed to the end, relative targets resolved against the link's folder).
fn resolve_link(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

/// A new file in `dir` that did not exist before, with a name nobody can predict.
fn create_temporary(dir: &Path, target: &Path, mode: u32) -> std::io::Result<(File, PathBuf)> {
    let stem = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = None;
    for attempt in 0..64u32 {
        let name = format!(".{stem}.{:016x}.innominatus.tmp", unpredictable(attempt));
        let path = dir.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode | 0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path)
        {
            Ok(f) => return Ok((f, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file could be created")))
}

/// 64 bits nobody outside this process can guess: the standard library's per-process random
/// hash keys, mixed with the time, the process id and the attempt.
fn unpredictable(attempt: u32) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(attempt);
    h.write_u32(std::process::id());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.write_u128(now);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("inn-fs-write-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn planted_symlinks_at_temporary_names_are_never_followed() {
        let dir = scratch("planted");
        let victim = dir.join("victim");
        std::fs::write(&victim, "secret\n").unwrap();
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
        let file = dir.join("score.yaml");
        std::fs::write(&file, "a: 1\n").unwrap();
        // Links at every name the old scheme used, and at a thousand guesses.
        for pid in std::process::id()..std::process::id() + 1000 {
            let _ = symlink(
                &victim,
                dir.join(format!(".score.yaml.innominatus-{pid}.tmp")),
            );
        }
        write_file(&file, b"a: 2\n", Expect::Unchanged(b"a: 1\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a: 2\n");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret\n");
        let meta = std::fs::metadata(&victim).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert!(!std::fs::symlink_metadata(&file)
            .unwrap()
            .file_type()
            .is_symlink());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_cache_file_replaces_a_planted_link_instead_of_writing_through_it() {
        let dir = scratch("cache-link");
        let victim = dir.join("victim");
        std::fs::write(&victim, "secret\n").unwrap();
        let record = dir.join("run.json");
        symlink(&victim, &record).unwrap();
        write_cache_file(&record, b"record\n").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret\n");
        assert_eq!(std::fs::read_to_string(&record).unwrap(), "record\n");
        assert!(!std::fs::symlink_metadata(&record)
            .unwrap()
            .file_type()
            .is_symlink());
        // Dropped before its commit: nothing is left, the old record stays.
        let mut half = CacheFile::create(&record).unwrap();
        half.write_all(b"half").unwrap();
        drop(half);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        assert_eq!(std::fs::read_to_string(&record).unwrap(), "record\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_concurrent_edit_is_never_reverted() {
        let dir = scratch("concurrent");
        let file = dir.join("w.yaml");
        std::fs::write(&file, "edited by the user\n").unwrap();
        let err = write_file(&file, b"fixed\n", Expect::Unchanged(b"as read\n")).unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "edited by the user\n"
        );
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "the temporary file was left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn mode_is_kept_and_a_symlinked_file_stays_a_link() {
        let dir = scratch("mode");
        let real = dir.join("real.yaml");
        std::fs::write(&real, "x: 1\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.yaml");
        symlink("real.yaml", &link).unwrap();
        write_file(&link, b"x: 2\n", Expect::Unchanged(b"x: 1\n")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "x: 2\n");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
