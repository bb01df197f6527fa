//! Command-line arguments (clap) resolved into calls on the library, one per subcommand.

use std::io::{IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use wlb_search::error::Error;
use wlb_search::index;
use wlb_search::present::{self, Format, Style};
use wlb_search::report::{self, Record, Status};
use wlb_search::search::{Engine, SearchRequest, DEFAULT_LIMIT};
use wlb_search::serve;

/// Environment variable that sets the index directory.
pub const INDEX_ENV: &str = "WLB_SEARCH_INDEX";

/// How a successful run ended; `main` turns it into an exit code.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Done,
    /// A search matched nothing: exit 1 (like grep).
    NoHits,
}

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
  wlb-search serve                                  # a search page at http://127.0.0.1:8080/

Exit status: 0 on success, 1 when a search finds nothing, 2 on an error.";

#[derive(Debug, Parser)]
#[command(name = "wlb-search", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse the report and (re)build the index, atomically.
    #[command(after_help = "\
Examples:
  wlb-search build                                  # the bundled report, into index/
  wlb-search build --input data/wlb-followup-r5.txt --index /tmp/wlb-index
  wlb-search build --input r5.pdf --input r6.pdf     # PDFs; search one year with --year
  WLB_SEARCH_INDEX=/tmp/wlb-index wlb-search build

A search running during a rebuild sees the old index or the new one, never a mix;
a failed build leaves the old index as it was.")]
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

Words also match inside longer words and differently split compounds (character bigrams,
ranked below whole-word matches), inflected forms (取り組む = 取り組み = 取組), and
thesaurus alternatives (育休 → 育児休業; see data/thesaurus.txt), which are listed above
the hits. When no passage has every word, fewer are required, and the output says so.

Examples:
  wlb-search search テレワーク
  wlb-search search 1on1 --ministry デジタル庁
  wlb-search search 多面観察 --ministry 総務 --ministry 法務省 --limit 5
  wlb-search search \"マネジメント研修\" --status new --section II.3 --format json
  wlb-search search 育児休業 --section Ⅱ.4 --color always | less -R
  wlb-search search テレワーク --year 2023             # also --year 令和5 or R5
  wlb-search search 男性の育休 --explain               # which words matched, where and how")]
    Search(SearchArgs),
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

The page keeps its search in the URL (http://127.0.0.1:8080/?q=テレワーク), so it can be
bookmarked. The JSON API:
  GET /api/search?q=テレワーク&ministry=警察庁&section=II.1&status=new&limit=10&offset=0
  GET /api/ministries    GET /api/sections    GET /api/passages/2023-npa-03")]
    Serve(ServeArgs),
    /// Measure ranking quality on graded judgments, side by side with Groonga.
    #[command(after_help = "\
Builds the bundled report into a temporary index, loads the same passages into Groonga
(TokenMecab with IPADIC, and TokenBigram; both with NormalizerAuto), runs every judged query
on each, and prints nDCG@10, Recall@10 and MRR per engine, then one row per query.

Needs Groonga 13 from Debian unless --no-peers:
  apt-get install groonga-bin groonga-tokenizer-mecab mecab-ipadic-utf8

Examples:
  wlb-search eval                                   # the bundled tests/relevance/judgments.json
  wlb-search eval --judgments my-judgments.json --no-peers
  wlb-search eval --format json | jq '.summaries'")]
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// Judgments to evaluate on (the format of tests/relevance/judgments.json). Default: the
    /// bundled set.
    #[arg(long, value_name = "FILE")]
    judgments: Option<PathBuf>,
    /// Evaluate wlb-search alone, without running Groonga.
    #[arg(long)]
    no_peers: bool,
    #[command(flatten)]
    thesaurus: ThesaurusArg,
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
}

#[derive(Debug, Args)]
struct IndexArg {
    /// Index directory.
    #[arg(long, env = INDEX_ENV, default_value = "index", value_name = "DIR")]
    index: PathBuf,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// Report file(s) to index: the text extraction (UTF-8) or the PDF. Default: the bundled report.
    #[arg(long = "input", value_name = "FILE")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusArg {
    /// 【新規】
    New,
    /// 【継続】
    Continuing,
    /// neither marker
    Unmarked,
}

