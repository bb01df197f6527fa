//! wlb-search: full-text search over the 令和5年度 follow-up report on the national civil
//! service's women's-participation and work-life-balance guideline.
//!
//! The pipeline runs one way, one module per stage, each importing only the stages before
//! it: [`domain`] names the report's things (a passage [`Record`], its [`Status`], a
//! [`FiscalYear`], a [`SectionPath`], the organisations); [`report`] reads the report (text or
//! PDF) into records; [`analysis`] turns Japanese text into tokens (IPADIC via lindera, NFKC,
//! word forms, character bigrams); [`index`] stores records in a tantivy index rebuilt
//! atomically; [`query`] turns what a user types into a plan of analyzed words and thesaurus
//! alternatives; [`search`] runs a resolved [`SearchRequest`] into ranked hits with snippets;
//! [`wire`] holds the JSON shapes that the CLI and the API share; [`eval`] measures ranking
//! quality against peers; [`present`] renders for a terminal or as JSON Lines; [`serve`]
//! offers the search as a local web page and JSON API. The binary's `cli` module resolves
//! arguments once and calls these.
//!
//! ```no_run
//! use wlb_search::{index, report, Engine, LooseRequest};
//! # fn main() -> wlb_search::Result<()> {
//! let records = report::bundled()?;
//! index::build("index".as_ref(), &records, vec!["bundled".into()])?;
//! let engine = Engine::open("index".as_ref())?;
//! let request = engine.resolve(&LooseRequest {
//!     query: "テレワーク".into(),
//!     limit: 5,
//!     ..Default::default()
//! })?;
//! let results = engine.search(&request)?;
//! assert!(results.total > 0);
//! # Ok(()) }
//! ```

pub mod analysis;
pub mod domain;
pub mod error;
pub mod eval;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod present;
pub mod query;
pub mod report;
pub mod search;
pub mod semantic;
pub mod serve;
pub mod wire;

pub use domain::{FiscalYear, Record, SectionPath, Status};
pub use error::{Error, ErrorKind, Result};
pub use search::{Engine, LooseRequest, SearchRequest, SearchResults};
