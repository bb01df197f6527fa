//! What a careless user or an attacker can do to the CLI and the index, and what happens:
//! bounded query cost, no panics, crash recovery, read-only use, damaged files, input limits.
//! Each test answers one finding of the reliability review.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wlb-search"));
    c.env_remove("WLB_SEARCH_INDEX").env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run wlb-search")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = run(&["build", "--index", index.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, index)
}

fn search(index: &Path, query: &str) -> Output {
    run(&["search", query, "--index", index.to_str().unwrap()])
}

fn generation(index: &Path) -> PathBuf {
    index.join(
        std::fs::read_to_string(index.join("CURRENT"))
            .unwrap()
            .trim(),
    )
}

#[test]
fn a_long_or_repeated_query_asks_for_ten_words_at_most() {
    let (_dir, index) = built();
    let repeated = "両立支援 ".repeat(200);
    let out = search(&index, &repeated);
    assert!(out.status.success(), "{}", stderr(&out));
    let once = search(&index, "両立支援");
    assert_eq!(
        stdout(&out),
        stdout(&once),
        "a word repeated is the word once"
    );
    let report = std::fs::read_to_string("data/wlb-followup-r5.txt").unwrap();
    let start = report.find("テレワーク").unwrap();
    let paste: String = report[start..].chars().take(1000).collect();
    let out = search(&index, &paste.replace(['\n', '\t'], " "));
    assert!(
        stderr(&out).contains("searched the first 10 distinct words"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_stderr_that_cannot_be_written_does_not_crash() {
    let (_dir, index) = built();
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = bin()
        .args(["search", "テレワーク", "--format", "json", "--index"])
        .arg(&index)
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("\"type\":\"summary\""));
}

#[test]
fn a_killed_builds_temporary_generation_is_removed_by_the_next_build() {
    let (_dir, index) = built();
    std::fs::create_dir(index.join(".tmp-99999-1")).unwrap();
    std::fs::write(index.join(".tmp-99999-1/x"), "half").unwrap();
    std::fs::write(index.join(".tmp-CURRENT"), "gen-0").unwrap();
    let out = run(&["build", "--index", index.to_str().unwrap()]);
    assert!(out.status.success());
    let left: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_build_keeps_the_generation_current_names_and_removes_the_others() {
    let (_dir, index) = built();
    let first = generation(&index);
    let rebuild = || {
        run(&[
            "build",
            "--semantic",
            "off",
            "--index",
            index.to_str().unwrap(),
        ])
    };
    assert!(rebuild().status.success());
    let second = generation(&index);
    // As if the switch to the newer generation had been lost: the older one is live.
    std::fs::write(
        index.join("CURRENT"),
        first.file_name().unwrap().as_encoded_bytes(),
    )
    .unwrap();
    assert!(rebuild().status.success());
    let third = generation(&index);
    // The generation that was live when the build began stays, for searches that opened it;
    // the newer one that was not live is gone.
    assert_eq!(generations(&index), vec![first, third], "{second:?}");
    assert!(search(&index, "テレワーク").status.success());
    // With `CURRENT` naming no generation, which one holds the index is unknown: none goes.
    std::fs::write(index.join("CURRENT"), "gen-missing").unwrap();
    assert!(rebuild().status.success());
    assert_eq!(generations(&index).len(), 3);
}

/// The generations in an index folder, oldest first.
fn generations(index: &Path) -> Vec<PathBuf> {
    let mut gens: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("gen-"))
        .collect();
    gens.sort();
    gens
}

/// Ten copies of the report for other fiscal years: a build long enough to be killed midway.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let report = std::fs::read_to_string("data/wlb-followup-r5.txt").unwrap();
    (6..16)
        .map(|n| {
            let path = dir.join(format!("r{n}.txt"));
            std::fs::write(&path, report.replace("令和5年度", &format!("令和{n}年度"))).unwrap();
            path
        })
        .collect()
}

#[test]
fn builds_killed_at_random_leave_a_working_index_and_no_temporary_directory() {
    let (dir, index) = built();
    let inputs = corpus(dir.path());
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..10 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut build = bin();
        build.arg("build").arg("--index").arg(&index);
        for i in &inputs {
            build.arg("--input").arg(i);
        }
        let mut child = build.stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(seed % 400));
        let _ = child.kill();
        let _ = child.wait();
        let out = search(&index, "テレワーク");
        assert!(out.status.success(), "old or new index: {}", stderr(&out));
    }
    let out = run(&["build", "--index", index.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(std::fs::read_dir(&index).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".tmp")));
}

