//! PDF input: rebuilds the report's tables from the page geometry.
//!
//! pdf-extract's [`OutputDev`] hands us every glyph with its position and every filled or
//! stroked path. Thin axis-aligned paths are the table's cell rules: vertical ones give the
//! column edges, horizontal ones the row edges, so each glyph lands in one cell. Glyphs outside
//! the table are free lines (page headers, the contents, plain paragraphs). Lines that wrap
//! inside a cell or paragraph are joined: with nothing between Japanese characters, with a
//! space between Latin words; a line that starts a heading (【, ○, ・, <…>) or follows a short
//! line starts a new paragraph.
//!
//! The result is laid out like the text extraction (tab-separated rows, `<br>` between a
//! cell's paragraphs, a form feed between pages) and parsed by `text.rs`, so both inputs give
//! the same records. pdf-extract panics on some inputs; every call into it runs under
//! `catch_unwind`.

use std::cell::Cell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{
    ColorSpace, Document, MediaBox, OutputDev, OutputError, Path, PathOp, Transform,
};

/// Why a PDF could not be read, with the page where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    NotPdf,
    Damaged(String),
    Encrypted,
    NoText,
    NoToUnicode { page: u32 },
    Panicked { page: Option<u32>, message: String },
}

/// Progress while pages are extracted: (pages done, pages in all).
pub type PageProgress<'a> = &'a mut dyn FnMut(usize, usize);

#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    ch: String,
    /// The text-showing operation it came from: a run never spans two cells.
    run: usize,
}

#[derive(Debug, Clone, Copy)]
struct Rule {
    horizontal: bool,
    /// x for a vertical rule, y for a horizontal one.
    at: f64,
    /// Extent along the rule.
    from: f64,
    to: f64,
}

#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
    /// Glyphs whose text came out empty (a font without ToUnicode).
    blank_glyphs: usize,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    /// How far pdf-extract's positions have drifted right in the current text-showing
    /// operation (see [`Collector::output_character`]).
    drift: f64,
    run: usize,
}

impl Collector {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().expect("a page")
    }

    fn path(&mut self, ctm: &Transform, path: &Path) {
        let map = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                x * ctm.m12 + y * ctm.m22 + ctm.m32,
            )
        };
        let mut rules = Vec::new();
        let mut at = (0.0, 0.0);
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => at = map(x, y),
                PathOp::LineTo(x, y) => {
                    let to = map(x, y);
                    rules.extend(rule(at, to, 0.0));
                    at = to;
                }
                PathOp::Rect(x, y, w, h) => {
                    let a = map(x, y);
                    let b = map(x + w, y + h);
                    let (w, h) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                    if w < 3.0 && h > w {
                        let x = (a.0 + b.0) / 2.0;
                        rules.extend(rule((x, a.1), (x, b.1), w));
                    } else if h < 3.0 && w > h {
                        let y = (a.1 + b.1) / 2.0;
                        rules.extend(rule((a.0, y), (b.0, y), h));
                    }
                }
                PathOp::CurveTo(_, _, _, _, x, y) => at = map(x, y),
                PathOp::Close => {}
            }
        }
        self.page().rules.extend(rules);
    }
}

/// An axis-aligned segment from `a` to `b`, if it is one (and long enough to be a rule).
fn rule(a: (f64, f64), b: (f64, f64), _thickness: f64) -> Option<Rule> {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dy < 0.5 && dx > 4.0 {
        Some(Rule {
            horizontal: true,
            at: a.1,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        })
    } else if dx < 0.5 && dy > 4.0 {
        Some(Rule {
            horizontal: false,
            at: a.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        })
    } else {
        None
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page::default());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).abs().sqrt();
        // pdf-extract 0.12 misreads the range form (`first last width`) of a CID font's /W
        // array, so those glyphs get the default width (1 em). Browsers write half-width
        // characters that way: each one then pushes the rest of its line half an em to the
        // right. Positions are corrected within each text-showing operation (begin_word),
        // which browsers start at an absolute position for every line.
        let half_width = ch.chars().all(|c| {
            (c.is_ascii() && !c.is_ascii_control()) || ('\u{FF61}'..='\u{FF9F}').contains(&c)
        });
        let true_width = if half_width && (width - 1.0).abs() < 1e-6 {
            0.5
        } else {
            width
        };
        let x = trm.m31 - self.drift;
        self.drift += (width - true_width) * size;
        let run = self.run;
        let page = self.page();
        if ch.is_empty() || ch.chars().all(|c| c == '\u{fffd}') {
            page.blank_glyphs += 1;
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x,
            y: trm.m32,
            w: true_width * size,
            size,
            ch: ch.to_string(),
            run,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.drift = 0.0;
        self.run += 1;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path);
        Ok(())
    }
}