#[derive(Debug, Args)]
struct SearchArgs {
    /// The query: words (AND), "phrases", OR, -exclusions.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Only this ministry (official name, short name like 総務, or English name); repeatable.
    #[arg(long, value_name = "NAME")]
    ministry: Vec<String>,
    /// Only passages citing this guideline section or one under it (II.1.(2)); repeatable.
    #[arg(long, value_name = "PATH")]
    section: Vec<String>,
    /// Only passages with this status.
    #[arg(long, value_enum)]
    status: Option<StatusArg>,
    /// Only this fiscal year's report (2023, 令和5 or R5); repeatable.
    #[arg(long, value_name = "YEAR")]
    year: Vec<String>,
    /// Number of hits to show.
    #[arg(long, default_value_t = DEFAULT_LIMIT, value_name = "N")]
    limit: usize,
    /// Show for each hit which query words matched, in which field (text or item title) and
    /// how (as words, as character bigrams, or through a thesaurus word), with their scores.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    thesaurus: ThesaurusArg,
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Color: auto means when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    #[command(flatten)]
    index: IndexArg,
}

#[derive(Debug, Args)]
struct ThesaurusArg {
    /// Widen queries with this thesaurus instead of the bundled data/thesaurus.txt
    /// (lines like `育休 = 育児休業` or `テレワーク ≈ 在宅勤務`).
    #[arg(long, value_name = "FILE", conflicts_with = "no_thesaurus")]
    thesaurus: Option<PathBuf>,
    /// Search the words as typed, without thesaurus alternatives.
    #[arg(long)]
    no_thesaurus: bool,
}

impl ThesaurusArg {
    fn apply(&self, engine: &mut Engine) -> Result<()> {
        if self.no_thesaurus {
            engine.set_thesaurus(None)?;
        } else if let Some(path) = &self.thesaurus {
            let text = std::fs::read_to_string(path).map_err(|e| Error::ThesaurusUnreadable {
                path: path.clone(),
                detail: e.to_string(),
            })?;
            engine.set_thesaurus(Some((&text, &path.display().to_string())))?;
        }
        Ok(())
    }
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080, value_name = "N")]
    port: u16,
    /// Address to listen on. Only a loopback address (the default) keeps the server private
    /// to this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    host: IpAddr,
    #[command(flatten)]
    index: IndexArg,
}

#[derive(Debug, Args)]
struct ListArgs {
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    #[command(flatten)]
    index: IndexArg,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
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

fn style(color: ColorArg) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        color: match color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::io::stdout().is_terminal() && !no_color,
        },
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Search(args) => search(args),
        Command::Ministries(args) => {
            let engine = open_or_build(&args.index.index)?;
            let mut out = std::io::stdout().lock();
            present::ministries(&mut out, &engine.catalog().ministries, args.format.into())?;
            Ok(Outcome::Done)
        }
        Command::Sections(args) => {
            let engine = open_or_build(&args.index.index)?;
            let mut out = std::io::stdout().lock();
            present::sections(&mut out, &engine.catalog().sections, args.format.into())?;
            Ok(Outcome::Done)
        }
        Command::Serve(args) => serve(args),
        Command::Eval(args) => eval(args),
    }
}

fn serve(args: ServeArgs) -> Result<Outcome> {
    let engine = open_or_build(&args.index.index)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.host, args.port))
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}: is another server using the port? \
                     choose another with --port N, or --port 0 for any free one",
                    SocketAddr::new(args.host, args.port)
                )
            })?;
        present::serving(&mut std::io::stdout().lock(), listener.local_addr()?)?;
        serve::run(listener, engine).await?;
        Ok(Outcome::Done)
    })
}

fn read_inputs(inputs: &[PathBuf]) -> Result<(Vec<Record>, Vec<String>)> {
    if inputs.is_empty() {
        return Ok((report::bundled()?, vec![report::BUNDLED_NAME.to_string()]));
    }
    let mut records: Vec<Record> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut owner: std::collections::HashMap<String, usize> = Default::default();
    for path in inputs {
        let name = path.display().to_string();
        let bar = present::Progress::new("pages", &name);
        let parsed =
            report::read_file_with_progress(path, &mut |done, total| bar.update(done, total));
        bar.finish();
        for r in parsed? {
            if let Some(&first) = owner.get(&r.id) {
                return Err(Error::DuplicateInput {
                    first: names[first].clone(),
                    second: name,
                    id: r.id,
                }
                .into());
            }
            owner.insert(r.id.clone(), names.len());
            records.push(r);
        }
        names.push(name);
    }
    Ok((records, names))
}

