//! The directory a build writes a generation into: tantivy's memory-mapped directory, except
//! that files are not synced one by one as tantivy finishes them (about twenty `fdatasync`s,
//! each waiting for the disk) but all together once the generation is complete
//! ([`sync_all`]), before `CURRENT` names it. Nothing reads a generation before that, and a
//! build that dies first leaves a temporary directory that the next build removes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// A generation being written.
#[derive(Debug, Clone)]
pub(super) struct BuildDir {
    root: PathBuf,
    inner: MmapDirectory,
}

impl BuildDir {
    pub fn open(dir: &Path) -> tantivy::Result<BuildDir> {
        Ok(BuildDir {
            root: dir.to_path_buf(),
            inner: MmapDirectory::open(dir)?,
        })
    }
}

/// Syncs every file of `dir`, then `dir` itself. The files are synced side by side, one thread
/// each (a generation holds about fifteen): their waits for the disk overlap. A file synced
/// before ([`sync_files`]) costs little here.
pub(super) fn sync_all(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            files.push(entry.path());
        }
    }
    sync_files(&files)?;
    File::open(dir)?.sync_all()
}

/// Syncs `files` side by side, one thread each.
pub(super) fn sync_files(files: &[PathBuf]) -> io::Result<()> {
    std::thread::scope(|scope| {
        let syncs: Vec<_> = files
            .iter()
            .map(|path| scope.spawn(move || File::open(path)?.sync_data()))
            .collect();
        syncs
            .into_iter()
            .try_for_each(|sync| sync.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

struct Unsynced(File);

impl Write for Unsynced {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl TerminatingWrite for Unsynced {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()
    }
}

impl Directory for BuildDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.root.join(path))
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    OpenWriteError::FileAlreadyExists(path.to_path_buf())
                } else {
                    OpenWriteError::wrap_io_error(e, path.to_path_buf())
                }
            })?;
        Ok(BufWriter::new(Box::new(Unsynced(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let target = self.root.join(path);
        let mut file = tempfile::Builder::new().tempfile_in(&self.root)?;
        file.write_all(data)?;
        file.flush()?;
        file.into_temp_path().persist(target)?;
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(()) // `sync_all` at the end of the build
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
