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
use wlb_search::search::MatchKind;
use wlb_search::wire::JsonPassage;
use wlb_search::wire::SearchResponse;
use wlb_search::wire::SimilarResponse;

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
        Server::start_in(tempfile::tempdir().expect("temp dir"))
    }

    /// Serves `dir/index`, building it from the bundled report if it is not there.
    fn start_in(dir: tempfile::TempDir) -> Server {
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

    /// Presses keys on whatever has the focus, as a person at the keyboard would (WebDriver
    /// key codes: `\u{E004}` Tab, `\u{E015}` arrow down, `\u{E007}` Enter).
    fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|k| {
                let k = k.to_string();
                [
                    json!({"type": "keyDown", "value": k}),
                    json!({"type": "keyUp", "value": k}),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        self.call("DELETE", "/actions", None);
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

/// The `data-id`s of the rows matching `css`, as a JS expression.
fn ids_of(css: &str) -> String {
    let css = serde_json::to_string(css).expect("JSON");
    format!("Array.from(document.querySelectorAll({css})).map(e => e.dataset.id)")
}

/// The ids of the API's hits of one kind: the match set's rows, or the related ones.
fn api_ids(res: &SearchResponse, kind: MatchKind) -> Vec<String> {
    res.hits
        .iter()
        .filter(|h| h.matched == kind)
        .map(|h| h.id.clone())
        .collect()
}

/// A JS expression that is true when the rows matching `css` are exactly `ids`, in order.
fn rows_are(css: &str, ids: &[String]) -> String {
    let want = serde_json::to_string(ids).expect("JSON");
    format!(
        "JSON.stringify({}) === {}",
        ids_of(css),
        serde_json::to_string(&want).expect("JSON")
    )
}

/// 「17件の取組（13項目・12府省等）」: the counts of the match set as the page writes them.
fn counts_text(res: &SearchResponse) -> String {
    format!(
        "{}件の取組（{}項目・{}府省等）",
        res.total, res.items, res.summary.ministries_matched
    )
}

/// Text of the element with id `id`.
fn text_of(browser: &Browser, id: &str) -> String {
    browser
        .js(&format!(
            "return document.getElementById('{id}').textContent"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Contrast (WCAG 2) of the text of the first element matching `css` against what is behind
/// it, from the page's computed colours: backgrounds composed from the root down, the text
/// colour over them, and the opacity of the element and its ancestors applied over white.
fn contrast_of(browser: &Browser, css: &str) -> f64 {
    let script = format!(
        r#"
        const target = document.querySelector("{css}");
        if (!target) return -1;
        const rgba = (s) => {{
          const m = s.match(/rgba?\(([^)]+)\)/);
          const p = m[1].split(",").map((x) => parseFloat(x));
          return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
        }};
        const over = (top, under, a) => top.map((c, i) => c * a + under[i] * (1 - a));
        const chain = [];
        for (let e = target; e; e = e.parentElement) chain.unshift(e);
        let bg = [255, 255, 255];
        let opacity = 1;
        for (const e of chain) {{
          const style = getComputedStyle(e);
          const c = rgba(style.backgroundColor);
          bg = over(c.slice(0, 3), bg, c[3]);
          opacity *= parseFloat(style.opacity);
        }}
        const fgc = rgba(getComputedStyle(target).color);
        let fg = over(fgc.slice(0, 3), bg, fgc[3]);
        fg = over(fg, [255, 255, 255], opacity);
        bg = over(bg, [255, 255, 255], opacity);
        const lum = (rgb) => {{
          const [r, g, b] = rgb.map((v) => {{
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
          }});
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        }};
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        return (hi + 0.05) / (lo + 0.05);
        "#
    );
    browser.js(&script).as_f64().expect("a contrast ratio")
}

#[test]
fn search_page_in_headless_chromium() {
    let server = Server::start();
    let browser = Browser::start();
    let telework = enc("テレワーク");
    let api: SearchResponse = server.api(&format!("api/search?q={telework}&limit=20"));
    // テレワーク (once inside テレワークマネジメント, once split テレ|ワーク by IPADIC) and its
    // thesaurus alternatives; 警察庁 has one item of several passages, so rows < passages.
    assert!(
        api.total > api.items && api.rows == api.items,
        "{} passages, {} items, {} rows",
        api.total,
        api.items,
        api.rows
    );

    // 1. Type テレワーク: the rows, the counts and the ministry facet counts are the API's.
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
    let ids = strings(browser.js(&format!("return {}", ids_of("#hits li.hit"))));
    assert_eq!(ids, api_ids(&api, MatchKind::All));
    // The counts of the match set: passages, items and organisations.
    let summary = text_of(&browser, "summary");
    assert!(summary.contains(&counts_text(&api)), "{summary}");
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
    // The organisations that do not mention it, under the facet.
    let silent = text_of(&browser, "silent");
    assert_eq!(
        silent,
        format!(
            "言及なし（{}府省等）: {}",
            api.summary.silent.len(),
            api.summary.silent.join("、")
        )
    );
    // Every hit highlights the word, and shows ministry, page, status and section.
    let marks = strings(browser.js(&format!("return {}", texts("#hits li.hit mark"))));
    assert!(
        marks.len() >= ids.len()
            && marks
                .iter()
                .all(|m| ["テレワーク", "リモートワーク", "リモート"].contains(&m.as_str())),
        "{marks:?}"
    );
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#hits li.hit'))
                .every(li => !li.classList.contains('related') && li.querySelector('mark')
                    && li.querySelector('.ministry')
                    && li.querySelector('.page').textContent.startsWith('p.')
                    && li.querySelector('.status') && li.querySelector('.sections'))"
        ),
        Value::Bool(true)
    );

    // 2. Tick 警察庁: every result is from it, and the box stays ticked. Its four passages
    // are one item: one row, which unfolds into the other three.
    let police: SearchResponse = server.api(&format!(
        "api/search?q={telework}&ministry={}&limit=20",
        enc("警察庁")
    ));
    let police_rows = api_ids(&police, MatchKind::All);
    browser.click("#ministries input[value='警察庁']");
    browser.wait(
        "only 警察庁 results",
        &format!(
            "{} && Array.from(document.querySelectorAll('#hits li.hit .ministry')).every(e => e.textContent === '警察庁')",
            rows_are("#hits li.hit", &police_rows)
        ),
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

    // The row's 「この項目の他の取組 +N件」 shows the other passages of its item.
    let row = &police.hits[0];
    assert!(row.more > 0, "{row:?}");
    let every: SearchResponse = server.api(&format!(
        "api/search?q={telework}&ministry={}&collapse=none&sort=report&limit=100",
        enc("警察庁")
    ));
    let folded: Vec<String> = every
        .hits
        .iter()
        .filter(|h| h.item == row.item && h.id != row.id)
        .map(|h| h.id.clone())
        .collect();
    assert_eq!(folded.len(), row.more);
    let more = format!("#hits li.hit[data-id='{}'] button.more", row.id);
    assert_eq!(
        browser.js(&format!(
            "return document.querySelector(\"{more}\").textContent"
        )),
        Value::String(format!("この項目の他の取組 +{}件", row.more))
    );
    browser.click(&more);
    browser.wait(
        "the other passages of the item",
        &rows_are(
            &format!("#hits li.hit[data-id='{}'] .folded li.hit-sub", row.id),
            &folded,
        ),
    );
    assert_eq!(
        browser.js(&format!(
            "return document.querySelector(\"{more}\").getAttribute('aria-expanded')"
        )),
        Value::String("true".into())
    );
    browser.screenshot("serve-more.png");
    // A second press folds them away again.
    browser.click(&more);
    browser.wait(
        "the item folded",
        &format!(
            "document.querySelector(\"{more}\").getAttribute('aria-expanded') === 'false' && document.querySelector(\"#hits li.hit[data-id='{}'] .folded\").hidden",
            row.id
        ),
    );

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
    // Built from text: no PDF to link to.
    assert_eq!(
        browser.js("return document.getElementById('p-source').hidden"),
        Value::Bool(true)
    );
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
        &format!(
            "!document.getElementById('results').hidden && {}",
            rows_are("#hits li.hit", &police_rows)
        ),
    );

    // A shared link shows the same results: /?q=テレワーク&status=new.
    browser.goto(&format!("{}?q={telework}&status=new", server.url));
    let new: SearchResponse = server.api(&format!("api/search?q={telework}&status=new&limit=20"));
    browser.wait(
        "the 新規 results",
        &rows_are("#hits li.hit", &api_ids(&new, MatchKind::All)),
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
        // The ids, not only their number: a full page has as many hits before and after.
        &format!(
            "location.search.includes('section=II.1') && !location.search.includes('status') && {}",
            rows_are("#hits li.hit", &api_ids(&section, MatchKind::All))
        ),
    );
    let shown = strings(browser.js(&format!("return {}", texts("#hits li.hit .sections"))));
    assert!(shown.iter().all(|s| s.contains("II.1")), "{shown:?}");

    // Paging counts rows (items, as rows are collapsed): the second page is the API's.
    let staff = enc("職員");
    let page2: SearchResponse = server.api(&format!("api/search?q={staff}&limit=20&offset=20"));
    assert!(
        page2.rows > 20 && page2.rows < page2.total,
        "{}",
        page2.rows
    );
    browser.goto(&format!("{}?q={staff}", server.url));
    browser.wait(
        "the first page",
        "!document.getElementById('next').disabled \
         && document.getElementById('range').textContent.includes('項目')",
    );
    assert_eq!(
        text_of(&browser, "range"),
        format!("1〜20 / {}項目", page2.rows)
    );
    browser.click("#next");
    browser.wait("the second page", "location.search.includes('offset=20')");
    browser.wait(
        "the second page's hits",
        &rows_are("#hits li.hit", &api_ids(&page2, MatchKind::All)),
    );
    assert_eq!(
        text_of(&browser, "range"),
        format!("21〜40 / {}項目", page2.rows)
    );
    // Every passage, not collapsed: the pages count passages.
    browser.click("#collapse");
    let flat: SearchResponse = server.api(&format!("api/search?q={staff}&limit=20&collapse=none"));
    browser.wait(
        "every passage listed",
        &format!(
            "location.search.includes('collapse=none') && !location.search.includes('offset') && {}",
            rows_are("#hits li.hit", &api_ids(&flat, MatchKind::All))
        ),
    );
    assert_eq!(
        text_of(&browser, "range"),
        format!("1〜20 / {}件", flat.total)
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn related_passages_are_a_separate_labelled_block_that_is_not_counted() {
    let server = Server::start();
    let browser = Browser::start();
    // Two passages say 男性 and 育児休業 (or 育休); 公正取引委員会's are only related.
    let query = enc("男性の育児休業");
    let api: SearchResponse = server.api(&format!("api/search?q={query}&limit=20"));
    let matches = api_ids(&api, MatchKind::All);
    // Related by words, or (semantic search) by meaning: one block.
    let related: Vec<String> = api
        .hits
        .iter()
        .filter(|h| h.matched != MatchKind::All)
        .map(|h| h.id.clone())
        .collect();
    assert_eq!(matches.len(), api.total);
    assert!(
        !related.is_empty(),
        "the API lists related rows for this query"
    );
    browser.goto(&format!("{}?q={query}", server.url));
    browser.wait("the matches", &rows_are("#hits li.hit", &matches));
    browser.wait(
        "the related rows",
        &rows_are("#related-hits li.hit", &related),
    );
    // Counted: the matches only.
    let summary = text_of(&browser, "summary");
    assert!(summary.contains(&counts_text(&api)), "{summary}");
    assert!(summary.contains(&format!("{}件の取組", matches.len())));
    // A block of its own, after the matches, with a heading that says it is not counted.
    assert_eq!(
        browser.js("return !document.getElementById('related').hidden"),
        Value::Bool(true)
    );
    assert_eq!(
        text_of(&browser, "related-title"),
        "関連する取組（検索語をすべては含まない、または意味が近いもの。件数に含みません）"
    );
    assert_eq!(
        browser.js(
            "const hits = document.getElementById('hits'), rel = document.getElementById('related');
             return !hits.contains(rel) && !rel.contains(hits)
                 && !!(hits.compareDocumentPosition(rel) & Node.DOCUMENT_POSITION_FOLLOWING)
                 && rel.getAttribute('aria-labelledby') === 'related-title'"
        ),
        Value::Bool(true)
    );
    // Each related row says so; no match does.
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#related-hits li.hit')).every(li =>
                 li.classList.contains('related') && /^(関連|意味が近い)/.test(li.querySelector('.match').textContent))
               && document.querySelectorAll('#hits .match, #hits li.related').length === 0"
        ),
        Value::Bool(true)
    );
    // The label is readable: WCAG AA contrast (4.5:1) for its small text.
    let ratio = contrast_of(&browser, "#related-hits li.related .match");
    assert!(ratio >= 4.5, "contrast of the related label: {ratio:.2}:1");
    browser.screenshot("serve-related.png");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn passages_found_by_meaning_say_so_on_the_page() {
    let server = Server::start();
    let browser = Browser::start();
    // The attendance systems share no word with this question: meaning finds them.
    let query = enc("出退勤の記録を自動で取る仕組み");
    let api: SearchResponse = server.api(&format!("api/search?q={query}&collapse=none&limit=20"));
    let meaning = api_ids(&api, MatchKind::Meaning);
    assert!(!meaning.is_empty(), "the API lists rows found by meaning");
    browser.goto(&format!("{}?q={query}&collapse=none", server.url));
    browser.wait(
        "the rows found by meaning",
        &rows_are("#related-hits li.meaning", &meaning),
    );
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#related-hits li.meaning')).every(li =>
                 li.querySelector('.match').textContent.startsWith('意味が近い'))"
        ),
        Value::Bool(true)
    );
    let ratio = contrast_of(&browser, "#related-hits li.meaning .match");
    assert!(ratio >= 4.5, "contrast of the meaning label: {ratio:.2}:1");
    browser.screenshot("serve-meaning.png");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn no_match_suggests_words_or_blames_the_filters() {
    let server = Server::start();
    let browser = Browser::start();
    // パワハラ is not in the report; ハラスメント is.
    let power = enc("パワハラ");
    let api: SearchResponse = server.api(&format!("api/search?q={power}&limit=20"));
    assert_eq!(api.total, 0);
    assert!(!api.summary.suggestions.is_empty());
    browser.goto(&format!("{}?q={power}", server.url));
    browser.wait(
        "the suggestions",
        "document.querySelectorAll('#suggest a').length > 0",
    );
    assert_eq!(
        text_of(&browser, "summary"),
        "「パワハラ」に一致する取組はありません。"
    );
    assert_eq!(
        text_of(&browser, "suggest"),
        format!("もしかして: {}", api.summary.suggestions.join("、"))
    );
    let words = strings(browser.js(&format!("return {}", texts("#suggest a"))));
    assert_eq!(words, api.summary.suggestions);
    assert_eq!(
        browser.js("return document.querySelectorAll('#hits li.hit').length"),
        json!(0)
    );
    browser.screenshot("serve-none.png");
    // A suggestion is a link that searches it.
    let word = &api.summary.suggestions[0];
    let found: SearchResponse = server.api(&format!("api/search?q={}&limit=20", enc(word)));
    assert!(found.total > 0);
    browser.click("#suggest a");
    browser.wait(
        "the suggested word's results",
        &format!(
            "location.search === '?q={}' && {}",
            enc(word),
            rows_are("#hits li.hit", &api_ids(&found, MatchKind::All))
        ),
    );
    assert_eq!(
        browser.js("return document.getElementById('q').value"),
        Value::String(word.clone())
    );
    assert!(text_of(&browser, "summary").contains(&counts_text(&found)));
    assert_eq!(
        browser.js("return document.getElementById('suggest').hidden"),
        Value::Bool(true)
    );

    // テレワーク in 財務省's 新規 items: nothing, because of the filters, which says so.
    let telework = enc("テレワーク");
    let all: SearchResponse = server.api(&format!("api/search?q={telework}&limit=1"));
    let none: SearchResponse = server.api(&format!(
        "api/search?q={telework}&ministry={}&status=new&limit=20",
        enc("財務省")
    ));
    assert!(all.total > 0 && none.total == 0);
    browser.goto(&format!(
        "{}?q={telework}&ministry={}&status=new",
        server.url,
        enc("財務省")
    ));
    let want = format!(
        "「テレワーク」: 絞り込み条件に一致する取組はありません（条件を外すと {} 件）。",
        all.total
    );
    browser.wait(
        "the message that the filters leave nothing",
        &format!(
            "document.getElementById('summary').textContent === {}",
            serde_json::to_string(&want).expect("JSON")
        ),
    );
    // Not the words' fault: no "did you mean".
    assert_eq!(
        browser.js("return document.getElementById('suggest').hidden"),
        Value::Bool(true)
    );
    browser.screenshot("serve-filtered-none.png");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn browse_a_ministry_without_a_query_and_remove_filters_with_chips() {
    let server = Server::start();
    let browser = Browser::start();
    // No query, no filter: the start page, with the whole report's counts on the filters.
    browser.goto(&server.url);
    browser.wait(
        "the facets of the whole report",
        "document.querySelectorAll('#ministries li').length > 0",
    );
    assert_eq!(
        text_of(&browser, "summary"),
        "検索語を入れるか、府省等・区分・取組指針の項目を選んでください。"
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#hits li').length"),
        json!(0)
    );

    // ?ministry=財務省: its passages in report order, counted.
    let mof = enc("財務省");
    let api: SearchResponse = server.api(&format!("api/search?ministry={mof}&limit=20"));
    assert!(api.total > 0);
    assert!(api.hits.iter().all(|h| h.ministry == "財務省"));
    let ids = api_ids(&api, MatchKind::All);
    let mut in_order = ids.clone();
    in_order.sort();
    assert_eq!(ids, in_order, "report order: ids number the passages");
    browser.goto(&format!("{}?ministry={mof}", server.url));
    browser.wait("財務省's passages", &rows_are("#hits li.hit", &ids));
    assert_eq!(
        text_of(&browser, "summary"),
        format!("絞り込み結果: {}", counts_text(&api))
    );
    assert_eq!(
        browser.js("return document.getElementById('q').value"),
        Value::String(String::new())
    );
    assert_eq!(
        browser.js("return Array.from(document.querySelectorAll('#hits li.hit .ministry')).every(e => e.textContent === '財務省')"),
        Value::Bool(true)
    );
    browser.screenshot("serve-browse.png");

    // Three filters, three chips, each with a labelled × button, and 「すべて解除」.
    browser.goto(&format!(
        "{}?q={}&ministry={mof}&section=II&status=continuing",
        server.url,
        enc("職員")
    ));
    browser.wait(
        "three chips",
        "document.querySelectorAll('#chips li.chip').length === 3 && document.getElementById('summary').textContent !== '検索中…'",
    );
    let chips = strings(browser.js(&format!("return {}", texts("#chips li.chip"))));
    assert_eq!(
        chips,
        [
            "府省等: 財務省×",
            "項目: II ワークライフバランスの推進のための働き方改革×",
            "区分: 継続×"
        ]
    );
    let labels = strings(browser.js(
        "return Array.from(document.querySelectorAll('#chips li.chip button')).map(b => b.getAttribute('aria-label'))",
    ));
    assert_eq!(labels[0], "府省等「財務省」の絞り込みを解除");
    assert!(
        labels.iter().all(|l| l.ends_with("の絞り込みを解除")),
        "{labels:?}"
    );
    browser.screenshot("serve-chips.png");
    // × on 財務省: that filter goes, the others stay, and the results follow.
    browser.click("#chips li.chip:first-child button.remove");
    let rest: SearchResponse = server.api(&format!(
        "api/search?q={}&section=II&status=continuing&limit=20",
        enc("職員")
    ));
    browser.wait(
        "the results without the ministry filter",
        &format!(
            "!location.search.includes('ministry') && location.search.includes('section=II') && location.search.includes('status=continuing') && document.querySelectorAll('#chips li.chip').length === 2 && {}",
            rows_are("#hits li.hit", &api_ids(&rest, MatchKind::All))
        ),
    );
    assert_eq!(
        browser.js("return document.querySelector(\"#ministries input[value='財務省']\")?.checked ?? false"),
        Value::Bool(false)
    );
    // The focus moves to the next chip rather than getting lost.
    assert_eq!(
        browser.js("return document.activeElement.closest('#chips') !== null"),
        Value::Bool(true)
    );
    // すべて解除: no filter left; the query stays.
    browser.click("#clear");
    browser.wait(
        "no filter",
        &format!(
            "location.search === '?q={}' && document.getElementById('chips').hidden",
            enc("職員")
        ),
    );
    assert_eq!(
        browser.js("return document.querySelector('#status input[value=\"\"]').checked && document.querySelector('#sections input[value=\"\"]').checked"),
        Value::Bool(true)
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn keyboard_focus_stays_on_a_toggled_facet() {
    let server = Server::start();
    let browser = Browser::start();
    browser.goto(&format!("{}?q={}", server.url, enc("テレワーク")));
    browser.wait(
        "the results",
        "document.querySelectorAll('#ministries input').length > 1",
    );
    // Without JavaScript the page says what it needs and where else to search.
    let noscript = browser
        .js("return document.querySelector('noscript')?.textContent ?? ''")
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        noscript.contains("JavaScript")
            && noscript.contains("wlb-search search")
            && noscript.contains("/api/search"),
        "{noscript}"
    );

    // Space on a ministry's box: the list is drawn again, the focus stays on that box.
    browser.js("document.querySelector(\"#ministries input[value='環境省']\").focus()");
    browser.keys(" ");
    browser.wait(
        "the 環境省 results",
        "location.search.includes('ministry=') && Array.from(document.querySelectorAll('#hits li.hit .ministry')).every(e => e.textContent === '環境省')",
    );
    browser.wait(
        "the focus back on the box",
        "document.activeElement.matches(\"#ministries input[value='環境省']\") && document.activeElement.checked",
    );
    // Tab goes on from there, to the next box.
    browser.keys("\u{E004}");
    assert_eq!(
        browser.js("return document.activeElement.closest('#ministries li') !== null && document.activeElement.value !== '環境省'"),
        Value::Bool(true)
    );
    // Space again unticks 環境省 the same way.
    browser.js("document.querySelector(\"#ministries input[value='環境省']\").focus()");
    browser.keys(" ");
    browser.wait(
        "環境省 unticked, still focused",
        "!location.search.includes('ministry=') && document.activeElement.matches(\"#ministries input[value='環境省']\") && !document.activeElement.checked",
    );
    // Everything is reachable with Tab: search, filters, chips, results and their buttons.
    browser.goto(&format!(
        "{}?q={}&ministry={}",
        server.url,
        enc("テレワーク"),
        enc("警察庁")
    ));
    browser.wait(
        "警察庁's row",
        "document.querySelector('#hits li.hit button.more') && document.querySelector('#chips button.remove')",
    );
    browser.js(
        "window.seen = new Set();
         const kinds = {'#q': 'query', '#go': 'go', '#filters > summary': 'filters',
             '#status input': 'status', '#ministries input': 'ministry', '#sections input': 'section',
             '#chips button.remove': 'chip', '#clear': 'clear', '#sort': 'sort',
             '#collapse': 'collapse', '#hits a.item': 'result', '#hits button.more': 'more'};
         document.addEventListener('focusin', (ev) => {
             for (const [css, kind] of Object.entries(kinds)) if (ev.target.matches(css)) window.seen.add(kind);
         });
         document.getElementById('q').focus();",
    );
    browser.keys(&"\u{E004}".repeat(60));
    let mut seen = strings(browser.js("return Array.from(window.seen)"));
    seen.sort();
    assert_eq!(
        seen,
        [
            "chip", "clear", "collapse", "filters", "go", "ministry", "more", "query", "result",
            "section", "sort", "status"
        ],
        "reached with Tab"
    );
    // Enter on 「この項目の他の取組」 unfolds the item.
    browser.js("document.querySelector('#hits li.hit button.more').focus()");
    browser.keys("\u{E007}");
    browser.wait(
        "the item unfolded from the keyboard",
        "document.querySelectorAll('#hits li.hit .folded li.hit-sub').length > 0 && document.activeElement.matches('#hits button.more')",
    );

    // An arrow key in the section tree picks the next section and keeps the focus there.
    browser.js("document.querySelector(\"#sections input[value='']\").focus()");
    browser.keys("\u{E015}");
    browser.wait(
        "the first section picked, still focused",
        "location.search.includes('section=') && document.activeElement.matches('#sections input:checked') && document.activeElement.value !== ''",
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
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

#[test]
fn a_passage_read_from_a_pdf_links_to_its_page_in_that_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/a3-landscape-mirror.pdf");
    let built = Command::new(env!("CARGO_BIN_EXE_wlb-search"))
        .args(["build", "--input"])
        .arg(&pdf)
        .arg("--index")
        .arg(dir.path().join("index"))
        .env_remove("WLB_SEARCH_INDEX")
        .output()
        .expect("run wlb-search build");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let server = Server::start_in(dir);
    let browser = Browser::start();
    let records = wlb_search::report::read_file(&pdf).expect("the PDF reads");
    let record = &records[records.len() / 2];

    browser.goto(&format!("{}?id={}", server.url, record.id));
    browser.wait(
        "the link to the PDF",
        "!document.getElementById('p-source').hidden",
    );
    let href = browser.js("return document.getElementById('p-source-link').getAttribute('href')");
    assert_eq!(
        href,
        Value::String(format!("/source/0#page={}", record.page))
    );
    let label = browser.js("return document.getElementById('p-source-link').textContent");
    assert!(
        label
            .as_str()
            .unwrap_or_default()
            .contains(&format!("{}ページ", record.page)),
        "{label}"
    );
    // The link leads to the PDF itself (the page's policy lets the script fetch it).
    let fetched = browser.js(
        "return fetch(document.getElementById('p-source-link').href)\
           .then(r => r.headers.get('content-type') + ' ' + r.status)",
    );
    assert_eq!(fetched, Value::String("application/pdf 200".into()));
    browser.screenshot("serve-passage-pdf-link.png");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn heat_map_and_compare_views() {
    use wlb_search::wire::{CompareResponse, MapResponse};
    let server = Server::start();
    let browser = Browser::start();

    // From the search page to the map of the same query.
    browser.goto(&format!("{}?q={}", server.url, enc("テレワーク")));
    browser.wait(
        "the results",
        "document.querySelectorAll('#hits li.hit').length > 0",
    );
    browser.click("#views-nav a:nth-child(2)");
    browser.wait(
        "the map",
        "document.querySelectorAll('#map-table tbody tr').length === 26",
    );
    assert!(browser.url().contains("view=map"), "{}", browser.url());
    assert!(browser.url().contains(&format!("q={}", enc("テレワーク"))));
    let map: MapResponse = server.api(&format!("api/map?q={}", enc("テレワーク")));
    // Every organisation's row, every cell (0 too) a link with the API's count.
    let page_rows: Vec<Vec<String>> = serde_json::from_value(browser.js(
        "return Array.from(document.querySelectorAll('#map-table tbody tr')).map(tr =>
           [tr.querySelector('th').textContent,
            ...Array.from(tr.querySelectorAll('td a.cell')).map(a => a.textContent),
            tr.querySelector('td.total').textContent])",
    ))
    .expect("rows");
    for (row, want) in page_rows.iter().zip(&map.rows) {
        let mut expected = vec![want.name.clone()];
        expected.extend(want.cells.iter().map(|c| c.count.to_string()));
        expected.push(want.no_section.to_string());
        expected.push(want.total.to_string());
        assert_eq!(row, &expected);
    }
    let zeros = browser.js("return document.querySelectorAll('#map-table td.zero a.cell').length");
    assert!(
        zeros.as_u64().unwrap() > 100,
        "empty cells are shown: {zeros}"
    );
    browser.screenshot("map-telework.png");
    assert_eq!(browser.console_errors(), Vec::<String>::new());

    // A cell leads to its passages: 警察庁 × II.1 (4 for テレワーク).
    let police = map
        .rows
        .iter()
        .find(|r| r.name == "警察庁")
        .expect("警察庁");
    let cell = &police.cells[0];
    assert_eq!((cell.section.as_str(), cell.count), ("II.1", 4));
    browser.click("#map-table tbody tr:nth-child(6) td:nth-of-type(1) a");
    let want: SearchResponse = server.api(&format!(
        "api/search?q={}&ministry={}&section=II.1&collapse=none&limit=20",
        enc("テレワーク"),
        enc("警察庁")
    ));
    assert_eq!(want.total, 4);
    browser.wait(
        "the cell's passages",
        &rows_are("#hits li.hit", &api_ids(&want, MatchKind::All)),
    );
    let url = browser.url();
    assert!(!url.contains("view="), "{url}");
    assert!(
        url.contains("section=II.1") && url.contains("collapse=none"),
        "{url}"
    );
    assert!(text_of(&browser, "summary").contains("4件の取組"));

    // Keyboard: from the level picker, Tab reaches the first cell and Enter follows it.
    browser.goto(&format!("{}?view=map&level=1", server.url));
    browser.wait(
        "the level-1 map",
        "document.querySelectorAll('#map-table thead th').length === 6",
    );
    browser.js("document.getElementById('map-view-level').focus()");
    browser.keys("\u{E004}");
    let focused = browser
        .js("return document.activeElement.className + ' ' + document.activeElement.textContent");
    assert_eq!(focused, "cell 2", "内閣官房 × II (level 1, every passage)");
    browser.keys("\u{E007}");
    browser.wait(
        "内閣官房's passages under II",
        "document.querySelectorAll('#hits li.hit').length === 2",
    );
    assert!(browser
        .url()
        .contains(&format!("ministry={}", enc("内閣官房"))));
    // The 記載なし cell lists the passages citing no section.
    browser.goto(&format!("{}?view=map", server.url));
    browser.wait(
        "the map",
        "document.querySelectorAll('#map-table tbody tr').length === 26",
    );
    let none_cell = "#map-table tbody tr:nth-child(3) td:nth-last-child(2) a";
    assert_eq!(
        browser.js(&format!(
            "return document.querySelector('{none_cell}').textContent"
        )),
        "2",
        "内閣府 has two passages citing no section"
    );
    browser.click(none_cell);
    browser.wait(
        "記載なし",
        "document.querySelectorAll('#hits li.hit').length === 2",
    );
    let sections = strings(browser.js(&format!("return {}", texts("#hits li.hit .sections"))));
    assert_eq!(sections, ["項目の記載なし", "項目の記載なし"]);
    assert_eq!(browser.console_errors(), Vec::<String>::new());

    // Compare: columns per organisation, a section where one has nothing says so.
    browser.goto(&format!(
        "{}?view=compare&ministry={}&ministry={}",
        server.url,
        enc("財務省"),
        enc("外務省")
    ));
    let cmp: CompareResponse = server.api(&format!(
        "api/compare?ministry={}&ministry={}",
        enc("財務省"),
        enc("外務省")
    ));
    browser.wait(
        "the comparison",
        &format!(
            "document.querySelectorAll('.compare-block').length === {}",
            cmp.sections.len()
        ),
    );
    let heads = strings(browser.js(&format!(
        "return {}",
        texts(".compare-block:nth-child(1) .compare-column h4")
    )));
    assert_eq!(heads, ["財務省", "外務省"]);
    let ii4 = cmp
        .sections
        .iter()
        .position(|s| s.path == "II.4")
        .expect("II.4")
        + 1;
    let nothing = browser.js(&format!(
        "return document.querySelector('.compare-block:nth-child({ii4}) .compare-column .nothing').textContent"
    ));
    assert_eq!(nothing, "この項目の取組はありません");
    browser.screenshot("compare-mof-mofa.png");

    // The picker, by keyboard: tick 内閣官房 and 内閣法制局, Tab to the button, Enter.
    browser.goto(&format!("{}?view=compare", server.url));
    browser.wait(
        "the picker",
        "document.querySelectorAll('.picker input').length === 26",
    );
    browser.js("document.querySelector('.picker input').focus()");
    browser.keys(" \u{E004} ");
    browser.keys(&"\u{E004}".repeat(25));
    browser.keys("\u{E007}");
    browser.wait(
        "two organisations compared",
        "document.querySelectorAll('.compare-block:first-child .compare-column').length === 2",
    );
    let heads = strings(browser.js(&format!(
        "return {}",
        texts(".compare-block:first-child .compare-column h4")
    )));
    assert_eq!(heads, ["内閣官房", "内閣法制局"]);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn every_hit_and_the_passage_link_to_other_organisations_similar_initiatives() {
    let server = Server::start();
    let browser = Browser::start();
    let api: SimilarResponse = server.api("api/passages/2023-npa-02/similar?limit=20");
    let similar: Vec<String> = api.hits.iter().map(|h| h.id.clone()).collect();
    assert!(!similar.is_empty());

    // From a hit: every row has the link, and it opens the similar view (its URL says so).
    let query = enc("通話料");
    browser.goto(&format!("{}?q={query}", server.url));
    browser.wait(
        "the hits",
        "document.querySelectorAll('#hits li.hit').length > 0",
    );
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#hits li.hit')).every(li =>
                 li.querySelector('a.similar-link').textContent === '他府省の類似取組')"
        ),
        Value::Bool(true)
    );
    browser.click("#hits li.hit[data-id='2023-npa-02'] a.similar-link");
    browser.wait(
        "the similar view",
        &rows_are("#similar-hits li.hit", &similar),
    );
    let url = browser.url();
    assert!(
        url.contains("similar=2023-npa-02") && url.contains("q="),
        "{url}"
    );
    assert_eq!(
        browser.js("return document.getElementById('results').hidden && !document.getElementById('similar-view').hidden"),
        Value::Bool(true)
    );
    let title = text_of(&browser, "similar-title");
    assert_eq!(title, "他府省の類似取組: 「テレワークの推進」（警察庁）");
    // Shared words are marked, and no row is the passage's own organisation's.
    assert_eq!(
        browser.js(
            "return Array.from(document.querySelectorAll('#similar-hits li.hit')).every(li =>
                 li.querySelector('.snippet mark') && li.querySelector('.ministry').textContent !== '警察庁')"
        ),
        Value::Bool(true)
    );
    browser.screenshot("serve-similar.png");

    // Back to the search, then the same view from the URL alone (a shared link).
    browser.click("#similar-back");
    browser.wait(
        "the search again",
        "!document.getElementById('results').hidden",
    );
    assert!(!browser.url().contains("similar="));
    browser.goto(&format!("{}?similar=2023-npa-02", server.url));
    browser.wait(
        "the similar view from its URL",
        &rows_are("#similar-hits li.hit", &similar),
    );

    // From the passage view, by keyboard: the link is focusable and Enter follows it.
    browser.goto(&format!("{}?id=2023-cas-03", server.url));
    browser.wait(
        "the passage",
        "document.querySelector('#p-similar a.similar-link') !== null",
    );
    browser.js("document.querySelector('#p-similar a.similar-link').focus(); return null;");
    browser.keys("\u{E007}");
    let from_passage: SimilarResponse = server.api("api/passages/2023-cas-03/similar?limit=20");
    let ids: Vec<String> = from_passage.hits.iter().map(|h| h.id.clone()).collect();
    browser.wait(
        "the passage's similar view",
        &rows_are("#similar-hits li.hit", &ids),
    );
    assert!(browser.url().contains("similar=2023-cas-03"));

    assert_eq!(browser.console_errors(), Vec::<String>::new());

    // An unknown id says which ids are close (the browser logs the API's 404, nothing else).
    browser.goto(&format!("{}?similar=2023-npa-0", server.url));
    browser.wait(
        "the error",
        "document.getElementById('similar-summary').textContent.includes('did you mean 2023-npa-01')",
    );
    for e in browser.console_errors() {
        assert!(
            e.contains("/api/passages/2023-npa-0/similar") && e.contains("404"),
            "{e}"
        );
    }
}
