//! Prints the text layout that wlb-search rebuilds from a PDF (what `text.rs` then parses).
//! Usage: cargo run --release --example pdf_text -- report.pdf

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_text FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    match wlb_search::report::pdf_to_text(&bytes, &mut |_, _| {}) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("{path}: {e:?}");
            std::process::exit(1)
        }
    }
}
