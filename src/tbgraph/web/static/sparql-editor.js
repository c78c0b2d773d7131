// The SPARQL editor: CodeMirror (served by this server from web/node_modules), example queries,
// results as a table. Works offline: nothing is loaded from elsewhere.
(function () {
  "use strict";
  const form = document.getElementById("sparql-form");
  const textarea = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const examples = JSON.parse(document.getElementById("example-data").textContent);
  const prologue = JSON.parse(document.getElementById("prologue").textContent);
  const endpoint = form.dataset.endpoint;
  const base = form.dataset.base;
  const canonical = "https://w3id.org/tbgraph/";
  let editor = null;

  if (window.CodeMirror) {
    editor = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      matchBrackets: true,
      indentUnit: 2,
      extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run },
    });
  } else {
    textarea.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
  }
  const getQuery = () => (editor ? editor.getValue() : textarea.value);
  const setQuery = (text) => (editor ? editor.setValue(text) : (textarea.value = text));

  document.getElementById("examples").addEventListener("change", (event) => {
    const example = examples[Number(event.target.value)];
    if (!example) return;
    // Example files declare their own prefixes; keep only the query body's comment header.
    setQuery(example.text);
    status.textContent = example.question;
  });

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });

  function local(iri) {
    return iri.startsWith(canonical) ? base + iri.slice(canonical.length) : iri;
  }

  function short(iri) {
    const prefixes = prologue.split("\n").filter(Boolean).map((line) => {
      const m = line.match(/^PREFIX (\w*): <(.*)>$/);
      return m ? [m[1], m[2]] : null;
    }).filter(Boolean);
    let best = null;
    for (const [p, ns] of prefixes) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns];
    }
    if (iri.startsWith(canonical + "id/")) return iri.slice(canonical.length + 3);
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = local(term.value);
      a.textContent = short(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        const s = document.createElement("span"); s.className = "lang"; s.textContent = "@" + term["xml:lang"]; td.appendChild(s);
      } else if (term.datatype && !term.datatype.endsWith("#string")) {
        const s = document.createElement("span"); s.className = "dt"; s.textContent = short(term.datatype); td.appendChild(s);
      }
      if (term.type === "bnode") td.className = "bnode";
    }
    return td;
  }

  function table(json) {
    const vars = json.head.vars || [];
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    for (const v of vars) { const th = document.createElement("th"); th.textContent = "?" + v; head.appendChild(th); }
    const body = t.createTBody();
    for (const binding of json.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(cell(binding[v]));
    }
    return t;
  }

  async function run() {
    const query = getQuery();
    const format = document.getElementById("format").value;
    const accept = format ? "*/*" : "application/sparql-results+json, text/turtle;q=0.9";
    const body = new URLSearchParams({ query });
    if (format) body.set("format", format);
    status.textContent = "Running…";
    status.className = "status";
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch(endpoint, { method: "POST", body, headers: { Accept: accept } });
    } catch (error) {
      status.textContent = "The server did not answer: " + error;
      status.className = "status error";
      return;
    }
    const ms = Math.round(performance.now() - started);
    const type = (response.headers.get("content-type") || "").split(";")[0];
    const text = await response.text();
    if (!response.ok) {
      status.textContent = `Error ${response.status} after ${ms} ms`;
      status.className = "status error";
      const pre = document.createElement("pre"); pre.textContent = text; results.appendChild(pre);
      return;
    }
    const cut = response.headers.get("x-sparql-maxrows");
    if (type === "application/sparql-results+json") {
      const json = JSON.parse(text);
      if ("boolean" in json) {
        status.textContent = `ASK answered in ${ms} ms`;
        const p = document.createElement("p"); p.className = "boolean"; p.textContent = String(json.boolean);
        results.appendChild(p);
        return;
      }
      const n = json.results.bindings.length;
      status.textContent = `${n} row${n === 1 ? "" : "s"} in ${ms} ms` + (cut ? ` — cut at the limit of ${cut} rows` : "");
      results.appendChild(table(json));
    } else {
      status.textContent = `${type} in ${ms} ms` + (cut ? ` — cut at the limit of ${cut} triples` : "");
      const pre = document.createElement("pre"); pre.textContent = text; results.appendChild(pre);
    }
    history.replaceState(null, "", endpoint + "?query=" + encodeURIComponent(query));
  }

  if (form.dataset.autorun === "true") run();
})();
