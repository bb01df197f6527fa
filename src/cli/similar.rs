//! `wlb-search similar ID`: other organisations' passages like one passage.

use std::io::Write;

use anyhow::Result;

use super::args::{self, FormatArg, SimilarArgs};
use super::{csv_fields, open_or_build, Outcome};
use wlb_search::present::{self, Format};
use wlb_search::search::SimilarRequest;
use wlb_search::Error;

pub fn run(args: SimilarArgs) -> Result<Outcome> {
    let fields = csv_fields(&args.fields)?;
    let engine = open_or_build(&args.index.dir())?;
    let request = SimilarRequest::resolve(&engine, &args.id, &args.request(), args.same_ministry)
        .map_err(Error::from)?;
    let results = engine.similar(&request)?;
    let mut out = std::io::stdout().lock();
    let style = args::style(args.color);
    match args.format {
        FormatArg::Csv => present::csv_hits(&mut out, &results.hits, &fields)?,
        FormatArg::Json => {
            present::similar_results(&mut out, &request, &results, Format::Json, style)?
        }
        FormatArg::Text => {
            present::similar_results(&mut out, &request, &results, Format::Text, style)?
        }
    }
    out.flush()?;
    Ok(if results.hits.is_empty() {
        Outcome::NoHits
    } else {
        Outcome::Done
    })
}
