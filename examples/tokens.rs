//! Prints the analyzer's tokens for a text, with each token's role in a query sentence, then
//! its character bigrams: `cargo run --release --example tokens -- 'テキスト'`.
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    for w in wlb_search::analysis::words(&text).expect("analysis") {
        let t = w.token;
        println!(
            "{:>3} {:>4}..{:<4} {:<10} {:?}",
            t.position, t.from, t.to, t.text, w.role
        );
    }
    let bigrams: Vec<String> = wlb_search::analysis::bigram_tokens(&text)
        .into_iter()
        .map(|t| t.text)
        .collect();
    println!("bigrams: {}", bigrams.join(" "));
}
