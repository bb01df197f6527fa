//! The `wlb-search` binary: parse arguments, run, turn the result into an exit code.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a search allocates many small, short-lived buffers (tokens, postings, JSON), and
/// glibc's allocator spent a quarter of a warm request's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Done) => ExitCode::SUCCESS,
        Ok(cli::Outcome::NoHits) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`wlb-search … | head`) is not an error worth reporting.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            // A stderr that cannot be written to loses the message, not the exit status.
            let _ = writeln!(std::io::stderr(), "error: {}", cli::hints::message(&err));
            ExitCode::from(2)
        }
    }
}