pub(crate) fn panic_message(e: Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

thread_local! {
    /// Whether this thread is inside [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic on the current thread is to be silenced.
fn is_quiet() -> bool {
    QUIET.try_with(Cell::get).unwrap_or(false)
}

/// Installs, once per process, a panic hook that stays silent for panics on a thread inside
/// [`quietly`] and passes every other panic to the hook installed before it.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // The tests put a probe beneath the quiet hook, to see which panics get past it.
        #[cfg(test)]
        tests::install_probe();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !is_quiet() {
                previous(info);
            }
        }));
    });
}

/// Marks the current thread quiet while it lives; restores the former state when dropped,
/// also while unwinding.
struct QuietGuard {
    was: bool,
}

impl QuietGuard {
    fn new() -> Self {
        QuietGuard {
            was: QUIET.with(|q| q.replace(true)),
        }
    }
}

impl Drop for QuietGuard {
    fn drop(&mut self) {
        let was = self.was;
        let _ = QUIET.try_with(|q| q.set(was));
    }
}

/// Runs `f` with panics caught and their message silenced; panics on other threads are
/// reported as usual.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    install_quiet_hook();
    let _quiet = QuietGuard::new();
    catch_unwind(AssertUnwindSafe(f))
}

/// Runs a pdf-extract call quietly and turns its error or panic into a [`PdfProblem`].
fn guarded<T, E: std::fmt::Display>(
    page: Option<u32>,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<T, PdfProblem> {
    match quietly(f) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(PdfProblem::Damaged(match page {
            Some(n) => format!("page {n}: {e}"),
            None => e.to_string(),
        })),
        Err(e) => Err(PdfProblem::Panicked {
            page,
            message: panic_message(e),
        }),
    }
}

/// Extracts the report's layout from PDF bytes as text for `text.rs`.
pub fn to_text(bytes: &[u8], progress: PageProgress) -> Result<String, PdfProblem> {
    let doc = load(bytes)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfProblem::Damaged("it has no pages".into()));
    }
    if let Some((&n, _)) = pages.iter().find(|(_, &id)| !parents_end(&doc, id)) {
        // pdf-extract would follow such a chain for ever, looking for inherited resources.
        return Err(PdfProblem::Damaged(format!(
            "the page tree loops (page {n} is its own ancestor)"
        )));
    }
    if let Some((&n, _)) = pages.iter().find(|(_, &id)| !forms_end(&doc, id)) {
        // pdf-extract draws a form inside a form by recursion: it would overflow the stack.
        return Err(PdfProblem::Damaged(format!(
            "page {n} draws a form that draws itself"
        )));
    }
    let numbers: Vec<u32> = pages.keys().copied().collect();
    let mut any_text = false;
    let mut layouts: Vec<PageLayout> = Vec::with_capacity(numbers.len());
    for (i, &n) in numbers.iter().enumerate() {
        let page = extract_page(&doc, n)?;
        any_text |= !page.glyphs.is_empty();
        layouts.push(layout(&page));
        progress(i + 1, numbers.len());
    }
    if !any_text {
        return Err(PdfProblem::NoText);
    }
    join_cut_rows(&mut layouts);
    Ok(render(&layouts))
}

/// Loads (and, with the empty password, decrypts) a PDF document.
fn load(bytes: &[u8]) -> Result<Document, PdfProblem> {
    if !bytes.starts_with(b"%PDF") {
        return Err(PdfProblem::NotPdf);
    }
    let mut doc = guarded(None, || Document::load_mem(bytes))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfProblem::Encrypted);
    }
    Ok(doc)
}

/// Deepest page tree accepted (real ones are a few levels deep).
const MAX_TREE_DEPTH: usize = 64;

