// The page's two other views, in the URL like the search: a heat map of organisations ×
// guideline sections (/?view=map&q=…&level=2) and organisations side by side
// (/?view=compare&ministry=財務省&ministry=外務省&q=…). Both are built from the API's JSON
// (/api/map, /api/compare) with textContent, as the search is. Served as the start of app.js,
// before page.js, whose helpers (el, $, state, params, go, stateLink, getJson, sectionName)
// these functions use when called.
"use strict";

const VIEW_LEVELS = [
  ["1", "大項目（II）"],
  ["2", "中項目（II.3）"],
  ["3", "小項目（II.3.(1)）"],
];

/** The view's own parameters for the API: the search's, the level, no paging. */
function viewParams(s) {
  const p = params(Object.assign({}, s, { view: "", level: "", offset: 0, id: "", sort: "", collapse: "" }), false);
  if (s.level) p.set("level", s.level);
  return p;
}

/** Hides the map and compare views (the search is shown). */
function hideViews() {
  $("views-nav").replaceChildren(...viewLinks(state()));
  $("map-view").hidden = true;
  $("compare-view").hidden = true;
  $("filters-aside").hidden = false;
}

/** Links to the three views of the current search. */
function viewLinks(s) {
  const to = (view, label) => {
    const target = Object.assign({}, s, { view, offset: 0, id: "" });
    const attrs = { class: "view-link" + (s.view === view ? " current" : "") };
    if (s.view === view) attrs["aria-current"] = "page";
    return stateLink(attrs, target, label);
  };
  return [to("", "検索結果"), to("map", "府省等×取組指針の表"), to("compare", "府省等を並べて比較")];
}

/** Shows the map or the compare view for the state `s`. */
async function renderView(s, mine) {
  $("results").hidden = true;
  $("passage").hidden = true;
  $("filters-aside").hidden = true;
  $("views-nav").replaceChildren(...viewLinks(s));
  const box = s.view === "map" ? $("map-view") : $("compare-view");
  $(s.view === "map" ? "compare-view" : "map-view").hidden = true;
  box.hidden = false;
  const status = box.querySelector(".view-status");
  status.textContent = "読み込み中…";
  status.className = "view-status";
  try {
    if (s.view === "map") {
      const data = await getJson("/api/map?" + viewParams(s).toString());
      if (mine !== generation) return;
      renderMap(s, data);
    } else {
      await renderCompare(s, mine);
    }
  } catch (e) {
    if (mine !== generation) return;
    status.textContent = e.message;
    status.className = "view-status error";
  }
}

/** The level picker and a line naming the query and filters in effect. */
function viewControls(s, request, box) {
  const select = el("select", { id: box.id + "-level", "aria-label": "取組指針の項目の深さ" });
  for (const [value, label] of VIEW_LEVELS) {
    const o = el("option", { value }, label);
    o.selected = value === String(s.level || "2");
    select.append(o);
  }
  select.addEventListener("change", () => go(Object.assign(state(), { level: select.value, id: "" })));
  const parts = [];
  if (request.query) parts.push("検索語「" + (request.understood || request.query) + "」");
  if (s.view === "map" && request.ministries.length) parts.push("府省等: " + request.ministries.join("、"));
  if (request.sections.length) parts.push("項目: " + request.sections.map(sectionName).join("、"));
  if (request.status) parts.push("区分: " + (STATUS_LABEL[request.status] || request.status));
  if (request.years.length) parts.push("年度: " + request.years.join("、"));
  const what = parts.length ? parts.join(" / ") : "すべての取組（検索語・絞り込みなし）";
  box.querySelector(".view-controls").replaceChildren(
    el("label", null, "項目の深さ ", select),
    el("span", { class: "view-what" }, what),
  );
}

/** Heat class of a count against the largest cell. */
function heat(n, max) {
  if (n === 0 || max === 0) return "h0";
  return "h" + Math.min(5, Math.max(1, Math.ceil((5 * n) / max)));
}

