//! Generations of an index on disk: atomic builds, and opening the live one for search.
//!
//! Layout of an index directory:
//! ```text
//! index/CURRENT           name of the live generation, replaced atomically (write + rename)
//! index/gen-<nanos>/      a complete tantivy index plus catalog.json
//! index/.tmp-<…>/         a build in progress (removed if the build fails)
//! index/.lock             held by a running build
//! ```
//! A build writes a whole new generation, then switches `CURRENT` with a rename: a search sees
//! the old index or the new one, never a mix, and a failed build leaves the old one live. The
//! previous generation is kept so that a search that read `CURRENT` just before a switch can
//! still open it; older ones are removed.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::schema::Value;
use tantivy::{
    Index, IndexReader, IndexSettings, ReloadPolicy, SingleSegmentIndexWriter, TantivyDocument,
};

use super::build_dir::{self, BuildDir};
use super::catalog::Catalog;
use super::error::Error;
use super::ingest;
use super::read_only::ReadOnly;
use super::schema::{schema, Fields};
use crate::analysis::{self, ANALYZER, BIGRAM_ANALYZER};
use crate::domain::{Input, Record};
use crate::report::BUNDLED_NAME;
use crate::semantic::Vectors;

use crate::error::Result;

const CURRENT: &str = "CURRENT";
const CATALOG: &str = "catalog.json";
const GEN_PREFIX: &str = "gen-";
const TMP_PREFIX: &str = ".tmp-";
const LOCK: &str = ".lock";
/// Written last by a build: each file of the generation with its size and modification time,
/// once their checksums were verified. A file that no longer matches is verified again.
const VERIFIED: &str = "verified.json";
/// The memory tantivy is told the writer has, which only sizes its table of terms at the start
/// (a third of it; the table doubles when it fills): sixteen bytes per byte of text, so the
/// bundled report's table starts at 64 K terms, not the 512 K that fill and scan 4 MB.
const TERM_TABLE_BUDGET: (usize, usize) = (1 << 20, 15_000_000);

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub dir: PathBuf,
    pub passages: usize,
    pub ministries: usize,
    pub inputs: Vec<String>,
}

fn io_err(dir: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        dir: dir.to_path_buf(),
        source,
    }
}

fn is_ours(name: &str) -> bool {
    name == CURRENT || name.starts_with(GEN_PREFIX) || name.starts_with('.')
}

/// Builds a new generation of the index at `root` from `records`, then makes it live.
pub fn build(root: &Path, records: &[Record], inputs: Vec<Input>) -> Result<BuildSummary> {
    build_with_progress(root, records, inputs, &|_| None, &mut |_, _| {}, &mut || {})
}

/// Works out the sentence vectors a build stores, or none (words only). It is given the live
/// generation's directory, whose vectors it may reuse, and called while the segment is
/// written, beside it.
pub type Embed<'a> = &'a (dyn Fn(Option<&Path>) -> Option<Vectors> + Sync);

/// Refuses an index path that is a file, or whose parent directory does not exist (a typo
/// in `--index` should not create a tree of directories).
fn check_place(root: &Path) -> Result<()> {
    if root.is_file() {
        return Err(Error::NotADirectory {
            dir: root.to_path_buf(),
        }
        .into());
    }
    let parent = root.parent().filter(|p| !p.as_os_str().is_empty());
    if !root.exists() && parent.is_some_and(|p| !p.is_dir()) {
        return Err(Error::NoParent {
            dir: root.to_path_buf(),
        }
        .into());
    }
    Ok(())
}

/// Like [`build`], with the passages' sentence vectors when there are any (stored in the
/// generation for semantic search), reporting passages indexed as (done, total).
pub fn build_with_progress(
    root: &Path,
    records: &[Record],
    inputs: Vec<Input>,
    vectors: Embed,
    progress: &mut dyn FnMut(usize, usize),
    waiting: &mut dyn FnMut(),
) -> Result<BuildSummary> {
    build_with_jobs(
        root,
        records,
        inputs,
        vectors,
        crate::domain::default_jobs(),
        progress,
        waiting,
    )
}

