//! `map` and `compare`: the request resolved as `search` resolves it, then counted or grouped
//! by the library and written by `present`.

use std::io::Write;

use anyhow::Result;

use super::args::style;
use super::view_args::{CompareArgs, CompareFormatArg, MapArgs, MapFormatArg};
use super::{open_or_build, say, Outcome};
use wlb_search::present::{self, Format, MapFormat};
use wlb_search::search::{check_compared, Level, RequestError};
use wlb_search::wire::{CompareResponse, MapResponse};
use wlb_search::Error;

pub fn map(args: MapArgs) -> Result<Outcome> {
    let level = Level::parse(&args.filters.level).map_err(Error::from)?;
    let loose = args
        .filters
        .request(args.query.join(" "), args.ministry.clone());
    let mut engine = open_or_build(&args.filters.index.dir())?;
    engine.use_thesaurus(&args.filters.thesaurus.choice())?;
    let request = engine.resolve(&loose).map_err(Error::from)?;
    let grid = engine.section_grid(&request, level)?;
    let response = MapResponse::new(&request, &grid, engine.catalog());
    say(|err| present::notices(err, &grid.notices));
    let format = match args.format {
        MapFormatArg::Text => MapFormat::Text,
        MapFormatArg::Json => MapFormat::Json,
        MapFormatArg::Csv => MapFormat::Csv,
    };
    let mut out = std::io::stdout().lock();
    present::map(&mut out, &response, format, style(args.filters.color))?;
    out.flush()?;
    Ok(if response.summary.total == 0 {
        Outcome::NoHits
    } else {
        Outcome::Done
    })
}

/// `compare 財務省 外務省 テレワーク`: the trailing words that name no organisation (and are not
/// close to one: a typo stays a name, to be corrected), after two that do, are the query.
fn split_query(typed: &[String], names: &[String]) -> (Vec<String>, Option<String>) {
    use wlb_search::domain::ministry::{resolve, Resolution};
    let is_word =
        |t: &String| matches!(resolve(t, names), Resolution::Unknown(close) if close.is_empty());
    let first_word = typed.iter().position(is_word).unwrap_or(typed.len());
    if first_word < 2 || !typed[first_word..].iter().all(is_word) {
        return (typed.to_vec(), None);
    }
    (
        typed[..first_word].to_vec(),
        Some(typed[first_word..].join(" ")),
    )
}

pub fn compare(mut args: CompareArgs) -> Result<Outcome> {
    let level = Level::parse(&args.filters.level).map_err(Error::from)?;
    let mut engine = open_or_build(&args.filters.index.dir())?;
    if args.query.is_none() {
        let (names, query) = split_query(&args.names, &engine.catalog().ministry_names());
        args.names = names;
        args.query = query;
    }
    let loose = args
        .filters
        .request(args.query.clone().unwrap_or_default(), args.names.clone());
    engine.use_thesaurus(&args.filters.thesaurus.choice())?;
    let request = engine.resolve(&loose).map_err(|e| match e {
        // `compare 財務省 外務省 テレワーク`: the query needs -q.
        RequestError::UnknownMinistry {
            ref suggestions, ..
        } if args.query.is_none() && suggestions.is_empty() => {
            let message = super::hints::message(&anyhow::Error::from(Error::from(e)));
            anyhow::anyhow!(
                "{message}; to compare on a query, give it with -q: \
                 `wlb-search compare 財務省 外務省 -q テレワーク`"
            )
        }
        e => Error::from(e).into(),
    })?;
    check_compared(&args.names, &request.filters().ministries).map_err(Error::from)?;
    let comparison = engine.compare(&request, level)?;
    let response = CompareResponse::new(&request, &comparison, engine.catalog());
    say(|err| present::notices(err, &comparison.notices));
    let format = match args.format {
        CompareFormatArg::Text => Format::Text,
        CompareFormatArg::Json => Format::Json,
    };
    let mut out = std::io::stdout().lock();
    present::comparison(&mut out, &response, format, style(args.filters.color))?;
    out.flush()?;
    Ok(if comparison.totals.iter().all(|&n| n == 0) {
        Outcome::NoHits
    } else {
        Outcome::Done
    })
}