#[test]
fn a_search_writes_nothing_and_others_may_read_the_index() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, index) = built();
    let listing = |dir: &Path| -> Vec<(String, u64, std::time::SystemTime)> {
        let mut v: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                let m = std::fs::metadata(&p).unwrap();
                (p.display().to_string(), m.len(), m.modified().unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let before = listing(&index);
    assert!(search(&index, "テレワーク").status.success());
    assert_eq!(listing(&index), before, "no file created or changed");
    for file in walk(&generation(&index)) {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o044,
            0o044,
            "{} is readable by others",
            file.display()
        );
    }
    // As another user, on an index made read-only (root can run as nobody).
    let setpriv = Path::new("/usr/bin/setpriv");
    let root = std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
    if root && setpriv.exists() {
        let mut dirs = vec![index.clone()];
        let mut up = index.parent();
        while let Some(p) = up {
            dirs.push(p.to_path_buf());
            up = p.parent();
        }
        for d in &dirs {
            let m = std::fs::metadata(d).unwrap().permissions().mode();
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(m | 0o555)).unwrap();
        }
        for p in walk(&index)
            .into_iter()
            .chain([generation(&index), index.clone()])
        {
            let m = std::fs::metadata(&p).unwrap().permissions().mode();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m & !0o222)).unwrap();
        }
        let out = Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_wlb-search"))
            .args(["search", "テレワーク", "--index"])
            .arg(&index)
            .env_remove("WLB_SEARCH_INDEX")
            .output()
            .unwrap();
        assert!(out.status.success(), "as nobody: {}", stderr(&out));
        for p in walk(&index)
            .into_iter()
            .chain([generation(&index), index.clone()])
        {
            let m = std::fs::metadata(&p).unwrap().permissions().mode();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m | 0o200)).unwrap();
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn damaged_files_give_one_clear_message() {
    for (ext, how) in [
        ("idx", "flip"),
        ("pos", "flip"),
        ("term", "zero"),
        ("fieldnorm", "zero"),
    ] {
        let (_dir, index) = built();
        let file = walk(&generation(&index))
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.len() / 3;
        let end = (at + 64).min(bytes.len());
        for b in &mut bytes[at..end] {
            *b = if how == "flip" { !*b } else { 0 };
        }
        std::fs::write(&file, bytes).unwrap();
        let out = search(&index, "テレワーク");
        assert_eq!(out.status.code(), Some(2), "{ext}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("is damaged") && err.contains("rebuild it with `wlb-search build"),
            "{ext}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // A meta.json that lists no segment: no silent 0 hits.
    let (_dir, index) = built();
    let meta = generation(&index).join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["segments"] = serde_json::json!([]);
    std::fs::write(&meta, json.to_string()).unwrap();
    let out = search(&index, "テレワーク");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is damaged"), "{}", stderr(&out));
}

#[test]
fn endless_or_huge_input_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = run(&[
        "build",
        "--input",
        "/dev/zero",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/dev/zero is larger than 64 MB"),
        "{}",
        stderr(&out)
    );
    let (_d, built) = built();
    let out = run(&[
        "search",
        "育休",
        "--thesaurus",
        "/dev/zero",
        "--index",
        built.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/dev/zero is larger than 1 MB"),
        "{}",
        stderr(&out)
    );
    // One cell of 30,000 characters.
    let report = std::fs::read_to_string("data/wlb-followup-r5.txt").unwrap();
    let huge = report.replacen("【新規】", &format!("【新規】{}", "あ".repeat(30_000)), 1);
    let path = dir.path().join("huge.txt");
    std::fs::write(&path, huge).unwrap();
    let out = run(&[
        "build",
        "--input",
        path.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("characters; the limit is 20000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn small_things_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    // --index naming a file.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let out = run(&["search", "テレワーク", "--index", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is a file, not an index directory") && !err.contains("rebuild"),
        "{err}"
    );
    // --index under a directory that does not exist: nothing is created.
    let nowhere = dir.path().join("no/such/dir/index");
    let out = run(&["build", "--index", nowhere.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("its parent directory does not exist"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("no").exists());
    // A UTF-8 file cut in the middle of a character is truncated, not Shift-JIS.
    let report = std::fs::read("data/wlb-followup-r5.txt").unwrap();
    let cut = dir.path().join("cut.txt");
    let at = (1000..)
        .find(|&i| report[i] >= 0x80 && report[i] < 0xC0)
        .unwrap();
    std::fs::write(&cut, &report[..at]).unwrap();
    let out = run(&[
        "build",
        "--input",
        cut.to_str().unwrap(),
        "--index",
        dir.path().join("i").to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert!(
        err.contains("truncated") && !err.contains("SHIFT_JIS"),
        "{err}"
    );
    // A cause is said once.
    let out = run(&[
        "build",
        "--input",
        "no-such.txt",
        "--index",
        dir.path().join("j").to_str().unwrap(),
    ]);
    assert_eq!(
        stderr(&out).matches("No such file").count(),
        1,
        "{}",
        stderr(&out)
    );
}

#[test]
fn escape_sequences_in_the_text_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let report = std::fs::read_to_string("data/wlb-followup-r5.txt").unwrap();
    let evil = report.replacen("テレワーク", "テレワーク\u{1b}]0;pwned\u{7}\u{1b}[2J", 1);
    let path = dir.path().join("evil.txt");
    std::fs::write(&path, evil).unwrap();
    let index = dir.path().join("index");
    let out = run(&[
        "build",
        "--input",
        path.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&[
        "search",
        "pwned",
        "--index",
        index.to_str().unwrap(),
        "--color",
        "always",
    ]);
    let text = stdout(&out);
    assert!(text.contains("␛]0;"), "{text}");
    assert!(
        !text.contains("\u{1b}]0;") && !text.contains("\u{1b}[2J"),
        "{text}"
    );
}

#[test]
fn a_second_build_says_it_waits_for_the_first() {
    let (_dir, index) = built();
    let lock = std::fs::File::create(index.join(".lock")).unwrap();
    lock.lock().unwrap();
    let mut child = bin()
        .args(["build", "--index"])
        .arg(&index)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stderr.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("another build of the index"), "{first}");
    lock.unlock().unwrap();
    drop(lock);
    assert!(child.wait().unwrap().success());
    let _ = std::io::stdout().flush();
}

/// Builds from a broken PDF fixture: exit 2 with `message`.
fn refuses_pdf(fixture: &str, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "build",
        "--input",
        &format!("tests/fixtures/pdf/bad/{fixture}"),
        "--index",
        dir.path().join("i").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(message), "{}", stderr(&out));
}

#[test]
fn a_pdf_whose_page_tree_loops_is_refused_not_followed_for_ever() {
    // Found by fuzzing: a page that is its own /Parent sent pdf-extract into an endless loop.
    refuses_pdf("page-tree-loop.pdf", "the page tree loops");
}

#[test]
fn a_pdf_form_that_draws_itself_is_refused_not_recursed_into() {
    // Found by fuzzing: pdf-extract draws a form inside a form by recursion; a form that draws
    // itself overflowed the stack (an abort, which no catch_unwind stops).
    refuses_pdf("form-draws-itself.pdf", "draws a form that draws itself");
}
