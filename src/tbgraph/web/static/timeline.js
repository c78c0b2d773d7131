/* The timeline: /api/timeline on a January–December axis, two lanes (assignment deadlines, the
 * letter's annual cycle), and the same items as a table grouped by month, with who answers for each
 * and a link to its line in the letter. Filters (main goal, actor, role) live in the URL
 * (/timeline?agency=nhn&role=lead); actor and role select the assignments /api/assignments gives
 * for them, and the actor's own annual-cycle rows. Plain SVG, no library. Undated items
 * (continuous, to be agreed) are listed in the table only. */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const svg = $("timeline");
  const table = $("deadline-table");
  const statusLine = $("status");
  const form = $("timeline-form");
  const base = form.dataset.base || "";
  const t = JSON.parse($("messages").textContent);
  const names = JSON.parse($("names").textContent);
  const lang = document.documentElement.lang || "nb";
  const asOf = new URLSearchParams(location.search).get("as_of") || "";  // the day asked about, passed on
  const name = (key) => names[key] || key;
  const monthName = (year, month) =>
    new Date(Date.UTC(year, month, 1)).toLocaleDateString(lang === "en" ? "en-GB" : "nb-NO", { month: "long", year: "numeric", timeZone: "UTC" });
  const monthShort = (year, month) =>
    new Date(Date.UTC(year, month, 1)).toLocaleDateString(lang === "en" ? "en-GB" : "nb-NO", { month: "short", timeZone: "UTC" });
  const COLOURS = {
    assignment: "#0072B2", part: "#56B4E9", "annual-cycle": "#B36B00", "steering-meeting": "#D55E00",
    "reporting-duty": "#CC79A7", other: "#767676",
  };
  const WIDTH = 1400, LEFT = 170, RIGHT = 20, TOP = 30, CHAR = 6.1;
  let data = null;
  let selected = null; // assignment IDs the actor/role filter keeps, or null

  function node(tag, attributes, text) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) if (value !== null && value !== undefined) element.setAttribute(key, value);
    for (const child of children.flat()) if (child !== null && child !== undefined) element.append(child);
    return element;
  }

  const isAssignment = (item) => item.category === "assignment" || item.category === "part";

  function visible(item) {
    if (!(isAssignment(item) ? $("show-assignments").checked : $("show-cycle").checked)) return false;
    const agency = $("agency").value;
    if (selected === null) return true;
    return (item.id && selected.has(item.id)) || (!isAssignment(item) && !$("role").value && item.responsible_key === agency);
  }

  function dayOfYear(date, year) {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const [y, m, d] = date.split("-").map(Number);
    return (Date.UTC(y, m - 1, d) - start) / (end - start);
  }

  function draw() {
    const year = data.year || new Date().getFullYear();
    const items = data.items.filter(visible);
    const dated = items.filter((i) => i.date && Number(i.date.slice(0, 4)) === year);
    const plotRight = WIDTH - RIGHT;
    const x = (date) => LEFT + dayOfYear(date, year) * (plotRight - LEFT);
    // Every marker placed first (greedy rows, whole labels that never overlap), then the lanes sized.
    const lanes = [
      { name: t.assignments, test: isAssignment },
      { name: t.cycle, test: (i) => !isAssignment(i) },
    ].map((lane) => {
      const placed = [];
      const rowEnds = [];
      for (const item of dated.filter(lane.test).sort((a, b) => a.date.localeCompare(b.date))) {
        const cx = x(item.date);
        // the date is on the axis: a label ending in it («…, 15. november 2023») drops it; a label never
        // runs past the drawing (the whole text is in the marker's title and the table)
        let label = (item.id || item.what).replace(/,?\s*\d{1,2}\.\s+\p{L}+\s+\d{4}$/u, "");
        const room = Math.floor((Math.max(plotRight - cx, cx) - 14) / CHAR);
        if (label.length > room) label = label.slice(0, Math.max(room - 1, 8)).replace(/\s+\S*$/, "") + "…";
        const width = 12 + label.length * CHAR;
        const leftward = cx + width > plotRight;
        const start = leftward ? cx - width : cx - 6;
        const end = leftward ? cx + 6 : cx + width;
        let row = rowEnds.findIndex((last) => last < start - 6);
        if (row === -1) { row = rowEnds.length; rowEnds.push(0); }
        rowEnds[row] = end;
        placed.push({ item, cx, row, label, leftward });
      }
      return Object.assign(lane, { placed, rows: Math.max(rowEnds.length, 1) });
    });
    const ROW = 17;
    let top = TOP;
    for (const lane of lanes) {
      lane.top = top;
      lane.height = Math.max(50, lane.rows * ROW + 22);
      top += lane.height;
    }
    const height = top + 10;
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
    svg.replaceChildren();
    for (let month = 0; month < 12; month++) {
      const first = year + "-" + String(month + 1).padStart(2, "0") + "-01";
      svg.append(node("line", { x1: x(first), x2: x(first), y1: TOP - 8, y2: height - 10, class: "grid" }));
      svg.append(node("text", { x: x(first) + 4, y: TOP - 12, class: "month" }, monthShort(year, month)));
    }
    for (const lane of lanes) {
      svg.append(node("text", { x: 8, y: lane.top + 18, class: "lane-label" }, lane.name));
      svg.append(node("line", { x1: LEFT, x2: plotRight, y1: lane.top + lane.height - 2, y2: lane.top + lane.height - 2, class: "grid" }));
      for (const { item, cx, row, label, leftward } of lane.placed) {
        const cy = lane.top + 14 + row * ROW;
        const marker = node("circle", {
          cx, cy, r: 5.5, class: "marker", fill: COLOURS[item.category] || COLOURS.other,
          "data-date": item.date, "data-id": item.id || "",
        });
        marker.append(node("title", {}, item.date + " · " + (item.id ? item.id + " · " : "") + item.what + " (" + name(item.kind) + ")"));
        marker.addEventListener("click", () => highlight(item));
        svg.append(marker);
        svg.append(node("text", {
          x: leftward ? cx - 9 : cx + 9, y: cy + 4, class: "tick-label", "text-anchor": leftward ? "end" : "start",
        }, label));
      }
    }
    fillTable(items, year);
    statusLine.textContent = dated.length + " " + t.shown + (items.length > dated.length ? " · " + (items.length - dated.length) + " " + t.undated.toLowerCase() : "");
  }

  function fillTable(items, year) {
    for (const old of table.querySelectorAll("tbody")) old.remove();
    const groups = new Map();
    for (const item of items) {
      const key = item.date ? item.date.slice(0, 7) : "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(item);
    }
    for (const [key, group] of groups) {
      const body = el("tbody", { "data-month": key });
      const heading = key ? monthName(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1) : t.undated;
      body.append(el("tr", { class: "month-row" }, el("th", { scope: "rowgroup", colspan: "6" }, heading)));
      for (const item of group) {
        const row = el("tr", { "data-date": item.date || "", "data-id": item.id || "" });
        row.append(
          el("td", { class: "date", "data-label": t.date }, item.date || "—"),
          el("td", { "data-label": t.what, lang: lang === "nb" ? null : "nb" }, item.what, item.part ? el("div", { class: "muted small" }, item.part) : null),
          el("td", { "data-label": t.assignment }, item.id && item.href
            ? [el("a", { href: base + item.href.replace(/^\//, "") }, item.id), " ", el("span", { lang: lang === "nb" ? null : "nb" }, item.title || "")]
            : name(item.category === "annual-cycle" ? "annual cycle" : item.category)),
          el("td", { "data-label": t.responsible }, item.responsible_key
            ? el("a", { href: base + "id/org/" + item.responsible_key }, item.responsible) : ""),
          el("td", { "data-label": t.kind }, name(item.kind)),
          el("td", { "data-label": t.line }, item.line && item.source
            ? el("a", { href: base + item.source.replace(/^\//, "") + "?lines=" + item.line + "#L" + item.line }, String(item.line))
            : item.line ? String(item.line) : ""),
        );
        body.append(row);
      }
      table.append(body);
    }
  }

  function highlight(item) {
    for (const row of table.querySelectorAll("tbody tr[data-date]")) {
      const match = row.dataset.date === (item.date || "") && row.dataset.id === (item.id || "");
      row.classList.toggle("active", match);
      if (match) row.scrollIntoView({ block: "nearest" });
    }
  }

  function writeUrl() {
    const query = new URLSearchParams();
    for (const key of ["goal", "agency", "role"]) if ($(key).value) query.set(key, $(key).value);
    if (asOf) query.set("as_of", asOf);
    const text = query.toString();
    history.replaceState(null, "", text ? "?" + text : location.pathname);
  }

  async function load() {
    writeUrl();
    const goal = $("goal").value;
    const day = new URLSearchParams();
    if (goal) day.set("goal", goal);
    if (asOf) day.set("as_of", asOf);
    const response = await fetch(base + "api/timeline" + (day.toString() ? "?" + day : ""));
    if (!response.ok) throw new Error("/api/timeline: " + response.status);
    data = await response.json();
    selected = null;
    const agency = $("agency").value, role = $("role").value;
    if (agency || role) {
      const query = new URLSearchParams();
      if (agency) query.set("agency", agency);
      if (role) query.set("role", role);
      if (asOf) query.set("as_of", asOf);
      const answer = await fetch(base + "api/assignments?" + query);
      if (!answer.ok) throw new Error("/api/assignments: " + answer.status);
      selected = new Set((await answer.json()).map((a) => a.id));
    }
    draw();
    svg.dataset.state = "ready";
  }

  async function options() {
    const response = await fetch(base + "api/graph/filters");
    if (!response.ok) return;
    const found = await response.json();
    const add = (select, value, text) => select.append(el("option", { value }, text));
    for (const goal of found.goals) add($("goal"), goal.key, goal.key + " " + ((lang === "en" && goal.label_en) || goal.label));
    for (const actor of found.actors.slice().sort((a, b) => a.label.localeCompare(b.label, "nb"))) add($("agency"), actor.key, actor.label);
    for (const role of found.roles) add($("role"), role.key, name(role.key));
    const query = new URLSearchParams(location.search);
    for (const key of ["goal", "agency", "role"]) if (query.get(key)) $(key).value = query.get(key);
  }

  function fail(error) {
    statusLine.textContent = String(error && error.message ? error.message : error);
    statusLine.classList.add("error");
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); load().catch(fail); });
  for (const id of ["goal", "agency", "role"]) $(id).addEventListener("change", () => load().catch(fail));
  $("show-assignments").addEventListener("change", () => data && draw());
  $("show-cycle").addEventListener("change", () => data && draw());
  options().then(load).catch(fail);
})();
