//! The index: its schema (defined once), atomic builds, and opening it for search.
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

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::analysis::{self, ANALYZER, BIGRAM_ANALYZER};
use crate::error::{Error, Result};
use crate::report::section::{self, SectionKind};
use crate::report::{Record, Status};

const CURRENT: &str = "CURRENT";
const CATALOG: &str = "catalog.json";
const GEN_PREFIX: &str = "gen-";
const TMP_PREFIX: &str = ".tmp-";
const LOCK: &str = ".lock";
const WRITER_HEAP: usize = 50_000_000;

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub year: Field,
    /// Official ministry name, exact (`STRING`).
    pub ministry: Field,
    /// `/<ministry>`, for facet counts.
    pub ministry_facet: Field,
    pub status: Field,
    pub page: Field,
    /// 重点項目 title, analyzed.
    pub item: Field,
    /// Passage text, analyzed.
    pub text: Field,
    /// The B cell's guideline references as written, analyzed.
    pub refs: Field,
    /// 重点項目 title, character bigrams.
    pub item_bigram: Field,
    /// Passage text, character bigrams.
    pub text_bigram: Field,
    /// Hierarchical section paths: `/II/1/(2)/②`, own plans under `/own/…`.
    pub sections: Field,
    /// The whole [`Record`] as JSON, for display.
    pub record: Field,
}

/// The schema, defined in this one place.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAM_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        year: b.add_u64_field("year", INDEXED | FAST),
        ministry: b.add_text_field("ministry", STRING),
        ministry_facet: b.add_facet_field("ministry_facet", FacetOptions::default()),
        status: b.add_text_field("status", STRING),
        page: b.add_u64_field("page", INDEXED | FAST),
        item: b.add_text_field("item", analyzed.clone()),
        text: b.add_text_field("text", analyzed.clone()),
        refs: b.add_text_field("refs", analyzed),
        item_bigram: b.add_text_field("item_bigram", bigrams.clone()),
        text_bigram: b.add_text_field("text_bigram", bigrams),
        sections: b.add_facet_field("sections", FacetOptions::default()),
        record: b.add_text_field("record", STORED),
    };
    (b.build(), fields)
}

/// The facet of a ministry name.
pub fn ministry_facet(name: &str) -> tantivy::schema::Facet {
    tantivy::schema::Facet::from_path([name])
}

/// The facet of a canonical section path.
pub fn section_facet(path: &str) -> tantivy::schema::Facet {
    tantivy::schema::Facet::from_path(section::segments(path))
}

/// What an index holds, for `ministries`, `sections` and filter validation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Catalog {
    /// The inputs the index was built from.
    pub inputs: Vec<String>,
    /// Fiscal years of the reports in the index.
    #[serde(default)]
    pub years: Vec<u16>,
    pub passages: usize,
    pub ministries: Vec<MinistryEntry>,
    pub sections: Vec<SectionEntry>,
}

/// One organisation in the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MinistryEntry {
    pub name: String,
    pub english: String,
    /// First PDF page of its part.
    pub page: u32,
    /// Number of 重点項目 (distinct item titles).
    pub items: usize,
    pub passages: usize,
    pub new: usize,
    pub continuing: usize,
    pub unmarked: usize,
}

/// One node of the section tree: passages citing it or anything under it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub path: String,
    pub depth: usize,
    pub title: String,
    pub kind: SectionKind,
    pub passages: usize,
}

