//! A corpus of N reports derived from the bundled one, for benchmarks at scale:
//! `cargo run --release --example corpus -- N DIR` writes `DIR/report-0001.txt` … as text
//! files that `wlb-search build --input` takes (`scripts/bench-scale.sh` uses it).
//!
//! Report k (from 0) is the fiscal year 2023 + k (令和5+k年度 while the era number stays under
//! 100, then the Western year, `2123年度`), and in each A cell the sentences between two
//! markers (`【新規】`, `○`, `・`, a `<…>` tag or heading) are shuffled with a seed that is k:
//! the vocabulary, the structure and the passage count stay the report's, the text is not the
//! same, and the same N always gives the same files.
use std::path::PathBuf;

/// The bundled report.
const REPORT: &str = include_str!("../data/wlb-followup-r5.txt");
const YEAR: &str = "令和5年度";

/// xorshift64*: small, deterministic, good enough to shuffle sentences.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Where a marker or a tag starts and ends in `cell`, in order: the places sentences never
/// cross.
fn fixed_spans(cell: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut rest = cell.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        let close = match c {
            '<' => Some('>'),
            '【' => Some('】'),
            '○' | '・' => {
                spans.push((i, i + c.len_utf8()));
                None
            }
            _ => None,
        };
        if let Some(close) = close {
            if let Some(end) = cell[i..].find(close) {
                let end = i + end + close.len_utf8();
                spans.push((i, end));
                while rest.peek().is_some_and(|&(j, _)| j < end) {
                    rest.next();
                }
            }
        }
    }
    spans
}

/// `text` (no markers) with its whole sentences (ending in `。`) shuffled; what follows the
/// last `。` stays last.
fn shuffle_sentences(text: &str, rng: &mut Rng) -> String {
    let mut sentences: Vec<&str> = text.split_inclusive('。').collect();
    let tail = match sentences.last() {
        Some(s) if !s.ends_with('。') => sentences.pop(),
        _ => None,
    };
    rng.shuffle(&mut sentences);
    let mut out = sentences.concat();
    out.push_str(tail.unwrap_or(""));
    out
}

fn shuffle_cell(cell: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut at = 0;
    for (from, to) in fixed_spans(cell) {
        out.push_str(&shuffle_sentences(&cell[at..from], rng));
        out.push_str(&cell[from..to]);
        at = to;
    }
    out.push_str(&shuffle_sentences(&cell[at..], rng));
    out
}

/// Report `k` of the corpus.
pub fn report(k: u32) -> String {
    let reiwa = 5 + k;
    let year = if reiwa < 100 {
        format!("令和{reiwa}年度")
    } else {
        format!("{}年度", 2023 + k)
    };
    let mut rng = Rng::new(u64::from(k) + 1);
    let lines: Vec<String> = REPORT
        .split('\n')
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            // A table row: item | A | B. The A cell's sentences move; everything else stays.
            if cells.len() == 3 && cells[1].contains('。') {
                let a = shuffle_cell(cells[1], &mut rng);
                format!("{}\t{a}\t{}", cells[0], cells[2])
            } else {
                line.to_string()
            }
        })
        .collect();
    lines.join("\n").replace(YEAR, &year)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: cargo run --release --example corpus -- N DIR";
    let n: u32 = match args.next().and_then(|a| a.parse().ok()) {
        Some(n) if n > 0 => n,
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    let mut bytes = 0;
    for k in 0..n {
        let text = report(k);
        bytes += text.len();
        let path = dir.join(format!("report-{:04}.txt", k + 1));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
    }
    println!(
        "{n} reports, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_stay_and_sentences_move() {
        let cell = "<p>【新規】</p> <p>甲。乙。丙。</p> ・丁。戊。";
        let mut rng = Rng::new(3);
        let out = shuffle_cell(cell, &mut rng);
        assert!(out.starts_with("<p>【新規】</p> <p>"));
        assert_eq!(out.len(), cell.len());
        let (head, tail) = out.split_once('・').unwrap();
        assert!(head.ends_with("</p> "));
        assert_eq!(tail.chars().count(), "丁。戊。".chars().count());
    }
}
