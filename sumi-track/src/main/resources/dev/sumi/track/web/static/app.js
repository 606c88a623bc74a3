// The sumi dashboard. All data from the server reaches the page through text nodes (el/text),
// never through innerHTML, so names, notes, tags and config values cannot inject markup.
"use strict";

/** Timings of the last renders in milliseconds, read by tests. */
window.sumiTimings = {};

/** Replaces the page's content; arrays are flattened and nulls skipped. */
function show(...children) {
  document.getElementById("view").replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function showError(message) {
  const e = document.getElementById("error");
  e.textContent = message;
  e.hidden = !message;
}

async function api(path, options) {
  const res = await fetch(path, options);
  const body = res.headers.get("Content-Type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
  return body;
}

/**
 * The runs matching a query, with the answer's ETag; null when they are unchanged since the answer
 * tagged etag, so that polling an unchanged table costs no parsing or drawing.
 */
async function fetchRuns(query, etag) {
  const res = await fetch(`/api/runs?${query}`, { headers: etag ? { "If-None-Match": etag } : {} });
  if (res.status === 304) return null;
  const body = res.headers.get("Content-Type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
  return { runs: body, etag: res.headers.get("ETag") };
}

const enc = encodeURIComponent;
const runUrl = (id) => `/api/runs/${enc(id)}`;
const fileUrl = (id, path) => `${runUrl(id)}/file?path=${enc(path)}`;

// ---- formatting ------------------------------------------------------------------------------

const fmt = {
  pct: (v) => (v === null || v === undefined ? "" : (100 * v).toFixed(2) + "%"),
  int: (v) => (v === null || v === undefined ? "" : Number(v).toLocaleString("en")),
  secs(v) {
    if (v === null || v === undefined) return "";
    if (v < 120) return v.toFixed(1) + " s";
    if (v < 7200) return (v / 60).toFixed(1) + " min";
    return (v / 3600).toFixed(1) + " h";
  },
  date: (ms) => (ms ? new Date(ms).toISOString().slice(0, 16).replace("T", " ") : ""),
  value(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "object") return JSON.stringify(v);
    if (typeof v === "number" && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
    return String(v);
  },
};

function statusBadge(run) {
  const s = run.stale ? "stale" : run.status;
  return el("span", { class: "status " + s }, s);
}

/** Resolves once the browser has laid out and painted what the page holds now. */
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// ---- routing ---------------------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  stopLive();
  stopRunsRefresh();
  showError("");
  for (const a of document.querySelectorAll("nav a")) {
    a.classList.toggle("active", a.dataset.view === (parts[0] || "runs"));
  }
  const views = { run: runPage, leaderboard: leaderboardPage, sweeps: sweepsPage };
  const view = views[parts[0]] || runsPage;
  view(parts.slice(1), params).catch((e) => showError(e.message));
}

function setHashParams(params) {
  const path = location.hash.replace(/^#/, "").split("?")[0] || "/";
  history.replaceState(null, "", "#" + path + (params.toString() ? "?" + params : ""));
}

// ---- charts ----------------------------------------------------------------------------------

const charts = new Set();

function chart(container) {
  const c = echarts.init(container, null, { renderer: "canvas" });
  charts.add(c);
  return c;
}

function disposeCharts() {
  for (const c of charts) c.dispose();
  charts.clear();
}

window.addEventListener("resize", () => charts.forEach((c) => c.resize()));

/** TensorBoard's debiased exponential moving average. */
function smooth(values, weight) {
  if (weight <= 0) return values;
  let last = 0;
  let n = 0;
  return values.map((y) => {
    if (y === null || !Number.isFinite(y)) return y;
    last = last * weight + (1 - weight) * y;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}

// ---- live updates ----------------------------------------------------------------------------

let live = null;

function stopLive() {
  if (live) live.close();
  live = null;
  document.getElementById("live-indicator").hidden = true;
}

/**
 * Watches running runs: series is Map runId -> Map key -> [[step, epoch, value], ...]; onPoints is
 * called after new points were appended, onStatus with a run that ended.
 */
function startLive(runIds, series, onPoints, onStatus) {
  stopLive();
  if (!runIds.length) return;
  const since = {};
  for (const id of runIds) {
    since[id] = {};
    for (const [key, points] of series.get(id) || new Map()) {
      if (points.length) since[id][key] = points[points.length - 1][0];
    }
  }
  live = new EventSource(`/api/live?since=${enc(JSON.stringify(since))}`);
  document.getElementById("live-indicator").hidden = false;
  live.addEventListener("points", (e) => {
    const d = JSON.parse(e.data);
    if (!series.has(d.run)) series.set(d.run, new Map());
    const keys = series.get(d.run);
    const points = keys.get(d.key) || [];
    const lastStep = points.length ? points[points.length - 1][0] : -Infinity;
    // After a reconnect the server resends from the old cursor; keep only what is new.
    for (const p of d.points) if (p[0] > lastStep) points.push(p);
    keys.set(d.key, points);
    onPoints(d.run, d.key);
  });
  live.addEventListener("status", (e) => onStatus(JSON.parse(e.data)));
  live.addEventListener("end", stopLive);
}

// ---- runs page -------------------------------------------------------------------------------

/** How often the runs table asks whether runs were added or changed. */
const RUNS_REFRESH_MS = 3000;
let runsRefresh = null;

function stopRunsRefresh() {
  clearInterval(runsRefresh);
  runsRefresh = null;
}

const runColumns = [
  { key: "name", label: "Name", value: (r) => r.name, cell: (r) => el("a", { href: `#/run/${enc(r.id)}` }, r.name) },
  { key: "status", label: "Status", value: (r) => r.status, cell: statusBadge },
  { key: "dataset", label: "Data set", value: (r) => r.dataset },
  { key: "model", label: "Model", value: (r) => r.model },
  { key: "sweepId", label: "Sweep", value: (r) => sweepNames.get(r.sweepId) || r.sweepId,
    cell: (r) => (r.sweepId ? el("a", { href: `#/?sweep=${enc(r.sweepId)}` }, sweepNames.get(r.sweepId) || r.sweepId) : "") },
  { key: "testAccuracy", label: "Test acc.", value: (r) => r.testAccuracy, cell: (r) => fmt.pct(r.testAccuracy), num: true },
  { key: "parameters", label: "Params", value: (r) => r.parameters, cell: (r) => fmt.int(r.parameters), num: true },
  { key: "trainSeconds", label: "Time", value: (r) => r.trainSeconds, cell: (r) => fmt.secs(r.trainSeconds), num: true },
  { key: "createdAt", label: "Created", value: (r) => r.createdAt, cell: (r) => fmt.date(r.createdAt) },
  { key: "tags", label: "Tags", value: (r) => r.tags.join(","), cell: (r) => editableText(r, "tags") },
  { key: "notes", label: "Notes", value: (r) => r.notes, cell: (r) => editableText(r, "notes") },
];

/** Sweep names by id, for the runs table; sorting by the sweep column groups each sweep's trials. */
const sweepNames = new Map();

/** An inline editor for a run's notes or tags that saves on change. */
function editable(run, field) {
  const value = field === "tags" ? run.tags.join(", ") : run.notes || "";
  const input = el("input", { class: "edit " + field, value, "aria-label": field, placeholder: field === "tags" ? "tags" : "notes" });
  input.addEventListener("change", async () => {
    const body = field === "tags"
      ? { tags: input.value.split(",").map((t) => t.trim()).filter(Boolean) }
      : { notes: input.value };
    try {
      const updated = await api(`${runUrl(run.id)}/${field}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      Object.assign(run, updated);
      input.classList.add("saved");
      setTimeout(() => input.classList.remove("saved"), 800);
    } catch (e) {
      showError(e.message);
    }
  });
  return input;
}

/** The text of a run's notes or tags that turns into an editor when clicked (cheap in big tables). */
function editableText(run, field) {
  const text = () => (field === "tags" ? run.tags.join(", ") : run.notes || "");
  const span = el("span", { class: "edit " + field, tabindex: 0, "data-placeholder": field }, text());
  const open = () => {
    const input = editable(run, field);
    input.addEventListener("blur", () => { span.textContent = text(); input.replaceWith(span); });
    span.replaceWith(input);
    input.focus();
  };
  span.addEventListener("click", open);
  span.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return span;
}

const isEmpty = (v) => v === null || v === undefined || v === "";

/** Orders runs by a column; empty values come last in either direction. */
function byColumn(col, desc) {
  return (a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    if (isEmpty(x) || isEmpty(y)) return isEmpty(x) - isEmpty(y);
    return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
  };
}

async function runsPage(_, params) {
  disposeCharts();
  const t0 = performance.now();
  const filters = { dataset: params.get("dataset"), model: params.get("model"), tag: params.get("tag"), sweep: params.get("sweep") };
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const [first, all, sweeps] = await Promise.all([fetchRuns(query), query.toString() ? api("/api/runs") : null, api("/api/sweeps")]);
  const runs = first.runs;
  let etag = first.etag;
  for (const s of sweeps) sweepNames.set(s.id, s.name);
  window.sumiTimings.tableFetch = performance.now() - t0;
  const everyRun = all || runs;
  const selected = new Set((params.get("select") || "").split(",").filter(Boolean));
  const state = { sort: params.get("sort") || "createdAt", desc: params.get("desc") !== "0" };

  const choice = (name, values) =>
    el("select", { name, "aria-label": name, onchange: (e) => { params.set(name, e.target.value); if (!e.target.value) params.delete(name); setHashParams(params); route(); } },
      el("option", { value: "" }, `all ${name === "dataset" ? "data sets" : name + "s"}`),
      [...new Set(everyRun.map((r) => r[name]).filter(Boolean))].sort().map((v) => el("option", { value: v, selected: v === filters[name] }, v)));
  const tagInput = el("input", { name: "tag", placeholder: "tag", value: filters.tag || "", "aria-label": "tag",
    onchange: (e) => { if (e.target.value) params.set("tag", e.target.value); else params.delete("tag"); setHashParams(params); route(); } });

  const tbody = el("tbody");
  const head = el("tr", null, el("th", { class: "col-select" }, ""), runColumns.map((c) =>
    el("th", { class: (c.num ? "num sortable" : "sortable") + " col-" + c.key, "data-key": c.key, onclick: () => {
      state.desc = state.sort === c.key ? !state.desc : c.num || c.key === "createdAt";
      state.sort = c.key;
      params.set("sort", state.sort);
      params.set("desc", state.desc ? "1" : "0");
      setHashParams(params);
      renderRows();
    } }, c.label)));
  const table = el("table", { id: "runs", class: "runs fixed" }, el("thead", null, head), tbody);

  // Only the rows in view (and a margin) are in the DOM, so a thousand runs lay out as fast as fifty.
  const ROW_HEIGHT = 30;
  const MARGIN_ROWS = 40;
  const wrap = el("section", { class: "table-wrap", onscroll: () => requestAnimationFrame(renderWindow) }, table);
  let sorted = [];
  let shown = [-1, -1];

  function renderRows() {
    const col = runColumns.find((c) => c.key === state.sort) || runColumns.find((c) => c.key === "createdAt");
    sorted = [...runs].sort(byColumn(col, state.desc));
    for (const th of head.querySelectorAll("th[data-key]")) {
      th.classList.toggle("sorted", th.dataset.key === state.sort);
      th.classList.toggle("desc", th.dataset.key === state.sort && state.desc);
    }
    shown = [-1, -1];
    renderWindow();
  }

  function renderWindow() {
    const first = Math.max(0, Math.floor(wrap.scrollTop / ROW_HEIGHT) - MARGIN_ROWS);
    const last = Math.min(sorted.length, first + Math.ceil((wrap.clientHeight || 800) / ROW_HEIGHT) + 2 * MARGIN_ROWS);
    if (first === shown[0] && last === shown[1]) return;
    shown = [first, last];
    const spacer = (rows) => el("tr", { class: "spacer", style: `height: ${rows * ROW_HEIGHT}px` });
    const frag = document.createDocumentFragment();
    if (first > 0) frag.append(spacer(first));
    for (const r of sorted.slice(first, last)) frag.append(row(r));
    if (last < sorted.length) frag.append(spacer(sorted.length - last));
    tbody.replaceChildren(frag);
  }

  function row(r) {
    const box = el("input", { type: "checkbox", "aria-label": "select " + r.name, checked: selected.has(r.id), onchange: (e) => {
      if (e.target.checked) selected.add(r.id); else selected.delete(r.id);
      params.set("select", [...selected].join(","));
      if (!selected.size) params.delete("select");
      setHashParams(params);
      curves.load();
    } });
    return el("tr", { "data-run": r.id }, el("td", { class: "col-select" }, box), runColumns.map((c) =>
      el("td", { class: (c.num ? "num " : "") + "col-" + c.key, title: c.key === "name" ? r.name : null }, c.cell ? c.cell(r) : fmt.value(c.value(r)))));
  }

  const count = el("span", { class: "count" });
  const showCount = () => { count.textContent = `${runs.length} run${runs.length === 1 ? "" : "s"}`; };
  showCount();

  // New and changed runs come in without a reload; sorting, filters, selection and scrolling stay.
  async function refresh() {
    const editing = () => tbody.querySelector("input.edit"); // an open editor defers the update
    if (document.hidden || editing()) return;
    const fresh = await fetchRuns(query, etag);
    if (!fresh || !wrap.isConnected || editing()) return;
    // The page's run objects are kept (editors and the curves hold them) and updated in place.
    const known = new Map(runs.map((r) => [r.id, r]));
    runs.splice(0, runs.length, ...fresh.runs.map((r) => (known.has(r.id) ? Object.assign(known.get(r.id), r) : r)));
    etag = fresh.etag;
    showCount();
    renderRows();
    drawParallel();
  }

  // The parallel view is drawn again only when runs were added or finished, not on every heartbeat.
  let parallelDrawnFor = null;
  function drawParallel() {
    const state = `${runs.length} ${runs.filter((r) => r.status === "finished").length}`;
    if (state === parallelDrawnFor) return;
    parallelDrawnFor = state;
    parallel.draw();
  }

  const curveBox = el("div", { id: "curves", class: "chart" });
  const parallel = parallelPanel(runs, params);
  const curves = curvePanel(curveBox, () => runs.filter((r) => selected.has(r.id)), params, (run) => {
    const i = runs.findIndex((r) => r.id === run.id);
    if (i >= 0) Object.assign(runs[i], run);
    renderRows();
    drawParallel();
  });

  show(
    el("section", { class: "filters" }, choice("dataset", "dataset"), choice("model", "model"), tagInput,
      filters.sweep ? el("span", { class: "chip" }, "sweep " + (sweepNames.get(filters.sweep) || filters.sweep)) : null,
      count),
    wrap,
    el("section", { class: "panel" }, el("h2", null, "Curves"), curves.controls, curveBox),
    el("section", { class: "panel" }, el("h2", null, "Hyper-parameters"), parallel.controls, parallel.box));
  renderRows();
  stopRunsRefresh();
  runsRefresh = setInterval(() => refresh().catch((e) => showError(e.message)), RUNS_REFRESH_MS);
  await painted();
  window.sumiTimings.table = performance.now() - t0;
  await curves.load();
  drawParallel();
}

/**
 * The overlay of the selected runs' curves: metric and x-axis choices, smoothing, and live growth
 * of running runs.
 */
function curvePanel(box, selectedRuns, params, onRunChanged) {
  const series = new Map(); // runId -> Map key -> points
  let c = null;
  let pending = false;
  const keySelect = el("select", { name: "metric", "aria-label": "metric", onchange: () => { params.set("key", keySelect.value); setHashParams(params); load(); } });
  const axisSelect = el("select", { name: "axis", "aria-label": "x axis", onchange: draw },
    el("option", { value: "step" }, "step"), el("option", { value: "epoch" }, "epoch"));
  const slider = el("input", { type: "range", name: "smoothing", min: 0, max: 0.99, step: 0.01, value: params.get("smooth") || 0, "aria-label": "smoothing" });
  const sliderValue = el("span", { class: "smooth-value" }, slider.value);
  slider.addEventListener("input", () => { sliderValue.textContent = slider.value; draw(); });
  const controls = el("div", { class: "controls" }, el("label", null, "metric ", keySelect), el("label", null, "x ", axisSelect),
    el("label", null, "smoothing ", slider, sliderValue));

  async function load() {
    const t0 = performance.now();
    const runs = selectedRuns();
    stopLive();
    if (!runs.length) {
      if (c) { c.dispose(); charts.delete(c); c = null; }
      box.replaceChildren(el("p", { class: "hint" }, "Select runs in the table to overlay their curves."));
      return;
    }
    const data = await api(`/api/series?runs=${enc(runs.map((r) => r.id).join(","))}` + (params.get("key") ? `&key=${enc(params.get("key"))}` : ""));
    keySelect.replaceChildren(...data.keys.map((k) => el("option", { value: k, selected: k === data.key }, k)));
    series.clear();
    for (const r of runs) series.set(r.id, new Map(data.key ? [[data.key, data.points[r.id]]] : []));
    const t1 = performance.now();
    draw();
    await painted();
    window.sumiTimings.overlayFetch = t1 - t0;
    window.sumiTimings.overlayRender = performance.now() - t1;
    window.sumiTimings.overlay = performance.now() - t0;
    const running = runs.filter((r) => r.status === "running").map((r) => r.id);
    startLive(running, series, () => {
      // Runs selected before they logged anything: their first points bring the metric names.
      if (!keySelect.value) { load(); return; }
      if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); }
    }, onRunChanged);
  }

  function draw() {
    const runs = selectedRuns();
    if (!runs.length) return;
    if (!c || c.isDisposed()) { box.replaceChildren(); c = chart(box); }
    const key = keySelect.value;
    const x = axisSelect.value === "epoch" ? 1 : 0;
    const w = Number(slider.value);
    const out = [];
    for (const r of runs) {
      const points = (series.get(r.id) || new Map()).get(key) || [];
      const ys = smooth(points.map((p) => p[2]), w);
      out.push({ name: r.name, type: "line", symbol: "none", animation: false, sampling: "lttb",
        data: points.map((p, i) => [p[x], ys[i]]) });
      if (w > 0) out.push({ name: r.name, type: "line", symbol: "none", animation: false, silent: true, sampling: "lttb",
        lineStyle: { opacity: 0.2 }, data: points.map((p) => [p[x], p[2]]) });
    }
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0, data: runs.map((r) => r.name) },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "value", name: axisSelect.value, nameLocation: "middle", nameGap: 25, scale: true },
      yAxis: { type: "value", name: key, scale: true },
      series: out,
    }, { notMerge: true });
  }

  return { controls, load, series, chartPointCount: () => countPoints(c) };
}

function countPoints(c) {
  if (!c || c.isDisposed()) return 0;
  return c.getOption().series.filter((s) => !s.silent).reduce((n, s) => n + s.data.length, 0);
}

/** Parallel coordinates: every config value that differs between runs, then the chosen metric. */
function parallelPanel(runs, params) {
  const box = el("div", { id: "parallel", class: "chart" });
  const select = el("select", { name: "pmetric", "aria-label": "parallel metric", onchange: () => draw(select.value) });
  // The metrics are listed again on every draw: runs that finish while the page is open bring theirs.
  function listMetrics() {
    const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.summary || {}).filter((k) => typeof r.summary[k] === "number")))].sort();
    const chosen = select.value || params.get("pmetric") || (metrics.includes("test_accuracy") ? "test_accuracy" : metrics[0]);
    select.replaceChildren(...metrics.map((m) => el("option", { value: m, selected: m === chosen }, m)));
  }
  function draw(metric) {
    const old = echarts.getInstanceByDom(box);
    if (old) { old.dispose(); charts.delete(old); }
    const withConfig = runs.filter((r) => r.config && Object.keys(r.config).length);
    if (!withConfig.length || !metric) {
      box.replaceChildren(el("p", { class: "hint" }, "No runs with hyper-parameters and a summary metric yet."));
      return;
    }
    let names = [...new Set(withConfig.flatMap((r) => Object.keys(r.config)))].sort();
    const varying = names.filter((n) => new Set(withConfig.map((r) => fmt.value(r.config[n]))).size > 1);
    if (varying.length) names = varying;
    names = names.slice(0, 20);
    const dims = names.map((n, i) => {
      const values = withConfig.map((r) => r.config[n]);
      const numeric = values.every((v) => v === undefined || v === null || typeof v === "number");
      return numeric ? { dim: i, name: n, type: "value", scale: true }
        : { dim: i, name: n, type: "category", data: [...new Set(values.map(fmt.value))].sort() };
    });
    dims.push({ dim: names.length, name: metric, type: "value", scale: true });
    const data = withConfig.map((r) => ({
      name: r.name,
      value: [...names.map((n, i) => (dims[i].type === "value" ? r.config[n] ?? null : fmt.value(r.config[n]))), r.summary[metric] ?? null],
    }));
    if (!box.isConnected) return;
    box.replaceChildren();
    chart(box).setOption({
      animation: false,
      parallelAxis: dims,
      parallel: { left: 60, right: 80, top: 40, bottom: 30 },
      visualMap: { show: false, dimension: names.length, min: Math.min(...data.map((d) => d.value.at(-1) ?? Infinity)),
        max: Math.max(...data.map((d) => d.value.at(-1) ?? -Infinity)), inRange: { color: ["#d94e5d", "#eac736", "#50a3ba"].reverse() } },
      series: [{ type: "parallel", lineStyle: { width: 1, opacity: 0.6 }, data }],
    });
  }
  return { box, controls: el("div", { class: "controls" }, el("label", null, "metric ", select)), draw: () => { listMetrics(); draw(select.value); } };
}

// ---- run page --------------------------------------------------------------------------------

async function runPage([id]) {
  disposeCharts();
  const [run, artifacts, keys] = await Promise.all([api(runUrl(id)), api(`${runUrl(id)}/artifacts`), api(`${runUrl(id)}/keys`)]);
  const fetchJson = (path) => api(fileUrl(id, path));
  const kv = (title, obj) => el("section", { class: "panel kv" }, el("h2", null, title),
    el("table", null, el("tbody", null, Object.entries(obj || {}).map(([k, v]) => el("tr", null, el("th", null, k), el("td", null, fmt.value(v)))))));
  const byKind = (kind) => artifacts.filter((a) => a.kind === kind);

  const curveGrid = el("div", { class: "curve-grid" });
  const page = [
    el("h1", null, run.name, " ", statusBadge(run)),
    el("p", { class: "meta" }, [run.dataset, run.model, run.sweepId ? "sweep " + run.sweepId : null, fmt.date(run.createdAt)].filter(Boolean).join(" · ")),
    el("section", { class: "panel" }, el("h2", null, "Notes and tags"), editable(run, "notes"), editable(run, "tags")),
    el("section", { class: "panel" }, el("h2", null, "Curves"), curveGrid),
    el("div", { class: "columns" }, kv("Summary", run.summary), kv("Config", run.config), kv("Environment", run.environment)),
  ];
  const cmBox = el("section", { class: "panel", id: "confusion" });
  const missBox = el("section", { class: "panel", id: "misclassified" });
  const imageBox = el("section", { class: "panel", id: "images" });
  page.push(cmBox, missBox, imageBox, el("section", { class: "panel" }, el("h2", null, "Artifacts"),
    el("ul", { class: "artifacts" }, artifacts.map((a) => el("li", null, el("a", { href: fileUrl(id, a.path), download: "" }, a.name), " ", el("span", { class: "kind" }, a.kind))))));
  show(page);

  // One small chart per metric.
  const series = new Map([[id, new Map()]]);
  const small = new Map();
  await Promise.all(keys.map(async (k) => series.get(id).set(k, (await api(`${runUrl(id)}/points?key=${enc(k)}`)).points)));
  const drawKey = (k) => {
    const points = series.get(id).get(k) || [];
    small.get(k).setOption({ animation: false, title: { text: k, textStyle: { fontSize: 13 } }, tooltip: { trigger: "axis" },
      grid: { left: 50, right: 10, top: 30, bottom: 25 }, xAxis: { type: "value", scale: true }, yAxis: { type: "value", scale: true },
      series: [{ type: "line", showSymbol: false, data: points.map((p) => [p[0], p[2]]) }] });
  };
  for (const k of keys) {
    const box = el("div", { class: "chart small", "data-key": k });
    curveGrid.append(box);
    small.set(k, chart(box));
    drawKey(k);
  }
  if (run.status === "running") {
    startLive([id], series, (_, k) => {
      if (!small.has(k)) { const box = el("div", { class: "chart small", "data-key": k }); curveGrid.append(box); small.set(k, chart(box)); }
      drawKey(k);
    }, () => {});
  }

  const cm = byKind("confusion_matrix")[0];
  if (cm) {
    const { labels, counts, rows, columns } = formats.confusion(await fetchJson(cm.path));
    const box = el("div", { class: "chart square", id: "confusion-chart" });
    cmBox.replaceChildren(el("h2", null, "Confusion matrix"), box);
    const data = [];
    let max = 0;
    counts.forEach((row, t) => row.forEach((n, p) => { data.push([p, t, n]); max = Math.max(max, n); }));
    chart(box).setOption({
      animation: false,
      // ECharts shows a formatter's string as HTML.
      tooltip: { formatter: (d) => echarts.format.encodeHTML(`${rows} ${labels[d.value[1]]}, ${columns} ${labels[d.value[0]]}: ${d.value[2]}`) },
      grid: { left: 60, right: 20, top: 20, bottom: 60 },
      xAxis: { type: "category", data: labels, name: columns, nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "category", data: labels, name: rows, inverse: true, nameLocation: "middle", nameGap: 40 },
      visualMap: { min: 0, max: Math.max(1, max), show: false, inRange: { color: ["#f7fbff", "#08306b"] } },
      series: [{ type: "heatmap", data, label: { show: labels.length <= 12, fontSize: 10 } }],
    });
  }

  const miss = byKind("misclassified")[0];
  if (miss) {
    const { sprite, width, height, examples } = formats.misclassified(await fetchJson(miss.path), miss.path);
    const tiles = examples.map((e) => el("canvas", { class: "tile", width, height, "aria-label": `test example ${e.index}` }));
    missBox.replaceChildren(el("h2", null, `Misclassified test examples (${examples.length})`),
      el("div", { class: "image-grid" }, examples.map((e, i) => el("figure", { class: "example", "data-index": e.index },
        tiles[i],
        el("figcaption", null, el("span", { class: "true" }, "true " + fmt.value(e.trueClass)), " ",
          el("span", { class: "predicted" }, "pred " + fmt.value(e.predictedClass)),
          e.probability === null ? null : el("span", { class: "prob" }, " " + (100 * e.probability).toFixed(1) + "%"))))));
    // One download of the sprite; each tile is cut from it.
    const image = new Image();
    image.onload = () => examples.forEach((e, i) => {
      tiles[i].getContext("2d").drawImage(image, e.x, e.y, width, height, 0, 0, width, height);
      tiles[i].dataset.drawn = "";
    });
    image.onerror = () => showError(`Could not load ${sprite}.`);
    image.src = fileUrl(id, sprite);
  }

  const imageArtifacts = [...byKind("filters"), ...byKind("feature_maps")];
  if (imageArtifacts.length) {
    const figures = [];
    for (const a of imageArtifacts) {
      for (const path of await formats.images(a, fetchJson)) {
        figures.push(el("figure", { class: "map " + a.kind }, el("img", { src: fileUrl(id, path), alt: a.name }), el("figcaption", null, a.name)));
      }
    }
    imageBox.replaceChildren(el("h2", null, "Filters and feature maps"), el("div", { class: "image-grid large" }, figures));
  }
}

// ---- leaderboard -----------------------------------------------------------------------------

async function leaderboardPage([dataset]) {
  disposeCharts();
  const datasets = await api("/api/datasets");
  const chosen = dataset || datasets[0];
  const select = el("select", { name: "dataset", "aria-label": "data set", onchange: (e) => { location.hash = `#/leaderboard/${enc(e.target.value)}`; } },
    datasets.map((d) => el("option", { value: d, selected: d === chosen }, d)));
  if (!chosen) {
    show(el("h1", null, "Leaderboard"), el("p", { class: "hint" }, "No runs yet."));
    return;
  }
  const runs = await api(`/api/leaderboard?dataset=${enc(chosen)}`);
  show(el("h1", null, "Leaderboard ", select), el("section", { class: "table-wrap" },
    el("table", { id: "leaderboard", class: "runs" },
      el("thead", null, el("tr", null, ["Rank", "Run", "Model", "Test acc.", "Params", "Time", "Date"].map((h) => el("th", null, h)))),
      el("tbody", null, runs.map((r, i) => el("tr", { "data-run": r.id },
        el("td", { class: "num rank" }, i + 1),
        el("td", null, el("a", { href: `#/run/${enc(r.id)}` }, r.name)),
        el("td", null, r.model),
        el("td", { class: "num acc" }, fmt.pct(r.testAccuracy)),
        el("td", { class: "num" }, fmt.int(r.parameters)),
        el("td", { class: "num" }, fmt.secs(r.trainSeconds)),
        el("td", null, fmt.date(r.createdAt))))))));
}

// ---- sweeps ----------------------------------------------------------------------------------

async function sweepsPage() {
  disposeCharts();
  const [sweeps, runs] = await Promise.all([api("/api/sweeps"), api("/api/runs")]);
  const trials = (s) => runs.filter((r) => r.sweepId === s.id);
  show(el("h1", null, "Sweeps"),
    sweeps.length ? null : el("p", { class: "hint" }, "No sweeps yet."),
    sweeps.map((s) => {
      const t = trials(s);
      const best = t.filter((r) => r.testAccuracy !== null).sort((a, b) => b.testAccuracy - a.testAccuracy)[0];
      return el("section", { class: "panel sweep", "data-sweep": s.id },
        el("h2", null, s.name, " ", el("a", { href: `#/?sweep=${enc(s.id)}` }, `${t.length} trials`)),
        el("p", { class: "meta" }, fmt.date(s.createdAt), best ? ` · best ${fmt.pct(best.testAccuracy)} (${best.name})` : ""),
        el("details", null, el("summary", null, "spec"), el("pre", null, s.spec)),
        el("table", { class: "runs" }, el("tbody", null, t.map((r) => el("tr", null,
          el("td", null, el("a", { href: `#/run/${enc(r.id)}` }, r.name)), el("td", null, statusBadge(r)),
          el("td", { class: "num" }, fmt.pct(r.testAccuracy)), el("td", null, Object.entries(r.config).map(([k, v]) => `${k}=${fmt.value(v)}`).join(" ")))))));
    }));
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
