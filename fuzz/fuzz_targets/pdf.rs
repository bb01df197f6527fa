//! The PDF reader on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

const MAX_BYTES: usize = 256 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_BYTES {
        return;
    }
    wlb_search::fuzzing::read_pdf(data);
});
