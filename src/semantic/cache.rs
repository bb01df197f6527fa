//! Vectors cached per machine, keyed by the model's sha256 and the text's, so that a rebuild
//! (or another index, or a test) embeds only text it has not seen. Writes are atomic (a file
//! per text, written then renamed); a cache that cannot be written only costs time.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::model::{hex, MODEL_SHA256};
use crate::domain::places;

/// Overrides where the cache lives.
pub const CACHE_ENV: &str = "WLB_CACHE_DIR";
/// Remembers the model files whose sha256 was checked.
const CHECKED: &str = "model-checked";
/// How many checked model files are remembered (checkouts, installed copies): one more
/// forgets the oldest.
const CHECKED_KEPT: usize = 8;

/// A text's key, in the cache and in a generation's vectors: the first 128 bits of its
/// sha256, in hex.
pub fn key(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))[..32].to_string()
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    pub fn at(root: &Path) -> Cache {
        Cache {
            root: root.to_path_buf(),
        }
    }

    /// `$WLB_CACHE_DIR`, else `$XDG_CACHE_HOME/wlb-search`, else `~/.cache/wlb-search`.
    pub fn at_default() -> Cache {
        let root = std::env::var_os(CACHE_ENV)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(places::cache_dir)
            .unwrap_or_else(|| std::env::temp_dir().join("wlb-search-cache"));
        Cache { root }
    }

    fn vectors(&self) -> PathBuf {
        self.root.join("vectors").join(&MODEL_SHA256[..16])
    }

    fn file(&self, key: &str) -> PathBuf {
        self.vectors().join(&key[..2]).join(&key[2..])
    }

    /// The cached vector of a text whose [`key`] is `key`, if any (and whole).
    pub fn get(&self, key: &str, dim: usize) -> Option<Vec<f32>> {
        let bytes = fs::read(self.file(key)).ok()?;
        (bytes.len() == dim * 4).then(|| {
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        })
    }

    /// Caches the vector of the text whose [`key`] is `key` (best effort).
    pub fn put(&self, key: &str, vector: &[f32]) {
        let path = self.file(key);
        let Some(dir) = path.parent() else {
            return;
        };
        let bytes: Vec<u8> = vector.iter().flat_map(|x| x.to_le_bytes()).collect();
        let tmp = dir.join(format!(".tmp-{}", std::process::id()));
        let _ = fs::create_dir_all(dir)
            .and_then(|()| fs::write(&tmp, bytes))
            .and_then(|()| fs::rename(&tmp, &path));
    }

    /// Holds the cache's lock while the caller embeds, so that two builds at once (parallel
    /// tests) embed the same text once: the second waits, then finds it cached.
    pub fn lock(&self) -> Option<fs::File> {
        let dir = self.vectors();
        fs::create_dir_all(&dir).ok()?;
        let file = fs::File::create(dir.join(".lock")).ok()?;
        file.lock().ok()?;
        Some(file)
    }

    pub(super) fn remembers(&self, stamp: &str) -> bool {
        fs::read_to_string(self.root.join(CHECKED)).is_ok_and(|s| s.lines().any(|l| l == stamp))
    }

    /// Remembers `stamp` beside the last few others (best effort, atomic): two checkouts used
    /// in turn do not hash their model again at every start.
    pub(super) fn remember(&self, stamp: &str) {
        let path = self.root.join(CHECKED);
        let old = fs::read_to_string(&path).unwrap_or_default();
        let mut kept: Vec<&str> = old.lines().filter(|l| *l != stamp).collect();
        kept.push(stamp);
        let from = kept.len().saturating_sub(CHECKED_KEPT);
        let text: String = kept[from..].iter().map(|l| format!("{l}\n")).collect();
        let tmp = self.root.join(format!(".{CHECKED}-{}", std::process::id()));
        let _ = fs::create_dir_all(&self.root)
            .and_then(|()| fs::write(&tmp, text))
            .and_then(|()| fs::rename(&tmp, &path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_few_checked_models_are_remembered() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::at(dir.path());
        let stamps: Vec<String> = (0..=CHECKED_KEPT).map(|i| format!("model {i}")).collect();
        for stamp in &stamps {
            cache.remember(stamp);
        }
        assert!(!cache.remembers(&stamps[0]), "the oldest is forgotten");
        assert!(stamps[1..].iter().all(|s| cache.remembers(s)));
        // Remembered again, a stamp becomes the newest and is not written twice.
        cache.remember(&stamps[1]);
        cache.remember("model new");
        assert!(cache.remembers(&stamps[1]) && cache.remembers("model new"));
        assert!(!cache.remembers(&stamps[2]));
        let text = fs::read_to_string(dir.path().join(CHECKED)).expect("written");
        assert_eq!(text.lines().count(), CHECKED_KEPT);
    }
}
