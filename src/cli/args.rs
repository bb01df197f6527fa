//! Command-line arguments as clap parses them, and their conversion into the library's typed
//! values (a [`LooseRequest`], a [`ThesaurusChoice`], a [`Format`] and a [`Style`]), once.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use wlb_search::present::{Format, Style};
use wlb_search::search::{LooseRequest, Sort, ThesaurusChoice, DEFAULT_LIMIT};
use wlb_search::Status;

/// Environment variable that sets the index directory.
pub const INDEX_ENV: &str = "WLB_SEARCH_INDEX";

const ABOUT: &str = "\
国家公務員の女性活躍とワークライフバランス推進のための取組指針に基づく取組計画等のフォローアップ（令和5年度）を全文検索します。
Full-text search over the 令和5年度 follow-up report on the civil service's women's-participation and work-life-balance guideline.";

const EXAMPLES: &str = "\
Examples:
  wlb-search build                                  # parse the bundled report into index/
  wlb-search search テレワーク
  wlb-search search 1on1 --ministry デジタル庁
  wlb-search search マネジメント研修 --status new --section II.3 --format json
  wlb-search ministries                             # the 26 organisations, with passage counts
  wlb-search sections                               # the guideline sections tree, with counts
  wlb-search map テレワーク                          # passages per organisation × section
  wlb-search compare 財務省 外務省                   # two organisations side by side
  wlb-search similar 2023-npa-02                    # other organisations' passages like it
  wlb-search serve                                  # a search page at http://127.0.0.1:8080/

Exit status: 0 on success, 1 when a search finds nothing, 2 on an error.";

#[derive(Debug, Parser)]
#[command(name = "wlb-search", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse the report and (re)build the index, atomically.
    #[command(after_help = "\
Examples:
  wlb-search build                                  # the bundled report, into index/
  wlb-search build --input data/wlb-followup-r5.txt --index /tmp/wlb-index
  wlb-search build --input r5.pdf --input r6.pdf     # PDFs; search one year with --year
  WLB_SEARCH_INDEX=/tmp/wlb-index wlb-search build
  wlb-search build --input r5.txt --input r6.txt --jobs 1   # on one core
  wlb-search build --input r*.txt --semantic off     # words only: no sentence embedding

A search running during a rebuild sees the old index or the new one, never a mix;
a failed build leaves the old index as it was. The index is the same whatever --jobs is.")]
    Build(BuildArgs),
    /// Search the passages.
    #[command(after_help = "\
Query syntax:
  テレワーク 通話料          both words (AND)
  1on1                      a word the analyzer splits matches only in sequence
  \"通話料 負担\"              a quoted phrase
  GSS OR Teams              either word
  \"テレワーク -BYOD\"         exclude a word (quote the query, or put -- before it)
  テレワーク中の通話料の負担  a sentence: its content words (テレワーク 通話料 負担) must match

A passage matches when its text or item title has every word of the query: as typed (also
inside a longer word: テレワーク in テレワークマネジメント), inflected (取り組む = 取組), or as
an exact equivalent from the thesaurus (育休 = 育児休業; see data/thesaurus.txt). A run typed
without spaces that the report never has as written (管理職向け研修) is its words. Near-
synonyms (テレワーク ≈ 在宅勤務) only change the order. The counts are of the matches; when
they are few, related passages follow, labelled and not counted (--no-related: none).
With the embedding model installed, a query of several words is also read for its meaning:
passages close in meaning reorder the matches and join the related ones (~ by meaning), and
never change the counts (--semantic off: words only).

Rows are one per item (重点項目) by default, with its best passage; --collapse none lists
every passage. With no query, the filters list their passages in report order; with no
query and no filter, every passage (search --all --format json exports them all).

Examples:
  wlb-search search テレワーク
  wlb-search search 1on1 -m デジタル庁
  wlb-search search 多面観察 -m 総務 -m 法務省 -n 5
  wlb-search search \"マネジメント研修\" --status 新規 -s II.3 --format json
  wlb-search search -m 財務省                           # browse one ministry, report order
  wlb-search search 育児休業 -s Ⅱ.4 --color always | less -R
  wlb-search search テレワーク --year 2023             # also --year 令和5 or R5
  wlb-search search テレワーク --all --format csv > telework.csv   # opens in Excel
  wlb-search search 男性の育休 --explain               # which words matched, where and how
  wlb-search search 出退勤の記録を自動で取る仕組み      # found by meaning too (semantic search)")]
    Search(SearchArgs),
    /// Show one passage whole: ministry, page, status, sections, and its item's other passages.
    #[command(after_help = "\
Examples:
  wlb-search show 2023-npa-03
  wlb-search show 2023-npa-03 --format json")]
    Show(ShowArgs),
    /// Passages of other organisations that do something like passage ID (横展開).
    #[command(after_help = "\