impl Catalog {
    fn of(records: &[Record], inputs: Vec<String>) -> Catalog {
        let mut ministries: Vec<MinistryEntry> = Vec::new();
        let mut items: HashMap<&str, Vec<&str>> = HashMap::new();
        for r in records {
            let m = match ministries.iter_mut().find(|m| m.name == r.ministry) {
                Some(m) => m,
                None => {
                    ministries.push(MinistryEntry {
                        name: r.ministry.clone(),
                        english: r.ministry_en.clone(),
                        page: r.page,
                        items: 0,
                        passages: 0,
                        new: 0,
                        continuing: 0,
                        unmarked: 0,
                    });
                    ministries.last_mut().expect("just pushed")
                }
            };
            m.page = m.page.min(r.page);
            m.passages += 1;
            match r.status {
                Status::New => m.new += 1,
                Status::Continuing => m.continuing += 1,
                Status::Unmarked => m.unmarked += 1,
            }
            let seen = items.entry(&r.ministry).or_default();
            if !seen.contains(&r.item.as_str()) {
                seen.push(&r.item);
            }
        }
        for m in &mut ministries {
            m.items = items.get(m.name.as_str()).map_or(0, Vec::len);
        }

        // Every cited path and its ancestors, with the passages under it.
        let mut nodes: BTreeMap<Vec<String>, SectionNode> = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            for s in &r.sections {
                let segs = section::segments(&s.path);
                for depth in 1..=segs.len() {
                    let key = segs[..depth].to_vec();
                    let node = nodes
                        .entry(key)
                        .or_insert_with(|| (s.kind, Vec::new(), HashMap::new()));
                    if node.1.last() != Some(&i) {
                        node.1.push(i);
                    }
                    // Written titles line up with the path when no level was corrected.
                    let offset = usize::from(s.kind == SectionKind::OwnPlan);
                    if s.titles.len() + offset == segs.len() && depth > offset {
                        if let Some(t) = s.titles.get(depth - 1 - offset).filter(|t| !t.is_empty())
                        {
                            *node.2.entry(t.clone()).or_default() += 1;
                        }
                    }
                }
            }
        }
        let mut sections: Vec<SectionEntry> = nodes
            .into_iter()
            .map(|(segs, (kind, passages, titles))| {
                let path = path_of(&segs);
                let title = section::outline_title(&path)
                    .map(str::to_string)
                    .or_else(|| {
                        let mut t: Vec<(String, usize)> = titles.into_iter().collect();
                        t.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                        t.into_iter().next().map(|(t, _)| t)
                    })
                    .unwrap_or_else(|| {
                        if segs.len() == 1 && segs[0] == "own" {
                            "organisations' own plans".to_string()
                        } else {
                            String::new()
                        }
                    });
                SectionEntry {
                    depth: segs.len(),
                    path,
                    title,
                    kind,
                    passages: passages.len(),
                }
            })
            .collect();
        sections.sort_by_key(|s| sort_key(&s.path));
        let mut years: Vec<u16> = records.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        Catalog {
            inputs,
            years,
            passages: records.len(),
            ministries,
            sections,
        }
    }

    /// Names of the ministries in the index.
    pub fn ministry_names(&self) -> Vec<String> {
        self.ministries.iter().map(|m| m.name.clone()).collect()
    }
}

fn path_of(segs: &[String]) -> String {
    match segs.split_first() {
        Some((first, rest)) if first == "own" => {
            format!("{}{}", section::OWN_PREFIX, rest.join("."))
        }
        _ => segs.join("."),
    }
}

/// Orders section paths as a reader expects: II before IV before own, 2 before 10.
fn sort_key(path: &str) -> Vec<(u32, String)> {
    section::segments(path)
        .into_iter()
        .map(|seg| {
            let roman = ["I", "II", "III", "IV", "V"].iter().position(|r| *r == seg);
            let digits: String = seg.chars().filter(char::is_ascii_digit).collect();
            let circled = seg
                .chars()
                .next()
                .filter(|c| matches!(*c as u32, 0x2460..=0x2473))
                .map(|c| c as u32 - 0x2460 + 1);
            let rank = if seg == "own" {
                10_000
            } else if let Some(r) = roman {
                r as u32 + 1
            } else if let Some(c) = circled {
                c
            } else {
                digits.parse::<u32>().unwrap_or(5_000)
            };
            (rank, seg)
        })
        .collect()
}

/// A section while the catalog is assembled: kind, passages (indices), written titles.
type SectionNode = (SectionKind, Vec<usize>, HashMap<String, usize>);

/// What a build did.
#[derive(Debug, Clone, Serialize)]
pub struct BuildSummary {
    pub dir: PathBuf,
    pub passages: usize,
    pub ministries: usize,
    pub inputs: Vec<String>,
}

fn io_err(dir: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::IndexWrite {
        dir: dir.to_path_buf(),
        source,
    }
}

fn is_ours(name: &str) -> bool {
    name == CURRENT || name.starts_with(GEN_PREFIX) || name.starts_with('.')
}

/// Builds a new generation of the index at `root` from `records`, then makes it live.
pub fn build(root: &Path, records: &[Record], inputs: Vec<String>) -> Result<BuildSummary> {
    build_with_progress(root, records, inputs, &mut |_, _| {})
}

