//! wlb-search: full-text search over the 令和5年度 follow-up report on the national civil
//! service's women's-participation and work-life-balance guideline.
//!
//! The pipeline runs one way: [`report`] reads the report and splits it into initiative
//! passages ([`report::Record`]); [`analysis`] turns Japanese text into tokens (IPADIC via
//! lindera, NFKC, lowercase); [`index`] stores the records in a tantivy index that is rebuilt
//! atomically; [`search`] turns a query and filters into ranked hits with [`snippet`]s; and
//! [`present`] renders them for a terminal or as JSON Lines; [`serve`] offers the same search
//! as a local web page and JSON API. The binary's `cli` module wires these to subcommands.
//!
//! ```no_run
//! use wlb_search::{index, report, search::{Engine, SearchRequest}};
//! # fn main() -> wlb_search::error::Result<()> {
//! let records = report::bundled()?;
//! index::build("index".as_ref(), &records, vec!["bundled".into()])?;
//! let engine = Engine::open("index".as_ref())?;
//! let results = engine.search(&SearchRequest {
//!     query: "テレワーク".into(),
//!     limit: 5,
//!     ..Default::default()
//! })?;
//! assert!(results.total > 0);
//! # Ok(()) }
//! ```

pub mod analysis;
pub mod error;
pub mod eval;
pub mod index;
pub mod plan;
pub mod present;
pub mod query;
pub mod report;
pub mod search;
pub mod serve;
pub mod snippet;
pub mod thesaurus;
