// Draw every Vega-Lite figure of the page with the site's own vega-embed.
// Runs as a module after vega-bundle.js (modules execute in order).
// Charts use the SVG renderer, so each drawing carries role="graphics-document"
// and an aria-label made from the chart's description.
const views = (window.nbVegaViews = {});

function isDark() {
  return document.documentElement.dataset.theme === "dark";
}

function themeConfig() {
  const ink = isDark() ? "#e6e6e6" : "#1a1a1a";
  const grid = isDark() ? "#444" : "#ddd";
  return {
    background: null,
    axis: { labelColor: ink, titleColor: ink, domainColor: ink, tickColor: ink, gridColor: grid },
    legend: { labelColor: ink, titleColor: ink },
    title: { color: ink, subtitleColor: ink },
    text: { color: ink },
    view: { stroke: grid },
  };
}

async function draw(script) {
  const target = document.getElementById(script.dataset.target);
  const spec = JSON.parse(script.textContent);
  if (views[target.id]) views[target.id].finalize();
  target.replaceChildren();
  const result = await window.vegaEmbed(target, spec, {
    renderer: "svg",
    actions: false,
    config: themeConfig(),
  });
  views[target.id] = result.view;
}

async function drawAll() {
  const scripts = document.querySelectorAll("script.nb-vega-spec");
  await Promise.all(Array.from(scripts, draw));
  document.documentElement.dataset.vegaReady = String(scripts.length);
}

await drawAll();
// Redraw when the reader switches between light and dark mode.
new MutationObserver(() => drawAll()).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ["data-theme"],
});
