//! `wlb-search serve` as people use it: the built binary on a temporary index, driven by
//! headless Chromium through chromedriver's WebDriver API (Debian's `chromium` and
//! `chromium-driver`; `scripts/setup.sh` installs them). Screenshots are saved under
//! `target/test-artifacts/`. Without Chromium the test fails and says what to install.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use wlb_search::wire::JsonPassage;
use wlb_search::wire::SearchResponse;

/// How long to wait for a process to start or the page to settle; only guards against hangs.
const PATIENCE: Duration = Duration::from_secs(60);
const INSTALL: &str = "install them with `apt-get install chromium chromium-driver` \
    (scripts/setup.sh does), or set CHROMIUM and CHROMEDRIVER to their paths";

/// A child process killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `wlb-search serve --port 0` on a fresh temp index.
struct Server {
    _process: Process,
    url: String,
    dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let stderr = std::fs::File::create(dir.path().join("stderr")).expect("stderr file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_wlb-search"))
            .args(["serve", "--port", "0", "--index"])
            .arg(dir.path().join("index"))
            .env_remove("WLB_SEARCH_INDEX")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start wlb-search serve");
        let stdout = child.stdout.take().expect("stdout");
        let process = Process(child);
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let line = rx.recv_timeout(PATIENCE).unwrap_or_else(|e| {
            let err = std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default();
            panic!("wlb-search serve printed no URL ({e}); stderr: {err}")
        });
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Server {
            _process: process,
            url,
            dir,
        }
    }

    fn api<T: serde::de::DeserializeOwned>(&self, path_and_query: &str) -> T {
        ureq::get(&format!("{}{}", self.url, path_and_query))
            .call()
            .unwrap_or_else(|e| panic!("GET {path_and_query}: {e}"))
            .into_json()
            .expect("JSON")
    }

    /// Sends a raw request line, so that no client tidies the path first.
    fn raw(&self, path: &str) -> String {
        let addr = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

fn tool(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.is_file(),
        "{} not found: the browser test needs Chromium and chromedriver; {INSTALL}",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// A chromedriver process and one browser session (W3C WebDriver over HTTP).
struct Browser {
    base: String,
    session: String,
    _driver: Process,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start() -> Browser {
        let chromium = tool("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = tool("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let driver = Process(
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot run {}: {e}; {INSTALL}", chromedriver.display())
                }),
        );
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = ureq::get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|r| r.into_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-proxy-server",
                    "--window-size=1280,1000", "--lang=ja",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        let mut b = Browser {
            base,
            session: String::new(),
            _driver: driver,
            _profile: profile,
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("session id").to_string();
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let req = ureq::request(method, &url);
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => Ok(r.into_json::<Value>().expect("WebDriver JSON")["value"].take()),
            Err(ureq::Error::Status(code, r)) => {
                Err(format!("{code} {}", r.into_string().unwrap_or_default()))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    /// Clicks the element matching `css`, finding it again if the page re-rendered it
    /// between finding and clicking.
    fn click(&self, css: &str) {
        let started = Instant::now();
        loop {
            let element = self.find(css);
            let path = format!("/element/{element}/click");
            match self.try_call("POST", &path, Some(json!({}))) {
                Ok(_) => return,
                Err(e) if e.contains("stale element") && started.elapsed() < PATIENCE => {
                    thread::sleep(Duration::from_millis(50))
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until `condition` (a JS expression) is true; panics with `what` after a while.
    fn wait(&self, what: &str, condition: &str) {
        let started = Instant::now();
        let script = format!("return !!({condition});");
        while self.js(&script) != Value::Bool(true) {
            assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Errors in the browser console since the last call (CSP violations, failed loads,
    /// script errors).
    fn console_errors(&self) -> Vec<String> {
        let log = self.call("POST", "/se/log", Some(json!({"type": "browser"})));
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("base64"))
            .expect("PNG");
        assert!(png.starts_with(b"\x89PNG"));
        let path = artifacts().join(name);
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        }
    }
}

/// Texts of the elements matching `css`, as a JS expression.
fn texts(css: &str) -> String {
    format!("Array.from(document.querySelectorAll('{css}')).map(e => e.textContent)")
}

fn strings(v: Value) -> Vec<String> {
    serde_json::from_value(v).expect("strings")
}

#[test]
fn search_page_in_headless_chromium() {
    let server = Server::start();
    let browser = Browser::start();
    let telework = enc("テレワーク");
    let api: SearchResponse = server.api(&format!("api/search?q={telework}&limit=20"));
    // 17 passages say テレワーク (one inside テレワークマネジメント, one split テレ|ワーク by
    // IPADIC), and 2 say リモート(ワーク), a thesaurus alternative.
    assert_eq!(api.total, 19);

    // 1. Type テレワーク: the results and the ministry facet counts are the API's.
    browser.goto(&server.url);
    let q = browser.find("#q");
    browser.type_into(&q, "テレワーク");
    browser.click("#go");
    browser.wait(
        "the results for テレワーク",
        "document.querySelectorAll('#hits li.hit').length > 0",
    );
    assert!(
        browser.url().contains(&format!("q={telework}")),
        "the query is in the URL: {}",
        browser.url()
    );
    let ids =
        strings(browser.js(
            "return Array.from(document.querySelectorAll('#hits li.hit')).map(e => e.dataset.id)",
        ));
    let api_ids: Vec<String> = api.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(ids, api_ids);
    let summary = browser.js("return document.getElementById('summary').textContent");
    assert!(summary.as_str().unwrap_or("").contains("19件"), "{summary}");
    let names = strings(browser.js(&format!("return {}", texts("#ministries li .name"))));
    let counts = strings(browser.js(&format!("return {}", texts("#ministries li .count"))));
    let facets: Vec<(String, String)> = api
        .facets
        .ministries
        .iter()
        .map(|m| (m.name.clone(), m.count.to_string()))
        .collect();
    assert_eq!(names.into_iter().zip(counts).collect::<Vec<_>>(), facets);
    assert!(facets.contains(&("警察庁".to_string(), "4".to_string())));
    // Every hit highlights the word, and shows ministry, page, status and section.
    let marks = strings(browser.js(&format!("return {}", texts("#hits li.hit mark"))));
    assert!(
        marks.len() >= 19
            && marks
                .iter()
                .all(|m| ["テレワーク", "リモートワーク", "リモート"].contains(&m.as_str())),
        "{marks:?}"
    );
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#hits li.hit'))
                .every(li => (li.classList.contains('related')
                        ? li.querySelector('.match').textContent.startsWith('関連')
                        : li.querySelector('mark'))
                    && li.querySelector('.ministry')
                    && li.querySelector('.page').textContent.startsWith('p.')
                    && li.querySelector('.status') && li.querySelector('.sections'))"
        ),
        Value::Bool(true)
    );

    // 2. Tick 警察庁: every result is from it, and the box stays ticked.
    browser.click("#ministries input[value='警察庁']");
    browser.wait(
        "only 警察庁 results",
        "document.querySelectorAll('#hits li.hit').length === 4 && Array.from(document.querySelectorAll('#hits li.hit .ministry')).every(e => e.textContent === '警察庁')",
    );
    assert!(browser
        .url()
        .contains(&format!("ministry={}", enc("警察庁"))));
    assert_eq!(
        browser.js("return document.querySelector(\"#ministries input[value='警察庁']\").checked"),
        Value::Bool(true)
    );
    let shot = browser.screenshot("serve.png");
    assert!(std::fs::metadata(&shot).expect("screenshot").len() > 10_000);

    // 3. Open a result: the full passage.
    let first =
        strings(browser.js("return [document.querySelector('#hits li.hit').dataset.id]")).remove(0);
    browser.click("#hits li.hit a.item");
    browser.wait(
        "the passage",
        "!document.getElementById('passage').hidden && document.getElementById('p-id').textContent !== ''",
    );
    let passage: JsonPassage = server.api(&format!("api/passages/{first}"));
    assert_eq!(
        browser.js("return document.getElementById('p-text').textContent"),
        Value::String(passage.text.clone())
    );
    assert_eq!(
        browser.js("return document.getElementById('p-item').textContent"),
        Value::String(passage.item.clone())
    );
    assert!(browser.url().contains(&format!("id={first}")));
    let marked = strings(browser.js(&format!("return {}", texts("#p-text mark"))));
    assert!(
        !marked.is_empty() && marked.iter().all(|m| m == "テレワーク"),
        "{marked:?}"
    );
    browser.screenshot("serve-passage.png");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.click("#back");
    browser.wait(
        "the results again",
        "!document.getElementById('results').hidden && document.querySelectorAll('#hits li.hit').length === 4",
    );

    // A shared link shows the same results: /?q=テレワーク&status=new.
    browser.goto(&format!("{}?q={telework}&status=new", server.url));
    let new: SearchResponse = server.api(&format!("api/search?q={telework}&status=new&limit=20"));
    browser.wait(
        "the 新規 results",
        &format!(
            "document.querySelectorAll('#hits li.hit').length === {}",
            new.hits.len()
        ),
    );
    assert_eq!(
        browser.js("return document.querySelector('#status input[value=new]').checked"),
        Value::Bool(true)
    );
    assert_eq!(
        browser.js("return Array.from(document.querySelectorAll('#hits .status')).every(e => e.textContent === '新規')"),
        Value::Bool(true)
    );

    // The 継続 toggle and the section tree filter too.
    browser.click("#status input[value=continuing]");
    browser.wait(
        "the 継続 results",
        "location.search.includes('status=continuing') && document.querySelectorAll('#hits li.hit').length > 0 && Array.from(document.querySelectorAll('#hits .status')).every(e => e.textContent === '継続')",
    );
    browser.click("#status input[value='']");
    browser.click("#sections input[value='II.1']");
    let section: SearchResponse =
        server.api(&format!("api/search?q={telework}&section=II.1&limit=20"));
    browser.wait(
        "the results in section II.1",
        &format!(
            "location.search.includes('section=II.1') && !location.search.includes('status') && Array.from(document.querySelectorAll('#hits li.hit')).map(e => e.dataset.id).join(' ') === '{}'",
            // The ids, not only their number: a full page has as many hits before and after.
            section.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>().join(" ")
        ),
    );
    let shown = strings(browser.js(&format!("return {}", texts("#hits .sections"))));
    assert!(shown.iter().all(|s| s.contains("II.1")), "{shown:?}");

    // Paging: the second page is the API's second page.
    let staff = enc("職員");
    let page2: SearchResponse = server.api(&format!("api/search?q={staff}&limit=20&offset=20"));
    assert!(page2.total > 20);
    browser.goto(&format!("{}?q={staff}", server.url));
    browser.wait(
        "the first page",
        "!document.getElementById('next').disabled",
    );
    browser.click("#next");
    browser.wait("the second page", "location.search.includes('offset=20')");
    let want: Vec<String> = page2.hits.iter().map(|h| h.id.clone()).collect();
    browser.wait(
        "the second page's hits",
        &format!(
            "JSON.stringify(Array.from(document.querySelectorAll('#hits li.hit')).map(e => e.dataset.id)) === {}",
            serde_json::to_string(&serde_json::to_string(&want).unwrap()).unwrap()
        ),
    );
}

#[test]
fn report_and_query_text_show_as_text() {
    let server = Server::start();
    let browser = Browser::start();
    // 環境省's passage starts with the report's own <テレワーク>.
    browser.goto(&format!(
        "{}?q={}&ministry={}",
        server.url,
        enc("テレワーク"),
        enc("環境省")
    ));
    browser.wait(
        "環境省's results",
        "document.querySelectorAll('#hits li.hit').length > 0",
    );
    let snippets = strings(browser.js(&format!("return {}", texts("#hits .snippet"))));
    assert!(
        snippets.iter().any(|s| s.contains("<テレワーク>")),
        "{snippets:?}"
    );
    assert_eq!(
        browser.js("return document.getElementsByTagName('テレワーク').length"),
        json!(0)
    );

    // A query that looks like markup stays text, in the box and in the summary.
    let evil = "<img src=x id=injected>テレワーク";
    browser.goto(&format!("{}?q={}", server.url, enc(evil)));
    browser.wait(
        "the summary",
        "document.getElementById('summary').textContent !== '検索中…'",
    );
    assert_eq!(
        browser.js("return document.getElementById('q').value"),
        Value::String(evil.to_string())
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#injected, #results img').length"),
        json!(0)
    );

    // A bad filter in a shared link shows the server's message.
    browser.goto(&format!(
        "{}?q={}&ministry={}",
        server.url,
        enc("テレワーク"),
        enc("財務庁")
    ));
    browser.wait(
        "the error message",
        "document.getElementById('summary').className === 'error'",
    );
    let summary = browser.js("return document.getElementById('summary').textContent");
    assert!(
        summary
            .as_str()
            .unwrap_or("")
            .starts_with("エラー (400): unknown ministry \"財務庁\""),
        "{summary}"
    );
    // The console shows that 400 (so the log is read), and nothing refused by the CSP.
    let errors = browser.console_errors();
    assert!(errors.iter().any(|e| e.contains("400")), "{errors:?}");
    assert!(
        !errors.iter().any(|e| e.contains("Content Security Policy")),
        "{errors:?}"
    );
}

#[test]
fn usable_at_phone_width() {
    let server = Server::start();
    let browser = Browser::start();
    browser.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 390, "height": 844})),
    );
    browser.goto(&format!("{}?q={}", server.url, enc("テレワーク")));
    browser.wait(
        "the results",
        "document.querySelectorAll('#hits li.hit').length > 0",
    );
    let width = browser.js("return window.innerWidth").as_u64().unwrap_or(0);
    assert!(width < 720, "the window is phone-width ({width})");
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        Value::Bool(true),
        "nothing overflows sideways"
    );
    // One column: the results are below the filters, not beside them.
    assert_eq!(
        browser.js("return document.getElementById('results').getBoundingClientRect().left < 40"),
        Value::Bool(true)
    );
    // The filters start folded, so the first results are on the first screen.
    assert_eq!(
        browser.js("return document.getElementById('filters').open"),
        Value::Bool(false)
    );
    assert_eq!(
        browser.js("return document.querySelector('#hits li.hit').getBoundingClientRect().bottom < window.innerHeight"),
        Value::Bool(true)
    );
    browser.screenshot("serve-phone.png");
}

#[test]
fn a_taken_port_is_an_error_that_says_what_to_do() {
    let server = Server::start();
    let port = server.url.trim_end_matches('/').rsplit(':').next().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wlb-search"))
        .args(["serve", "--port", port, "--index"])
        .arg(server.dir.path().join("index"))
        .output()
        .expect("run wlb-search serve");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "error: cannot listen on 127.0.0.1:{port}: is another server using the port? \
             choose another with --port N, or --port 0 for any free one"
        )),
        "{err}"
    );
}

#[test]
fn binary_listens_on_loopback_and_serves_nothing_but_its_assets() {
    let server = Server::start();
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert!(server.dir.path().join("index").join("CURRENT").is_file());
    for path in [
        "/../etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/app.js/../Cargo.toml",
        "/..%2f..%2fetc%2fpasswd",
        "/api/passages/..%2F..%2Fetc%2Fpasswd",
    ] {
        let res = server.raw(path);
        assert!(res.starts_with("HTTP/1.1 40"), "{path}: {res}");
        assert!(!res.contains("root:"), "{path}: {res}");
        assert!(res.contains("content-security-policy:"), "{path}: {res}");
    }
    let ok = server.raw("/");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains("x-content-type-options: nosniff"));
}