/// Like [`build`], reporting passages indexed as (done, total).
pub fn build_with_progress(
    root: &Path,
    records: &[Record],
    inputs: Vec<String>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildSummary> {
    if root.exists() {
        let entries = fs::read_dir(root).map_err(io_err(root))?;
        for entry in entries {
            let name = entry.map_err(io_err(root))?.file_name();
            if !is_ours(&name.to_string_lossy()) {
                return Err(Error::NotAnIndex {
                    dir: root.to_path_buf(),
                });
            }
        }
    }
    fs::create_dir_all(root).map_err(io_err(root))?;
    let lock = fs::File::create(root.join(LOCK)).map_err(io_err(root))?;
    lock.lock().map_err(io_err(root))?;

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tmp = root.join(format!("{TMP_PREFIX}{}-{nanos}", std::process::id()));
    let result = write_generation(&tmp, records, inputs.clone(), progress).and_then(|()| {
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
    let live = match result {
        Ok(name) => name,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    remove_old_generations(root, &live);
    drop(lock);
    Ok(BuildSummary {
        dir: root.to_path_buf(),
        passages: records.len(),
        ministries: records
            .iter()
            .map(|r| &r.ministry)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        inputs,
    })
}

fn write_generation(
    dir: &Path,
    records: &[Record],
    inputs: Vec<String>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    register_analyzers(&index)?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_HEAP)?;
    for (i, r) in records.iter().enumerate() {
        let mut d = doc!(
            f.id => r.id.clone(),
            f.year => u64::from(r.year),
            f.ministry => r.ministry.clone(),
            f.ministry_facet => ministry_facet(&r.ministry),
            f.status => r.status.as_str(),
            f.page => u64::from(r.page),
            f.item => r.item.clone(),
            f.text => r.text.clone(),
            f.refs => r.sections.iter().map(|s| s.raw.as_str()).collect::<Vec<_>>().join("\n"),
            f.item_bigram => r.item.clone(),
            f.text_bigram => r.text.clone(),
            f.record => serde_json::to_string(r).map_err(|e| Error::IndexDamaged {
                dir: dir.to_path_buf(),
                detail: e.to_string(),
            })?,
        );
        for s in &r.sections {
            d.add_facet(f.sections, section_facet(&s.path));
        }
        writer.add_document(d)?;
        progress(i + 1, records.len());
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let catalog = Catalog::of(records, inputs);
    let json = serde_json::to_vec_pretty(&catalog).map_err(|e| Error::IndexDamaged {
        dir: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    fs::write(dir.join(CATALOG), json).map_err(io_err(dir))?;
    Ok(())
}

fn register_analyzers(index: &Index) -> Result<()> {
    index.tokenizers().register(ANALYZER, analysis::analyzer()?);
    index
        .tokenizers()
        .register(BIGRAM_ANALYZER, analysis::bigram_analyzer());
    Ok(())
}

/// Removes generations other than the live one and the one before it.
fn remove_old_generations(root: &Path, live: &str) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let mut gens: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(GEN_PREFIX) && n != live)
        .collect();
    gens.sort();
    gens.pop(); // the previous generation stays for readers that opened it just now
    for g in gens {
        let _ = fs::remove_dir_all(root.join(g));
    }
}

/// An open index, ready to search.
pub struct Opened {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub catalog: Catalog,
    pub generation: PathBuf,
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
fn live_generation(root: &Path) -> Result<PathBuf> {
    let damaged = |detail: String| Error::IndexDamaged {
        dir: root.to_path_buf(),
        detail,
    };
    let name = match fs::read_to_string(root.join(CURRENT)) {
        Ok(n) => n.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if is_vacant(root) {
                Error::IndexMissing {
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

/// Opens the live generation of the index at `root`.
pub fn open(root: &Path) -> Result<Opened> {
    let damaged = |detail: String| Error::IndexDamaged {
        dir: root.to_path_buf(),
        detail,
    };
    let generation = live_generation(root)?;
    let index = Index::open_in_dir(&generation).map_err(|e| damaged(e.to_string()))?;
    register_analyzers(&index)?;
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(Error::IndexOutdated {
            dir: root.to_path_buf(),
        });
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
    Ok(Opened {
        index,
        reader,
        fields,
        catalog,
        generation,
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
        .is_some_and(|inputs| inputs == serde_json::json!([crate::report::BUNDLED_NAME]))
}

/// Reads the stored record of a document.
pub fn stored_record(doc: &TantivyDocument, fields: &Fields) -> Result<Record> {
    let json = doc
        .get_first(fields.record)
        .and_then(|v| v.as_str())
        .ok_or_else(|| Error::IndexDamaged {
            dir: PathBuf::new(),
            detail: "a document has no stored record".into(),
        })?;
    serde_json::from_str(json).map_err(|e| Error::IndexDamaged {
        dir: PathBuf::new(),
        detail: format!("stored record: {e}"),
    })
}