/// Whether the `/Parent` chain above an object ends (reaches a node without one) without
/// meeting itself, within [`MAX_TREE_DEPTH`] steps.
fn parents_end(doc: &Document, id: pdf_extract::ObjectId) -> bool {
    let mut seen = vec![id];
    let mut at = id;
    for _ in 0..MAX_TREE_DEPTH {
        let parent = doc
            .get_object(at)
            .and_then(|o| o.as_dict())
            .and_then(|d| d.get(b"Parent"))
            .and_then(|p| p.as_reference());
        match parent {
            Err(_) => return true,
            Ok(p) if seen.contains(&p) => return false,
            Ok(p) => {
                seen.push(p);
                at = p;
            }
        }
    }
    false
}

/// Forms drawn inside forms, at most (real documents nest a few).
const MAX_FORM_DEPTH: usize = 32;

/// The nearest `/Resources` of a page, its own or inherited from its parents.
fn page_resources(doc: &Document, page: pdf_extract::ObjectId) -> Option<&pdf_extract::Dictionary> {
    let mut at = doc.get_object(page).ok()?.as_dict().ok()?;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(r) = at.get(b"Resources") {
            return doc.dereference(r).ok()?.1.as_dict().ok();
        }
        let parent = at.get(b"Parent").ok()?.as_reference().ok()?;
        at = doc.get_object(parent).ok()?.as_dict().ok()?;
    }
    None
}

/// Whether the forms a page draws (`Do`), and the forms they draw, end: no form draws
/// itself, and they nest at most [`MAX_FORM_DEPTH`] deep. A content stream that cannot be
/// read is left to pdf-extract.
fn forms_end(doc: &Document, page: pdf_extract::ObjectId) -> bool {
    let Ok(content) = doc.get_page_content(page) else {
        return true;
    };
    draws_end(doc, &content, page_resources(doc, page), &mut Vec::new())
}

fn draws_end(
    doc: &Document,
    content: &[u8],
    resources: Option<&pdf_extract::Dictionary>,
    stack: &mut Vec<pdf_extract::ObjectId>,
) -> bool {
    if stack.len() > MAX_FORM_DEPTH {
        return false;
    }
    let Ok(ops) = pdf_extract::content::Content::decode(content) else {
        return true;
    };
    let xobjects = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| doc.dereference(x).ok())
        .and_then(|(_, x)| x.as_dict().ok());
    for op in ops.operations.iter().filter(|op| op.operator == "Do") {
        let Some(id) = op
            .operands
            .first()
            .and_then(|n| n.as_name().ok())
            .and_then(|name| xobjects?.get(name).ok()?.as_reference().ok())
        else {
            continue;
        };
        if stack.contains(&id) {
            return false;
        }
        let Some(form) = doc.get_object(id).ok().and_then(|o| o.as_stream().ok()) else {
            continue;
        };
        let own = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok());
        let inner = form
            .decompressed_content()
            .unwrap_or_else(|_| form.content.clone());
        stack.push(id);
        if !draws_end(doc, &inner, own.or(resources), stack) {
            return false;
        }
        stack.pop();
    }
    true
}

/// Collects the glyphs and rules of page `n`.
fn extract_page(doc: &Document, n: u32) -> Result<Page, PdfProblem> {
    let mut collector = Collector::default();
    guarded(Some(n), || {
        pdf_extract::output_doc_page(doc, &mut collector, n)
    })?;
    let page = collector.pages.pop().unwrap_or_default();
    if page.glyphs.is_empty() && page.blank_glyphs > 0 {
        return Err(PdfProblem::NoToUnicode { page: n });
    }
    Ok(page)
}

/// A row cut by a page break continues at the top of the next page with no rule above it:
/// joins it back to the row it belongs to, which stays on the page where it starts.
fn join_cut_rows(layouts: &mut [PageLayout]) {
    for i in 1..layouts.len() {
        if !layouts[i].cut_top || layouts[i].rows.is_empty() || layouts[i - 1].rows.is_empty() {
            continue;
        }
        let rest = layouts[i].rows.remove(0);
        if let Some(row) = layouts[i - 1].rows.last_mut() {
            for (cell, more) in row.iter_mut().zip(rest) {
                *cell = glue(cell, &more, "<br>");
            }
        }
    }
}

/// Writes the pages as text: lines, rows as tab-separated cells, a form feed between pages.
fn render(layouts: &[PageLayout]) -> String {
    let mut out = String::new();
    for (i, l) in layouts.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\u{c}\n");
        }
        let lines: Vec<String> = l
            .above
            .iter()
            .cloned()
            .chain(l.rows.iter().map(|r| r.join("\t")))
            .chain(l.below.iter().cloned())
            .collect();
        out.push_str(&lines.join("\n"));
    }
    out
}