/// Like [`build_with_progress`], analysing on `jobs` threads (the index is the same for any
/// number).
pub fn build_with_jobs(
    root: &Path,
    records: &[Record],
    inputs: Vec<Input>,
    vectors: Embed,
    jobs: usize,
    progress: &mut dyn FnMut(usize, usize),
    waiting: &mut dyn FnMut(),
) -> Result<BuildSummary> {
    check_place(root)?;
    if root.exists() {
        let entries = fs::read_dir(root).map_err(io_err(root))?;
        for entry in entries {
            let name = entry.map_err(io_err(root))?.file_name();
            if !is_ours(&name.to_string_lossy()) {
                return Err(Error::NotAnIndex {
                    dir: root.to_path_buf(),
                }
                .into());
            }
        }
    }
    fs::create_dir_all(root).map_err(io_err(root))?;
    let lock = fs::File::create(root.join(LOCK)).map_err(io_err(root))?;
    if lock.try_lock().is_err() {
        // Another build holds it: say so, then wait for it.
        waiting();
        lock.lock().map_err(io_err(root))?;
    }
    remove_dead_builds(root);

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tmp = root.join(format!("{TMP_PREFIX}{}-{nanos}", std::process::id()));
    let live = live_generation_dir(root);
    let beside = Beside {
        records,
        inputs: inputs.clone(),
        vectors,
        live: live.as_deref(),
        stale: live
            .as_deref()
            .map(|l| stale_generations(root, l))
            .unwrap_or_default(),
    };
    let result = write_generation(&tmp, records, beside, jobs, progress);
    let result = result.and_then(|()| {
        let name = format!("{GEN_PREFIX}{nanos:024}");
        fs::rename(&tmp, root.join(&name)).map_err(io_err(root))?;
        let pointer = root.join(format!("{TMP_PREFIX}{CURRENT}"));
        fs::write(&pointer, &name).map_err(io_err(root))?;
        fs::File::open(&pointer)
            .and_then(|f| f.sync_all())
            .map_err(io_err(root))?;
        fs::rename(&pointer, root.join(CURRENT)).map_err(io_err(root))?;
        Ok(name)
    });
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    drop(lock);
    Ok(BuildSummary {
        dir: root.to_path_buf(),
        passages: records.len(),
        ministries: records
            .iter()
            .map(|r| &r.ministry)
            .collect::<HashSet<_>>()
            .len(),
        inputs: inputs.into_iter().map(|i| i.name).collect(),
    })
}

fn write_generation(
    dir: &Path,
    records: &[Record],
    beside: Beside,
    jobs: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let (schema, f) = schema();
    let index = Index::create(BuildDir::open(dir)?, schema, IndexSettings::default())?;
    // The workers analyse; this thread replays their tokens into one segment, in record order:
    // the same segment whatever `jobs` is. A generation is always one new segment in a new
    // directory, which is what tantivy's single-segment writer is for: no indexing, merging or
    // garbage-collecting threads to start, and no commit protocol. (It is public but hidden
    // from tantivy's documentation; Cargo.lock pins the version, and the tests build with it.)
    ingest::register_replay(&index);
    let text: usize = records.iter().map(|r| r.text.len() + r.item.len()).sum();
    let budget = text
        .saturating_mul(16)
        .clamp(TERM_TABLE_BUDGET.0, TERM_TABLE_BUDGET.1);
    let open = || {
        Ok(SingleSegmentIndexWriter::<TantivyDocument>::new(
            index.clone(),
            budget,
        )?)
    };
    let writer = ingest::documents(dir, records, &f, jobs, open, &mut |writer, i, doc| {
        writer.add_document(doc)?;
        progress(i + 1, records.len());
        Ok(())
    })?;
    // Writing the segment takes one core; what does not need it is done on another.
    std::thread::scope(|scope| {
        let others = scope.spawn(|| beside.write(dir));
        let segment = writer.finalize();
        let others = others
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        segment?;
        others
    })?;
    verify(&index, dir)?;
    share_reading(dir).map_err(io_err(dir))?;
    let stamps = serde_json::to_vec(&stamps(dir).map_err(io_err(dir))?).unwrap_or_default();
    fs::write(dir.join(VERIFIED), stamps).map_err(io_err(dir))?;
    // Durable before `CURRENT` names it: every file at once (see `build_dir`).
    build_dir::sync_all(dir).map_err(io_err(dir))?;
    Ok(())
}

