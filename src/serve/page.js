// The search page. Its state lives in the URL
// (/?q=…&ministry=…&section=…&status=…&year=…&sort=…&collapse=…&offset=…&id=…&view=…&level=…
// &similar=…), so every
// search can be bookmarked and shared. Report and query text only ever reach the page as
// textContent, never as HTML: the report writes things like <テレワーク>.
//
// With a query the page lists the match set (passages with every word of the query), one row
// per item unless collapse=none, then, when the matches are few, related passages in a block
// of their own that is never counted. Without a query but with a filter it lists the passages
// the filters select, in report order. Without either it waits for a query, and its filters
// show the counts of the whole report.
"use strict";

const LIMIT = 20;
/** The largest page the API gives: enough for every passage of one item. */
const MAX_LIMIT = 100;
const STATUS_LABEL = { new: "新規", continuing: "継続", unmarked: "記載なし" };
const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

/** Text with highlights: ranges are [from, to) in characters (code points), not UTF-16 units. */
function highlighted(text, ranges) {
  const chars = Array.from(text);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [from, to] of ranges || []) {
    if (from < at || from > chars.length) continue;
    const end = Math.min(to, chars.length);
    frag.append(chars.slice(at, from).join(""));
    frag.append(el("mark", null, chars.slice(from, end).join("")));
    at = end;
  }
  frag.append(chars.slice(at).join(""));
  return frag;
}

function state() {
  const p = new URLSearchParams(location.search);
  const all = (k) => p.getAll(k).filter((v) => v.trim() !== "");
  return {
    q: p.get("q") || "",
    ministries: all("ministry"),
    sections: all("section"),
    status: p.get("status") || "",
    years: all("year"),
    sort: p.get("sort") || "",
    collapse: p.get("collapse") || "",
    offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    id: p.get("id") || "",
    view: p.get("view") || "",
    level: p.get("level") || "",
    similar: p.get("similar") || "",
  };
}

function params(s, withPassage) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const m of s.ministries) p.append("ministry", m);
  for (const x of s.sections) p.append("section", x);
  if (s.status) p.set("status", s.status);
  for (const y of s.years) p.append("year", y);
  if (s.sort) p.set("sort", s.sort);
  if (s.collapse) p.set("collapse", s.collapse);
  if (s.offset) p.set("offset", String(s.offset));
  if (withPassage && s.id) p.set("id", s.id);
  if (withPassage && s.view) p.set("view", s.view);
  if (withPassage && s.view && s.level) p.set("level", s.level);
  if (withPassage && s.similar) p.set("similar", s.similar);
  return p;
}

/** Whether any filter (ministry, section, status, year) is set. */
function filtered(s) {
  return s.ministries.length > 0 || s.sections.length > 0 || s.status !== "" || s.years.length > 0;
}

/** The state with no filter. */
function unfilteredState(s) {
  return Object.assign({}, s, { ministries: [], sections: [], status: "", years: [] });
}

function go(s) {
  const query = params(s, true).toString();
  history.pushState(null, "", query ? "/?" + query : "/");
  load();
}

/** A link to the state `s`, followed in place by a plain click. */
function stateLink(attrs, s, ...children) {
  const query = params(s, true).toString();
  const a = el("a", Object.assign({ href: query ? "/?" + query : "/" }, attrs), ...children);
  a.addEventListener("click", (ev) => {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    go(s);
  });
  return a;
}

