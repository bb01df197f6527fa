//! The files an index is built from, as the catalog remembers them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One input file: its name as the user gave it and, for a PDF, where it lies so that a
/// passage can be opened at its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// As given on the command line (shown in messages).
    pub name: String,
    /// Set when the input is a PDF.
    pub pdf: Option<PdfSource>,
}

/// A PDF input: the file, its size when read, and the passages it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSource {
    /// Absolute path of the file.
    pub path: PathBuf,
    /// Its size when the index was built: a file changed since is not served as the source.
    pub bytes: u64,
    /// The id prefixes (`2023-npa`: year and organisation) of the passages read from it.
    pub prefixes: Vec<String>,
}

impl PdfSource {
    /// Whether passage `id` was read from this file.
    pub fn holds(&self, id: &str) -> bool {
        id_prefix(id).is_some_and(|p| self.prefixes.iter().any(|q| q == p))
    }
}

/// The year-and-organisation part of a passage id (`2023-npa-03` → `2023-npa`).
pub fn id_prefix(id: &str) -> Option<&str> {
    id.rsplit_once('-').map(|(prefix, _)| prefix)
}

impl From<&str> for Input {
    fn from(name: &str) -> Input {
        Input {
            name: name.to_string(),
            pdf: None,
        }
    }
}

impl From<String> for Input {
    fn from(name: String) -> Input {
        Input { name, pdf: None }
    }
}
