//! The command line: arguments ([`args`]) turned into typed library values once, one function
//! per subcommand (`map` and `compare` in `views`), and errors worded for a terminal ([`hints`]).

mod args;
pub mod hints;
mod progress;
mod similar;
mod view_args;
mod views;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

pub use args::Cli;
use args::{BuildArgs, Command, EvalArgs, FormatArg, SearchArgs, ServeArgs, ShowArgs};
use progress::Progress;
use wlb_search::domain::Input;
use wlb_search::eval::{self, groonga, Judgments, System, WlbSearch};
use wlb_search::present::{self, CsvField, Format, CSV_FIELDS};
use wlb_search::search::{Engine, MeaningUse, Without};
use wlb_search::semantic::{self, Cache, Vectors};
use wlb_search::wire::{Shown, Summary};
use wlb_search::{index, report, serve, Error, Record};

/// Writes a message for people on stderr. A stderr that cannot be written to (closed, full)
/// loses the message but not the run: the results on stdout are what counts.
fn say(write: impl FnOnce(&mut std::io::StderrLock<'static>) -> std::io::Result<()>) {
    let _ = write(&mut std::io::stderr().lock());
}

/// How a successful run ended; `main` turns it into an exit code.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Done,
    /// A search matched nothing: exit 1 (like grep).
    NoHits,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Search(args) => search(args),
        Command::Ministries(args) => {
            let engine = open_or_build(&args.index.dir())?;
            let mut out = std::io::stdout().lock();
            present::ministries(&mut out, &engine.catalog().ministries, args.format.into())?;
            Ok(Outcome::Done)
        }
        Command::Sections(args) => {
            let engine = open_or_build(&args.index.dir())?;
            let mut out = std::io::stdout().lock();
            present::sections(&mut out, &engine.catalog().sections, args.format.into())?;
            Ok(Outcome::Done)
        }
        Command::Show(args) => show(args),
        Command::Similar(args) => similar::run(args),
        Command::Serve(args) => serve(args),
        Command::Eval(args) => eval(args),
        Command::Map(args) => views::map(args),
        Command::Compare(args) => views::compare(args),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(
                args.shell,
                &mut command,
                "wlb-search",
                &mut std::io::stdout().lock(),
            );
            Ok(Outcome::Done)
        }
    }
}

fn show(args: ShowArgs) -> Result<Outcome> {
    let engine = open_or_build(&args.index.dir())?;
    let Some(record) = engine.passage(&args.id)? else {
        return Err(
            Error::from(wlb_search::search::RequestError::UnknownPassage {
                given: args.id.clone(),
                suggestions: engine.closest_ids(&args.id)?,
            })
            .into(),
        );
    };
    let item = engine.item_passages(&record)?;
    let shown = Shown::new(&record, &item, engine.catalog());
    let mut out = std::io::stdout().lock();
    present::shown(&mut out, &shown, args.format.into())?;
    out.flush()?;
    Ok(Outcome::Done)
}

fn serve(args: ServeArgs) -> Result<Outcome> {
    let engine = open_or_build(&args.index.dir())?;
    // Said once here; the API's summaries say it per search (`meaning`).
    if let Some(why) = semantic::absent() {
        say(|err| present::semantic_off(err, &why));
    }
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
        serve::run(
            listener,
            engine,
            args.host,
            serve::Answers::within(args.cache_mb),
        )
        .await?;
        Ok(Outcome::Done)
    })
}

fn build(args: BuildArgs) -> Result<Outcome> {
    let started = Instant::now();
    let jobs = args.jobs.unwrap_or_else(index::default_jobs);
    // The analyzer's dictionary loads on another core while the input is read (a failure to
    // load it is the build's to report).
    let (records, names) = std::thread::scope(|scope| {
        scope.spawn(wlb_search::analysis::load_for_build);
        read_inputs(&args, jobs)
    })?;
    let dir = args.index.dir();
    let semantic = args.semantic == args::OnOff::On;
    // The sentences the live generation already holds are not embedded again.
    let vectors = |live: Option<&Path>| {
        let previous = live.and_then(|generation| Vectors::read(generation).ok().flatten());
        semantic.then(|| embed(&records, previous.as_ref(), false))?
    };
    let bar = Progress::new("passages", "");
    let summary = index::build_with_jobs(
        &dir,
        &records,
        names,
        &vectors,
        jobs,
        &mut |done, total| {
            bar.update(done, total);
            if done == total {
                bar.finish(); // before the embedding's bar, if it has one
            }
        },
        &mut || say(|err| present::waiting_notice(err, &dir)),
    );
    bar.finish();
    let summary = summary?;
    say(|err| present::build_summary(err, &summary, started.elapsed()));
    Ok(Outcome::Done)
}

