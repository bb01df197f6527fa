//! Reading the report: input files (UTF-8 text or PDF) parsed into [`Record`]s.
//!
//! One record is one initiative passage (see `text.rs` for how cells are split). Reading
//! checks the bytes first (empty, binary, not UTF-8, PDF) so that bad input gets a clear
//! error before any parsing; parsing never panics. Several files are read into one list, and
//! a passage id that two files hold is refused. Once parsed, the guideline references of all
//! the records read together are filed by their written titles (`section::refile`): a title
//! belongs to the number most organisations cite it under.

mod error;
mod markup;
mod pdf;
mod section;
mod text;

use std::collections::HashMap;
use std::path::Path;

pub use error::Error;
pub use pdf::to_text as pdf_to_text;
pub(crate) use pdf::{panic_message, quietly};
pub(crate) use section::{outline_title, parse_user_path, Tally, TitleKeys};
pub use section::{Correction, Rule};

use crate::domain::{id_prefix, Input, PdfSource, Record};

/// The report bundled with the binary: 令和5年度 follow-up (data/wlb-followup-r5.txt).
const BUNDLED_REPORT: &str = include_str!("../../data/wlb-followup-r5.txt");
/// The name the bundled report goes by in messages and in `build` output.
pub const BUNDLED_NAME: &str = "data/wlb-followup-r5.txt (bundled)";

/// Largest input file read: the report is about 100 KB as text and a few MB as PDF.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Longest passage accepted, in characters: the report's longest is under 1,000.
pub const MAX_PASSAGE_CHARS: usize = 20_000;

/// Progress while a file is read: (PDF pages done, pages in all).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Reads one input file (the report as UTF-8 text or as PDF) and parses it into records, with
/// the guideline references filed by their titles.
pub fn read_file(path: &Path) -> Result<Vec<Record>, Error> {
    read_file_with_progress(path, &mut |_, _| {})
}

/// Like [`read_file`], reporting PDF pages extracted as (done, total).
pub fn read_file_with_progress(path: &Path, progress: Progress) -> Result<Vec<Record>, Error> {
    let (mut records, _) = parse_file(path, progress)?;
    section::refile(&mut records);
    Ok(records)
}

/// Reads and parses one input file, references as written; for a PDF, also its size.
fn parse_file(path: &Path, progress: Progress) -> Result<(Vec<Record>, Option<u64>), Error> {
    let jobs = crate::domain::default_jobs();
    match read_text_file(path, jobs)? {
        Read::Text(records) => Ok((records, None)),
        Read::Pdf(bytes) => Ok((
            parse_pdf(path, &bytes, jobs, progress)?,
            Some(bytes.len() as u64),
        )),
    }
}

/// A file read: a text file parsed, or a PDF's bytes (extracted apart, with progress).
enum Read {
    Text(Vec<Record>),
    Pdf(Vec<u8>),
}

/// Reads a file; a text file is parsed at once, its organisations on up to `jobs` threads.
fn read_text_file(path: &Path, jobs: usize) -> Result<Read, Error> {
    let bytes = read_bounded(path, MAX_INPUT_BYTES)?;
    let is_pdf_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if bytes.starts_with(b"%PDF") || is_pdf_name {
        return Ok(Read::Pdf(bytes));
    }
    parse_checked(path, &decode(path, &bytes)?, jobs).map(Read::Text)
}

fn parse_pdf(
    path: &Path,
    bytes: &[u8],
    jobs: usize,
    progress: Progress,
) -> Result<Vec<Record>, Error> {
    let text = pdf::to_text(bytes, progress).map_err(|p| pdf_error(path, p))?;
    parse_checked(path, &text, jobs)
}

/// Parses a report's text, its organisations on up to `jobs` threads (the records are the
/// same for any number).
fn parse_checked(path: &Path, text: &str, jobs: usize) -> Result<Vec<Record>, Error> {
    let records = text::parse_with_jobs(text, jobs).map_err(|reason| Error::NotAReport {
        path: path.to_path_buf(),
        reason,
    })?;
    check_lengths(path, &records)?;
    Ok(records)
}

/// Reads `paths` on `jobs` threads: text files are parsed there (one file alone, its
/// organisations on the `jobs` threads), PDFs only read (their extraction reports progress,
/// so it runs on the caller's thread). `None` where a worker died (the caller then reads the
/// file itself).
fn read_all(paths: &[&Path], jobs: usize) -> Vec<Option<Result<Read, Error>>> {
    let each = if paths.len() == 1 { jobs } else { 1 };
    on_threads(paths, jobs, |path| read_text_file(path, each))
}

/// `f` of each of `items`, on up to `jobs` threads (each takes the next item when it is done),
/// in the items' order; `None` for the items of a worker that died.
fn on_threads<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.clamp(1, items.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(k) else { break out };
                        out.push((k, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    for (k, r) in done {
        slots[k] = Some(r);
    }
    slots
}

/// Reads at most `max` bytes of a file: more is an error, before anything else is read (a
/// device such as /dev/zero never ends).
pub(crate) fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > max {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            max,
        });
    }
    Ok(bytes)
}

