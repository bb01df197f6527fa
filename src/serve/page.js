// The search page. Its state lives in the URL (/?q=…&ministry=…&section=…&status=…&offset=…&id=…),
// so every search can be bookmarked and shared. Report and query text only ever reach the page
// as textContent, never as HTML: the report writes things like <テレワーク>.
"use strict";

const LIMIT = 20;
const STATUS_LABEL = { new: "新規", continuing: "継続", unmarked: "区分なし" };
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
  return {
    q: p.get("q") || "",
    ministries: p.getAll("ministry").filter((m) => m),
    section: p.get("section") || "",
    status: p.get("status") || "",
    offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    id: p.get("id") || "",
  };
}

function params(s, withPassage) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const m of s.ministries) p.append("ministry", m);
  if (s.section) p.set("section", s.section);
  if (s.status) p.set("status", s.status);
  if (s.offset) p.set("offset", String(s.offset));
  if (withPassage && s.id) p.set("id", s.id);
  return p;
}

function go(s) {
  const query = params(s, true).toString();
  history.pushState(null, "", query ? "/?" + query : "/");
  load();
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

async function load() {
  const s = state();
  const mine = ++generation;
  $("q").value = s.q;
  for (const r of document.querySelectorAll('#status input[name="status"]')) {
    r.checked = r.value === s.status;
  }
  document.title = s.q ? s.q + " - 取組指針フォローアップ検索" : "取組指針フォローアップ検索";
  if (sectionList === null) {
    try {
      sectionList = await getJson("/api/sections");
    } catch (e) {
      sectionList = [];
    }
  }
  const api = params(Object.assign({}, s, { id: "" }), false);
  api.set("limit", String(LIMIT));
  const searching = s.q ? getJson("/api/search?" + api.toString()) : Promise.resolve(null);
  if (s.id) {
    showPassage(s, mine, searching);
  } else {
    $("passage").hidden = true;
    $("results").hidden = false;
  }
  if (!s.q) {
    renderEmpty(s);
    return;
  }
  $("summary").textContent = "検索中…";
  $("summary").className = "";
  try {
    const data = await searching;
    if (mine !== generation) return;
    renderResults(s, data);
  } catch (e) {
    if (mine !== generation) return;
    renderError(s, e.message);
  }
}

function renderEmpty(s) {
  $("summary").textContent = "検索語を入れてください。";
  $("summary").className = "";
  $("notices").replaceChildren();
  $("hits").replaceChildren();
  $("pager").hidden = true;
  renderMinistries(s, null);
  renderSections(s, null);
}

function renderError(s, message) {
  $("summary").textContent = message;
  $("summary").className = "error";
  $("notices").replaceChildren();
  $("hits").replaceChildren();
  $("pager").hidden = true;
  renderMinistries(s, null);
  renderSections(s, null);
}

function renderResults(s, data) {
  const q = data.query;
  const shown = data.hits.length;
  $("summary").className = "";
  $("summary").textContent =
    data.total === 0
      ? "「" + q.understood + "」に一致する取組はありません。"
      : "「" + q.understood + "」 " + data.total + "件" +
        (shown < data.total ? "（" + (q.offset + 1) + "〜" + (q.offset + shown) + "件目）" : "");
  const lines = q.expansions.map((e) =>
    "同義語: 「" + e.word + "」は " +
      e.alternatives.map(([w, r]) => (r === "near" ? "≈" : "") + w).join("、") + " も検索しました。");
  if (q.relaxed) {
    lines.push("すべての語（" + q.relaxed.required + "語）を含む取組がないため、" +
      q.relaxed.at_least + "語以上を含む取組を表示しています。");
  }
  $("notices").replaceChildren(...lines.concat(q.notices).map((n) => el("li", null, n)));
  $("hits").replaceChildren(...data.hits.map((h) => hitItem(s, h)));
  const pager = $("pager");
  pager.hidden = data.total <= LIMIT;
  $("prev").disabled = q.offset === 0;
  $("next").disabled = q.offset + shown >= data.total;
  $("range").textContent = data.total > 0 ? (q.offset + 1) + "〜" + (q.offset + shown) + " / " + data.total : "";
  renderMinistries(s, data.facets.ministries);
  renderSections(s, data.facets.sections);
}

// Hits that fill a page after the full matches say how they relate to the query.
const MATCH_LABEL = {
  some: "一部の語に一致",
  related: "関連する取組（上位の結果と共通する語）",
};

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

function hitItem(s, h) {
  const link = el(
    "a",
    { class: "item", href: "/?" + params(Object.assign({}, s, { id: h.id }), true).toString() },
    highlighted(h.item, h.item_highlights),
  );
  link.addEventListener("click", (ev) => {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    go(Object.assign(state(), { id: h.id }));
  });
  const sn = h.snippet;
  return el(
    "li",
    { class: "hit " + h.matched, "data-id": h.id },
    MATCH_LABEL[h.matched] ? el("p", { class: "match" }, MATCH_LABEL[h.matched]) : null,
    link,
    meta(h),
    el(
      "p",
      { class: "snippet" },
      sn.cut_before ? "…" : "",
      highlighted(sn.text, sn.highlights),
      sn.cut_after ? "…" : "",
    ),
  );
}

function renderMinistries(s, facets) {
  const box = $("ministries");
  box.querySelector(".empty").hidden = facets !== null;
  const counts = new Map((facets || []).map((f) => [f.name, f.count]));
  // Ticked ministries stay listed (with 0) so that they can be unticked.
  for (const m of s.ministries) if (!counts.has(m)) counts.set(m, 0);
  const items = [...counts.entries()].map(([name, count]) => {
    const box = el("input", { type: "checkbox", value: name });
    box.checked = s.ministries.includes(name);
    box.addEventListener("change", () => {
      const now = state();
      const set = new Set(now.ministries);
      if (box.checked) set.add(name);
      else set.delete(name);
      go(Object.assign(now, { ministries: [...set], offset: 0, id: "" }));
    });
    return el("li", null, el("label", null, box, el("span", { class: "name" }, name), el("span", { class: "count" }, String(count))));
  });
  box.querySelector("ul").replaceChildren(...items);
}

function renderSections(s, facets) {
  const counts = new Map((facets || []).map((f) => [f.path, f.count]));
  const radio = (path, ...label) => {
    const r = el("input", { type: "radio", name: "section", value: path });
    r.checked = s.section === path;
    r.addEventListener("change", () => go(Object.assign(state(), { section: path, offset: 0, id: "" })));
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
  $("sections").querySelector("ul").replaceChildren(...items);
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
  try {
    const p = await getJson("/api/passages/" + encodeURIComponent(s.id));
    const words = matchedWords(await searching.catch(() => null));
    if (mine !== generation) return;
    $("p-item").replaceChildren(withWords(p.item, words));
    $("p-meta").replaceWith(Object.assign(meta(p), { id: "p-meta" }));
    $("p-text").replaceChildren(withWords(p.text, words));
    $("p-sections").replaceChildren(
      ...p.section_refs.map((r) => el("li", null, el("strong", null, sectionName(r.path)), " ", r.raw)),
    );
    $("p-id").textContent = p.ministry_en + " · " + p.id;
  } catch (e) {
    if (mine !== generation) return;
    $("p-item").textContent = e.message;
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
  $("prev").addEventListener("click", () => {
    const now = state();
    go(Object.assign(now, { offset: Math.max(0, now.offset - LIMIT), id: "" }));
  });
  $("next").addEventListener("click", () => {
    const now = state();
    go(Object.assign(now, { offset: now.offset + LIMIT, id: "" }));
  });
  $("back").addEventListener("click", () => go(Object.assign(state(), { id: "" })));
  window.addEventListener("popstate", load);
  load();
}

start();