Ranks the other organisations' passages by the content words, kanji and katakana pairs and
thesaurus groups (data/thesaurus.txt) they share with passage ID, and highlights the shared
words. The passage's own organisation is left out unless --same-ministry.

Examples:
  wlb-search similar 2023-npa-02                    # who else pays for telework calls?
  wlb-search similar 2023-mof-02 --explain          # the shared words and their weights
  wlb-search similar 2023-nra-02 --status new -n 5
  wlb-search similar 2023-cas-02 -s II.3 --same-ministry
  wlb-search similar 2023-jftc-12 --format csv > similar.csv   # opens in Excel

Exit status: 0 when passages are found, 1 when none, 2 on an error (an unknown id names
the closest ones).")]
    Similar(SimilarArgs),
    /// List the organisations, with item and passage counts.
    #[command(after_help = "\
Examples:
  wlb-search ministries
  wlb-search ministries --format json | jq -r .name")]
    Ministries(ListArgs),
    /// Show the guideline sections cited, as a tree with passage counts.
    #[command(after_help = "\
Examples:
  wlb-search sections
  wlb-search sections --format json | jq -r 'select(.depth == 2) | .path'")]
    Sections(ListArgs),
    /// Serve a search page and a JSON API on this machine.
    #[command(after_help = "\
Examples:
  wlb-search serve                                  # then open http://127.0.0.1:8080/
  wlb-search serve --port 3000 --index /tmp/wlb-index
  wlb-search serve --port 0                         # any free port; the URL is printed
  wlb-search serve --cache-mb 0                     # search every request again (no answers kept)

The page keeps its search in the URL (http://127.0.0.1:8080/?q=テレワーク), so it can be
bookmarked. The JSON API:
  GET /api/search?q=テレワーク&ministry=警察庁&section=II.1&status=new&limit=10&offset=0
  GET /api/ministries    GET /api/sections    GET /api/passages/2023-npa-03
  GET /api/passages/2023-npa-03/similar?limit=10&status=new&same_ministry=1")]
    Serve(ServeArgs),
    /// Count matching passages per organisation × guideline section (a heat map as a table).
    #[command(after_help = "\
Rows are the organisations (in report order), columns the guideline sections at --level
(then own: for the organisations' own plans), cells the passages of `search --collapse none`
that cite the section or one under it. A passage citing several sections counts in each;
記載なし counts passages citing none; 計 counts each passage once. A cell's passages:
`wlb-search search QUERY -m MINISTRY -s SECTION --collapse none` (-s none for 記載なし).

Examples:
  wlb-search map                                    # every passage, level 2 (II.1 … IV.(1))
  wlb-search map テレワーク
  wlb-search map マネジメント --level 3 --status new
  wlb-search map 育児 --format csv > map.csv         # opens in Excel
  wlb-search map --level 1 --format json | jq -c '{name, total}'")]
    Map(super::view_args::MapArgs),
    /// Show two or more organisations side by side, section by section.
    #[command(after_help = "\
For each guideline section (at --level), each organisation's items (重点項目) and passages;
a section where one of them has nothing says so. Names are resolved like `search -m`.

Examples:
  wlb-search compare 財務省 外務省
  wlb-search compare 財務 外務 テレワーク             # only passages matching a query (or -q)
  wlb-search compare 総務省 法務省 デジタル庁 --level 1
  wlb-search compare mof mofa --format json | jq '.sections[].path'")]
    Compare(super::view_args::CompareArgs),
    /// Measure ranking quality on graded judgments, side by side with Groonga.
    #[command(after_help = "\
Builds the bundled report into a temporary index, loads the same passages into Groonga
(TokenMecab with IPADIC, and TokenBigram; both with NormalizerAuto), runs every judged query
on each, and prints nDCG@10, Recall@10 and MRR per engine, then one row per query. With the
bundled judgments it then evaluates `similar` the same way on tests/relevance/similar.json,
beside a tf-idf cosine baseline and Groonga's similar search (*S).

Needs Groonga 13 from Debian unless --no-peers:
  apt-get install groonga-bin groonga-tokenizer-mecab mecab-ipadic-utf8

Examples:
  wlb-search eval                                   # the bundled tests/relevance/judgments.json
  wlb-search eval --judgments my-judgments.json --no-peers
  wlb-search eval --format json | jq '.summaries'")]
    Eval(EvalArgs),
    /// Print a shell completion script.
    #[command(after_help = "\
Examples:
  wlb-search completions bash > ~/.local/share/bash-completion/completions/wlb-search
  wlb-search completions zsh > ~/.zfunc/_wlb-search
  wlb-search completions fish > ~/.config/fish/completions/wlb-search.fish")]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The passage id, as search prints it (2023-npa-03).
    #[arg(value_name = "ID")]
    pub id: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormatArg,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judgments to evaluate on (the format of tests/relevance/judgments.json). Default: the
    /// bundled set.
    #[arg(long, value_name = "FILE")]
    pub judgments: Option<PathBuf>,
    /// Evaluate wlb-search alone, without running Groonga.
    #[arg(long)]
    pub no_peers: bool,
    /// Rows as ranked: one per passage (none, the default: judgments grade passages), or
    /// one per item as `search` shows them (item: an item's other passages count as missed).
    #[arg(long, value_enum, default_value = "none")]
    pub collapse: CollapseArg,
    /// With meaning (on, when the model is installed: also shown words only, side by side),
    /// or words only (off).
    #[arg(long, value_enum, default_value = "on", value_name = "on|off")]
    pub semantic: OnOff,
    #[command(flatten)]
    pub thesaurus: ThesaurusArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormatArg,
}

#[derive(Debug, Args)]
pub struct IndexArg {
    /// Index directory. Default: index/ in a checkout of wlb-search, else the user's data
    /// directory ($XDG_DATA_HOME/wlb-search/index, ~/.local/share/wlb-search/index).
    #[arg(long, env = INDEX_ENV, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

impl IndexArg {
    /// The index directory: as given, else the default.
    pub fn dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(default_index)
    }
}

/// index/ at the root of the checkout of wlb-search that the working directory is in, else
/// the user's data directory.
fn default_index() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let checkout = cwd.ancestors().find(|dir| {
        std::fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|t| t.contains("name = \"wlb-search\""))
            && dir.join("data/wlb-followup-r5.txt").is_file()
    });
    if let Some(root) = checkout {
        return root.join("index");
    }
    let dir = wlb_search::domain::places::data_dir()
        .unwrap_or_else(|| PathBuf::from(".").join("wlb-search"));
    // The data directory is ours to make; a directory given with --index is not.
    let _ = std::fs::create_dir_all(&dir);
    dir.join("index")
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Report file(s) to index: the text extraction (UTF-8) or the PDF; several after one
    /// --input (a shell glob) or --input repeated. Default: the bundled report.
    #[arg(long = "input", value_name = "FILE", num_args = 1..)]
    pub inputs: Vec<PathBuf>,
    /// Threads that read and analyse the input (1 to 256). Default: one per core.
    #[arg(short = 'j', long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// Embed the passages' sentences for semantic search when the model is set up (on), or
    /// index words only (off: much faster for many new reports; searches then rank by words).
    #[arg(long, value_enum, default_value = "on", value_name = "on|off")]
    pub semantic: OnOff,
    #[command(flatten)]
    pub index: IndexArg,
}