/// The records of `build`'s inputs (the bundled report when none is given), and their names.
fn read_inputs(args: &BuildArgs, jobs: usize) -> Result<(Vec<Record>, Vec<Input>)> {
    Ok(if args.inputs.is_empty() {
        (report::bundled()?, vec![report::BUNDLED_NAME.into()])
    } else {
        let paths: Vec<&Path> = args.inputs.iter().map(|p| p.as_path()).collect();
        // One bar per file, drawn while its pages are read.
        let mut bar: Option<(PathBuf, Progress)> = None;
        let read = report::read_files_with_jobs(&paths, jobs, &mut |path, done, total| {
            if bar.as_ref().is_none_or(|(p, _)| p != path) {
                if let Some((_, old)) = bar.take() {
                    old.finish();
                }
                let name = path.display().to_string();
                bar = Some((path.to_path_buf(), Progress::new("pages", &name)));
            }
            if let Some((_, b)) = &bar {
                b.update(done, total);
            }
        });
        if let Some((_, b)) = bar {
            b.finish();
        }
        read?
    })
}

/// The records' sentence vectors for semantic search (those of `previous` reused), with a
/// progress bar; `None` (and why, unless `quiet`) when semantic search is off.
fn embed(records: &[Record], previous: Option<&Vectors>, quiet: bool) -> Option<Vectors> {
    let bar = Progress::new("sentences", "embedding");
    let vectors = semantic::embed_records(records, &Cache::at_default(), previous, &mut |d, t| {
        bar.update(d, t)
    });
    bar.finish();
    match vectors {
        Ok(v) => Some(v),
        Err(e) => {
            if !quiet {
                say(|err| present::semantic_off(err, &e));
            }
            None
        }
    }
}

/// Opens the index; if there is none yet, or only one that an older version built from the
/// bundled report, builds it from the bundled report and says so.
fn open_or_build(dir: &Path) -> Result<Engine> {
    match Engine::open(dir) {
        Err(Error::Index(index::Error::Outdated { .. })) if index::built_from_bundled(dir) => {
            say(|err| present::outdated_rebuild_notice(err, dir));
        }
        Err(Error::Index(index::Error::Missing { .. })) => {
            say(|err| present::auto_build_notice(err, dir));
        }
        other => return Ok(other?),
    }
    let records = report::bundled()?;
    // Quiet: a search that needs meaning says itself why it is off.
    let vectors = |_: Option<&Path>| embed(&records, None, true);
    let names = vec![report::BUNDLED_NAME.into()];
    let nothing = &mut |_, _| {};
    index::build_with_progress(dir, &records, names, &vectors, nothing, &mut || {})
        .with_context(|| format!("building the index at {}", dir.display()))?;
    Ok(Engine::open(dir)?)
}

/// The CSV columns asked for, or all of them.
fn csv_fields(names: &[String]) -> Result<Vec<CsvField>> {
    if names.is_empty() {
        return Ok(CSV_FIELDS.iter().map(|(_, f)| *f).collect());
    }
    names
        .iter()
        .map(|n| {
            CsvField::parse(n).ok_or_else(|| {
                let all: Vec<&str> = CSV_FIELDS.iter().map(|(n, _)| *n).collect();
                anyhow::anyhow!(
                    "unknown field {n:?} for --fields; the fields are {}",
                    all.join(",")
                )
            })
        })
        .collect()
}

fn search(args: SearchArgs) -> Result<Outcome> {
    let loose = args.request();
    let fields = csv_fields(&args.fields)?;
    let mut engine = open_or_build(&args.index.dir())?;
    engine.use_thesaurus(&args.thesaurus.choice())?;
    let request = engine.resolve(&loose).map_err(Error::from)?;
    let results = engine.search(&request)?;
    let ministries = if request.filters().ministries.is_empty() {
        results.facets.clone()
    } else {
        engine.facets_without(&request, Without::Ministries)?
    };
    let summary = Summary::new(&request, &results, &ministries, engine.catalog());
    say(|err| present::notices(err, &results.notices));
    if let MeaningUse::Off(reason) = &results.meaning {
        say(|err| present::semantic_off(err, reason));
    }
    let mut out = std::io::stdout().lock();
    let style = args::style(args.color);
    match args.format {
        FormatArg::Csv => present::csv(&mut out, &results, &fields)?,
        FormatArg::Json => {
            present::search_results(&mut out, &results, &summary, Format::Json, style)?
        }
        FormatArg::Text => {
            present::search_results(&mut out, &results, &summary, Format::Text, style)?
        }
    }
    if args.format != FormatArg::Text {
        // Scripts read stdout; people read the counts on stderr.
        say(|err| {
            present::query_header(err, &results)?;
            present::summary_lines(err, &results, &summary)
        });
    }
    out.flush()?;
    Ok(if results.total == 0 {
        Outcome::NoHits
    } else {
        Outcome::Done
    })
}