/// Clusters sorted values that lie within `tolerance` of each other; returns their means.
fn clusters(mut values: Vec<f64>, tolerance: f64) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if (v - *sum / *n as f64).abs() <= tolerance => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// A visual line: glyphs on one baseline, left to right.
struct Line {
    y: f64,
    right: f64,
    size: f64,
    text: String,
}

/// Groups glyphs into visual lines, top to bottom; `tab_gap` (in font sizes) marks columns.
fn lines(mut glyphs: Vec<&Glyph>, tab_gap: Option<f64>) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= row[0].size.max(g.size) * 0.4 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut end: Option<f64> = None;
            for g in &row {
                if let Some(e) = end {
                    let gap = g.x - e;
                    if tab_gap.is_some_and(|t| gap > g.size * t) {
                        text.push('\t');
                    } else if gap > g.size * 0.2 {
                        text.push(' ');
                    }
                }
                text.push_str(&g.ch);
                end = Some(g.x + g.w);
            }
            let size = row.iter().map(|g| g.size).fold(0.0, f64::max);
            Line {
                y: row[0].y,
                right: end.unwrap_or(row[0].x),
                size,
                text,
            }
        })
        .collect()
}

fn starts_heading(s: &str) -> bool {
    let t = s.trim_start();
    let mut chars = t.chars();
    let (first, second) = (chars.next(), chars.next());
    t.starts_with(['【', '○', '・', '●', '■', '※', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'])
        || t.starts_with('<') && t.find('>').is_some_and(|e| !t[1..e].is_ascii())
        // Guideline headings in B cells: ①, (1), ア followed by a space or 「.
        || first.is_some_and(|c| matches!(c as u32, 0x2460..=0x2473))
        || matches!(first, Some('(' | '（')) && second.is_some_and(|c| c.is_ascii_digit())
        || matches!(first, Some('ア' | 'イ' | 'ウ' | 'エ' | 'オ'))
            && matches!(second, Some(' ' | '　' | '「'))
}

/// Joins two pieces of wrapped text: `sep` before a heading, else nothing between Japanese
/// characters and a space between Latin ones.
fn glue(a: &str, b: &str, sep: &str) -> String {
    if a.is_empty() || b.is_empty() {
        return format!("{a}{b}");
    }
    if starts_heading(b) {
        return format!("{a}{sep}{b}");
    }
    let wide = |c: Option<char>| c.is_some_and(super::markup::is_wide);
    if wide(a.chars().last()) || wide(b.chars().next()) {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// Joins wrapped lines: a paragraph break (`sep`) before a heading or after a short line.
fn join(lines: &[Line], right_edge: f64, sep: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let prev = &lines[i - 1];
            let short = prev.right < right_edge - prev.size * 2.5;
            let gap = prev.y - line.y > prev.size * 1.9;
            if short || gap {
                out.push_str(sep);
            } else {
                out = glue(&out, line.text.trim(), sep);
                continue;
            }
        }
        out.push_str(line.text.trim());
    }
    out
}

/// One page laid out: free lines above the table, its rows (cells), free lines below.
#[derive(Debug, Default)]
struct PageLayout {
    above: Vec<String>,
    rows: Vec<Vec<String>>,
    below: Vec<String>,
    /// The table's top edge is not a rule: its first row was cut by the page break before.
    cut_top: bool,
}

/// Lays out one page as text: free lines above the table, its rows, free lines below.
fn layout(page: &Page) -> PageLayout {
    let Some(grid) = Grid::of(page) else {
        return PageLayout {
            above: free_text(page.glyphs.iter().collect()),
            ..PageLayout::default()
        };
    };
    let anchors = Anchors::new(&page.glyphs);
    let top = grid.top();
    let outside = |g: &Glyph| !grid.holds(anchors.at(g));
    let above: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| outside(g) && g.y >= top)
        .collect();
    let below: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| outside(g) && g.y < top)
        .collect();
    PageLayout {
        above: free_text(above),
        rows: table_rows(page, &grid, &anchors),
        below: free_text(below),
        cut_top: grid.cut_top,
    }
}

