//! The thesaurus parser on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

const MAX_BYTES: usize = 100 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_BYTES {
        return;
    }
    let text = String::from_utf8_lossy(data);
    wlb_search::fuzzing::parse_thesaurus(&text);
});