/// Refuses passages too long to be the report's (one huge cell).
fn check_lengths(path: &Path, records: &[Record]) -> Result<(), Error> {
    match records
        .iter()
        .find(|r| r.text.chars().count() > MAX_PASSAGE_CHARS)
    {
        Some(r) => Err(Error::NotAReport {
            path: path.to_path_buf(),
            reason: format!(
                "the passage at line {} has {} characters; the limit is {MAX_PASSAGE_CHARS} \
                 (the report's passages are under 1,000)",
                r.line,
                r.text.chars().count()
            ),
        }),
        None => Ok(()),
    }
}

/// Reads several input files into one list of records, with what was read from each file; a
/// passage id in two files is an error. `progress` is told which file is read, and its pages.
/// The guideline references are filed by their titles over all the files together.
pub fn read_files(
    paths: &[&Path],
    progress: &mut dyn FnMut(&Path, usize, usize),
) -> Result<(Vec<Record>, Vec<Input>), Error> {
    read_files_with_jobs(paths, 1, progress)
}

/// Like [`read_files`], reading and parsing text files on `jobs` threads (the records are
/// the same, in the same order, and so is the first error).
pub fn read_files_with_jobs(
    paths: &[&Path],
    jobs: usize,
    progress: &mut dyn FnMut(&Path, usize, usize),
) -> Result<(Vec<Record>, Vec<Input>), Error> {
    let mut records: Vec<Record> = Vec::new();
    let mut inputs: Vec<Input> = Vec::new();
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (path, read) in paths.iter().zip(read_all(paths, jobs)) {
        let name = path.display().to_string();
        let (parsed, pdf) = match read.unwrap_or_else(|| read_text_file(path, 1))? {
            Read::Text(records) => (records, None),
            Read::Pdf(bytes) => {
                let mut progress = |done, total| progress(path, done, total);
                (
                    parse_pdf(path, &bytes, jobs, &mut progress)?,
                    Some(bytes.len() as u64),
                )
            }
        };
        let mut prefixes: Vec<String> = Vec::new();
        for r in parsed {
            if let Some(&first) = owner.get(&r.id) {
                return Err(Error::DuplicateInput {
                    first: inputs[first].name.clone(),
                    second: name,
                    id: r.id,
                });
            }
            owner.insert(r.id.clone(), inputs.len());
            if let Some(p) = id_prefix(&r.id).filter(|p| !prefixes.iter().any(|q| q == p)) {
                prefixes.push(p.to_string());
            }
            records.push(r);
        }
        let pdf = pdf.map(|bytes| PdfSource {
            path: std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
            bytes,
            prefixes,
        });
        inputs.push(Input { name, pdf });
    }
    section::refile(&mut records);
    Ok((records, inputs))
}

fn pdf_error(path: &Path, problem: pdf::PdfProblem) -> Error {
    let path = path.to_path_buf();
    match problem {
        pdf::PdfProblem::NotPdf => Error::NotPdf { path },
        pdf::PdfProblem::Damaged(detail) => Error::PdfDamaged { path, detail },
        pdf::PdfProblem::Encrypted => Error::PdfEncrypted { path },
        pdf::PdfProblem::NoText => Error::PdfNoText { path },
        pdf::PdfProblem::NoToUnicode { page } => Error::PdfNoToUnicode { path, page },
        pdf::PdfProblem::Panicked { page, message } => Error::PdfPanicked {
            path,
            page,
            message,
        },
    }
}

/// Parses a text extraction of the report (as `read_file` does after decoding); the error
/// says why it is not the report.
pub fn parse_text(text: &str) -> Result<Vec<Record>, String> {
    text::parse(text)
}

/// Parses the bundled report, with the guideline references filed by their titles.
pub fn bundled() -> Result<Vec<Record>, Error> {
    bundled_with_corrections().map(|(records, _)| records)
}

/// Like [`bundled`], with the references filed under another number than written.
pub fn bundled_with_corrections() -> Result<(Vec<Record>, Vec<Correction>), Error> {
    let jobs = crate::domain::default_jobs();
    let mut records = parse_checked(Path::new(BUNDLED_NAME), BUNDLED_REPORT, jobs)?;
    let corrections = section::refile(&mut records);
    Ok((records, corrections))
}

/// Checks raw input bytes and returns them as text.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, str>, Error> {
    let path = path.to_path_buf();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyInput { path });
    }
    if bytes.contains(&0) {
        return Err(Error::Binary { path });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        // Valid up to a character cut at the very end: a truncated file, not another encoding.
        Err(e) if e.error_len().is_none() => Err(Error::Truncated {
            path,
            offset: e.valid_up_to(),
        }),
        Err(e) => Err(Error::NotUtf8 {
            path,
            offset: e.valid_up_to(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_report_parses() {
        let records = bundled().expect("bundled report parses");
        assert!(records.len() > 100);
    }

    #[test]
    fn bad_bytes_are_refused_with_the_reason() {
        let p = Path::new("x.txt");
        assert!(matches!(decode(p, b"  \n"), Err(Error::EmptyInput { .. })));
        assert!(matches!(decode(p, b"ab\0cd"), Err(Error::Binary { .. })));
        // 内閣 in Shift_JIS
        assert!(matches!(
            decode(p, b"\x93\xe0\x8a\x74"),
            Err(Error::NotUtf8 { .. })
        ));
    }
}