fn eval(args: EvalArgs) -> Result<Outcome> {
    let records = report::bundled()?;
    let (text, source) = match &args.judgments {
        Some(path) => (
            std::fs::read_to_string(path).map_err(|source| {
                Error::from(report::Error::Read {
                    path: path.clone(),
                    source,
                })
            })?,
            path.display().to_string(),
        ),
        None => (eval::BUNDLED.to_string(), eval::BUNDLED_NAME.to_string()),
    };
    let judgments = Judgments::parse(&text, &source, &records)?;
    let dir = tempfile::Builder::new()
        .prefix("wlb-eval-index-")
        .tempdir()
        .context("cannot create a temporary directory for the evaluation's index")?;
    let semantic = args.semantic == args::OnOff::On;
    let vectors = if semantic {
        embed(&records, None, false)
    } else {
        None
    };
    let names = vec![report::BUNDLED_NAME.into()];
    let nothing = &mut |_, _| {};
    index::build_with_progress(
        dir.path(),
        &records,
        names,
        &|_| vectors.clone(),
        nothing,
        &mut || {},
    )?;
    let mut engine = Engine::open(dir.path())?;
    engine.use_thesaurus(&args.thesaurus.choice())?;
    let collapse = args.collapse == args::CollapseArg::Item;
    let mut ours = WlbSearch {
        engine: &engine,
        collapse,
        semantic,
    };
    // With meaning, words only beside it: what meaning adds, per kind, in one run.
    let mut words = WlbSearch {
        engine: &engine,
        collapse,
        semantic: false,
    };
    let mut peers: Vec<groonga::Groonga> = Vec::new();
    if !args.no_peers {
        peers.push(groonga::Groonga::load(groonga::Tokenizer::Mecab, &records)?);
        peers.push(groonga::Groonga::load(
            groonga::Tokenizer::Bigram,
            &records,
        )?);
    }
    let mut systems: Vec<&mut dyn System> = vec![&mut ours];
    if vectors.is_some() {
        systems.push(&mut words);
    }
    systems.extend(peers.iter_mut().map(|p| p as &mut dyn System));
    let report = eval::evaluate(&judgments, &source, &mut systems)?;
    let similar = match args.judgments {
        None => Some(eval_similar(&engine, &records, args.no_peers)?),
        Some(_) => None,
    };
    let mut out = std::io::stdout().lock();
    present::eval_reports(&mut out, &report, similar.as_ref(), args.format.into())?;
    out.flush()?;
    Ok(Outcome::Done)
}

/// `similar` on its judged set: the chosen method, the tf-idf baseline and Groonga's `*S`.
fn eval_similar(
    engine: &Engine,
    records: &[wlb_search::Record],
    no_peers: bool,
) -> Result<eval::Report> {
    use wlb_search::eval::similar::{Similar, SimilarSet, SIMILAR_BUNDLED, SIMILAR_BUNDLED_NAME};
    use wlb_search::search::Method;
    let set = SimilarSet::parse(SIMILAR_BUNDLED, SIMILAR_BUNDLED_NAME, records)?;
    let mut ours = Similar {
        engine,
        method: Method::DEFAULT,
    };
    let mut tfidf = Similar {
        engine,
        method: Method::TfIdf,
    };
    let mut peers = Vec::new();
    if !no_peers {
        peers.push(groonga::GroongaSimilar::load(
            groonga::Tokenizer::Mecab,
            records,
        )?);
    }
    let mut systems: Vec<&mut dyn System> = vec![&mut ours, &mut tfidf];
    systems.extend(peers.iter_mut().map(|p| p as &mut dyn System));
    Ok(eval::evaluate(&set, SIMILAR_BUNDLED_NAME, &mut systems)?)
}