/// What a build does while its segment is written: the catalog and the sentence vectors, into
/// the generation and synced, and the removal of the generations older than the live one.
/// Those are no longer read; the live one stays for searches that read `CURRENT` just before
/// this build switches it.
struct Beside<'a> {
    records: &'a [Record],
    inputs: Vec<Input>,
    vectors: Embed<'a>,
    live: Option<&'a Path>,
    stale: Vec<PathBuf>,
}

impl Beside<'_> {
    fn write(self, dir: &Path) -> Result<()> {
        let catalog = Catalog::of(self.records, self.inputs);
        let json = serde_json::to_vec_pretty(&catalog).map_err(|e| Error::Damaged {
            dir: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        let mut written = vec![dir.join(CATALOG)];
        fs::write(&written[0], json).map_err(io_err(dir))?;
        if let Some(v) = (self.vectors)(self.live) {
            written.extend(v.write(dir)?);
        }
        // Synced now, while the segment is written out, rather than with the segment's files.
        build_dir::sync_files(&written).map_err(io_err(dir))?;
        for old in self.stale {
            let _ = fs::remove_dir_all(old);
        }
        Ok(())
    }
}

fn register_analyzers(index: &Index) -> Result<()> {
    index.tokenizers().register(ANALYZER, analysis::analyzer()?);
    index
        .tokenizers()
        .register(BIGRAM_ANALYZER, analysis::bigram_analyzer());
    Ok(())
}

/// Removes what builds that died (killed, out of power) left: their temporary generations and
/// pointer. Only a build holding the lock may call this, and a build takes the lock before it
/// writes anything, so none of these belongs to a build still running.
fn remove_dead_builds(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
            let path = entry.path();
            let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
        }
    }
}

/// Checks every file of the index against its checksum.
fn verify(index: &Index, dir: &Path) -> Result<()> {
    let bad = index.validate_checksum()?;
    if bad.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    Err(Error::Damaged {
        dir: dir.to_path_buf(),
        detail: format!("checksum mismatch in {}", names.join(", ")),
    }
    .into())
}

/// Each file of a generation (not the stamps themselves) with its size and modification time.
fn stamps(dir: &Path) -> std::io::Result<std::collections::BTreeMap<String, (u64, u128)>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let meta = entry.metadata()?;
        if meta.is_file() && name != VERIFIED && !name.starts_with('.') {
            let modified = meta
                .modified()?
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            out.insert(name, (meta.len(), modified));
        }
    }
    Ok(out)
}

/// Whether a generation's files are as they were when their checksums were verified.
fn unchanged_since_verified(dir: &Path) -> bool {
    let Ok(bytes) = fs::read(dir.join(VERIFIED)) else {
        return false;
    };
    let Ok(recorded) =
        serde_json::from_slice::<std::collections::BTreeMap<String, (u64, u128)>>(&bytes)
    else {
        return false;
    };
    stamps(dir).is_ok_and(|now| now == recorded)
}

/// Makes a generation's files as readable as its directory (tantivy writes some with mode
/// 0600), so that other users can search an index they may read.
#[cfg(unix)]
fn share_reading(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir)?.permissions().mode() & 0o666;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode | 0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn share_reading(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Removes generations other than the live one and the one before it.
/// The generations a build may remove: all but the live one.
fn stale_generations(root: &Path, live: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(GEN_PREFIX))
        .map(|e| e.path())
        .filter(|g| g != live)
        .collect()
}

