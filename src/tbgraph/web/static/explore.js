/* The graph explorer: draws /api/graph/{view} with Cytoscape.js (served by this application).
 *
 * Positions come from the server (the same layout as the report's PNG), so the picture is stable;
 * "Re-layout" runs Cytoscape's force-directed layout instead. Pan, zoom and drag are Cytoscape's
 * own. State lives in the URL query (view, goal, role, solution, owner, actor, assignment), so a view
 * can be linked: /explore?actor=nhn&role=lead. The role filter keeps whole assignments: those in
 * which the chosen actor (or, without one, anybody) has the role, with everyone else in them, so the
 * actor and its collaborators stay. Names of roles and kinds come from the page (the ontology's
 * labels in the page's language). Tests read #graph's data-state, data-view, data-node-count and
 * data-edge-count.
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

  const state = { view: "collaboration", goal: "", role: "", solution: "", owner: true, actor: "", assignment: "" };
  const t = JSON.parse(document.getElementById("messages").textContent);
  const names = JSON.parse(document.getElementById("names").textContent);
  const name = (key) => names[key] || key;
  const base = controls.dataset.base || "";
  // the day asked about (?as_of), passed on to every request and kept in every link
  const asOf = new URLSearchParams(window.location.search).get("as_of") || "";
  const withDay = (url) => (asOf ? url + (url.includes("?") ? "&" : "?") + "as_of=" + encodeURIComponent(asOf) : url);
  let cy = null;
  let current = null;
  let actors = [];
  let requestNumber = 0;


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
    return href ? withDay(base + href.replace(/^\//, "")) : null;
  }

  function swatch(colour, square) {
    const node = el("span", { class: "swatch" + (square ? " square" : "") });
    node.style.background = colour;
    return node;
  }

  function roleBadge(role) {
    return el("span", { class: "role", dataset: { role } }, name(role));
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
    state.actor = query.get("actor") || "";
    state.assignment = query.get("assignment") || "";
  }

  function writeUrl() {
    const query = new URLSearchParams();
    if (state.view !== "collaboration") query.set("view", state.view);
    for (const key of ["goal", "role", "solution"]) if (state[key]) query.set(key, state[key]);
    if (!state.owner) query.set("owner", "exclude");
    if (state.actor) query.set("actor", state.actor);
    if (state.assignment) query.set("assignment", state.assignment);
    if (asOf) query.set("as_of", asOf);
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
    const response = await fetch(withDay(base + "api/graph/filters"));
    if (!response.ok) throw new Error("the filter options did not load (" + response.status + ")");
    const options = await response.json();
    const english = document.documentElement.lang === "en";
    fill(document.getElementById("goal"), options.goals, (o) => o.key + " " + ((english && o.label_en) || o.label) + " (" + o.assignments + ")");
    fill(document.getElementById("role"), options.roles, (o) => name(o.key) + " (" + o.assignments + ")");
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
        "font-size": 13,
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 3,
        "text-wrap": "wrap",
        "text-max-width": 140,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.92,
        "text-background-padding": "2px",
        "text-background-shape": "round-rectangle",
        "border-width": 1.5,
        "border-color": "#ffffff",
        "min-zoomed-font-size": 0,
      },
    },
    { selector: 'node[type = "assignment"]', style: { shape: "round-rectangle", label: "data(short)", "font-size": 12 } },
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
        "font-size": 11,
        "text-background-color": "#fff7d6",
        "text-background-opacity": 1,
        "text-background-padding": "2px",
      },
    },
    {
      selector: "node.directed",
      style: {
        "text-max-width": 220, "font-size": 13, "min-zoomed-font-size": 0,
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
    const w = Math.max(graphBox.clientWidth, 320);
    const h = Math.max(graphBox.clientHeight, 360);
    if (data.view === "dependencies") return { w: Math.max(w, 900), h: Math.max(h, 44 * count) };
    if (data.view === "bipartite") return { w: Math.max(w, 900), h: Math.max(h, 34 * count) };
    return { w: Math.max(w, 900), h: Math.max(h, 760) };
  }

  /* The role filter, client-side over the whole graph: keep the assignments in which the chosen
   * actor (else anybody) has the role, and everyone in them. */
  function byRole(data) {
    if (!state.role || data.view === "dependencies") return data;
    const actorNode = state.actor ? data.nodes.find((n) => n.key === state.actor) : null;
    const wanted = new Set();
    for (const e of data.edges) {
      if (data.view === "collaboration") {
        for (const [id, who] of Object.entries(e.roles || {})) {
          for (const [key, roles] of Object.entries(who)) {
            if (roles.includes(state.role) && (!actorNode || key === actorNode.key)) wanted.add(id);
          }
        }
      } else if ((e.all_roles || [e.role]).includes(state.role)) {
        const actorEnd = data.nodes.find((n) => n.id === e.source && n.type === "actor") ? e.source : e.target;
        if (!actorNode || actorEnd === actorNode.id) wanted.add(actorEnd === e.source ? e.target : e.source);
      }
    }
    let edges;
    if (data.view === "collaboration") {
      edges = data.edges.filter((e) => e.assignments.some((id) => wanted.has(id)))
        .map((e) => Object.assign({}, e, { assignments: e.assignments.filter((id) => wanted.has(id)) }))
        .map((e) => Object.assign({}, e, { weight: e.assignments.length }));
    } else {
      edges = data.edges.filter((e) => wanted.has(e.source) || wanted.has(e.target));
    }
    const keep = new Set(edges.flatMap((e) => [e.source, e.target]));
    if (actorNode) keep.add(actorNode.id);
    return Object.assign({}, data, { nodes: data.nodes.filter((n) => keep.has(n.id)), edges });
  }

  function elements(data) {
    const scale = scaleFor(data);
    const top = Math.max(1, ...data.edges.map((e) => e.weight));
    const into = new Set(data.edges.map((e) => e.target));
    const outOf = new Set(data.edges.map((e) => e.source));
    const side = (id) => (!into.has(id) ? "source" : !outOf.has(id) ? "sink" : "middle");
    const nodes = data.nodes.map((n) => ({
      group: "nodes",
      data: Object.assign({}, n, { label: n.label, short: n.assignment_id || n.label }),
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
    if (!data.directed && data.nodes.length > 1) {
      cy.layout({
        name: "cose", animate: false, randomize: false, fit: true, padding: 20, nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 5000, idealEdgeLength: () => 50, edgeElasticity: () => 80, gravity: 0.6,
        nodeOverlap: 12, numIter: 1000, componentSpacing: 40,
      }).run();
    }
    separateLabels(cy);
    // never smaller than readable: labels of 13 px drawn at 85 % or more; pan for the rest
    if (cy.zoom() < 0.85) {
      cy.zoom(0.85);
      cy.center(cy.nodes().max((n) => n.data("size")).ele);
    } else if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center();
    }
    graphBox.dataset.view = data.view;
    graphBox.dataset.nodeCount = String(cy.nodes().length);
    graphBox.dataset.edgeCount = String(cy.edges().length);
    graphBox.dataset.state = "ready";
    window.tbgraphExplorer.cy = cy;
    showSummary(data);
    showLegend(data);
    showOverview(data);
  }

  /* Labels never overlap: where two nodes' boxes (node and label) still overlap after the layout,
   * push the two apart along the axis that needs the shorter move, until none does. */
  function separateLabels(graph) {
    const nodes = graph.nodes().toArray();
    for (let round = 0; round < 80; round++) {
      let moved = false;
      const boxes = nodes.map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = boxes[i], b = boxes[j];
          const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
          const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
          if (dx <= 0 || dy <= 0) continue;
          const pi = nodes[i].position(), pj = nodes[j].position();
          if (dy < dx) {
            const step = dy / 2 + 3, sign = pi.y <= pj.y ? -1 : 1;
            nodes[i].position({ x: pi.x, y: pi.y + sign * step });
            nodes[j].position({ x: pj.x, y: pj.y - sign * step });
          } else {
            const step = dx / 2 + 3, sign = pi.x <= pj.x ? -1 : 1;
            nodes[i].position({ x: pi.x + sign * step, y: pi.y });
            nodes[j].position({ x: pj.x - sign * step, y: pj.y });
          }
          moved = true;
          boxes[i] = nodes[i].boundingBox({ includeLabels: true, includeOverlays: false });
          boxes[j] = nodes[j].boundingBox({ includeLabels: true, includeOverlays: false });
        }
      }
      if (!moved) break;
    }
    graph.fit(undefined, 20);
  }

  async function load() {
    const number = ++requestNumber;
    graphBox.dataset.state = "loading";
    writeUrl();
    const query = new URLSearchParams();
    for (const key of ["goal", "role", "solution"]) if (state[key]) query.set(key, state[key]);
    if (!state.owner) query.set("owner", "exclude");
    const started = performance.now();
    query.delete("role");
    if (state.view === "dependencies" && state.role) query.set("role", state.role);
    if (asOf) query.set("as_of", asOf);
    const response = await fetch(base + "api/graph/" + state.view + (query.toString() ? "?" + query : ""));
    const whole = await response.json();
    const data = response.ok ? byRole(whole) : whole;
    if (number !== requestNumber) return; // a newer request is on its way
    if (!response.ok) {
      graphBox.dataset.state = "error";
      const detail = data && data.detail;
      const message = Array.isArray(detail) ? detail.map((d) => d.msg).join("; ")
        : detail ? (detail.message || JSON.stringify(detail)) : response.statusText;
      setStatus(message, true);
      return;
    }
    draw(data);
    setStatus(
      data.nodes.length + " " + t.nodes.toLowerCase() + ", " + data.edges.length + " " + t.edges.toLowerCase() +
        " · " + whole.build_ms + " + " + Math.round(performance.now() - started) + " ms",
    );
    if (data.nodes.length === 0) {
      details.replaceChildren(el("p", { class: "hint" }, t.none));
      return;
    }
    const chosen = state.actor ? cy.nodes().filter((n) => n.data("key") === state.actor)
      : state.assignment ? cy.nodes().filter((n) => n.data("assignment_id") === state.assignment) : null;
    if (chosen && chosen.length) {
      chosen[0].select();
      selectNode(chosen[0], true);
    }
  }

  // ---- panels -------------------------------------------------------------------------------

  function showSummary(data) {
    const s = data.summary;
    summaryBox.replaceChildren(
      el("h3", {}, t.graph_facts),
      el("dl", { class: "facts" },
        el("dt", {}, t.nodes), el("dd", {}, data.nodes.length),
        el("dt", {}, t.edges), el("dd", {}, data.edges.length),
        data.view === "dependencies" ? [el("dt", {}, t.acyclic), el("dd", {}, data.acyclic ? t.yes : t.no)] : null,
      ),
    );
  }

  function showLegend(data) {
    const shown = new Set(data.nodes.map((n) => n.kind));
    const roles = new Set(data.edges.map((e) => e.role).filter(Boolean));
    legendBox.replaceChildren(...[
      el("h3", {}, t.legend),
      el("ul", { class: "legend-list" },
        data.legend.filter((entry) => shown.has(entry.kind)).map((entry) =>
          el("li", {}, swatch(entry.colour, entry.kind === "Assignment" || entry.kind === "assignment"),
            name(entry.label)))),
      data.view === "bipartite" ? [
        el("h3", {}, t.edge_colour),
        el("ul", { class: "legend-list" }, Object.entries(ROLE_COLOURS).filter(([role]) => roles.has(role)).map(([role, colour]) => {
          const line = el("span", { class: "swatch line" });
          line.style.background = colour;
          return el("li", {}, line, name(role));
        })),
      ] : null,
      el("p", { class: "hint" },
        data.view === "collaboration" ? t.size_hint + " " + t.edge_width
          : data.view === "dependencies" ? t.depends : t.size_hint),
    ].flat().filter(Boolean));
  }

  function showOverview(data) {
    const hint = el("p", { class: "hint" }, t.click_hint);
    if (data.view !== "dependencies" || !data.chains) {
      details.replaceChildren(hint);
      return;
    }
    details.replaceChildren(
      hint,
      el("h3", {}, t.chains),
      el("ol", {}, data.chains.map((chain) =>
        el("li", {},
          el("strong", {}, chain.date), " ", chain.id || "", ": ", chain.what,
          el("ul", {}, chain.steps.map((step) =>
            el("li", { class: step.late ? "late" : null },
              step.label, step.date ? " (" + step.date + ")" : "", step.late ? " — " + t.late : "")))))),
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

  function selectNode(node, fromUrl) {
    focus(node);
    if (!fromUrl) {
      state.actor = node.data("type") === "actor" ? node.data("key") || "" : "";
      state.assignment = node.data("assignment_id") || "";
      writeUrl();
    }
    const data = node.data();
    if (data.type === "actor" && data.key) {
      showActor(data);
      return;
    }
    const rows = [
      el("h2", {}, swatch(data.colour, data.type === "assignment"), data.label),
      el("p", { class: "kind" }, data.kind_label || data.kind),
    ];
    if (data.assignment_id) rows.push(el("p", {}, el("strong", {}, data.assignment_id), " ", data.label));
    if (data.href) rows.push(el("p", {}, el("a", { href: link(data.href) }, t.open_page)));
    if (data.by) rows.push(el("p", {}, t.delivered_by + " " + data.by));
    if (data.date) rows.push(el("p", {}, data.date));
    if (data.deadlines && data.deadlines.length) rows.push(el("p", { class: "due" }, "Deadlines: " + data.deadlines.join(", ")));
    const waits = node.outgoers("node").map((n) => n.data("label"));
    const needs = node.incomers("node").map((n) => n.data("label"));
    if (current && current.directed) {
      if (needs.length) rows.push(el("h3", {}, t.waits_for), el("ul", {}, needs.map((t) => el("li", {}, t))));
      if (waits.length) rows.push(el("h3", {}, t.needed_by), el("ul", {}, waits.map((t) => el("li", {}, t))));
    } else if (data.type === "assignment") {
      const edges = node.connectedEdges();
      rows.push(el("h3", {}, t.actors), el("ul", {}, edges.map((e) => {
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
      el("p", { class: "hint" }, t.loading),
    );
    const response = await fetch(withDay(base + "api/graph/agencies/" + encodeURIComponent(data.key)));
    if (!response.ok) {
      details.append(el("p", { class: "error" }, t.load_failed + " (" + response.status + ")"));
      return;
    }
    const actor = await response.json();
    const items = actor.assignments.map((a) =>
      el("li", { dataset: { assignment: a.id } },
        el("a", { href: link(a.href) }, a.id), " ", a.title, " ",
        a.roles.map(roleBadge),
        a.via ? el("span", { class: "part" }, " " + t.through + " " + a.via) : null,
        a.parts.map((p) => el("div", { class: "part" }, t.in_part + " «" + p.part + "»: ", p.roles.map(roleBadge))),
        a.deadlines.length
          ? el("div", { class: "due" }, t.due + " ",
            a.deadlines.map((d) => (d.date || name(d.kind)) + (d.kind !== "final" && d.date ? " (" + name(d.kind) + ")" : "")).join(", "))
          : null,
      ));
    details.replaceChildren(
      el("h2", {}, swatch(actor.colour), actor.label),
      el("p", { class: "kind" }, name(actor.kind_label || ""), actor.href ? [" · ", el("a", { href: link(actor.href) }, t.page)] : null,
        " · ", el("a", { href: withDay(base + "timeline?agency=" + encodeURIComponent(actor.key)) }, t.timeline)),
      el("h3", {}, t.assignments + " (" + actor.assignments.length + ")"),
      el("ol", { id: "actor-assignments", class: "assignments" }, items),
    );
  }

  function showEdge(edge) {
    const data = edge.data();
    const source = edge.source().data("label");
    const target = edge.target().data("label");
    const labelOf = {};
    for (const n of [edge.source(), edge.target()]) if (n.data("key")) labelOf[n.data("key")] = n.data("label");
    for (const a of actors) if (!labelOf[a.key]) labelOf[a.key] = a.label;
    const rows = [el("h2", {}, source, current && current.directed ? " → " : " — ", target)];
    if (data.assignments && data.assignments.length) {
      rows.push(el("h3", {}, t.shared + " (" + data.assignments.length + ")"));
      rows.push(el("ul", {}, data.assignments.map((id) =>
        el("li", {}, el("strong", {}, id), " ",
          Object.entries((data.roles || {})[id] || {}).map(([who, roles]) =>
            el("div", {}, (labelOf[who] || who) + ": ", roles.map(roleBadge)))))));
    }
    if (data.role) rows.push(el("p", {}, t.role + ": ", (data.all_roles && data.all_roles.length ? data.all_roles : [data.role]).map(roleBadge)));
    if (data.parts && data.parts.length) rows.push(el("p", { class: "part" }, t.in_part + " " + data.parts.map((p) => "«" + p + "»").join(", ")));
    if (data.kind) rows.push(el("p", {}, name(data.kind) + (data.date ? ", " + data.date : "")));
    if (data.via && data.via.length) rows.push(el("p", { class: "part" }, t.through + " " + data.via.join("; ")));
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
      setStatus(t.no_match + " «" + text + "».", true);
      return false;
    }
    const node = found[0];
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node } }, { duration: 300 });
    selectNode(node);
    setStatus(node.data("label"));
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
    if (target.name === "view") state.assignment = "";
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
  // the form that changes the day keeps the view and filters chosen since the page was loaded
  const dayForm = document.querySelector("form.as-of");
  if (dayForm) {
    dayForm.addEventListener("submit", () => {
      for (const hidden of dayForm.querySelectorAll('input[type="hidden"]')) hidden.remove();
      for (const [key, value] of new URLSearchParams(window.location.search)) {
        if (key !== "as_of") dayForm.append(el("input", { type: "hidden", name: key, value }));
      }
    });
  }
  // the filter options and the graph are fetched side by side: the graph needs none of the options
  Promise.all([loadOptions().then(syncForm), load()]).catch(fail);
})();
