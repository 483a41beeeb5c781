// Interaction for the graph page. Everything about the graph (positions, labels, owners,
// cycles) was decided by the engine and arrives in #graph-data; this script only pans,
// zooms, searches, filters, highlights and shows details. No eval, no network.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const svg = document.getElementById("graph");
  const scene = document.getElementById("scene");
  const viewport = document.getElementById("viewport");
  const details = document.getElementById("details");
  const search = document.getElementById("search");
  const searchCount = document.getElementById("search-count");
  const oneLevel = document.getElementById("one-level");
  const nodeEls = Array.from(scene.querySelectorAll("g.node"));
  const edgeEls = Array.from(scene.querySelectorAll("g.edge"));
  // In a VS Code webview "open" asks the extension; elsewhere it is a file:// link.
  const vscode = typeof acquireVsCodeApi === "function" ? acquireVsCodeApi() : null;

  const outgoing = data.nodes.map(() => []);
  const incoming = data.nodes.map(() => []);
  data.edges.forEach((e, k) => {
    outgoing[e.from].push(k);
    incoming[e.to].push(k);
  });

  // ---- view: pan and zoom -------------------------------------------------------------
  const view = { x: 0, y: 0, k: 1 };
  const MIN_ZOOM = 0.005;
  const MAX_ZOOM = 4;
  function applyView() {
    scene.setAttribute("transform", `translate(${view.x} ${view.y}) scale(${view.k})`);
  }
  function zoomAt(px, py, factor) {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.k * factor));
    view.x = px - ((px - view.x) * k) / view.k;
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    applyView();
  }
  function fitBox(x0, y0, x1, y1, maxZoom) {
    const r = viewport.getBoundingClientRect();
    const w = Math.max(x1 - x0, 1);
    const h = Math.max(y1 - y0, 1);
    view.k = Math.min(maxZoom, Math.max(MIN_ZOOM, Math.min(r.width / w, r.height / h) * 0.95));
    view.x = r.width / 2 - ((x0 + x1) / 2) * view.k;
    view.y = r.height / 2 - ((y0 + y1) / 2) * view.k;
    applyView();
  }
  function fit() {
    fitBox(0, 0, data.width, data.height, 1.5);
  }
  /** The first view: the whole graph when that is readable; a graph far taller or wider
   * than the window is shown from its top left at the scale that fits its short side. */
  function overview() {
    const r = viewport.getBoundingClientRect();
    const all = Math.min(r.width / data.width, r.height / data.height);
    if (all >= 0.25) {
      fit();
      return;
    }
    view.k = Math.min(1, Math.max(r.width / data.width, r.height / data.height));
    view.x = 10;
    view.y = 10;
    applyView();
  }
  function centreOn(indexes) {
    const boxes = indexes.map((i) => data.nodes[i]);
    const x0 = Math.min(...boxes.map((n) => n.x));
    const y0 = Math.min(...boxes.map((n) => n.y));
    const x1 = Math.max(...boxes.map((n) => n.x + n.w));
    const y1 = Math.max(...boxes.map((n) => n.y + n.h));
    // Zoom out to show them all, but never so far that a single node is unreadable.
    const r = viewport.getBoundingClientRect();
    const k = Math.max(0.6, Math.min(1.2, (Math.min(r.width / (x1 - x0 + 80), r.height / (y1 - y0 + 80)))));
    view.k = k;
    view.x = r.width / 2 - ((x0 + x1) / 2) * k;
    view.y = r.height / 2 - ((y0 + y1) / 2) * k;
    applyView();
  }

  let drag = null;
  viewport.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || ev.target.closest("g.node")) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
    viewport.setPointerCapture(ev.pointerId);
    viewport.classList.add("panning");
  });
  viewport.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x;
    const dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.x = drag.vx + dx;
    view.y = drag.vy + dy;
    applyView();
  });
  const endDrag = (ev) => {
    if (!drag) return;
    // A click on the background (no drag) clears the selection.
    if (!drag.moved && ev.type === "pointerup") select([]);
    drag = null;
    viewport.classList.remove("panning");
  };
  viewport.addEventListener("pointerup", endDrag);
  viewport.addEventListener("pointercancel", endDrag);
  viewport.addEventListener(
    "wheel",
    (ev) => {
      ev.preventDefault();
      const r = viewport.getBoundingClientRect();
      zoomAt(ev.clientX - r.left, ev.clientY - r.top, Math.exp(-ev.deltaY * 0.0015));
    },
    { passive: false },
  );
  const zoomCentre = (factor) => {
    const r = viewport.getBoundingClientRect();
    zoomAt(r.width / 2, r.height / 2, factor);
  };
  document.getElementById("zoom-in").addEventListener("click", () => zoomCentre(1.25));
  document.getElementById("zoom-out").addEventListener("click", () => zoomCentre(0.8));
  document.getElementById("fit").addEventListener("click", fit);

  // Tooltips are made on first hover (the page leaves them out to stay small and fast).
  const affectedWhy = new Map(data.affected.map(([i, why]) => [i, why]));
  const edgeIndex = new Map(edgeEls.map((g, k) => [g, k]));
  const nodeIndex = new Map(nodeEls.map((g, i) => [g, i]));
  function tooltip(g) {
    if (nodeIndex.has(g)) {
      const i = nodeIndex.get(g);
      const n = data.nodes[i];
      const why = affectedWhy.has(i) ? `\naffected: ${affectedWhy.get(i)}` : "";
      return `${n.id} at ${n.file}:${n.line}${why}`;
    }
    const e = data.edges[edgeIndex.get(g)];
    return `${data.nodes[e.from].id} → ${data.nodes[e.to].id} (${e.kind}) at ${e.file}:${e.line}`;
  }
  scene.addEventListener("pointerover", (ev) => {
    const g = ev.target.closest("g.edge, g.node");
    if (!g || g.querySelector("title")) return;
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = tooltip(g);
    g.prepend(title);
  });

  // ---- filters ------------------------------------------------------------------------
  const hiddenKinds = new Set();
  const hiddenEdges = new Set();
  const nodeVisible = (i) => !hiddenKinds.has(data.nodes[i].base);
  const edgeVisible = (k) => {
    const e = data.edges[k];
    return !hiddenEdges.has(e.kind) && nodeVisible(e.from) && nodeVisible(e.to);
  };
  function applyFilters() {
    nodeEls.forEach((el, i) => el.classList.toggle("hidden", !nodeVisible(i)));
    edgeEls.forEach((el, k) => el.classList.toggle("hidden", !edgeVisible(k)));
    select(selection.filter(nodeVisible));
    runSearch(false);
  }
  for (const box of document.querySelectorAll("input[data-filter-kind]")) {
    box.addEventListener("change", () => {
      if (box.checked) hiddenKinds.delete(box.dataset.filterKind);
      else hiddenKinds.add(box.dataset.filterKind);
      applyFilters();
    });
  }
  for (const box of document.querySelectorAll("input[data-filter-edge]")) {
    box.addEventListener("change", () => {
      if (box.checked) hiddenEdges.delete(box.dataset.filterEdge);
      else hiddenEdges.add(box.dataset.filterEdge);
      applyFilters();
    });
  }

  // ---- selection: upstream and downstream ---------------------------------------------
  let selection = [];
  const stopKinds = new Set(data.stopKinds);
  /** Nodes and edges reached from `start` along visible edges, in one direction; edges of
   * a stop kind are followed from the start only, and the node they reach is not gone on
   * from (the engine's `reach_goes_through`). */
  function reach(start, forward, nodes, edges) {
    let frontier = start.slice();
    const seen = new Set(start);
    let first = true;
    while (frontier.length) {
      const next = [];
      for (const i of frontier) {
        for (const k of forward ? outgoing[i] : incoming[i]) {
          if (!edgeVisible(k) || (!first && stopKinds.has(data.edges[k].kind))) continue;
          edges.add(k);
          const j = forward ? data.edges[k].to : data.edges[k].from;
          nodes.add(j);
          if (!seen.has(j) && !stopKinds.has(data.edges[k].kind)) {
            seen.add(j);
            next.push(j);
          }
        }
      }
      frontier = oneLevel.checked ? [] : next;
      first = false;
    }
  }
  function select(indexes) {
    selection = indexes;
    const chosen = new Set(indexes);
    const related = new Set();
    const relatedEdges = new Set();
    if (indexes.length) {
      reach(indexes, true, related, relatedEdges);
      reach(indexes, false, related, relatedEdges);
    }
    svg.classList.toggle("dim", indexes.length > 0);
    nodeEls.forEach((el, i) => {
      el.classList.toggle("selected", chosen.has(i));
      el.classList.toggle("related", related.has(i) && !chosen.has(i));
    });
    edgeEls.forEach((el, k) => el.classList.toggle("related", relatedEdges.has(k)));
    showDetails(indexes.length === 1 ? indexes[0] : null, indexes);
  }
  oneLevel.addEventListener("change", () => select(selection));
  document.getElementById("clear").addEventListener("click", () => select([]));
  scene.addEventListener("click", (ev) => {
    const g = ev.target.closest("g.node");
    if (g) select([nodeIndex.get(g)]);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      select([]);
      if (document.activeElement === search) search.value = "";
      runSearch(false);
    }
  });

  // ---- details panel ------------------------------------------------------------------
  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }
  function fileUrl(file, line) {
    let path = file.replace(/\\/g, "/");
    if (!path.startsWith("/") && !/^[A-Za-z]:\//.test(path)) {
      if (!data.fileBase) return encodeURI(path) + "#L" + line;
      path = data.fileBase.replace(/\\/g, "/").replace(/\/$/, "") + "/" + path;
    }
    if (!path.startsWith("/")) path = "/" + path;
    return "file://" + encodeURI(path) + "#L" + line;
  }
  function openLink(file, line) {
    const a = el("a", `${file}:${line}`, "open");
    a.href = fileUrl(file, line);
    a.title = "Open the file at this line";
    a.addEventListener("click", (ev) => {
      if (vscode) {
        ev.preventDefault();
        vscode.postMessage({ type: "open", file, line });
      }
    });
    return a;
  }
  function nodeLink(i) {
    const a = el("a", data.nodes[i].label);
    a.href = "#";
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      select([i]);
      centreOn([i]);
    });
    return a;
  }
  function edgeList(title, list, other, arrow) {
    details.append(el("h3", `${title} (${list.length})`));
    const ul = el("ul");
    for (const k of list) {
      const e = data.edges[k];
      const li = el("li");
      li.append(el("span", `${arrow} ${e.kind}${e.cycle ? " (cycle)" : ""} `, "edge-kind"), nodeLink(other(e)), " ", openLink(e.file, e.line));
      ul.append(li);
    }
    details.append(ul);
  }
  function showDetails(i, indexes) {
    details.replaceChildren();
    if (i === null) {
      if (!indexes.length) {
        details.hidden = true;
        return;
      }
      details.append(el("h2", `${indexes.length} nodes selected`));
      const ul = el("ul");
      for (const j of indexes) {
        const li = el("li");
        li.append(nodeLink(j), el("span", ` ${data.nodes[j].kind}`, "edge-kind"));
        ul.append(li);
      }
      details.append(ul);
      details.hidden = false;
      return;
    }
    const n = data.nodes[i];
    details.append(el("h2", n.label));
    const dl = el("dl");
    const row = (name, value) => {
      dl.append(el("dt", name));
      const dd = el("dd");
      dd.append(value);
      dl.append(dd);
    };
    row("kind", n.kind);
    row("id", n.id);
    if (n.owner !== null) row("owner", nodeLink(n.owner));
    row("declared", n.missing ? `${n.file} (workflow file not found)` : openLink(n.file, n.line));
    if (affectedWhy.has(i)) row("affected", affectedWhy.get(i));
    details.append(dl);
    edgeList("Upstream", incoming[i], (e) => e.from, "←");
    edgeList("Downstream", outgoing[i], (e) => e.to, "→");
    details.hidden = false;
  }

  // ---- search -------------------------------------------------------------------------
  let matches = [];
  let current = 0;
  function runSearch(jump) {
    const q = search.value.trim().toLowerCase();
    nodeEls.forEach((e) => e.classList.remove("match"));
    matches = [];
    if (q) {
      data.nodes.forEach((n, i) => {
        if (nodeVisible(i) && (n.label.toLowerCase().includes(q) || n.id.toLowerCase().includes(q))) matches.push(i);
      });
      matches.forEach((i) => nodeEls[i].classList.add("match"));
    }
    searchCount.textContent = q ? (matches.length ? `${current + 1} of ${matches.length}` : "no match") : "";
    if (jump && matches.length) {
      select([matches[current]]);
      centreOn([matches[current]]);
    }
  }
  search.addEventListener("input", () => {
    current = 0;
    runSearch(true);
  });
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && matches.length) {
      current = (current + (ev.shiftKey ? matches.length - 1 : 1)) % matches.length;
      runSearch(true);
    }
  });

  // ---- side lists: cycles and affected nodes ------------------------------------------
  for (const a of document.querySelectorAll("a[data-cycle]")) {
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      const cycle = data.cycles[Number(a.dataset.cycle)];
      select(cycle);
      centreOn(cycle);
    });
  }
  for (const a of document.querySelectorAll("a[data-node]")) {
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      const i = Number(a.dataset.node);
      select([i]);
      centreOn([i]);
    });
  }

  // ---- first view ---------------------------------------------------------------------
  if (data.focus.length) {
    select(data.focus);
    centreOn(data.focus);
  } else {
    overview();
  }
  window.addEventListener("resize", () => (selection.length ? centreOn(selection) : overview()));
  // Drawn: the frame's callbacks run before its paint, the timeout after it. The mark lets
  // tests and curious users read the time since navigation.
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark("innominatus-ready");
      document.body.dataset.ready = "1";
    }, 0),
  );
})();