function renderMap(s, data) {
  const sum = data.summary;
  const box = $("map-view");
  viewControls(s, sum.request, box);
  const status = box.querySelector(".view-status");
  status.textContent = sum.request.query
    ? "「" + (sum.request.understood || sum.request.query) + "」に一致する取組 " + sum.total + " 件を、府省等と取組指針の項目ごとに数えました。"
    : "取組 " + sum.total + " 件を、府省等と取組指針の項目ごとに数えました。";
  const max = Math.max(0, ...data.rows.map((r) => Math.max(r.no_section, ...r.cells.map((c) => c.count))));
  const label = (path) => (path === "own:" ? "独自" : sectionName(path));
  const head = el(
    "tr",
    null,
    el("th", { scope: "col" }, "府省等"),
    ...sum.columns.map((c) =>
      el("th", { scope: "col", title: c.title }, el("span", { class: "col-path" }, label(c.path)))),
    el("th", { scope: "col", title: "取組指針の項目の記載がない取組" }, "記載なし"),
    el("th", { scope: "col", title: "一致する取組（各1件）" }, "計"),
  );
  // A cell links to the search for its passages: the map's query and filters, its ministry and
  // its section (none: 記載なし), every passage listed.
  const cell = (row, section, n, title) => {
    const target = Object.assign({}, s, {
      view: "", level: "", ministries: [row.name], sections: [section],
      collapse: "none", sort: "", offset: 0, id: "",
    });
    const a = stateLink({ class: "cell", "aria-label": row.name + "・" + title + ": " + n + "件" }, target, String(n));
    return el("td", { class: heat(n, max) + (n === 0 ? " zero" : "") }, a);
  };
  const titleOf = (c) => (c.path === "own:" ? "独自の計画" : label(c.path) + " " + c.title);
  const rows = data.rows.map((r) =>
    el(
      "tr",
      null,
      el("th", { scope: "row" }, r.name),
      ...r.cells.map((c, i) => cell(r, c.section, c.count, titleOf(sum.columns[i]))),
      cell(r, "none", r.no_section, "記載なし"),
      el("td", { class: "total" }, String(r.total)),
    ));
  const foot = el(
    "tr",
    null,
    el("th", { scope: "row" }, "計"),
    ...sum.columns.map((c) => el("td", null, String(c.count))),
    el("td", null, String(sum.no_section)),
    el("td", { class: "total" }, String(sum.total)),
  );
  box.querySelector("table").replaceChildren(
    el("caption", null, "府省等×取組指針の項目（取組の件数。数字を選ぶとその取組を一覧します）"),
    el("thead", null, head),
    el("tbody", null, ...rows),
    el("tfoot", null, foot),
  );
  const legend = sum.columns.map((c) =>
    el("li", null, el("strong", null, label(c.path)), " ", c.path === "own:" ? "各府省等の独自の計画" : c.title));
  legend.push(el("li", null, el("strong", null, "記載なし"), " 取組指針の項目の記載がない取組"));
  legend.push(el("li", null, el("strong", null, "計"), " 一致する取組（複数の項目を挙げる取組は各項目に数え、計には1件として数えます）"));
  if (sum.above_level > 0) {
    legend.push(el("li", null, sum.above_level + " 件は上位の項目（II など）だけを挙げており、計にのみ数えています。"));
  }
  box.querySelector(".legend").replaceChildren(...legend);
}

/** The organisation picker of the compare view: every organisation, the compared ticked. */
async function comparePicker(s, mine) {
  const list = await getJson("/api/ministries");
  if (mine !== generation) return null;
  const form = el("form", { class: "picker" });
  const boxes = list.map((m) => {
    const input = el("input", { type: "checkbox", value: m.name, name: "ministry" });
    input.checked = s.ministries.includes(m.name);
    return el("label", null, input, " " + m.name);
  });
  const submit = el("button", { type: "submit" }, "比較する");
  form.append(el("fieldset", null, el("legend", null, "比較する府省等（2つ以上）"), ...boxes), submit);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const names = [...form.querySelectorAll("input:checked")].map((i) => i.value);
    go(Object.assign(state(), { ministries: names, id: "" }));
  });
  return form;
}

async function renderCompare(s, mine) {
  const box = $("compare-view");
  const picker = await comparePicker(s, mine);
  if (picker === null) return;
  box.querySelector(".view-picker").replaceChildren(picker);
  const status = box.querySelector(".view-status");
  const blocks = box.querySelector(".compare-blocks");
  if (s.ministries.length < 2) {
    blocks.replaceChildren();
    box.querySelector(".view-controls").replaceChildren();
    status.textContent = "比較する府省等を2つ以上選んでください。";
    return;
  }
  const data = await getJson("/api/compare?" + viewParams(s).toString());
  if (mine !== generation) return;
  viewControls(s, data.request, box);
  status.textContent = data.organisations.map((o) => o.name + " " + o.total + "件").join("・") +
    (data.request.query ? "（「" + (data.request.understood || data.request.query) + "」に一致する取組）" : "");
  const heading = (sec) =>
    sec.path === "none" ? "記載なし（取組指針の項目の記載がない取組）"
      : sec.path === "own:" ? "各府省等の独自の計画"
        : sectionName(sec.path) + " " + sec.title;
  const sections = data.sections.map((sec) =>
    el(
      "section",
      { class: "compare-block" },
      el("h3", null, heading(sec)),
      el("div", { class: "compare-columns cols-" + Math.min(sec.columns.length, 4) }, ...sec.columns.map((c) => compareColumn(s, c))),
    ));
  if (data.silent.length) {
    sections.push(el("p", { class: "silent" }, "どの府省等にも取組がない項目: " + data.silent.map((p) => (p === "own:" ? "独自の計画" : sectionName(p))).join("、")));
  }
  blocks.replaceChildren(...sections);
}

/** One organisation's column in a section block. */
function compareColumn(s, column) {
  const items = column.items.map((it) =>
    el(
      "li",
      null,
      el("p", { class: "compare-item" }, it.item),
      el("ul", null, ...it.passages.map((p) => {
        const opening = Array.from(p.text).slice(0, 120).join("");
        const target = Object.assign({}, s, { view: "", level: "", ministries: [], id: p.id });
        return el(
          "li",
          null,
          stateLink({ class: "passage-link" }, target, p.id),
          " ",
          p.status === "unmarked" ? null : el("span", { class: "status " + p.status }, STATUS_LABEL[p.status] || p.status),
          " ",
          opening + (Array.from(p.text).length > 120 ? "…" : ""),
        );
      })),
    ));
  return el(
    "div",
    { class: "compare-column" },
    el("h4", null, column.name),
    items.length ? el("ul", { class: "compare-items" }, ...items) : el("p", { class: "nothing" }, "この項目の取組はありません"),
  );
}
