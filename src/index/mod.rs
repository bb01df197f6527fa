//! The index: the schema ([`schema`], defined once), the [`Catalog`] of what it holds, and
//! the generations on disk (`store`: atomic builds, opening the live one).

mod build_dir;
mod catalog;
mod error;
mod ingest;
mod read_only;
mod schema;
mod store;

pub use crate::domain::default_jobs;
pub use catalog::{Catalog, MinistryEntry, SectionEntry};
pub use error::Error;
pub(crate) use schema::{
    ministry_facet, section_facet, status_of_code, Fields, ITEM_KEY, MINISTRY_FACET, ORDER,
    SECTIONS, STATUS_CODE,
};
pub use store::{
    build, build_with_jobs, build_with_progress, built_from_bundled, live_generation_dir,
    BuildSummary, Embed,
};
pub(crate) use store::{open, stored_record, Opened};
