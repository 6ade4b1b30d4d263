// Static first, interactive on demand (the "facade" pattern).
//
// Every chart arrives drawn: div.nb-vega-static holds its SVG, rendered at build time
// (wide and, when needed, narrow layout; CSS shows the one that fits), in currentColor
// ink, so it matches the theme, prints dark on white and needs no JavaScript. That
// drawing is the complete picture; the live chart adds tooltips and working sliders.
//
// The page holds each chart's Vega-Lite spec without its data (the datasets are in one file
// per page, the spec script's data-src) and the chart compiled to Vega at build time.
//
// At load this module does almost nothing: it turns each drawing's slider placeholders
// into real inputs (so Tab reaches them and a finger can take them), nothing else. The
// Vega runtime (vega-bundle.js: Vega only, no Vega-Lite compiler - the specs were
// compiled to Vega at build time) is fetched when the reader reaches for a figure:
// pointer over or down, touch, or keyboard focus on the figure or its controls. That
// chart is then drawn live and replaces the drawing in place, with the same layout, the
// same ink and the same room (the drawing reserves the sliders' row), so nothing moves;
// a value the reader already set on a placeholder slider is carried over, and focus
// follows to the live slider. Each chart is drawn exactly once per load; a theme switch
// needs no redraw (the ink is currentColor); crossing the narrow breakpoint redraws with
// the sliders where the reader left them.
//
// window.nbVegaLive(ids?) draws the given charts (all by default) now: for tests and
// for a page that wants every chart live.
const BUNDLE = new URL("vega-bundle.js", import.meta.url).href;
const NARROW = window.matchMedia("(max-width: 720px)");
const views = (window.nbVegaViews = {});
const embeds = (window.nbVegaEmbeds = {}); // target id -> number of times drawn
window.nbVegaEmbedCount = 0;

let runtime = null;
const loadRuntime = () => (runtime ??= import(BUNDLE).then(() => window.vega));

const scripts = Array.from(document.querySelectorAll("script.nb-vega-spec"));
const pending = new Set(scripts.map((s) => s.dataset.target));
const staged = {}; // target id -> {signal: value} set on a placeholder before the chart was live
const narrowable = {}; // target id -> whether the chart has a narrow layout
const vlSpecs = {};

const scriptFor = (id) => scripts.find((s) => s.dataset.target === id);
// The Vega-Lite spec in the page: parameters, usermeta, description (its datasets are in
// the page's chart data file, data-src, fetched when a chart goes live).
const vlSpec = (id) => (vlSpecs[id] ??= JSON.parse(scriptFor(id).textContent));
const inline = (id, cls) => document.querySelector(`script.${cls}[data-target="${id}"]`);

// A chart's datasets: from the page's chart data file ({target: {datasets}}, data-src), or
// (a spec that still holds them) from the spec itself.
const files = {};
function datasetsFor(id) {
  const src = scriptFor(id).dataset.src;
  if (!src) return Promise.resolve(vlSpec(id).datasets || {});
  const url = new URL(src, document.baseURI).href;
  files[url] ??= fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  });
  return files[url].then((all) => all[id].datasets);
}

// The chart's Vega spec, compiled at build time (wide, or narrow under the breakpoint),
// with the rows of each dataset put back.
async function specsFor(id) {
  const spec = vlSpec(id);
  const datasets = (await datasetsFor(id)) || {};
  const narrow = inline(id, "nb-vega-narrow");
  const vg = JSON.parse(((NARROW.matches && narrow) || inline(id, "nb-vega-vg")).textContent);
  for (const entry of vg.data || []) {
    if (entry.values === undefined && !entry.source && !entry.url && datasets[entry.name]) entry.values = datasets[entry.name];
  }
  return { spec, vg, hasNarrow: !!narrow };
}

// Parameters bound to an input, in the order the build-time drawing lists them.
function boundParams(spec, found = []) {
  for (const p of spec.params || []) if (p.bind && p.bind.input && !found.some((f) => f.name === p.name)) found.push(p);
  for (const key of ["layer", "hconcat", "vconcat", "concat"]) for (const s of spec[key] || []) boundParams(s, found);
  if (spec.spec) boundParams(spec.spec, found);
  return found;
}