async function getJson(url) {
  let res;
  try {
    res = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (e) {
    throw new Error("サーバーに接続できません。wlb-search serve が動いているか確かめてください。");
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new Error("サーバーの応答を読めませんでした (" + res.status + ")");
  }
  if (!res.ok) throw new Error("エラー (" + res.status + "): " + (body && body.error ? body.error : ""));
  return body;
}

let sectionList = null;
let generation = 0;
/** After the next render, what to focus (set when the control that had focus goes away). */
let focusNext = null;

async function load() {
  const s = state();
  const mine = ++generation;
  $("q").value = s.q;
  for (const r of document.querySelectorAll('#status input[name="status"]')) {
    r.checked = r.value === s.status;
  }
  $("sort").value = s.sort === "report" ? "report" : "";
  $("collapse").checked = s.collapse !== "none";
  document.title = s.q ? s.q + " - 取組指針フォローアップ検索" : "取組指針フォローアップ検索";
  // The map and compare views (views.js) have their own rendering.
  if (s.view === "map" || s.view === "compare") {
    renderView(s, mine);
    return;
  }
  hideViews();
  if (sectionList === null) {
    try {
      sectionList = await getJson("/api/sections");
    } catch (e) {
      sectionList = [];
    }
  }
  // Without a query or a filter, only the counts of the whole report (for the filters).
  const idle = !s.q && !filtered(s);
  const api = idle ? new URLSearchParams() : params(Object.assign({}, s, { id: "" }), false);
  api.set("limit", idle ? "1" : String(LIMIT));
  if (idle) api.set("related", "0");
  const searching = getJson("/api/search?" + api.toString());
  $("similar-view").hidden = true;
  if (s.id) {
    showPassage(s, mine, s.q ? searching : null);
  } else if (s.similar) {
    $("passage").hidden = true;
    showSimilar(s, mine);
  } else {
    $("passage").hidden = true;
    $("results").hidden = false;
  }
  if (!idle) {
    $("summary").textContent = "検索中…";
    $("summary").className = "";
  }
  let data;
  try {
    data = await searching;
  } catch (e) {
    if (mine !== generation) return;
    if (idle) renderStart(s, null);
    else renderError(s, e.message);
    return;
  }
  if (mine !== generation) return;
  if (idle) {
    renderStart(s, data);
    return;
  }
  // Nothing matched under filters: would the query match without them?
  let unfiltered = null;
  if (data.total === 0 && s.q && filtered(s)) {
    const p = params(unfilteredState(Object.assign({}, s, { offset: 0, id: "", sort: "", collapse: "" })), false);
    p.set("limit", "1");
    p.set("related", "0");
    try {
      unfiltered = await getJson("/api/search?" + p.toString());
    } catch (e) {
      unfiltered = null;
    }
    if (mine !== generation) return;
  }
  renderResults(s, data, unfiltered);
}

/** Empties the result list, the related block and the pager. */
function clearResults() {
  $("suggest").hidden = true;
  $("suggest").replaceChildren();
  $("notices").replaceChildren();
  $("hits").replaceChildren();
  $("related-hits").replaceChildren();
  $("related").hidden = true;
  $("pager").hidden = true;
  $("view").hidden = true;
}

/** No query and no filter: a prompt, and the filters with the counts of the whole report. */
function renderStart(s, data) {
  $("summary").textContent = "検索語を入れるか、府省等・区分・取組指針の項目を選んでください。";
  $("summary").className = "";
  clearResults();
  if (data) {
    $("notices").replaceChildren(
      el("li", { class: "whole" }, "報告書全体: " + counts(data.total, data.items, data.summary.ministries_matched)),
    );
  }
  renderChips(s);
  renderMinistries(s, data ? data.facets.ministries : null, null);
  renderSections(s, data ? data.facets.sections : null);
}

function renderError(s, message) {
  $("summary").textContent = message;
  $("summary").className = "error";
  clearResults();
  renderChips(s);
  renderMinistries(s, null, null);
  renderSections(s, null);
}

/** 「17件の取組（13項目・12府省等）」 */
function counts(total, items, ministries) {
  return total + "件の取組（" + items + "項目・" + ministries + "府省等）";
}

/** The state as the server understood it: official ministry names, canonical sections. */
function understoodState(s, q) {
  return Object.assign({}, s, {
    ministries: q.ministries.slice(),
    sections: q.sections.map(String),
    status: q.status || "",
    years: q.years.map(String),
  });
}

function renderResults(asked, data, unfiltered) {
  const q = data.query;
  const sum = data.summary;
  // A shared link may name a ministry as 財務 or a status as 新規: keep the URL canonical, so
  // that the boxes and chips show what is in effect.
  const s = understoodState(asked, q);
  const canonical = params(s, true).toString();
  if (canonical !== params(asked, true).toString()) {
    history.replaceState(null, "", canonical ? "/?" + canonical : "/");
    for (const r of document.querySelectorAll('#status input[name="status"]')) {
      r.checked = r.value === s.status;
    }
  }
  const matches = data.hits.filter((h) => h.matched === "all");
  const related = data.hits.filter((h) => h.matched !== "all");
  const summary = $("summary");
  summary.className = "";
  const what = s.q ? "「" + (q.understood || s.q) + "」" : "絞り込み結果";
  if (data.total > 0) {
    summary.textContent = what + ": " + counts(data.total, data.items, sum.ministries_matched);
  } else if (s.q && unfiltered && unfiltered.total > 0) {
    summary.textContent = what + ": 絞り込み条件に一致する取組はありません（条件を外すと " + unfiltered.total + " 件）。";
    summary.className = "none";
  } else if (s.q) {
    summary.textContent = what + "に一致する取組はありません。";
    summary.className = "none";
  } else {
    summary.textContent = "絞り込み条件に当てはまる取組はありません。";
    summary.className = "none";
  }
  // Did you mean: only when the words themselves are the problem, not the filters.
  const suggest = $("suggest");
  const words = data.total === 0 && s.q && !(unfiltered && unfiltered.total > 0) ? sum.suggestions : [];
  suggest.hidden = words.length === 0;
  const links = [];
  words.forEach((w, i) => {
    if (i > 0) links.push("、");
    links.push(stateLink({ class: "suggestion" }, Object.assign({}, s, { q: w, offset: 0, id: "" }), w));
  });
  suggest.replaceChildren(...(words.length ? ["もしかして: ", ...links] : []));

  const lines = q.expansions.map((e) =>
    "同義語: 「" + e.word + "」は " +
      e.alternatives.map(([w, r]) => (r === "near" ? "≈" : "") + w).join("、") + " も検索しました。");
  const info = !s.q && data.total > 0
    ? [el("li", { class: "whole" }, "検索語がないため、絞り込み条件に当てはまる取組を報告書の順に並べています。")]
    : [];
  $("notices").replaceChildren(...lines.concat(q.notices).map((n) => el("li", null, n)), ...info);

  $("view").hidden = data.total === 0;
  $("sort-box").hidden = !s.q;
  $("hits").replaceChildren(...matches.map((h) => hitItem(s, h, false)));
  $("related-hits").replaceChildren(...related.map((h) => hitItem(s, h, false)));
  $("related").hidden = related.length === 0;

  // Paging counts rows of the match set: items when collapsed, passages otherwise.
  const unit = q.collapse ? "項目" : "件";
  const pager = $("pager");
  pager.hidden = data.rows <= q.limit && q.offset === 0;
  $("prev").disabled = q.offset === 0;
  $("next").disabled = q.offset + matches.length >= data.rows;
  $("range").textContent = matches.length > 0
    ? (q.offset + 1) + "〜" + (q.offset + matches.length) + " / " + data.rows + unit
    : "";
  renderChips(s);
  renderMinistries(s, data.facets.ministries, data.total > 0 ? sum : null);
  renderSections(s, data.facets.sections);
}

function meta(h) {
  return el(
    "p",
    { class: "meta" },
    el("span", { class: "ministry" }, h.ministry),
    el("span", { class: "page" }, "p." + h.page),
    el("span", { class: "status " + h.status }, STATUS_LABEL[h.status] || h.status),
    el("span", { class: "sections" }, h.sections.length ? h.sections.map(sectionName).join("、") : "項目の記載なし"),
  );
}

function sectionName(path) {
  return path.startsWith("own:") ? "独自計画 " + path.slice(4) : path;
}

/** One row: a hit, or (`folded`) one of the other passages of a row's item. */
function hitItem(s, h, folded) {
  const link = stateLink(
    { class: "item" },
    Object.assign({}, s, { id: h.id }),
    highlighted(h.item, h.item_highlights),
  );
  const sn = h.snippet;
  const related = h.matched !== "all";
  const label =
    h.matched === "meaning"
      ? "意味が近い（検索語は含みません。文の意味の近さで見つけました）"
      : "関連（検索語をすべては含みません）";
  return el(
    "li",
    { class: (folded ? "hit-sub" : "hit") + (related ? " related" : "") + (h.matched === "meaning" ? " meaning" : ""), "data-id": h.id },
    related ? el("p", { class: "match" }, label) : null,
    link,
    meta(h),
    el(
      "p",
      { class: "snippet" },
      sn.cut_before ? "…" : "",
      highlighted(sn.text, sn.highlights),
      sn.cut_after ? "…" : "",
    ),
    !folded && h.more > 0 ? moreButton(s, h) : null,
    similarLink(s, h.id),
  );
}

/** 「この項目の他の取組 +N件」: shows (and hides) the passages folded into the row `h`. */
function moreButton(s, h) {
  const listId = "more-" + h.id;
  const button = el(
    "button",
    { type: "button", class: "more", "aria-expanded": "false", "aria-controls": listId },
    "この項目の他の取組 +" + h.more + "件",
  );
  const list = el("ol", { class: "folded", id: listId, hidden: "" });
  let loaded = false;
  button.addEventListener("click", async () => {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    list.hidden = open;
    if (open || loaded) return;
    loaded = true;
    list.replaceChildren(el("li", { class: "loading" }, "読み込み中…"));
    // The same search within the row's ministry, every passage listed, in report order.
    const p = params(Object.assign({}, s, { ministries: [h.ministry], offset: 0, id: "", sort: "report", collapse: "none" }), false);
    p.set("limit", String(MAX_LIMIT));
    if (h.matched === "all") p.set("related", "0");
    try {
      const data = await getJson("/api/search?" + p.toString());
      const others = data.hits.filter((x) => x.item === h.item && x.ministry === h.ministry && x.id !== h.id && x.matched === h.matched);
      list.replaceChildren(
        ...(others.length
          ? others.map((x) => hitItem(s, x, true))
          : [el("li", { class: "loading" }, "この項目の他の取組は見つかりませんでした。")]),
      );
    } catch (e) {
      loaded = false;
      list.replaceChildren(el("li", { class: "error" }, e.message));
    }
  });
  return el("div", { class: "more-box" }, button, list);
}

/** The value of the focused input inside `box`, if any (to focus it again after a render). */
function focusedValue(box) {
  const a = document.activeElement;
  return a && a.tagName === "INPUT" && box.contains(a) ? a.value : null;
}

function refocus(box, value) {
  if (value === null) return;
  for (const input of box.querySelectorAll("input")) {
    if (input.value === value) {
      input.focus();
      return;
    }
  }
}

/** Removable chips, one per filter, and 「すべて解除」. */
function renderChips(s) {
  const chips = [];
  const titleOf = (path) => {
    const sec = (sectionList || []).find((x) => x.path === path);
    if (path === "own:") return "各府省等の独自の計画";
    if (path === "none") return "記載なし";
    return sec ? sectionName(path) + " " + sec.title : sectionName(path);
  };
  const yearName = (y) => (/^\d{4}$/.test(y) && Number(y) > 2018 ? "令和" + (Number(y) - 2018) + "年度" : y);
  s.ministries.forEach((m, i) => chips.push(["府省等", m, { ministries: s.ministries.filter((_, j) => j !== i) }]));
  s.sections.forEach((x, i) => chips.push(["項目", titleOf(x), { sections: s.sections.filter((_, j) => j !== i) }]));
  if (s.status) chips.push(["区分", STATUS_LABEL[s.status] || s.status, { status: "" }]);
  s.years.forEach((y, i) => chips.push(["年度", yearName(y), { years: s.years.filter((_, j) => j !== i) }]));
  const items = chips.map(([kind, name, without], i) => {
    const remove = el("button", { type: "button", class: "remove", "aria-label": kind + "「" + name + "」の絞り込みを解除" }, "×");
    remove.addEventListener("click", () => {
      focusNext = { chip: i };
      go(Object.assign(state(), without, { offset: 0, id: "" }));
    });
    return el("li", { class: "chip" }, el("span", { class: "kind" }, kind + ": "), el("span", { class: "name" }, name), remove);
  });
  $("chips").querySelector("ul").replaceChildren(...items);
  $("chips").hidden = items.length === 0;
  // A removed chip took the focus with it: give it to the next chip, or to the search box.
  if (focusNext) {
    const buttons = $("chips").querySelectorAll("button.remove");
    const i = focusNext.chip === undefined ? buttons.length : Math.min(focusNext.chip, buttons.length - 1);
    focusNext = null;
    if (buttons.length && i < buttons.length && i >= 0) buttons[i].focus();
    else $("q").focus();
  }
}

/** The ministry facet; `sum` (the summary) names the ministries without a match. */
function renderMinistries(s, facets, sum) {
  const box = $("ministries");
  const focused = focusedValue(box);
  box.querySelector(".empty").hidden = facets !== null;
  const counts = new Map((facets || []).map((f) => [f.name, f.count]));
  // Ticked ministries stay listed (with 0) so that they can be unticked.
  for (const m of s.ministries) if (!counts.has(m)) counts.set(m, 0);
  const items = [...counts.entries()].map(([name, count]) => {
    const input = el("input", { type: "checkbox", value: name });
    input.checked = s.ministries.includes(name);
    input.addEventListener("change", () => {
      const now = state();
      const set = new Set(now.ministries);
      if (input.checked) set.add(name);
      else set.delete(name);
      go(Object.assign(now, { ministries: [...set], offset: 0, id: "" }));
    });
    return el("li", null, el("label", null, input, el("span", { class: "name" }, name), el("span", { class: "count" }, String(count))));
  });
  const list = box.querySelector("ul");
  list.replaceChildren(...items);
  refocus(box, focused);
  // A ticked ministry far down the list is scrolled into sight (the list scrolls, not the page).
  const ticked = list.querySelector("input:checked");
  if (focused === null && ticked) {
    const li = ticked.closest("li");
    const top = li.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + li.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 2);
    }
  }
  // 言及なし: the organisations with no matching passage (whatever the ministry filter).
  const silent = $("silent");
  const names = sum && sum.silent.length < sum.ministries.length ? sum.silent : [];
  silent.hidden = names.length === 0;
  silent.textContent = names.length ? "言及なし（" + names.length + "府省等）: " + names.join("、") : "";
}

