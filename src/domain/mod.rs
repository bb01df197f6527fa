//! The report's vocabulary as types, used by every stage: a passage ([`Record`]) and its
//! [`Status`], the [`FiscalYear`], canonical [`SectionPath`]s, the organisations
//! ([`ministry`]) and the character classes of Japanese text ([`chars`]).
//!
//! Nothing here reads files, analyzes text or touches the index.

pub mod chars;
mod input;
pub mod ministry;
pub mod places;
mod record;
mod section_path;
mod year;

pub use input::{id_prefix, Input, PdfSource};
pub use record::{Record, Status};
pub use section_path::{SectionKind, SectionPath, SectionRef, OWN_PREFIX};
pub use year::FiscalYear;

/// The number of threads to use when none is asked for: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
