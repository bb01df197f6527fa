//! An evaluation report: each engine's means, the margin over the best peer, a row per query.

use std::io::{self, Write};

use super::Format;
use crate::eval::{Report, CUTOFF};

/// Writes the search evaluation and, with the bundled judgments, `similar`'s; as JSON, one
/// object `{"search": …, "similar": … or null}`.
pub fn eval_reports(
    out: &mut impl Write,
    search: &Report,
    similar: Option<&Report>,
    format: Format,
) -> io::Result<()> {
    if format == Format::Json {
        let both = serde_json::json!({ "search": search, "similar": similar });
        serde_json::to_writer_pretty(&mut *out, &both)?;
        return writeln!(out);
    }
    eval_report(out, search, format)?;
    if let Some(similar) = similar {
        writeln!(out, "\nsimilar passages (wlb-search similar ID):")?;
        eval_report(out, similar, format)?;
    }
    Ok(())
}

/// Writes an evaluation: the systems' means, the margin of wlb-search over the best peer, and
/// one row per query (nDCG@10 of each system).
pub fn eval_report(out: &mut impl Write, report: &Report, format: Format) -> io::Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        return writeln!(out);
    }
    let n = report.queries.len();
    writeln!(out, "{n} queries from {}", report.judgments)?;
    writeln!(out)?;
    summaries(out, report)?;
    writeln!(out)?;
    kinds(out, report)?;
    writeln!(out)?;
    query_rows(out, report)
}

/// One row per engine, then the margin of wlb-search over the better peer.
fn summaries(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(
        out,
        "{:<28} {:>8} {:>10} {:>7}  zero-hit queries with relevant passages",
        "engine", "nDCG@10", "Recall@10", "MRR"
    )?;
    for s in &report.summaries {
        writeln!(
            out,
            "{:<28} {:>8.3} {:>10.3} {:>7.3}  {}",
            s.system,
            s.ndcg,
            s.recall,
            s.mrr,
            if s.zero_hit_queries.is_empty() {
                "none".to_string()
            } else {
                format!(
                    "{} ({})",
                    s.zero_hit_queries.len(),
                    s.zero_hit_queries.join(" ")
                )
            }
        )?;
    }
    if let (Some(ours), Some(best)) = (
        report.summaries.first(),
        report.summaries[1..]
            .iter()
            .filter(|s| !s.system.starts_with("wlb-search"))
            .max_by(|a, b| a.ndcg.total_cmp(&b.ndcg)),
    ) {
        writeln!(
            out,
            "\nwlb-search minus the better peer ({}): nDCG@10 {:+.3}, Recall@10 {:+.3}, MRR {:+.3}",
            best.system,
            ours.ndcg - best.ndcg,
            ours.recall - best.recall,
            ours.mrr - best.mrr
        )?;
    }
    Ok(())
}

/// nDCG@10 and Recall@10 of each engine per query kind.
fn kinds(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let names: Vec<String> = report
        .summaries
        .iter()
        .map(|s| short_name(&s.system))
        .collect();
    write!(out, "{:<13} {:>3}", "kind", "n")?;
    for name in &names {
        write!(out, " {:>15}", format!("{name} nDCG/R"))?;
    }
    writeln!(out)?;
    for k in &report.by_kind {
        write!(out, "{:<13} {:>3}", k.kind, k.queries)?;
        for (n, r) in k.ndcg.iter().zip(&k.recall) {
            write!(out, " {:>15}", format!("{n:.3}/{r:.3}"))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// One row per query: nDCG@10 of each engine, and hits when fewer than the cutoff.
fn query_rows(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let names: Vec<String> = report
        .summaries
        .iter()
        .map(|s| short_name(&s.system))
        .collect();
    write!(out, "{:<4} {:<12} {:>3}", "id", "kind", "rel")?;
    for name in &names {
        write!(out, " {name:>8}")?;
    }
    writeln!(
        out,
        "  query  (nDCG@10 per engine; hits returned if fewer than 10)"
    )?;
    for q in &report.queries {
        write!(out, "{:<4} {:<12} {:>3}", q.id, q.kind, q.relevant)?;
        for s in &q.scores {
            let cell = if s.hits < CUTOFF {
                format!("{:.2}/{}", s.ndcg, s.hits)
            } else {
                format!("{:.2}", s.ndcg)
            };
            write!(out, " {cell:>8}")?;
        }
        let filters = if q.filters.is_empty() {
            String::new()
        } else {
            format!("  [{}]", q.filters)
        };
        writeln!(out, "  {}{filters}", q.query)?;
    }
    Ok(())
}

/// A column header for a system name.
fn short_name(system: &str) -> String {
    if system.ends_with("TokenMecab") {
        "g-mecab".into()
    } else if system.ends_with("TokenBigram") {
        "g-bigram".into()
    } else if system == "wlb-search" {
        "wlb".into()
    } else if system == "wlb-search (words only)" {
        "wlb-word".into()
    } else {
        system.chars().take(8).collect()
    }
}