function renderSections(s, facets) {
  const box = $("sections");
  const focused = focusedValue(box);
  const counts = new Map((facets || []).map((f) => [f.path, f.count]));
  const radio = (path, ...label) => {
    const r = el("input", { type: "radio", name: "section", value: path });
    r.checked = path === "" ? s.sections.length === 0 : s.sections.includes(path);
    r.addEventListener("change", () =>
      go(Object.assign(state(), { sections: path ? [path] : [], offset: 0, id: "" })));
    return el("label", null, r, ...label);
  };
  const items = [el("li", null, radio("", el("span", null, "すべての項目")))];
  for (const sec of sectionList || []) {
    const top = sec.depth === 1;
    const title = sec.path === "own:" ? "各府省等の独自の計画" : sec.title;
    const count = top && facets !== null ? el("span", { class: "count" }, String(counts.get(sec.path) || 0)) : null;
    const li = el(
      "li",
      { class: "d" + Math.min(sec.depth, 5) },
      radio(sec.path, el("span", null, el("span", { class: "path" }, sec.path === "own:" ? "独自" : sectionName(sec.path)), " ", title), count),
    );
    items.push(li);
  }
  box.querySelector("ul").replaceChildren(...items);
  refocus(box, focused);
}

/** The words the search highlighted in its hits, longest first. */
function matchedWords(data) {
  const words = new Set();
  const add = (text, ranges) => {
    const chars = Array.from(text);
    for (const [from, to] of ranges || []) words.add(chars.slice(from, to).join(""));
  };
  for (const h of data ? data.hits : []) {
    add(h.snippet.text, h.snippet.highlights);
    add(h.item, h.item_highlights);
  }
  words.delete("");
  return [...words].sort((a, b) => b.length - a.length);
}

