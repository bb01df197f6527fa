//! The arguments of `map` and `compare`, and their conversion into a [`LooseRequest`] (the
//! same request `search` resolves, so the match set is the same).

use clap::{Args, ValueEnum};

use super::args::{ColorArg, IndexArg, PassageFilters, ThesaurusArg};
use wlb_search::search::LooseRequest;

/// Filters shared by `map` and `compare`.
#[derive(Debug, Args)]
pub struct ViewFilters {
    #[command(flatten)]
    pub passages: PassageFilters,
    /// Depth of the guideline sections: 1 (II), 2 (II.3) or 3 (II.3.(1)).
    #[arg(long, default_value = "2", value_name = "1|2|3")]
    pub level: String,
    #[command(flatten)]
    pub thesaurus: ThesaurusArg,
    /// Color: auto means when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    #[command(flatten)]
    pub index: IndexArg,
}

impl ViewFilters {
    /// The request for `query` within `ministries` and these filters: every match, one per
    /// passage.
    pub fn request(&self, query: String, ministries: Vec<String>) -> LooseRequest {
        LooseRequest {
            query,
            ministries,
            sections: self.passages.section.clone(),
            status: self.passages.status(),
            years: self.passages.year.clone(),
            limit: 1,
            collapse: false,
            related: false,
            ..LooseRequest::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapFormatArg {
    Text,
    /// JSON Lines: one object per organisation, then a summary.
    Json,
    /// UTF-8 with a BOM (opens in Excel), one row per organisation.
    Csv,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The query, as for `search`. None: every passage within the filters.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only this ministry's row (official name, short name like 総務, or English name);
    /// repeatable.
    #[arg(short = 'm', long, value_name = "NAME")]
    pub ministry: Vec<String>,
    #[command(flatten)]
    pub filters: ViewFilters,
    #[arg(long, value_enum, default_value = "text")]
    pub format: MapFormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormatArg {
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more organisations (official name, short name like 財務, or English name), then
    /// optionally query words (`compare 財務省 外務省 テレワーク`): trailing words that are no
    /// organisation's name, after two that are, are the query.
    #[arg(value_name = "ORGANISATION|QUERY")]
    pub names: Vec<String>,
    /// Compare only the passages that match this query (as for `search`); also for a query word
    /// that is an organisation's short name (環境, デジタル).
    #[arg(short = 'q', long, value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: ViewFilters,
    #[arg(long, value_enum, default_value = "text")]
    pub format: CompareFormatArg,
}
