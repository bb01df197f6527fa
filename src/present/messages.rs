//! One-line messages around the results: a finished build, an index built or rebuilt on
//! first use, where the server listens, notices about the query.

use std::io::{self, Write};

use crate::index::BuildSummary;

/// Reports a finished build.
pub fn build_summary(
    out: &mut impl Write,
    s: &BuildSummary,
    elapsed: std::time::Duration,
) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} passages from {} ministries ({}) into {} in {:.2} s",
        s.passages,
        s.ministries,
        inputs(&s.inputs),
        s.dir.display(),
        elapsed.as_secs_f64()
    )
}

/// The inputs of a build, all of them when they are few; else how many, the first and the
/// last (a thousand file names on one line say nothing).
fn inputs(names: &[String]) -> String {
    match names {
        [first, _, _, _, .., last] => format!("{} files: {first} … {last}", names.len()),
        _ => names.join(", "),
    }
}

/// Says that another build of the same index runs, and this one waits for it.
pub fn waiting_notice(out: &mut impl Write, dir: &std::path::Path) -> io::Result<()> {
    writeln!(
        out,
        "another build of the index at {} is running: waiting for it to finish…",
        dir.display()
    )
}

/// Says why semantic search is off, and how to turn it on.
pub fn semantic_off(out: &mut impl Write, reason: &dyn std::fmt::Display) -> io::Result<()> {
    writeln!(
        out,
        "semantic search is off (searching by words only): {reason}"
    )
}

/// Says that a missing index is being built from the bundled report.
pub fn auto_build_notice(out: &mut impl Write, dir: &std::path::Path) -> io::Result<()> {
    writeln!(
        out,
        "no index at {} yet: building it from the bundled report ({})…",
        dir.display(),
        crate::report::BUNDLED_NAME
    )
}

/// Says that an index built from the bundled report by another version is being rebuilt.
pub fn outdated_rebuild_notice(out: &mut impl Write, dir: &std::path::Path) -> io::Result<()> {
    writeln!(
        out,
        "the index at {} was built by another version of wlb-search from the bundled report: \
         rebuilding it…",
        dir.display()
    )
}

/// Says where `serve` is listening: the page's URL, and a warning when the address is not a
/// loopback one (other machines can then reach the page).
pub fn serving(out: &mut impl Write, addr: std::net::SocketAddr) -> io::Result<()> {
    writeln!(
        out,
        "wlb-search: serving the search page at {} (Ctrl-C to stop)",
        url(addr)
    )?;
    if !addr.ip().is_loopback() {
        writeln!(
            out,
            "note: {} is not a loopback address: other machines can reach this page",
            addr.ip()
        )?;
    }
    out.flush()
}

/// The URL of the page for a listening address.
pub fn url(addr: std::net::SocketAddr) -> String {
    format!("http://{addr}/")
}

/// Writes notices about the query (to stderr, by the caller's choice of writer).
pub fn notices(out: &mut impl Write, notices: &[String]) -> io::Result<()> {
    for n in notices {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_inputs_are_counted_not_listed() {
        let names = |n: usize| (1..=n).map(|k| format!("r{k}.txt")).collect::<Vec<_>>();
        assert_eq!(inputs(&names(1)), "r1.txt");
        assert_eq!(inputs(&names(3)), "r1.txt, r2.txt, r3.txt");
        assert_eq!(inputs(&names(1000)), "1000 files: r1.txt … r1000.txt");
    }

    #[test]
    fn serving_warns_off_loopback() {
        let mut out = Vec::new();
        serving(&mut out, "127.0.0.1:8080".parse().unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "wlb-search: serving the search page at http://127.0.0.1:8080/ (Ctrl-C to stop)\n"
        );
        let mut out = Vec::new();
        serving(&mut out, "0.0.0.0:8080".parse().unwrap()).unwrap();
        assert!(String::from_utf8(out).unwrap().ends_with(
            "\nnote: 0.0.0.0 is not a loopback address: other machines can reach this page\n"
        ));
    }
}