/** Text with every occurrence of `words` marked. */
function withWords(text, words) {
  const frag = document.createDocumentFragment();
  let at = 0;
  while (at < text.length) {
    let best = -1;
    let word = "";
    for (const w of words) {
      const i = text.indexOf(w, at);
      if (i !== -1 && (best === -1 || i < best)) {
        best = i;
        word = w;
      }
    }
    if (best === -1) break;
    frag.append(text.slice(at, best), el("mark", null, word));
    at = best + word.length;
  }
  frag.append(text.slice(at));
  return frag;
}

async function showPassage(s, mine, searching) {
  $("results").hidden = true;
  $("passage").hidden = false;
  $("p-item").textContent = "読み込み中…";
  $("p-meta").replaceChildren();
  $("p-text").textContent = "";
  $("p-sections").replaceChildren();
  $("p-id").textContent = "";
  $("p-source").hidden = true;
  $("p-similar").replaceChildren();
  try {
    const p = await getJson("/api/passages/" + encodeURIComponent(s.id));
    const words = matchedWords(searching ? await searching.catch(() => null) : null);
    if (mine !== generation) return;
    $("p-item").replaceChildren(withWords(p.item, words));
    $("p-meta").replaceWith(Object.assign(meta(p), { id: "p-meta" }));
    $("p-text").replaceChildren(withWords(p.text, words));
    $("p-sections").replaceChildren(
      ...p.section_refs.map((r) => el("li", null, el("strong", null, sectionName(r.path)), " ", r.raw)),
    );
    $("p-id").textContent = p.ministry_en + " · " + p.id;
    $("p-similar").replaceChildren(similarLink(s, p.id));
    if (p.source) {
      // Built from a PDF: the server serves it, and the viewer opens it at the passage's page.
      const link = $("p-source-link");
      link.href = "/source/" + p.source.number + "#page=" + p.source.page;
      link.textContent = "報告書PDFの該当ページを開く（" + p.source.page + "ページ）";
      $("p-source").hidden = false;
    }
  } catch (e) {
    if (mine !== generation) return;
    $("p-item").textContent = e.message;
  }
}

