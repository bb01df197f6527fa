//! The user's own folders for wlb-search (XDG base directories), defined once.

use std::path::{Path, PathBuf};

/// `$XDG_DATA_HOME/wlb-search`, else `~/.local/share/wlb-search`; `None` without a home.
pub fn data_dir() -> Option<PathBuf> {
    user_dir("XDG_DATA_HOME", ".local/share")
}

/// `$XDG_CACHE_HOME/wlb-search`, else `~/.cache/wlb-search`; `None` without a home.
pub fn cache_dir() -> Option<PathBuf> {
    user_dir("XDG_CACHE_HOME", ".cache")
}

fn user_dir(variable: &str, under_home: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(under_home)))
        .map(|d| d.join("wlb-search"))
}