fn build(args: BuildArgs) -> Result<Outcome> {
    let started = Instant::now();
    let (records, names) = read_inputs(&args.inputs)?;
    let bar = present::Progress::new("passages", "");
    let summary =
        index::build_with_progress(&args.index.index, &records, names, &mut |done, total| {
            bar.update(done, total)
        });
    bar.finish();
    let summary = summary?;
    present::build_summary(&mut std::io::stderr().lock(), &summary, started.elapsed())?;
    Ok(Outcome::Done)
}

/// Opens the index; if there is none yet, or only one that an older version built from the
/// bundled report, builds it from the bundled report and says so.
fn open_or_build(dir: &Path) -> Result<Engine> {
    let mut err = std::io::stderr().lock();
    match Engine::open(dir) {
        Err(Error::IndexOutdated { .. }) if index::built_from_bundled(dir) => {
            present::outdated_rebuild_notice(&mut err, dir)?;
        }
        Err(Error::IndexMissing { .. }) => present::auto_build_notice(&mut err, dir)?,
        other => return Ok(other?),
    }
    let records = report::bundled()?;
    index::build(dir, &records, vec![report::BUNDLED_NAME.to_string()])
        .with_context(|| format!("building the index at {}", dir.display()))?;
    Ok(Engine::open(dir)?)
}

fn search(args: SearchArgs) -> Result<Outcome> {
    let request = SearchRequest {
        query: args.query.join(" "),
        ministries: args.ministry,
        sections: args.section,
        status: args.status.map(Status::from),
        years: args.year,
        limit: args.limit,
        offset: 0,
        explain: args.explain,
    };
    if request.query.trim().is_empty() {
        return Err(Error::EmptyQuery.into());
    }
    let mut engine = open_or_build(&args.index.index)?;
    args.thesaurus.apply(&mut engine)?;
    let results = engine.search(&request)?;
    present::notices(&mut std::io::stderr().lock(), &results.notices)?;
    let mut out = std::io::stdout().lock();
    let format: Format = args.format.into();
    present::search_results(&mut out, &results, format, style(args.color))?;
    if format == Format::Json {
        // Scripts read stdout; the summary goes to stderr.
        present::query_header(&mut std::io::stderr().lock(), &results)?;
        present::summary_line(&mut std::io::stderr().lock(), &results)?;
    }
    out.flush()?;
    Ok(if results.total == 0 {
        Outcome::NoHits
    } else {
        Outcome::Done
    })
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn eval(args: EvalArgs) -> Result<Outcome> {
    use wlb_search::eval::{self, groonga, Judgments, System, WlbSearch};
    let records = report::bundled()?;
    let (text, source) = match &args.judgments {
        Some(path) => (
            std::fs::read_to_string(path).map_err(|e| Error::Read {
                path: path.clone(),
                cause: e,
            })?,
            path.display().to_string(),
        ),
        None => (eval::BUNDLED.to_string(), eval::BUNDLED_NAME.to_string()),
    };
    let judgments = Judgments::parse(&text, &source, &records)?;
    let dir = TempDir(std::env::temp_dir().join(format!("wlb-eval-index-{}", std::process::id())));
    index::build(&dir.0, &records, vec![report::BUNDLED_NAME.to_string()])?;
    let mut engine = Engine::open(&dir.0)?;
    args.thesaurus.apply(&mut engine)?;
    let mut ours = WlbSearch { engine: &engine };
    let mut peers: Vec<groonga::Groonga> = Vec::new();
    if !args.no_peers {
        peers.push(groonga::Groonga::load(groonga::Tokenizer::Mecab, &records)?);
        peers.push(groonga::Groonga::load(
            groonga::Tokenizer::Bigram,
            &records,
        )?);
    }
    let mut systems: Vec<&mut dyn System> = vec![&mut ours];
    systems.extend(peers.iter_mut().map(|p| p as &mut dyn System));
    let report = eval::evaluate(&judgments, &source, &mut systems)?;
    let mut out = std::io::stdout().lock();
    present::eval_report(&mut out, &report, args.format.into())?;
    out.flush()?;
    Ok(Outcome::Done)
}