// 他府省の類似取組: other organisations' passages like one passage (/?similar=ID), from
// /api/passages/{id}/similar, listed like search hits; the search's state stays in the URL.

/** 「他府省の類似取組」: a link to the passages like passage `id`. */
function similarLink(s, id) {
  return stateLink(
    { class: "similar-link", "aria-label": "他府省の類似取組（" + id + "）" },
    Object.assign({}, s, { id: "", similar: id }),
    "他府省の類似取組",
  );
}

async function showSimilar(s, mine) {
  $("results").hidden = true;
  $("similar-view").hidden = false;
  $("similar-title").textContent = "他府省の類似取組";
  $("similar-seed").replaceChildren("読み込み中…");
  $("similar-hits").replaceChildren();
  $("similar-summary").textContent = "";
  try {
    const data = await getJson("/api/passages/" + encodeURIComponent(s.similar) + "/similar?limit=" + LIMIT);
    if (mine !== generation) return;
    const p = data.passage;
    const base = Object.assign({}, s, { similar: "" });
    document.title = "類似取組: " + p.item + " - 取組指針フォローアップ検索";
    $("similar-title").textContent = "他府省の類似取組: 「" + p.item + "」（" + p.ministry + "）";
    $("similar-seed").replaceChildren(
      stateLink({ class: "item" }, Object.assign({}, base, { id: p.id }), p.item),
      meta(p),
      el("p", { class: "snippet" }, p.text),
    );
    $("similar-summary").textContent = data.hits.length
      ? "共通する語の多い順に、他の府省等の取組 " + data.hits.length + " 件（共通する語に印）"
      : "共通する語のある他の府省等の取組はありません。";
    $("similar-hits").replaceChildren(...data.hits.map((h) => hitItem(base, h, false)));
  } catch (e) {
    if (mine !== generation) return;
    $("similar-seed").replaceChildren();
    $("similar-summary").textContent = e.message;
  }
}