/// A page's table: its column edges and row edges, from the rules.
struct Grid {
    /// Column edges, left to right.
    xs: Vec<f64>,
    /// Row edges, bottom to top.
    ys: Vec<f64>,
    /// The top edge is not a rule: the first row was cut by the page break before.
    cut_top: bool,
}

impl Grid {
    /// The grid of the page's rules, if they make at least one cell.
    fn of(page: &Page) -> Option<Grid> {
        let verticals: Vec<&Rule> = page.rules.iter().filter(|r| !r.horizontal).collect();
        let horizontals: Vec<&Rule> = page.rules.iter().filter(|r| r.horizontal).collect();
        let xs = clusters(verticals.iter().map(|r| r.at).collect(), 2.0);
        // Row edges: the horizontal rules, plus the ends of the vertical rules, which are the
        // only edge a row cut by a page break has at the top (or bottom) of the page.
        let mut edges: Vec<f64> = horizontals.iter().map(|r| r.at).collect();
        edges.extend(verticals.iter().flat_map(|r| [r.from, r.to]));
        let ys = clusters(edges, 1.5);
        if xs.len() < 2 || ys.len() < 2 {
            return None;
        }
        let top = ys[ys.len() - 1];
        let cut_top = !horizontals.iter().any(|r| (r.at - top).abs() <= 1.5);
        Some(Grid { xs, ys, cut_top })
    }

    fn top(&self) -> f64 {
        self.ys[self.ys.len() - 1]
    }

    /// Whether a point lies inside the table.
    fn holds(&self, (x, y): (f64, f64)) -> bool {
        let (left, right) = (self.xs[0], self.xs[self.xs.len() - 1]);
        x > left && x < right && y > self.ys[0] && y < self.top()
    }
}

/// Where each glyph is placed: by the first glyph of its run, whose position pdf-extract
/// gets right even where it gets the widths after it wrong.
struct Anchors(HashMap<usize, (f64, f64)>);

impl Anchors {
    fn new(glyphs: &[Glyph]) -> Anchors {
        let mut anchors = HashMap::new();
        for g in glyphs {
            anchors
                .entry(g.run)
                .or_insert((g.x + g.size * 0.25, g.y + g.size * 0.3));
        }
        Anchors(anchors)
    }

    fn at(&self, g: &Glyph) -> (f64, f64) {
        self.0.get(&g.run).copied().unwrap_or((g.x, g.y))
    }
}

/// The table's rows from the top edge down, each a list of cells between column edges;
/// rows with no text are left out.
fn table_rows(page: &Page, grid: &Grid, anchors: &Anchors) -> Vec<Vec<String>> {
    let rows_y: Vec<f64> = grid.ys.iter().rev().copied().collect();
    rows_y
        .windows(2)
        .map(|w| {
            grid.xs
                .windows(2)
                .map(|c| cell_text(page, anchors, (c[0], c[1]), (w[0], w[1])))
                .collect::<Vec<String>>()
        })
        .filter(|cells| !cells.iter().all(|c| c.is_empty()))
        .collect()
}

/// The text of the cell between column edges `(left, right)` and row edges `(top, bottom)`.
fn cell_text(
    page: &Page,
    anchors: &Anchors,
    (cl, cr): (f64, f64),
    (top, bottom): (f64, f64),
) -> String {
    let glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| {
            let (cx, cy) = anchors.at(g);
            cx > cl && cx < cr && cy < top && cy > bottom
        })
        .collect();
    join(&lines(glyphs, None), cr - 3.0, "<br>")
}

/// Free lines (outside the table) joined into paragraphs the same way as cell lines; a tab
/// in a line (columns, as in the contents) keeps it a paragraph of its own.
fn free_text(glyphs: Vec<&Glyph>) -> Vec<String> {
    let ls = lines(glyphs, Some(2.5));
    let right = ls.iter().map(|l| l.right).fold(0.0, f64::max);
    let mut paras: Vec<String> = Vec::new();
    let mut start = 0;
    for i in 1..=ls.len() {
        if i == ls.len() || paragraph_break(&ls[i - 1], &ls[i], right) {
            paras.push(join(&ls[start..i], right, "\n"));
            start = i;
        }
    }
    paras
}

