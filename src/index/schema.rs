//! The schema, defined in this one place: field names, their options and analyzers.

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

use crate::analysis::{ANALYZER, BIGRAM_ANALYZER};
use crate::domain::{SectionPath, Status};

/// Field names, for the places that ask tantivy by name (collectors, fast fields).
pub const MINISTRY_FACET: &str = "ministry_facet";
pub const SECTIONS: &str = "sections";
/// The passage's place in report order (ministry by first page, then as written).
pub const ORDER: &str = "order";
/// The passage's item: one number per (ministry, 重点項目) of the index.
pub const ITEM_KEY: &str = "item_key";
/// The passage's [`Status`](crate::Status) as a number ([`status_code`]).
pub const STATUS_CODE: &str = "status_code";

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub year: Field,
    /// Official ministry name, exact (`STRING`).
    pub ministry: Field,
    /// `/<ministry>`, for facet counts and filters.
    pub ministry_facet: Field,
    pub status: Field,
    pub page: Field,
    pub order: Field,
    pub item_key: Field,
    pub status_code: Field,
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
    /// The whole record as JSON, for display.
    pub record: Field,
    /// The passage text's and the item title's morphological tokens, encoded
    /// (`analysis::StoredTokens`), for highlights without analysis.
    pub text_tokens: Field,
    pub item_tokens: Field,
}

/// The schema and its fields.
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
        ministry_facet: b.add_facet_field(MINISTRY_FACET, FacetOptions::default()),
        status: b.add_text_field("status", STRING),
        page: b.add_u64_field("page", INDEXED | FAST),
        order: b.add_u64_field(ORDER, FAST),
        item_key: b.add_u64_field(ITEM_KEY, FAST),
        status_code: b.add_u64_field(STATUS_CODE, FAST),
        item: b.add_text_field("item", analyzed.clone()),
        text: b.add_text_field("text", analyzed.clone()),
        refs: b.add_text_field("refs", analyzed),
        item_bigram: b.add_text_field("item_bigram", bigrams.clone()),
        text_bigram: b.add_text_field("text_bigram", bigrams),
        sections: b.add_facet_field(SECTIONS, FacetOptions::default()),
        record: b.add_text_field("record", STORED),
        text_tokens: b.add_bytes_field("text_tokens", STORED),
        item_tokens: b.add_bytes_field("item_tokens", STORED),
    };
    (b.build(), fields)
}

/// A status as a number, for the fast field.
pub fn status_code(status: Status) -> u64 {
    match status {
        Status::New => 0,
        Status::Continuing => 1,
        Status::Unmarked => 2,
    }
}

/// The status of a number from the fast field.
pub fn status_of_code(code: u64) -> Status {
    match code {
        0 => Status::New,
        1 => Status::Continuing,
        _ => Status::Unmarked,
    }
}

/// The facet of a ministry name.
pub fn ministry_facet(name: &str) -> Facet {
    Facet::from_path([name])
}

/// The facet of a canonical section path.
pub fn section_facet(path: &SectionPath) -> Facet {
    Facet::from_path(path.segments())
}
