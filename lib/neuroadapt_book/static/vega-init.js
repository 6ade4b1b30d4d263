// Static first, interactive on demand.
//
// Every chart arrives drawn: div.nb-vega-static holds its SVG, rendered at build time
// (wide and, when needed, narrow layout; CSS shows the one that fits), in currentColor
// ink, so it matches the theme, prints dark on white and needs no JavaScript. This
// module (small; no work at load) fetches the Vega runtime (vega-bundle.js, the site's
// own) only when a chart nears the viewport, or when the page is idle, and replaces each
// drawing in place with the live chart: the same layout, the same ink, the same room
// (the static drawing reserves the sliders' row), so nothing moves. Each chart is drawn
// exactly once per load; a theme switch needs no redraw (the ink is currentColor), and
// crossing the narrow breakpoint redraws with the sliders where the reader left them.
const BUNDLE = new URL("vega-bundle.js", import.meta.url).href;
const NARROW = window.matchMedia("(max-width: 720px)");
const views = (window.nbVegaViews = {});
const embeds = (window.nbVegaEmbeds = {}); // target id -> number of times drawn
window.nbVegaEmbedCount = 0;

let runtime = null;
const loadRuntime = () => (runtime ??= import(BUNDLE));

const scripts = Array.from(document.querySelectorAll("script.nb-vega-spec"));
const pending = new Set(scripts.map((s) => s.dataset.target));

// The chart's Vega spec, compiled at build time (wide, or narrow under the breakpoint),
// with the rows of each dataset put back from the Vega-Lite spec.
function specsFor(script) {
  const spec = JSON.parse(script.textContent);
  const id = script.dataset.target;
  const narrow = NARROW.matches && document.querySelector(`script.nb-vega-narrow[data-target="${id}"]`);
  const vg = JSON.parse((narrow || document.querySelector(`script.nb-vega-vg[data-target="${id}"]`)).textContent);
  const datasets = spec.datasets || {};
  for (const entry of vg.data || []) {
    if (entry.values === undefined && !entry.source && !entry.url && datasets[entry.name]) entry.values = datasets[entry.name];
  }
  return { spec, vg };
}

function boundSignals(spec, found = new Set()) {
  for (const p of spec.params || []) if (p.bind && p.bind.input) found.add(p.name);
  for (const key of ["layer", "hconcat", "vconcat", "concat"]) for (const s of spec[key] || []) boundSignals(s, found);
  if (spec.spec) boundSignals(spec.spec, found);
  return found;
}

// "Half-life (h)" -> "Half-life: 12 h" on one line, the slider under it (vega-figure.css);
// a slider that steps through a list shows the list's label ("Exposure: 2 days").
function labelBindings(target, spec, view) {
  const labels = (spec.usermeta || {}).slider_labels || {};
  for (const bind of target.querySelectorAll(".vega-bind")) {
    const nameEl = bind.querySelector(".vega-bind-name");
    const input = bind.querySelector("input[type=range]");
    if (!nameEl) continue;
    const match = nameEl.textContent.trim().match(/^(.*?)\s*\(([^)]*)\)$/);
    const name = match ? match[1] : nameEl.textContent.trim();
    const unit = match ? match[2] : "";
    nameEl.textContent = `${name}:`;
    if (!input) continue;
    bind.querySelector(".vega-bind-value")?.setAttribute("hidden", "");
    const out = document.createElement("output");
    out.className = "nb-bind-value";
    nameEl.after(out);
    const list = labels[input.name];
    const format = (v) => {
      if (list && list[Math.round(+v)] !== undefined) return String(list[Math.round(+v)]);
      const text = String(+(+v).toPrecision(4));
      const u = text === "1" && unit.endsWith("s") ? unit.slice(0, -1) : unit;
      return u ? `${text} ${u}` : text;
    };
    const update = () => {
      out.textContent = format(input.value);
      input.setAttribute("aria-valuetext", out.textContent);
    };
    input.addEventListener("input", update);
    view.addSignalListener(input.name, update);
    update();
  }
}

async function draw(id, previous) {
  const script = scripts.find((s) => s.dataset.target === id);
  const target = document.getElementById(id);
  const chart = target.closest(".nb-vega-chart");
  const still = chart.querySelector(".nb-vega-static");
  const { spec, vg: vgSpec } = specsFor(script);
  await loadRuntime();
  const holder = document.createElement("div");
  holder.className = target.className;
  holder.id = id;
  holder.hidden = true;
  const result = await window.vegaEmbed(holder, vgSpec, {
    mode: "vega",
    renderer: "svg",
    actions: false,
    tooltip: { theme: "custom" },
  });
  const view = result.view;
  if (previous) {
    for (const [name, value] of Object.entries(previous)) view.signal(name, value);
    await view.runAsync();
  }
  if (spec.description) {
    holder.setAttribute("aria-label", spec.description);
  }
  labelBindings(holder, spec, view);
  views[id]?.finalize();
  views[id] = view;
  embeds[id] = (embeds[id] || 0) + 1;
  window.nbVegaEmbedCount += 1;
  // Swap in one frame: the live chart takes the static drawing's place and room.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  if (still) {
    chart.style.minHeight = `${still.offsetHeight}px`;
    still.hidden = true;
  }
  holder.hidden = false;
  target.replaceWith(holder);
  requestAnimationFrame(() => (chart.style.minHeight = ""));
}

// One chart at a time, nearest first.
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

if (scripts.length) {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        request(entry.target.querySelector(".nb-vega").id);
      }
    },
    { rootMargin: "300px 0px" },
  );
  for (const s of scripts) observer.observe(document.getElementById(s.dataset.target).closest(".nb-vega-chart"));
  // The reader reaches for a chart (tap, keyboard): draw it now.
  for (const type of ["pointerdown", "focusin"]) {
    document.addEventListener(type, (event) => {
      const chart = event.target.closest?.(".nb-vega-chart");
      if (chart) request(chart.querySelector(".nb-vega").id);
    }, { passive: true });
  }
  // The rest, one per idle period once the page has loaded (charts far down the page).
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
  const drainIdle = () =>
    idle(() => {
      const next = pending.values().next();
      if (next.done) return;
      request(next.value).then(drainIdle);
    }, { timeout: 3000 });
  if (document.readyState === "complete") drainIdle();
  else window.addEventListener("load", drainIdle, { once: true });
  // Crossing the narrow breakpoint (a phone turned): redraw, keeping the sliders.
  NARROW.addEventListener("change", () => {
    for (const [id, view] of Object.entries(views)) {
      const script = scripts.find((s) => s.dataset.target === id);
      if (!document.querySelector(`script.nb-vega-narrow[data-target="${id}"]`)) continue;
      const names = boundSignals(JSON.parse(script.textContent));
      const previous = Object.fromEntries(Array.from(names, (n) => [n, view.signal(n)]));
      queue = queue.then(() => draw(id, previous)).catch((e) => console.error(e));
    }
  });
}
