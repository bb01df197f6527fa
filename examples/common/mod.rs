//! What the examples share: a corpus of N copies of the bundled report.

use wlb_search::{report, Record};

/// N copies of the bundled report, the fiscal year varied (令和5, 6, …) and ids made unique;
/// run from the repository.
pub fn copies(copies: u32) -> Vec<Record> {
    let text = report::parse_text as fn(&str) -> Result<Vec<Record>, String>;
    let bundled = std::fs::read_to_string("data/wlb-followup-r5.txt").expect("run from the repo");
    (0..copies)
        .flat_map(|n| {
            let year = format!("令和{}年度", 5 + n % 90);
            let mut records = text(&bundled.replace("令和5年度", &year)).expect("parses");
            for r in &mut records {
                r.id = format!("{}-c{n}", r.id);
            }
            records
        })
        .collect()
}
