/* The timeline: /api/timeline on a January–December axis, two lanes (assignment deadlines, the
 * letter's annual cycle), and the same items as a table. Plain SVG, no library. Undated items
 * (continuous, to be agreed) are listed in the table only. */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("timeline");
  const body = document.querySelector("#deadline-table tbody");
  const statusLine = document.getElementById("status");
  const goalSelect = document.getElementById("goal");
  const showAssignments = document.getElementById("show-assignments");
  const showCycle = document.getElementById("show-cycle");
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const COLOURS = {
    assignment: "#0072B2", part: "#56B4E9", "annual-cycle": "#E69F00", "steering-meeting": "#D55E00",
    "reporting-duty": "#CC79A7", other: "#999999",
  };
  const WIDTH = 1200, LEFT = 150, RIGHT = 20, TOP = 30;
  let data = null;

  function node(tag, attributes, text) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function cell(content, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (content instanceof Node) td.append(content);
    else td.textContent = content === null || content === undefined ? "" : String(content);
    return td;
  }

  function isAssignment(item) {
    return item.category === "assignment" || item.category === "part";
  }

  function visible(item) {
    return isAssignment(item) ? showAssignments.checked : showCycle.checked;
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
    // Place every marker first (greedy rows, labels never overlapping), then size the lanes.
    const lanes = [
      { name: "Assignments", test: isAssignment },
      { name: "Annual cycle", test: (i) => !isAssignment(i) },
    ].map((lane) => {
      const placed = [];
      const rowEnds = [];
      for (const item of dated.filter(lane.test).sort((a, b) => a.date.localeCompare(b.date))) {
        const cx = x(item.date);
        const label = item.id || item.what;
        const short = label.length > 24 ? label.slice(0, 23) + "…" : label;
        const width = 10 + short.length * 5.8;
        const leftward = cx + width > plotRight + RIGHT - 4;
        const start = leftward ? cx - width : cx;
        const end = leftward ? cx + 6 : cx + width;
        let row = rowEnds.findIndex((last) => last < start - 4);
        if (row === -1) { row = rowEnds.length; rowEnds.push(0); }
        rowEnds[row] = end;
        placed.push({ item, cx, row, short, leftward });
      }
      return Object.assign(lane, { placed, rows: Math.max(rowEnds.length, 1) });
    });
    const ROW = 15;
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
      svg.append(node("text", { x: x(first) + 4, y: TOP - 12, class: "month" }, MONTHS[month] + " " + year));
    }
    for (const lane of lanes) {
      svg.append(node("text", { x: 8, y: lane.top + 18, class: "lane-label" }, lane.name));
      svg.append(node("line", { x1: LEFT, x2: plotRight, y1: lane.top + lane.height - 2, y2: lane.top + lane.height - 2, class: "grid" }));
      for (const { item, cx, row, short, leftward } of lane.placed) {
        const cy = lane.top + 14 + row * ROW;
        const marker = node("circle", {
          cx, cy, r: 5, class: "marker", fill: COLOURS[item.category] || COLOURS.other,
          "data-date": item.date, "data-id": item.id || "", tabindex: 0,
        });
        marker.append(node("title", {}, item.date + " · " + (item.id ? item.id + " · " : "") + item.what + " (" + item.kind + ")"));
        marker.addEventListener("click", () => highlight(item));
        svg.append(marker);
        svg.append(node("text", {
          x: leftward ? cx - 8 : cx + 8, y: cy + 3.5, class: "tick-label", "text-anchor": leftward ? "end" : "start",
        }, short));
      }
    }
    table(items);
    statusLine.textContent = dated.length + " dated items in " + year + ", " +
      items.filter((i) => !i.date).length + " without a date (continuous or to be agreed)";
  }

  function table(items) {
    body.replaceChildren();
    for (const item of items) {
      const row = document.createElement("tr");
      row.dataset.date = item.date || "";
      row.dataset.id = item.id || "";
      let assignment = "";
      if (item.id) {
        const a = document.createElement("a");
        a.href = item.href ? item.href.replace(/^\//, "") : "#";
        a.textContent = item.id;
        assignment = document.createElement("span");
        assignment.append(a, " " + (item.title || ""));
      }
      row.append(
        cell(item.date || "—", "date"),
        cell(item.what + (item.part ? " (" + item.part + ")" : "")),
        cell(assignment || (item.category === "annual-cycle" ? "annual cycle" : item.category)),
        cell(item.kind),
        cell(item.line),
      );
      body.append(row);
    }
  }

  function highlight(item) {
    for (const row of body.querySelectorAll("tr")) {
      const match = row.dataset.date === (item.date || "") && row.dataset.id === (item.id || "");
      row.classList.toggle("active", match);
      if (match) row.scrollIntoView({ block: "nearest" });
    }
  }

  async function load() {
    const query = goalSelect.value ? "?goal=" + encodeURIComponent(goalSelect.value) : "";
    const response = await fetch("api/timeline" + query);
    if (!response.ok) throw new Error("the timeline did not load (" + response.status + ")");
    data = await response.json();
    document.getElementById("heading").textContent = "Deadlines and the annual cycle, " + (data.year || "");
    draw();
    svg.dataset.state = "ready";
  }

  async function goals() {
    const response = await fetch("api/graph/filters");
    if (!response.ok) return;
    const options = await response.json();
    for (const goal of options.goals) {
      const option = document.createElement("option");
      option.value = goal.key;
      option.textContent = goal.key + " " + goal.label;
      goalSelect.append(option);
    }
  }

  function fail(error) {
    statusLine.textContent = String(error && error.message ? error.message : error);
    statusLine.classList.add("error");
  }

  goalSelect.addEventListener("change", () => load().catch(fail));
  showAssignments.addEventListener("change", () => data && draw());
  showCycle.addEventListener("change", () => data && draw());
  goals().then(load).catch(fail);
})();
