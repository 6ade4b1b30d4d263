"""Throttled timings of a chart page's figures (issue 10 targets), in headless Chromium.

With 4x CPU throttling (CDP ``Emulation.setCPUThrottlingRate``) at 375 px, for each figure
of the page, medians of ``--runs`` fresh loads:

* **static**: time after navigation start at which the figure's build-time drawing is first
  laid out and shown (a requestAnimationFrame poll, i.e. the frame that paints it);
* **interactive**: the reader reaches for the figure (a pointer over it, "reached") in the
  first frame in which its drawing shows and the chart initialiser (vega-init.js, a module
  that runs once the page is parsed) listens; time after navigation start of the frame in which its live
  chart has replaced the drawing (the Vega runtime and the page's chart data loaded, the
  chart drawn). Each load reaches for one figure, so every figure is timed from a cold runtime.

Targets: static <= 1.5 s, interactive <= 2.5 s. The site is served locally (no network
throttling), gzipped as GitHub Pages serves it.

usage: python bench/figure_timings.py [--site _build/html] [--runs 3] [PAGE]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_pages import ROOT, _GzipHandler  # noqa: E402

PAGE = "book/principles/opioid-withdrawal.html"
WATCH = """(() => {
  // Each frame: note when each figure's drawing is first laid out; the figure number
  // window.__nbReachIndex is reached for (a pointer over it) in the first frame in which
  // its drawing shows and the page's chart initialiser has run, and the frame in which its
  // live chart has replaced the drawing is noted.
  const shown = (window.__nbShown = {});
  const live = (window.__nbLive = {});
  const tick = () => {
    const charts = document.querySelectorAll('.nb-vega-chart');
    charts.forEach((chart, i) => {
      if (shown[chart.id] === undefined) {
        const svg = Array.from(chart.querySelectorAll('.nb-vega-static svg')).find((s) => s.getClientRects().length);
        if (svg && svg.getBoundingClientRect().width > 0) shown[chart.id] = performance.now();
      }
      if (i === window.__nbReachIndex && shown[chart.id] !== undefined && window.__nbReached === undefined
          && (window.nbVegaLive || window.nbVegaEmbeds)) {
        window.__nbReached = performance.now();
        chart.dispatchEvent(new PointerEvent('pointerover', {bubbles: true, pointerType: 'touch'}));
      }
      const target = chart.querySelector('.nb-vega');
      if (live[chart.id] === undefined && target && (window.nbVegaEmbeds || {})[target.id] === 1) live[chart.id] = performance.now();
    });
    const done = document.readyState === 'complete' && charts.length
      && Object.keys(shown).length === charts.length && Object.keys(live).length >= 1;
    if (!done) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", nargs="?", default=PAGE)
    parser.add_argument("--site", default=os.environ.get("BOOK_SITE", str(ROOT / "_build" / "html")))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate", type=float, default=4)
    args = parser.parse_args(argv)
    handler = functools.partial(_GzipHandler, directory=args.site)
    import http.server

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{args.page}"
    results: dict[str, dict[str, list[float]]] = {}
    print(f"{args.page}: {args.rate:g}x CPU, 375 px; load {os.getloadavg()[0]:.2f}", flush=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        ids = None
        for _run in range(args.runs):
            index = 0
            while ids is None or index < len(ids):
                context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.rate})
                page.add_init_script(f"window.__nbReachIndex = {index};")
                page.add_init_script(WATCH)
                page.goto(url, wait_until="load")
                if ids is None:
                    ids = page.eval_on_selector_all(".nb-vega-chart", "cs => cs.map((c) => c.id)")
                chart_id = ids[index]
                page.wait_for_function(
                    f"window.__nbLive && window.__nbLive[{chart_id!r}] !== undefined", timeout=60_000
                )
                shown, live = page.evaluate("window.__nbShown"), page.evaluate("window.__nbLive")
                reached = page.evaluate("window.__nbReached")
                fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
                r = results.setdefault(chart_id, {})
                r.setdefault("reached", []).append(reached)
                r.setdefault("interactive", []).append(live[chart_id])
                for other, t in shown.items():
                    results.setdefault(other, {}).setdefault("static", []).append(t)
                results.setdefault("page", {}).setdefault("FCP", []).append(fcp or float("nan"))
                context.close()
                index += 1
        browser.close()
    server.shutdown()
    fcp = statistics.median(results.pop("page")["FCP"])
    print(f"first contentful paint (median): {fcp:.0f} ms")
    print(f"{'figure':45s} {'static ms':>10s} {'reached ms':>11s} {'live ms':>8s}  (after navigation start; medians)")
    for chart_id, r in results.items():
        row = [statistics.median(r[k]) if r.get(k) else float("nan") for k in ("static", "reached", "interactive")]
        print(f"{chart_id:45s} {row[0]:10.0f} {row[1]:11.0f} {row[2]:8.0f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
