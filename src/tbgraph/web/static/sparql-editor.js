// The SPARQL editor: CodeMirror (served by this server from web/node_modules), the letters' questions
// as examples with a form for their parameters, results as a table. Nothing is loaded from elsewhere.
// The editor shows the query's body; its PREFIX declarations and header comments are kept apart
// (shown on request) and sent in front of it.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const form = $("sparql-form");
  const textarea = $("query");
  const status = $("status");
  const results = $("results");
  const params = $("params");
  const examples = JSON.parse($("example-data").textContent);
  const defaultPrologue = JSON.parse($("prologue").textContent);
  const choices = JSON.parse($("choices").textContent);
  const t = JSON.parse($("messages").textContent);
  const endpoint = form.dataset.endpoint;
  const base = form.dataset.base;
  const canonical = "https://w3id.org/tbgraph/";
  const pageLang = document.documentElement.lang;
  let head = "";
  let editor = null;

  // Leading comment, blank, PREFIX and BASE lines → head; the rest → body.
  function split(text) {
    const lines = text.split("\n");
    let i = 0;
    while (i < lines.length && /^\s*(#.*|PREFIX\s.*|BASE\s.*|)$/i.test(lines[i])) i++;
    return [lines.slice(0, i).join("\n"), lines.slice(i).join("\n")];
  }
  function showHead(text) {
    head = text;
    $("prologue-text").textContent = head;
    $("prologue-box").hidden = !head.trim();
  }

  const [firstHead, firstBody] = split(textarea.value);
  showHead(firstHead);
  textarea.value = firstBody;
  if (window.CodeMirror) {
    editor = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      matchBrackets: true,
      indentUnit: 2,
      lineWrapping: true, // long lines wrap: the editor never scrolls sideways, on a phone neither
      extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run },
    });
    // a long query scrolls inside the editor: its scroller can be reached with the keyboard too
    editor.getScrollerElement().setAttribute("tabindex", "0");
    editor.getScrollerElement().setAttribute("aria-label", textarea.labels[0] ? textarea.labels[0].textContent : "SPARQL");
    editor.getInputField().setAttribute("aria-label", textarea.labels[0] ? textarea.labels[0].textContent : "SPARQL");
  } else {
    textarea.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
  }
  const getBody = () => (editor ? editor.getValue() : textarea.value);
  const setBody = (text) => (editor ? editor.setValue(text) : (textarea.value = text));
  const fullQuery = () => {
    const body = getBody();
    const declared = /^\s*PREFIX\s/im.test(head) || /^\s*PREFIX\s/im.test(body);
    return (declared ? head : defaultPrologue + head) + "\n" + body;
  };
  // without JavaScript the form sends the text area; with it, the whole query
  form.addEventListener("formdata", (e) => e.formData.set("query", fullQuery()));

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  let current = null;
  $("examples").addEventListener("change", (event) => {
    current = examples[Number(event.target.value)] || null;
    if (!current) return;
    const [h, b] = split(current.text);
    showHead(h);
    setBody(b);
    $("question").textContent = (choices.questions || {})[current.name] || current.question;
    buildParams(current.name);
  });

  function buildParams(name) {
    const list = (choices.parameters || {})[name] || [];
    params.replaceChildren();
    params.hidden = list.length === 0;
    for (const p of list) {
      let input;
      const options = choices[p.kind];
      if (options) {
        input = el("select", { name: p.name, "data-param": p.name },
          el("option", { value: "" }, "— " + t.choose + " —"),
          options.map(([value, label]) => el("option", { value }, label)));
      } else {
        input = el("input", { type: p.kind === "date" ? "date" : "text", name: p.name, "data-param": p.name });
      }
      input.addEventListener("change", () => fillIn(name));
      params.append(el("label", { title: p.description }, p.name + (p.required ? " *" : ""), input));
    }
  }

  async function fillIn(name) {
    const query = new URLSearchParams();
    for (const input of params.querySelectorAll("[data-param]")) if (input.value) query.set(input.name, input.value);
    const response = await fetch(base + "questions/" + name + "/query?" + query);
    const text = await response.text();
    if (!response.ok) {
      status.textContent = t.bad_value + " " + text;
      status.className = "status error";
      return;
    }
    status.textContent = "";
    status.className = "status";
    const [h, b] = split(text);
    showHead(h);
    setBody(b);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });

  function local(iri) {
    return iri.startsWith(canonical) ? base + iri.slice(canonical.length) : iri;
  }

  const prefixes = (defaultPrologue + "\n" + head).split("\n").map((line) => {
    const m = line.match(/^PREFIX (\w*): <(.*)>$/);
    return m ? [m[1], m[2]] : null;
  }).filter(Boolean);
  function short(iri) {
    if (iri.startsWith(canonical + "id/")) return iri.slice(canonical.length + 3);
    let best = null;
    for (const [p, ns] of prefixes) if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns];
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.append(el("a", { href: local(term.value), title: term.value }, short(term.value)));
    } else {
      td.textContent = term.value;
      // the language is the cell's, not noise after the text
      if (term["xml:lang"] && term["xml:lang"] !== pageLang) td.lang = term["xml:lang"];
      if (term.type === "bnode") td.className = "bnode";
      if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) td.className = "num";
    }
    return td;
  }

  function table(json) {
    const vars = json.head.vars || [];
    const tableEl = document.createElement("table");
    const headRow = tableEl.createTHead().insertRow();
    for (const v of vars) headRow.append(el("th", { scope: "col" }, v));
    const body = tableEl.createTBody();
    for (const binding of json.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(cell(binding[v]));
    }
    return tableEl;
  }

  async function run() {
    const query = fullQuery();
    const format = $("format").value;
    const accept = format ? "*/*" : "application/sparql-results+json, text/turtle;q=0.9";
    const body = new URLSearchParams({ query });
    if (format) body.set("format", format);
    status.textContent = t.running;
    status.className = "status";
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch(endpoint, { method: "POST", body, headers: { Accept: accept } });
    } catch (error) {
      status.textContent = t.no_answer + " " + error;
      status.className = "status error";
      return;
    }
    const ms = Math.round(performance.now() - started);
    const type = (response.headers.get("content-type") || "").split(";")[0];
    const text = await response.text();
    if (!response.ok) {
      status.textContent = `${t.error} ${response.status} ${t.after} ${ms} ms`;
      status.className = "status error";
      results.append(el("pre", {}, text));
      return;
    }
    const cut = response.headers.get("x-sparql-maxrows");
    if (type === "application/sparql-results+json") {
      const json = JSON.parse(text);
      if ("boolean" in json) {
        status.textContent = `${t.ask} ${ms} ms`;
        results.append(el("p", { class: "boolean" }, String(json.boolean)));
        return;
      }
      const n = json.results.bindings.length;
      status.textContent = `${n} ${n === 1 ? t.row : t.rows} ${t.in} ${ms} ms` + (cut ? ` — ${t.cut} ${cut}` : "");
      results.append(table(json));
    } else {
      status.textContent = `${type} ${t.in} ${ms} ms` + (cut ? ` — ${t.cut} ${cut}` : "");
      results.append(el("pre", {}, text));
    }
    history.replaceState(null, "", endpoint + "?query=" + encodeURIComponent(query));
  }

  // ?example=name (from a question's page) opens that question
  const wanted = new URLSearchParams(location.search).get("example");
  if (wanted) {
    const index = examples.findIndex((e) => e.name === wanted);
    if (index >= 0) { $("examples").value = String(index); $("examples").dispatchEvent(new Event("change")); }
  }
  if (form.dataset.autorun === "true") run();
})();
