//! The vectors of an index generation: every passage's sentences, embedded, stored beside the
//! tantivy files (`vectors.json`: model, spans, checksum; `vectors.f32`: the numbers).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::cache::{key, Cache};
use super::error::Error;
use super::model::{absent, hex, shared_model, Model, DIM, MODEL_SHA256};
use super::sentences::{embed_text, sentences, Span};
use crate::domain::Record;

const META: &str = "vectors.json";
const DATA: &str = "vectors.f32";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    model: String,
    dim: usize,
    /// sha256 of `vectors.f32`.
    sha256: String,
    passages: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    id: String,
    spans: Vec<Span>,
    /// Each sentence's text key ([`cache::key`]), so that a rebuild takes the vectors of
    /// text it has seen from the generation it replaces (absent in older generations).
    #[serde(default)]
    keys: Vec<String>,
}

/// Every passage's sentence vectors.
#[derive(Debug, Clone)]
pub struct Vectors {
    dim: usize,
    /// Passage id, and the range of its sentences' rows.
    passages: Vec<(String, std::ops::Range<usize>)>,
    /// Row-major, `dim` floats per sentence.
    data: Vec<f32>,
    spans: Vec<Span>,
    /// Each sentence's text key; empty when the generation did not record them.
    keys: Vec<String>,
}

impl Vectors {
    /// The `top` passages by their closest sentence to `query` (cosine; vectors are
    /// normalised), best first, ties by id: (passage id, score, that sentence).
    pub fn rank(&self, query: &[f32], top: usize) -> Vec<(&str, f32, Span)> {
        let mut out: Vec<(&str, f32, Span)> = self
            .passages
            .iter()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(id, rows)| {
                let (score, row) = rows
                    .clone()
                    .map(|r| (dot(&self.data[r * self.dim..(r + 1) * self.dim], query), r))
                    .fold((f32::MIN, rows.start), |a, b| if b.0 > a.0 { b } else { a });
                (id.as_str(), score, self.spans[row])
            })
            .collect();
        let order = |a: &(&str, f32, Span), b: &(&str, f32, Span)| {
            b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0))
        };
        if top < out.len() {
            // Only the first `top` in order (ids differ: the order is total, so they are the
            // same as in a whole sort).
            out.select_nth_unstable_by(top, order);
            out.truncate(top);
        }
        out.sort_by(order);
        out
    }

    pub fn passages(&self) -> usize {
        self.passages.len()
    }

    pub fn sentences(&self) -> usize {
        self.spans.len()
    }

    /// Writes the vectors into a generation's directory; returns the files written.
    pub fn write(&self, dir: &Path) -> Result<[PathBuf; 2], Error> {
        let err = |source| Error::Write {
            dir: dir.to_path_buf(),
            source,
        };
        let mut bytes: Vec<u8> = Vec::with_capacity(self.data.len() * 4);
        for x in &self.data {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        let meta = Meta {
            model: MODEL_SHA256.to_string(),
            dim: self.dim,
            sha256: hex(&Sha256::digest(&bytes)),
            passages: self
                .passages
                .iter()
                .map(|(id, rows)| Entry {
                    id: id.clone(),
                    spans: self.spans[rows.clone()].to_vec(),
                    keys: self
                        .keys
                        .get(rows.clone())
                        .map(<[String]>::to_vec)
                        .unwrap_or_default(),
                })
                .collect(),
        };
        let written = [dir.join(DATA), dir.join(META)];
        fs::write(&written[0], bytes).map_err(err)?;
        let json = serde_json::to_vec(&meta).map_err(|e| err(std::io::Error::other(e)))?;
        fs::write(&written[1], json).map_err(err)?;
        Ok(written)
    }

    /// Reads a generation's vectors; `None` when it has none (built without the model).
    pub fn read(dir: &Path) -> Result<Option<Vectors>, Error> {
        let damaged = |detail: String| Error::Damaged {
            dir: dir.to_path_buf(),
            detail,
        };
        let meta = match fs::read(dir.join(META)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(damaged(format!("{META}: {e}"))),
        };
        let meta: Meta =
            serde_json::from_slice(&meta).map_err(|e| damaged(format!("{META}: {e}")))?;
        if meta.model != MODEL_SHA256 {
            return Err(damaged("made with another model".into()));
        }
        let bytes = fs::read(dir.join(DATA)).map_err(|e| damaged(format!("{DATA}: {e}")))?;
        if hex(&Sha256::digest(&bytes)) != meta.sha256 {
            return Err(damaged(format!("{DATA} does not match its checksum")));
        }
        let rows: usize = meta.passages.iter().map(|p| p.spans.len()).sum();
        if meta.dim == 0 || bytes.len() != rows * meta.dim * 4 {
            return Err(damaged(format!("{DATA} has the wrong size")));
        }
        let data = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut passages = Vec::with_capacity(meta.passages.len());
        let mut spans = Vec::with_capacity(rows);
        let mut keys = Vec::with_capacity(rows);
        let keyed = meta.passages.iter().all(|p| p.keys.len() == p.spans.len());
        for p in meta.passages {
            let start = spans.len();
            spans.extend(p.spans);
            if keyed {
                keys.extend(p.keys);
            }
            passages.push((p.id, start..spans.len()));
        }
        Ok(Some(Vectors {
            dim: meta.dim,
            passages,
            data,
            spans,
            keys,
        }))
    }
}