/// Whether free line `line` starts a new paragraph after `prev`.
fn paragraph_break(prev: &Line, line: &Line, right: f64) -> bool {
    prev.right < right - prev.size * 2.5
        || prev.y - line.y > prev.size * 1.9
        || starts_heading(&line.text)
        || line.text.contains('\t')
        || prev.text.contains('\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The payloads of this module's test panics start with this; only they are probed.
    const PROBE: &str = "pdf quietly probe: ";
    static PROBED: Mutex<Vec<String>> = Mutex::new(Vec::new());

    /// Installed by `install_quiet_hook` just before the quiet hook, so it is always the hook
    /// that the quiet one passes panics to: records the probe panics that reach it, then
    /// passes every panic on.
    pub(super) fn install_probe() {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            if let Some(text) = text.filter(|t| t.starts_with(PROBE)) {
                let mut probed = PROBED.lock().unwrap_or_else(|e| e.into_inner());
                probed.push(text.to_string());
            }
            previous(info);
        }));
    }

    /// How many panics with this payload reached the hook before the quiet one.
    fn probed(payload: &str) -> usize {
        let probed = PROBED.lock().unwrap_or_else(|e| e.into_inner());
        probed.iter().filter(|p| *p == payload).count()
    }

    #[test]
    fn panics_outside_quietly_still_reach_the_previous_hook() {
        let caught = std::thread::spawn(|| {
            quietly(|| {
                // Another thread panics while this one is quiet.
                let other = std::thread::spawn(|| panic!("pdf quietly probe: other thread"));
                assert!(other.join().is_err());
                panic!("pdf quietly probe: quiet thread")
            })
        })
        .join()
        .expect("quietly catches the panic");
        assert!(caught.is_err());
        // The same thread once quietly has returned.
        let after = std::thread::spawn(|| {
            assert!(quietly(|| panic!("pdf quietly probe: inside")).is_err());
            panic!("pdf quietly probe: after")
        })
        .join();
        assert!(after.is_err());
        assert_eq!(probed("pdf quietly probe: other thread"), 1);
        assert_eq!(probed("pdf quietly probe: quiet thread"), 0);
        assert_eq!(probed("pdf quietly probe: inside"), 0);
        assert_eq!(probed("pdf quietly probe: after"), 1);
    }

    #[test]
    fn quietly_restores_the_thread_state_also_after_a_panic() {
        assert!(!is_quiet());
        let nested = quietly(|| {
            let inner = quietly(|| panic!("pdf quietly probe: nested"));
            inner.is_err() && is_quiet()
        });
        assert_eq!(nested.ok(), Some(true));
        assert!(!is_quiet());
        assert!(quietly(|| panic!("pdf quietly probe: outer")).is_err());
        assert!(!is_quiet());
        assert_eq!(probed("pdf quietly probe: nested"), 0);
        assert_eq!(probed("pdf quietly probe: outer"), 0);
    }

    fn g(x: f64, y: f64, ch: &str) -> Glyph {
        Glyph {
            x,
            y,
            w: 10.0,
            size: 10.0,
            ch: ch.into(),
            run: 0,
        }
    }

    #[test]
    fn wrapped_lines_join_without_spaces_between_japanese() {
        let glyphs = [
            g(0.0, 100.0, "業"),
            g(10.0, 100.0, "務"),
            g(0.0, 88.0, "改"),
            g(10.0, 88.0, "善"),
        ];
        let ls = lines(glyphs.iter().collect(), None);
        assert_eq!(join(&ls, 20.0, "<br>"), "業務改善");
        let glyphs = [
            g(0.0, 100.0, "G"),
            g(10.0, 100.0, "S"),
            g(0.0, 88.0, "T"),
            g(10.0, 88.0, "e"),
        ];
        let ls = lines(glyphs.iter().collect(), None);
        assert_eq!(join(&ls, 20.0, "<br>"), "GS Te");
    }

    #[test]
    fn headings_and_short_lines_start_paragraphs() {
        let glyphs = [
            g(0.0, 100.0, "【"),
            g(10.0, 100.0, "新"),
            g(0.0, 88.0, "・"),
            g(10.0, 88.0, "a"),
        ];
        let ls = lines(glyphs.iter().collect(), None);
        assert_eq!(join(&ls, 20.0, "<br>"), "【新<br>・a");
    }

    #[test]
    fn not_a_pdf() {
        assert_eq!(to_text(b"hello", &mut |_, _| {}), Err(PdfProblem::NotPdf));
        assert!(matches!(
            to_text(b"%PDF-1.7\n", &mut |_, _| {}),
            Err(PdfProblem::Damaged(_))
        ));
    }
}