function start() {
  // On a phone the filters start folded, so that the results are on the first screen.
  if (window.matchMedia("(max-width: 720px)").matches) $("filters").open = false;
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const now = state();
    go(Object.assign(now, { q: $("q").value.trim(), offset: 0, id: "" }));
  });
  for (const r of document.querySelectorAll('#status input[name="status"]')) {
    r.addEventListener("change", () => go(Object.assign(state(), { status: r.value, offset: 0, id: "" })));
  }
  $("clear").addEventListener("click", () => {
    focusNext = { chip: undefined };
    go(Object.assign(unfilteredState(state()), { offset: 0, id: "" }));
  });
  $("sort").addEventListener("change", () => go(Object.assign(state(), { sort: $("sort").value, offset: 0, id: "" })));
  $("collapse").addEventListener("change", () =>
    go(Object.assign(state(), { collapse: $("collapse").checked ? "" : "none", offset: 0, id: "" })));
  $("prev").addEventListener("click", () => {
    const now = state();
    go(Object.assign(now, { offset: Math.max(0, now.offset - LIMIT), id: "" }));
  });
  $("next").addEventListener("click", () => {
    const now = state();
    go(Object.assign(now, { offset: now.offset + LIMIT, id: "" }));
  });
  $("back").addEventListener("click", () => go(Object.assign(state(), { id: "" })));
  $("similar-back").addEventListener("click", () => go(Object.assign(state(), { id: "", similar: "" })));
  window.addEventListener("popstate", load);
  load();
}

start();