/// An open index, ready to search.
pub struct Opened {
    /// The index directory (the parent of the generations), for messages.
    pub root: PathBuf,
    /// The live generation's directory (for its sentence vectors, read when first needed).
    pub generation: PathBuf,
    pub reader: IndexReader,
    pub fields: Fields,
    pub catalog: Catalog,
}

/// Whether `root` is missing or holds nothing but our own hidden files.
pub fn is_vacant(root: &Path) -> bool {
    match fs::read_dir(root) {
        Err(_) => true,
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .all(|e| e.file_name().to_string_lossy().starts_with('.')),
    }
}

/// The directory of the live generation that `root`'s `CURRENT` names.
fn live_generation(root: &Path) -> Result<PathBuf, Error> {
    if root.is_file() {
        return Err(Error::NotADirectory {
            dir: root.to_path_buf(),
        });
    }
    let damaged = |detail: String| Error::Damaged {
        dir: root.to_path_buf(),
        detail,
    };
    let name = match fs::read_to_string(root.join(CURRENT)) {
        Ok(n) => n.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if is_vacant(root) {
                Error::Missing {
                    dir: root.to_path_buf(),
                }
            } else {
                Error::NotAnIndex {
                    dir: root.to_path_buf(),
                }
            })
        }
        Err(e) => return Err(damaged(format!("cannot read {CURRENT}: {e}"))),
    };
    if !name.starts_with(GEN_PREFIX) || name.contains(['/', '\\']) {
        return Err(damaged(format!("{CURRENT} names {name:?}")));
    }
    Ok(root.join(name))
}

/// The directory of the live generation at `root`, if it has one (a rebuild reads what it
/// can reuse from there).
pub fn live_generation_dir(root: &Path) -> Option<PathBuf> {
    live_generation(root).ok().filter(|g| g.is_dir())
}

/// Opens the live generation of the index at `root`.
pub fn open(root: &Path) -> Result<Opened> {
    let damaged = |detail: String| Error::Damaged {
        dir: root.to_path_buf(),
        detail,
    };
    let generation = live_generation(root)?;
    let directory = ReadOnly::open(&generation).map_err(|e| damaged(e.to_string()))?;
    let index = Index::open(directory).map_err(|e| damaged(e.to_string()))?;
    register_analyzers(&index)?;
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(Error::Outdated {
            dir: root.to_path_buf(),
        }
        .into());
    }
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| damaged(e.to_string()))?;
    let catalog_bytes =
        fs::read(generation.join(CATALOG)).map_err(|e| damaged(format!("{CATALOG}: {e}")))?;
    let catalog: Catalog =
        serde_json::from_slice(&catalog_bytes).map_err(|e| damaged(format!("{CATALOG}: {e}")))?;
    // Files changed since the build verified them (or never verified) are verified now.
    if !unchanged_since_verified(&generation) {
        verify(&index, root)?;
    }
    let docs = reader.searcher().num_docs();
    if docs != catalog.passages as u64 {
        return Err(damaged(format!(
            "it holds {docs} passages where its catalog lists {}",
            catalog.passages
        ))
        .into());
    }
    Ok(Opened {
        root: root.to_path_buf(),
        generation,
        reader,
        fields,
        catalog,
    })
}

/// Whether the live generation at `root` was built from the bundled report alone (so it can
/// be rebuilt without asking: nothing the user gave would be lost).
pub fn built_from_bundled(root: &Path) -> bool {
    // The catalog is read loosely: an older version's catalog may have other fields.
    live_generation(root)
        .ok()
        .and_then(|generation| fs::read(generation.join(CATALOG)).ok())
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get("inputs").cloned())
        .is_some_and(|inputs| inputs == serde_json::json!([BUNDLED_NAME]))
}

/// Reads the stored record of a document; the error says what is wrong with it.
pub fn stored_record(
    doc: &TantivyDocument,
    fields: &Fields,
) -> std::result::Result<Record, String> {
    let json = doc
        .get_first(fields.record)
        .and_then(|v| v.as_str())
        .ok_or("a document has no stored record")?;
    serde_json::from_str(json).map_err(|e| format!("stored record: {e}"))
}