/// In eight lanes, so that the compiler can use vector instructions (a single running sum
/// keeps it to one multiplication at a time).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Embeds every sentence of `records` with the process's model, each once: a sentence the
/// `previous` generation of the index holds (the one a rebuild replaces) or the machine's
/// `cache` holds is taken from there, and the model is loaded only for what both lack. On all
/// cores, reporting sentences done as (done, total). An error says why semantic search is off
/// (no model, a damaged one, a binary built without it) or what failed.
pub fn embed_records(
    records: &[Record],
    cache: &Cache,
    previous: Option<&Vectors>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vectors, Error> {
    if let Some(why) = absent() {
        return Err(why);
    }
    let mut passages = Vec::with_capacity(records.len());
    let mut spans = Vec::new();
    let mut texts = Vec::new();
    for r in records {
        let start = spans.len();
        for span in sentences(&r.text) {
            spans.push(span);
            texts.push(embed_text(&r.item, &r.text, span));
        }
        passages.push((r.id.clone(), start..spans.len()));
    }
    let dim = DIM;
    let keys: Vec<String> = texts.iter().map(|t| key(t)).collect();
    let before: HashMap<&str, usize> = previous
        .filter(|p| p.dim == dim)
        .map(|p| {
            p.keys
                .iter()
                .enumerate()
                .map(|(row, k)| (k.as_str(), row))
                .collect()
        })
        .unwrap_or_default();
    let _lock = cache.lock();
    let mut data = vec![0f32; texts.len() * dim];
    let mut missing: Vec<usize> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if let (Some(&row), Some(p)) = (before.get(k.as_str()), previous) {
            data[i * dim..(i + 1) * dim].copy_from_slice(&p.data[row * dim..(row + 1) * dim]);
            continue;
        }
        match cache.get(k, dim) {
            Some(v) => data[i * dim..(i + 1) * dim].copy_from_slice(&v),
            None => missing.push(i),
        }
    }
    let total = texts.len();
    let cached = total - missing.len();
    let model: Option<&Model> = if missing.is_empty() {
        None
    } else {
        Some(shared_model().map_err(|e| Error::Unavailable(e.to_string()))?)
    };
    progress(cached, total);
    let done = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let results: Mutex<HashMap<usize, Vec<f32>>> = Mutex::default();
    let failed: Mutex<Option<Error>> = Mutex::default();
    let workers = crate::domain::default_jobs();
    std::thread::scope(|s| {
        for _ in 0..workers.min(missing.len()) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let (Some(&i), Some(model)) = (missing.get(k), model) else {
                    break;
                };
                match model.embed(&texts[i], false) {
                    Ok(v) => {
                        cache.put(&keys[i], &v);
                        results
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(i, v);
                    }
                    Err(e) => {
                        *failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                        next.store(missing.len(), Ordering::Relaxed);
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            });
        }
        while done.load(Ordering::Relaxed) < missing.len()
            && failed.lock().map_or(true, |f| f.is_none())
        {
            progress(cached + done.load(Ordering::Relaxed), total);
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    if let Some(e) = failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    for (i, v) in results.into_inner().unwrap_or_else(|p| p.into_inner()) {
        data[i * dim..(i + 1) * dim].copy_from_slice(&v);
    }
    progress(total, total);
    Ok(Vectors {
        dim,
        passages,
        data,
        spans,
        keys,
    })
}
