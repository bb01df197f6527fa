//! The report's text parser on any text: bytes that are not UTF-8 are read lossily.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    wlb_search::fuzzing::parse_report_text(&text);
});
