//! Query parse, plan and search over the bundled report (its index is built once per process).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Longer queries only make each run slower; the request caps queries far below this anyway.
const MAX_BYTES: usize = 2_000;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_BYTES {
        return;
    }
    let query = String::from_utf8_lossy(data);
    wlb_search::fuzzing::search(&query);
});
