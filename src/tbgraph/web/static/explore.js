/* The graph explorer: draws /api/graph/{view} with Cytoscape.js (served by this application).
 *
 * Positions come from the server (the same layout as the report's PNG), so the picture is stable;
 * "Re-layout" runs Cytoscape's force-directed layout instead. Pan, zoom and drag are Cytoscape's
 * own. State lives in the URL query (view, goal, role, solution, owner), so a view can be linked.
 * Tests read #graph's data-state, data-view, data-node-count and data-edge-count.
 */
(function () {
  "use strict";

  const graphBox = document.getElementById("graph");
  const details = document.getElementById("details");
  const summaryBox = document.getElementById("summary");
  const legendBox = document.getElementById("legend");
  const statusLine = document.getElementById("status");
  const controls = document.getElementById("controls");
  const search = document.getElementById("search");
  const actorNames = document.getElementById("actor-names");

  const state = { view: "collaboration", goal: "", role: "", solution: "", owner: true };
  let cy = null;
  let current = null;
  let actors = [];
  let requestNumber = 0;

  const ROLE_NAMES = {
    owner: "owner", lead: "lead", coordinating: "coordinating", collaborating: "collaborating",
    assisting: "assisting", "providing-input": "providing input", consulted: "consulted",
    "receiving-delivery": "receiving the delivery",
  };

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /* Links from the API are absolute paths (/id/...); keep them relative so the pages work under a
   * proxy's path prefix too. */
  function link(href) {
    return href ? href.replace(/^\//, "") : null;
  }

  function swatch(colour, square) {
    const node = el("span", { class: "swatch" + (square ? " square" : "") });
    node.style.background = colour;
    return node;
  }

  function roleBadge(role) {
    return el("span", { class: "role", dataset: { role } }, ROLE_NAMES[role] || role);
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", Boolean(isError));
  }

  // ---- state <-> URL and form --------------------------------------------------------------

  function readUrl() {
    const query = new URLSearchParams(window.location.search);
    if (["collaboration", "dependencies", "bipartite"].includes(query.get("view"))) state.view = query.get("view");
    state.goal = query.get("goal") || "";
    state.role = query.get("role") || "";
    state.solution = query.get("solution") || "";
    state.owner = query.get("owner") !== "exclude";
  }

  function writeUrl() {
    const query = new URLSearchParams();
    if (state.view !== "collaboration") query.set("view", state.view);
    for (const key of ["goal", "role", "solution"]) if (state[key]) query.set(key, state[key]);
    if (!state.owner) query.set("owner", "exclude");
    const text = query.toString();
    window.history.replaceState(null, "", text ? "?" + text : window.location.pathname);
  }

  function syncForm() {
    for (const radio of controls.elements.view) radio.checked = radio.value === state.view;
    document.getElementById("goal").value = state.goal;
    document.getElementById("role").value = state.role;
    document.getElementById("solution").value = state.solution;
    document.getElementById("owner").checked = state.owner;
  }

  function fill(select, options, describe) {
    for (const option of options) {
      select.append(el("option", { value: option.key }, describe(option)));
    }
  }

  async function loadOptions() {
    const response = await fetch("api/graph/filters");
    if (!response.ok) throw new Error("the filter options did not load (" + response.status + ")");
    const options = await response.json();
    fill(document.getElementById("goal"), options.goals, (o) => o.key + " " + o.label + " (" + o.assignments + ")");
    fill(document.getElementById("role"), options.roles, (o) => (o.label_en || o.label) + " (" + o.assignments + ")");
    fill(document.getElementById("solution"), options.solutions, (o) => o.label + " (" + o.assignments + ")");
    actors = options.actors;
    for (const actor of actors) actorNames.append(el("option", { value: actor.label }));
  }

  // ---- drawing ------------------------------------------------------------------------------

  const STYLE = [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        width: "mapData(size, 0, 1, 16, 74)",
        height: "mapData(size, 0, 1, 16, 74)",
        label: "data(label)",
        "font-size": 11,
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 3,
        "text-wrap": "wrap",
        "text-max-width": 120,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": "1px",
        "border-width": 1.5,
        "border-color": "#ffffff",
        "min-zoomed-font-size": 6,
      },
    },
    { selector: 'node[type = "assignment"]', style: { shape: "round-rectangle" } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": "#9aa0a6",
        opacity: 0.65,
        "curve-style": "straight",
      },
    },
    {
      selector: "edge[role]",
      style: { "line-color": "data(roleColour)", opacity: 0.8 },
    },
    {
      selector: "edge.directed",
      style: {
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "target-arrow-color": "#5f6368",
        "line-color": "#7d8288",
        "arrow-scale": 1.1,
        label: "data(date)",
        "font-size": 9,
        "text-background-color": "#fff7d6",
        "text-background-opacity": 1,
        "text-background-padding": "2px",
      },
    },
    {
      selector: "node.directed",
      style: {
        "text-max-width": 210, "font-size": 11, "min-zoomed-font-size": 0,
        width: "mapData(size, 0, 1, 12, 34)", height: "mapData(size, 0, 1, 12, 34)",
      },
    },
    /* in the dependency view a label sits on the side of its node that has no arrows */
    { selector: "node.directed.source", style: { "text-halign": "left", "text-valign": "center", "text-margin-x": -6, "text-margin-y": 0 } },
    { selector: "node.directed.sink", style: { "text-halign": "right", "text-valign": "center", "text-margin-x": 6, "text-margin-y": 0 } },
    { selector: "node.directed.middle", style: { "text-valign": "top", "text-margin-y": -4 } },
    { selector: ".faded", style: { opacity: 0.12 } },
    { selector: "node.hit", style: { "border-color": "#111111", "border-width": 3 } },
    { selector: "node:selected", style: { "border-color": "#111111", "border-width": 3.5 } },
    { selector: "edge:selected", style: { "line-color": "#111111", opacity: 1 } },
  ];

  const ROLE_COLOURS = {
    owner: "#BBBBBB", lead: "#D55E00", coordinating: "#E69F00", collaborating: "#0072B2",
    assisting: "#009E73", "providing-input": "#CC79A7", consulted: "#56B4E9", "receiving-delivery": "#882255",
  };

  function scaleFor(data) {
    const count = data.nodes.length;
    if (data.view === "dependencies") return { w: 700, h: Math.max(450, 36 * count) };
    if (data.view === "bipartite") return { w: 1000, h: Math.max(700, 30 * count) };
    return { w: 1000, h: 850 };
  }

  function elements(data) {
    const scale = scaleFor(data);
    const top = Math.max(1, ...data.edges.map((e) => e.weight));
    const into = new Set(data.edges.map((e) => e.target));
    const outOf = new Set(data.edges.map((e) => e.source));
    const side = (id) => (!into.has(id) ? "source" : !outOf.has(id) ? "sink" : "middle");
    const nodes = data.nodes.map((n) => ({
      group: "nodes",
      data: Object.assign({}, n, { label: n.label }),
      position: { x: n.x * scale.w, y: n.y * scale.h },
      classes: data.directed ? "directed " + side(n.id) : "",
    }));
    const edges = data.edges.map((e) => {
      const fields = Object.assign({}, e, {
        width: data.view === "collaboration" ? 1 + (9 * (e.weight - 1)) / Math.max(1, top - 1) : 1.6,
        date: e.date || "",
      });
      if (e.role) fields.roleColour = ROLE_COLOURS[e.role] || "#9aa0a6";
      else delete fields.role;
      return { group: "edges", data: fields, classes: data.directed ? "directed" : "" };
    });
    return nodes.concat(edges);
  }

  function draw(data) {
    if (cy) cy.destroy();
    current = data;
    cy = window.cytoscape({
      container: graphBox,
      elements: elements(data),
      style: STYLE,
      layout: { name: "preset", fit: true, padding: 30 },
      minZoom: 0.1,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    cy.on("tap", "node", (event) => selectNode(event.target));
    cy.on("tap", "edge", (event) => showEdge(event.target));
    cy.on("tap", (event) => {
      if (event.target === cy) clearSelection();
    });
    graphBox.dataset.view = data.view;
    graphBox.dataset.nodeCount = String(cy.nodes().length);
    graphBox.dataset.edgeCount = String(cy.edges().length);
    graphBox.dataset.state = "ready";
    window.tbgraphExplorer.cy = cy;
    showSummary(data);
    showLegend(data);
    showOverview(data);
  }

  async function load() {
    const number = ++requestNumber;
    graphBox.dataset.state = "loading";
    writeUrl();
    const query = new URLSearchParams();
    for (const key of ["goal", "role", "solution"]) if (state[key]) query.set(key, state[key]);
    if (!state.owner) query.set("owner", "exclude");
    const started = performance.now();
    const response = await fetch("api/graph/" + state.view + (query.toString() ? "?" + query : ""));
    const data = await response.json();
    if (number !== requestNumber) return; // a newer request is on its way
    if (!response.ok) {
      graphBox.dataset.state = "error";
      const detail = data && data.detail;
      const message = Array.isArray(detail) ? detail.map((d) => d.msg).join("; ")
        : detail ? (detail.message || JSON.stringify(detail)) : response.statusText;
      setStatus("The graph could not be built: " + message, true);
      return;
    }
    draw(data);
    setStatus(
      data.nodes.length + " nodes, " + data.edges.length + " edges · built by the server in " + data.build_ms +
        " ms, drawn in " + Math.round(performance.now() - started) + " ms",
    );
    if (data.nodes.length === 0) {
      details.replaceChildren(el("p", { class: "hint" }, "Nothing matches these filters."));
    }
  }

  // ---- panels -------------------------------------------------------------------------------

  function showSummary(data) {
    const s = data.summary;
    summaryBox.replaceChildren(
      el("h3", {}, "This graph"),
      el("dl", { class: "facts" },
        el("dt", {}, "nodes"), el("dd", {}, s.nodes),
        el("dt", {}, "edges"), el("dd", {}, s.edges),
        el("dt", {}, "connected components"), el("dd", {}, s.components),
        el("dt", {}, "communities"), el("dd", {}, s.communities),
        el("dt", {}, "density"), el("dd", {}, s.density),
        data.view === "dependencies" ? [el("dt", {}, "free of cycles"), el("dd", {}, data.acyclic ? "yes" : "NO")] : null,
      ),
    );
  }

  function showLegend(data) {
    legendBox.replaceChildren(
      el("h3", {}, "Colour: kind"),
      el("ul", { class: "legend-list" },
        data.legend.map((entry) =>
          el("li", {}, swatch(entry.colour, entry.kind === "Assignment" || entry.kind === "assignment"),
            entry.label + " (" + entry.count + ")"))),
      el("p", { class: "hint" },
        data.view === "collaboration"
          ? "Size: centrality (betweenness and shared assignments). Width: number of shared assignments."
          : data.view === "dependencies"
            ? "Arrows point from a prerequisite to what waits for it; labels on arrows are dates."
            : "Edge colour: the actor's role. Size: centrality."),
    );
  }

  function showOverview(data) {
    const hint = el("p", { class: "hint" },
      "Click an actor to list its assignments; drag to pan, scroll to zoom, drag a node to move it.");
    if (data.view !== "dependencies" || !data.chains) {
      details.replaceChildren(hint);
      return;
    }
    details.replaceChildren(
      hint,
      el("h3", {}, "Chains leading to dated deadlines"),
      el("ol", {}, data.chains.map((chain) =>
        el("li", {},
          el("strong", {}, chain.date), " ", chain.id || "", ": ", chain.what,
          el("ul", {}, chain.steps.map((step) =>
            el("li", { class: step.late ? "late" : null },
              step.label, step.date ? " (" + step.date + ")" : "", step.late ? " — after the deadline" : "")))))),
    );
  }

  function clearSelection() {
    if (!cy) return;
    cy.elements().removeClass("faded hit");
    if (current) showOverview(current);
  }

  function focus(node) {
    cy.elements().removeClass("faded hit");
    const neighbourhood = node.closedNeighborhood();
    cy.elements().not(neighbourhood).addClass("faded");
    node.addClass("hit");
  }

  function selectNode(node) {
    focus(node);
    const data = node.data();
    if (data.type === "actor" && data.key) {
      showActor(data);
      return;
    }
    const rows = [
      el("h2", {}, swatch(data.colour, data.type === "assignment"), data.label),
      el("p", { class: "kind" }, data.kind_label || data.kind),
    ];
    if (data.href) rows.push(el("p", {}, el("a", { href: link(data.href) }, "Open the page of " + (data.assignment_id || "this resource"))));
    if (data.by) rows.push(el("p", {}, "Delivered by " + data.by));
    if (data.date) rows.push(el("p", {}, "Dated " + data.date));
    if (data.deadlines && data.deadlines.length) rows.push(el("p", { class: "due" }, "Deadlines: " + data.deadlines.join(", ")));
    const waits = node.outgoers("node").map((n) => n.data("label"));
    const needs = node.incomers("node").map((n) => n.data("label"));
    if (current && current.directed) {
      if (needs.length) rows.push(el("h3", {}, "Waits for"), el("ul", {}, needs.map((t) => el("li", {}, t))));
      if (waits.length) rows.push(el("h3", {}, "Needed by"), el("ul", {}, waits.map((t) => el("li", {}, t))));
    } else if (data.type === "assignment") {
      const edges = node.connectedEdges();
      rows.push(el("h3", {}, "Actors"), el("ul", {}, edges.map((e) => {
        const other = e.source().id() === node.id() ? e.target() : e.source();
        const played = e.data("all_roles") && e.data("all_roles").length ? e.data("all_roles") : [e.data("role")];
        return el("li", {}, other.data("label"), " ", played.filter(Boolean).map(roleBadge));
      })));
    }
    details.replaceChildren(...rows);
  }

  async function showActor(data) {
    details.replaceChildren(
      el("h2", {}, swatch(data.colour), data.label),
      el("p", { class: "hint" }, "Loading the assignments …"),
    );
    const response = await fetch("api/graph/agencies/" + encodeURIComponent(data.key));
    if (!response.ok) {
      details.append(el("p", { class: "error" }, "Could not load the actor (" + response.status + ")."));
      return;
    }
    const actor = await response.json();
    const items = actor.assignments.map((a) =>
      el("li", { dataset: { assignment: a.id } },
        el("a", { href: link(a.href) }, a.id), " ", a.title, " ",
        a.roles.map(roleBadge),
        a.via ? el("span", { class: "part" }, " through " + a.via) : null,
        a.parts.map((p) => el("div", { class: "part" }, "in the part “" + p.part + "”: ", p.roles.map(roleBadge))),
        a.deadlines.length
          ? el("div", { class: "due" }, "due ",
            a.deadlines.map((d) => (d.date || d.kind) + (d.kind !== "final" && d.date ? " (" + d.kind + ")" : "")).join(", "))
          : null,
      ));
    details.replaceChildren(
      el("h2", {}, swatch(actor.colour), actor.label),
      el("p", { class: "kind" }, actor.kind_label || "", actor.href ? [" · ", el("a", { href: link(actor.href) }, "page")] : null),
      el("h3", {}, actor.assignments.length + " assignment" + (actor.assignments.length === 1 ? "" : "s")),
      el("ol", { id: "actor-assignments", class: "assignments" }, items),
    );
  }

  function showEdge(edge) {
    const data = edge.data();
    const source = edge.source().data("label");
    const target = edge.target().data("label");
    const rows = [el("h2", {}, source, current && current.directed ? " → " : " — ", target)];
    if (data.assignments && data.assignments.length) {
      rows.push(el("h3", {}, data.assignments.length + " shared assignment" + (data.assignments.length === 1 ? "" : "s")));
      rows.push(el("ul", {}, data.assignments.map((id) =>
        el("li", {}, el("strong", {}, id), " ",
          Object.entries((data.roles || {})[id] || {}).map(([who, roles]) => el("span", {}, who + ": ", roles.map(roleBadge), " "))))));
    }
    if (data.role) rows.push(el("p", {}, "Role: ", roleBadge(data.role)));
    if (data.kind) rows.push(el("p", {}, "Depends on a " + data.kind + (data.date ? ", dated " + data.date : "")));
    if (data.via && data.via.length) rows.push(el("p", { class: "part" }, "through: " + data.via.join("; ")));
    details.replaceChildren(...rows);
  }

  // ---- search ---------------------------------------------------------------------------------

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function find(text) {
    if (!cy || !text.trim()) return false;
    const wanted = fold(text.trim());
    const nodes = cy.nodes();
    const exact = nodes.filter((n) => fold(n.data("label")) === wanted || fold(n.data("key")) === wanted);
    const found = exact.length ? exact : nodes.filter((n) => fold(n.data("label")).includes(wanted));
    if (!found.length) {
      setStatus("No actor in this graph matches “" + text + "”.", true);
      return false;
    }
    const node = found[0];
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node } }, { duration: 300 });
    selectNode(node);
    setStatus("Found " + node.data("label") + ".");
    return true;
  }

  // ---- wiring -------------------------------------------------------------------------------

  controls.addEventListener("change", (event) => {
    const target = event.target;
    if (target === search) return;
    if (target.name === "view") state.view = target.value;
    else if (target.name === "owner") state.owner = target.checked;
    else if (["goal", "role", "solution"].includes(target.name)) state[target.name] = target.value;
    else return;
    load().catch(fail);
  });
  controls.addEventListener("submit", (event) => event.preventDefault());
  search.addEventListener("change", () => find(search.value));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      find(search.value);
    }
  });
  document.getElementById("fit").addEventListener("click", () => cy && cy.fit(undefined, 30));
  document.getElementById("relayout").addEventListener("click", () => {
    if (!cy) return;
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, fit: true, padding: 30 }).run();
  });

  function fail(error) {
    graphBox.dataset.state = "error";
    setStatus(String(error && error.message ? error.message : error), true);
  }

  window.tbgraphExplorer = { cy: null, state, find, load };

  if (typeof window.cytoscape !== "function") {
    fail(new Error("Cytoscape.js did not load: run `npm ci --prefix web` on the server."));
    return;
  }
  readUrl();
  loadOptions()
    .then(() => {
      syncForm();
      return load();
    })
    .catch(fail);
})();