// "12 h", or the slider's own label ("2 days") when it steps through a list.
function formatter(id, name, unit) {
  return (v) => {
    const list = ((vlSpec(id).usermeta || {}).slider_labels || {})[name];
    if (list && list[Math.round(+v)] !== undefined) return String(list[Math.round(+v)]);
    const text = String(+(+v).toPrecision(4));
    const u = text === "1" && unit.endsWith("s") ? unit.slice(0, -1) : unit;
    return u ? `${text} ${u}` : text;
  };
}

// "Half-life (h)" -> "Half-life: 12 h" on one line, the slider under it (vega-figure.css).
function labelBindings(target, id, view) {
  for (const bind of target.querySelectorAll(".vega-bind")) {
    const nameEl = bind.querySelector(".vega-bind-name");
    const input = bind.querySelector("input[type=range]");
    if (!nameEl) continue;
    const match = nameEl.textContent.trim().match(/^(.*?)\s*\(([^)]*)\)$/);
    const name = match ? match[1] : nameEl.textContent.trim();
    nameEl.textContent = `${name}:`;
    if (!input) continue;
    bind.querySelector(".vega-bind-value")?.setAttribute("hidden", "");
    const out = document.createElement("output");
    out.className = "nb-bind-value";
    nameEl.after(out);
    const format = formatter(id, input.name, match ? match[2] : "");
    const update = () => {
      out.textContent = format(input.value);
      input.setAttribute("aria-valuetext", out.textContent);
    };
    input.addEventListener("input", update);
    view.addSignalListener(input.name, update);
    update();
  }
}

// The drawing's slider placeholders become real inputs (same room: vega-figure.css), so the
// keyboard reaches them and a finger can start moving them while the runtime loads.
function armPlaceholders(id) {
  const chart = document.getElementById(id)?.closest(".nb-vega-chart");
  const row = chart?.querySelector(".nb-static-bindings");
  if (!row) return;
  let signals;
  try {
    signals = boundParams(vlSpec(id));
  } catch {
    return;
  }
  const binds = row.querySelectorAll(".vega-bind");
  if (binds.length !== signals.length) return;
  signals.forEach((signal, i) => {
    const bind = signal.bind;
    const holder = binds[i].querySelector(".nb-static-range, .nb-static-select");
    const out = binds[i].querySelector(".nb-bind-value");
    let input;
    if (bind.input === "range" && holder?.classList.contains("nb-static-range")) {
      input = document.createElement("input");
      input.type = "range";
      for (const key of ["min", "max", "step"]) if (bind[key] !== undefined) input[key] = String(bind[key]);
      input.value = String(signal.value);
      if (out) input.setAttribute("aria-valuetext", out.textContent);
    } else if (bind.input === "select" && holder?.classList.contains("nb-static-select")) {
      input = document.createElement("select");
      (bind.options || []).forEach((option, k) => {
        const el = new Option(String((bind.labels || [])[k] ?? option), String(k));
        el.selected = option === signal.value;
        input.add(el);
      });
    } else return;
    input.name = signal.name;
    input.className = "nb-static-input";
    const unit = (bind.name || "").match(/\(([^)]*)\)\s*$/)?.[1] || "";
    input.addEventListener("input", () => {
      const value = bind.input === "select" ? bind.options[+input.value] : +input.value;
      (staged[id] ??= {})[signal.name] = value;
      if (out) {
        out.textContent = bind.input === "select" ? input.selectedOptions[0].text : formatter(id, signal.name, unit)(value);
        if (bind.input === "range") input.setAttribute("aria-valuetext", out.textContent);
      }
    });
    holder.replaceWith(input);
  });
  row.removeAttribute("aria-hidden");
}

