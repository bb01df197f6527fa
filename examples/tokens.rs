//! Prints the analyzer's tokens for a text: `cargo run --release --example tokens -- 'テキスト'`.
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let mut analyzer = wlb_search::analysis::analyzer().expect("dictionary");
    for t in wlb_search::analysis::analyze(&mut analyzer, &text).expect("analysis") {
        println!("{:>3} {:>4}..{:<4} {}", t.position, t.from, t.to, t.text);
    }
}