/// Most threads `--jobs` takes.
const MAX_JOBS: usize = 256;

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_JOBS).contains(&n) => Ok(n),
        _ => Err(format!(
            "--jobs takes a number of threads from 1 to {MAX_JOBS} (for example --jobs 2); \
             leave it out to use every core"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    /// UTF-8 with a BOM (opens in Excel), one row per matching passage.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best first.
    Score,
    /// As the report has them: ministry by page, then passage.
    Report,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CollapseArg {
    /// One row per item (重点項目), its best passage.
    Item,
    /// One row per passage.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// 【新規】 (also: 新規)
    #[value(alias = "新規")]
    New,
    /// 【継続】 (also: 継続)
    #[value(alias = "継続")]
    Continuing,
    /// neither marker (also: 記載なし)
    #[value(alias = "記載なし")]
    Unmarked,
}

/// The filters on a passage's section, status and year, as search, similar, map and compare
/// take them.
#[derive(Debug, Args)]
pub struct PassageFilters {
    /// Only passages citing this guideline section or one under it (II.1.(2); own: the
    /// organisations' own plans; none: citing no section); repeatable.
    #[arg(short = 's', long, value_name = "PATH")]
    pub section: Vec<String>,
    /// Only passages with this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only this fiscal year's report (2023, 令和5 or R5); repeatable.
    #[arg(long, value_name = "YEAR")]
    pub year: Vec<String>,
}

impl PassageFilters {
    pub fn status(&self) -> Option<Status> {
        self.status.map(Status::from)
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (AND), "phrases", OR, -exclusions. None: list the passages the
    /// filters select (all of them without a filter), in report order.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only this ministry (official name, short name like 総務, or English name); repeatable.
    #[arg(short = 'm', long, value_name = "NAME")]
    pub ministry: Vec<String>,
    #[command(flatten)]
    pub filters: PassageFilters,
    /// Number of rows to show.
    #[arg(short = 'n', long, default_value_t = DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,
    /// Rows to skip first (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Every matching row (no --limit).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Order: by score (default with a query) or as in the report (default without one).
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    /// One row per item, its best passage (item), or one row per passage (none).
    #[arg(long, value_enum, default_value = "item")]
    pub collapse: CollapseArg,
    /// No related passages below a short list of matches.
    #[arg(long)]
    pub no_related: bool,
    /// Meaning (sentence embeddings) reorders the matches of a query of several words and
    /// adds passages close in meaning to the related ones (when the model is installed).
    #[arg(long, value_enum, default_value = "on", value_name = "on|off")]
    pub semantic: OnOff,
    /// CSV columns, comma-separated (with --format csv). Default: all of them, in the order
    /// rank,id,year,ministry,ministry_en,page,status,sections,item,text,score.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub fields: Vec<String>,
    /// Show for each hit which query words matched, in which field (text or item title) and
    /// how (as words, as character bigrams, or through a thesaurus word), with their scores.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub thesaurus: ThesaurusArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Color: auto means when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The passage id, as search prints it (2023-npa-02).
    #[arg(value_name = "ID")]
    pub id: String,
    /// Include the passage's own organisation.
    #[arg(long)]
    pub same_ministry: bool,
    #[command(flatten)]
    pub filters: PassageFilters,
    /// Number of passages to show.
    #[arg(short = 'n', long, default_value_t = DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,
    /// Show for each passage the words it shares with ID, their weights, and the guideline
    /// section they share.
    #[arg(long)]
    pub explain: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// CSV columns, comma-separated (with --format csv); as for search.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub fields: Vec<String>,
    /// Color: auto means when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    #[command(flatten)]
    pub index: IndexArg,
}

impl SimilarArgs {
    /// The filters as typed, to be resolved against the index.
    pub fn request(&self) -> LooseRequest {
        LooseRequest {
            sections: self.filters.section.clone(),
            status: self.filters.status(),
            years: self.filters.year.clone(),
            limit: self.limit,
            explain: self.explain,
            ..LooseRequest::query("")
        }
    }
}

#[derive(Debug, Args)]
pub struct ThesaurusArg {
    /// Widen queries with this thesaurus instead of the bundled data/thesaurus.txt
    /// (lines like `育休 = 育児休業` or `テレワーク ≈ 在宅勤務`).
    #[arg(long, value_name = "FILE", conflicts_with = "no_thesaurus")]
    pub thesaurus: Option<PathBuf>,
    /// Search the words as typed, without thesaurus alternatives.
    #[arg(long)]
    pub no_thesaurus: bool,
}

impl ThesaurusArg {
    pub fn choice(&self) -> ThesaurusChoice {
        match (&self.thesaurus, self.no_thesaurus) {
            (_, true) => ThesaurusChoice::Off,
            (Some(path), false) => ThesaurusChoice::File(path.clone()),
            (None, false) => ThesaurusChoice::Bundled,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080, value_name = "N")]
    pub port: u16,
    /// Address to listen on. Only a loopback address (the default) keeps the server private
    /// to this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub host: IpAddr,
    /// Memory for answers kept, in MB: the same search asked again is answered from memory
    /// (the index does not change while the server runs). 0 keeps none.
    #[arg(long, default_value_t = wlb_search::serve::DEFAULT_CACHE_MB, value_name = "MB",
          value_parser = clap::value_parser!(u64).range(0..=wlb_search::serve::MAX_CACHE_MB))]
    pub cache_mb: u64,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormatArg,
    #[command(flatten)]
    pub index: IndexArg,
}

impl From<ListFormatArg> for Format {
    fn from(f: ListFormatArg) -> Format {
        match f {
            ListFormatArg::Text => Format::Text,
            ListFormatArg::Json => Format::Json,
        }
    }
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::New => Status::New,
            StatusArg::Continuing => Status::Continuing,
            StatusArg::Unmarked => Status::Unmarked,
        }
    }
}

impl SearchArgs {
    /// The request as typed, to be resolved against the index.
    pub fn request(&self) -> LooseRequest {
        let csv = self.format == FormatArg::Csv;
        LooseRequest {
            query: self.query.join(" "),
            ministries: self.ministry.clone(),
            sections: self.filters.section.clone(),
            status: self.filters.status(),
            years: self.filters.year.clone(),
            limit: if self.all { usize::MAX } else { self.limit },
            offset: self.offset,
            explain: self.explain,
            sort: self.sort.map(|s| match s {
                SortArg::Score => Sort::Score,
                SortArg::Report => Sort::Report,
            }),
            // A spreadsheet gets one row per passage, and only the matches.
            collapse: self.collapse == CollapseArg::Item && !csv,
            related: !self.no_related && !csv,
            semantic: self.semantic == OnOff::On,
        }
    }
}

pub fn style(color: ColorArg) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        color: match color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::io::stdout().is_terminal() && !no_color,
        },
    }
}