// Vega's tooltip as vega-tooltip's "custom" theme draws it (styled in vega-figure.css).
let tip = null;
function tooltip(handler, event, item, value) {
  tip ??= Object.assign(document.createElement("div"), { id: "vg-tooltip-element", className: "vg-tooltip custom-theme" });
  if (!tip.isConnected) document.body.append(tip);
  if (value == null || value === "") {
    tip.classList.remove("visible");
    return;
  }
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const show = (v) => (v !== null && typeof v === "object" ? esc(JSON.stringify(v)) : esc(v));
  if (typeof value === "object") {
    const { title, ...rest } = value;
    const rows = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<tr><td class="key">${esc(k)}</td><td class="value">${show(v)}</td></tr>`)
      .join("");
    tip.innerHTML = (title != null ? `<h2>${show(title)}</h2>` : "") + (rows ? `<table>${rows}</table>` : "");
  } else {
    tip.textContent = String(value);
  }
  tip.classList.add("visible");
  const { clientX: x, clientY: y } = event;
  const w = tip.offsetWidth, h = tip.offsetHeight;
  let left = x + 10, top = y + 10;
  if (left + w > window.innerWidth) left = Math.max(0, x - 10 - w);
  if (top + h > window.innerHeight) top = Math.max(0, y - 10 - h);
  tip.style.left = `${left}px`;
  tip.style.top = `${top}px`;
}

async function draw(id, previous) {
  const target = document.getElementById(id);
  const chart = target.closest(".nb-vega-chart");
  const still = chart.querySelector(".nb-vega-static");
  const [vega, { spec, vg, hasNarrow }] = await Promise.all([loadRuntime(), specsFor(id)]);
  const holder = document.createElement("div");
  holder.className = target.className;
  holder.id = id;
  holder.hidden = true;
  const view = new vega.View(vega.parse(vg), { renderer: "svg", container: holder, hover: true });
  view.tooltip(tooltip);
  for (const [name, value] of Object.entries({ ...staged[id], ...previous })) view.signal(name, value);
  delete staged[id];
  await view.runAsync();
  if (spec.description) holder.setAttribute("aria-label", spec.description);
  labelBindings(holder, id, view);
  views[id]?.finalize();
  views[id] = view;
  narrowable[id] = hasNarrow;
  embeds[id] = (embeds[id] || 0) + 1;
  window.nbVegaEmbedCount += 1;
  // Swap in one frame: the live chart takes the static drawing's place and room, and a
  // reader on a placeholder slider lands on the live one.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const focused = still?.contains(document.activeElement) ? document.activeElement.name : null;
  if (still) {
    chart.style.minHeight = `${still.offsetHeight}px`;
    still.hidden = true;
  }
  holder.hidden = false;
  target.replaceWith(holder);
  if (focused) holder.querySelector(`[name="${CSS.escape(focused)}"]`)?.focus();
  requestAnimationFrame(() => (chart.style.minHeight = ""));
}

// One chart at a time, in the order asked for.
let queue = Promise.resolve();
function request(id) {
  if (!pending.delete(id)) return queue;
  queue = queue
    .then(() => draw(id))
    .catch((error) => console.error(`chart ${id}:`, error))
    .then(() => {
      if (!pending.size) document.documentElement.dataset.vegaReady = String(scripts.length);
    });
  return queue;
}

window.nbVegaLive = (ids = scripts.map((s) => s.dataset.target)) => Promise.all(ids.map(request)).then(() => queue);

if (scripts.length) {
  for (const s of scripts) armPlaceholders(s.dataset.target);
  // The reader reaches for a figure (pointer, finger, keyboard): draw it now.
  for (const type of ["pointerover", "pointerdown", "touchstart", "focusin"]) {
    document.addEventListener(
      type,
      (event) => {
        const chart = event.target.closest?.(".nb-vega-chart");
        if (chart) request(chart.querySelector(".nb-vega").id);
      },
      { passive: true },
    );
  }
  // Crossing the narrow breakpoint (a phone turned): redraw, keeping the sliders.
  NARROW.addEventListener("change", () => {
    for (const [id, view] of Object.entries(views)) {
      if (!narrowable[id]) continue;
      const previous = Object.fromEntries(boundParams(vlSpec(id)).map((p) => [p.name, view.signal(p.name)]));
      queue = queue.then(() => draw(id, previous)).catch((e) => console.error(e));
    }
  });
}
