//! The IPADIC dictionary, built offline by `build.rs` from Debian's mecab-ipadic sources and
//! embedded in the binary. Loading uses the bytes in place.
//!
//! Two ways to load it, the same words and costs: [`load`] (lindera's) builds a table of every
//! character's categories (a few hundred microseconds, then each character costs one lookup),
//! for analysing a whole report; [`load_light`] reads the character table from JSON without
//! that index (each character then costs a short binary search), for a command that analyses
//! a query and exits.

use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
use lindera_dictionary::dictionary::unknown_dictionary::UnknownDictionary;
use lindera_dictionary::dictionary::Dictionary;
use std::sync::Arc;

lindera_dictionary::embedded_dictionary!("/lindera-ipadic", EmbeddedIpadicLoader);

/// `char_def.bin` as JSON (written by `build.rs`).
static CHAR_DEFINITION_JSON: &[u8] = include_bytes!(concat!(
    env!("LINDERA_WORKDIR"),
    "/lindera-ipadic/char_def.json"
));

/// The dictionary, as [`load`] gives it but for the per-character index.
pub fn load_light() -> Result<Dictionary, String> {
    let metadata = Metadata::load(METADATA_DATA).map_err(|e| e.to_string())?;
    metadata
        .validate_format_version()
        .map_err(|e| e.to_string())?;
    let prefix_dictionary = PrefixDictionary::load(
        TRIE_DATA,
        VALS_IDX_DATA,
        VALS_DATA,
        WORDS_IDX_DATA,
        WORDS_DATA,
    )
    .map_err(|e| e.to_string())?;
    let character_definition: CharacterDefinition =
        serde_json::from_slice(CHAR_DEFINITION_JSON).map_err(|e| e.to_string())?;
    Ok(Dictionary {
        prefix_dictionary: Arc::new(prefix_dictionary),
        connection_cost_matrix: Arc::new(
            ConnectionCostMatrix::load(CONNECTION_DATA).map_err(|e| e.to_string())?,
        ),
        character_definition: Arc::new(character_definition),
        unknown_dictionary: Arc::new(
            UnknownDictionary::load(UNKNOWN_DATA).map_err(|e| e.to_string())?,
        ),
        metadata: Arc::new(metadata),
    })
}
