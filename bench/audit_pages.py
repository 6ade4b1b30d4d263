"""Page-speed audit of the built book (issue 10 targets): Lighthouse 12, medians of runs.

Serves the built site gzipped on 127.0.0.1 (as GitHub Pages does), runs Lighthouse
(mobile and desktop presets) several times over a text page and the heaviest chart
page, and prints the median scores and metrics. A benchmark, not a test: scores vary
with the machine's load (printed with the results).

usage: python bench/audit_pages.py [--site _build/html] [--runs 3] [--preset mobile,desktop] [PAGE ...]

Needs Node/npm (Lighthouse 12.2.3 is installed into ``$LH_DIR``, default
``/tmp/lighthouse-npm``, on first use) and Debian chromium (``$CHROMIUM``).

Targets (issue 10): mobile performance >= 0.90 on the chart page and >= 0.95 on a text
page, desktop >= 0.98, accessibility / best practices / SEO 1.00, each page's own bytes
<= 1.5 MB.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["book/index.html", "book/principles/opioid-withdrawal.html"]
LH_VERSION = "12.2.3"
TEXT = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map", ".inv")
TARGETS = {"mobile": {"chart": 0.90, "text": 0.95}, "desktop": {"chart": 0.98, "text": 0.98}}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(TEXT) and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


def _lighthouse() -> Path:
    lh_dir = Path(os.environ.get("LH_DIR", "/tmp/lighthouse-npm"))
    binary = lh_dir / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        lh_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "i", "-E", "-s", f"lighthouse@{LH_VERSION}"], cwd=lh_dir, check=True)
    return binary


def run_once(url: str, preset: str) -> dict:
    """One Lighthouse run: scores and metrics (ms, KiB)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lh.json"
        cmd = [
            str(_lighthouse()),
            url,
            "--only-categories=accessibility,best-practices,performance,seo",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run "
            "--disable-background-networking --disable-component-update --disable-sync",
        ]
        if preset == "desktop":
            cmd.insert(2, "--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
        subprocess.run(cmd, check=True, env=env, timeout=300)
        d = json.loads(out.read_text())
    a = d["audits"]
    return {
        **{k: v["score"] for k, v in d["categories"].items()},
        "FCP": a["first-contentful-paint"]["numericValue"],
        "LCP": a["largest-contentful-paint"]["numericValue"],
        "TBT": a["total-blocking-time"]["numericValue"],
        "CLS": a["cumulative-layout-shift"]["numericValue"],
        "SI": a["speed-index"]["numericValue"],
        "KiB": a["total-byte-weight"]["numericValue"] / 1024,
        "requests": len((a.get("network-requests", {}).get("details") or {}).get("items") or []),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--site", default=os.environ.get("BOOK_SITE", str(ROOT / "_build" / "html")))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", default="mobile,desktop")
    parser.add_argument("--json", help="also write every run here")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        sys.exit(f"no built site at {site} (make book, or --site)")
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    results = {}
    print(f"site {site}; load before: {os.getloadavg()[0]:.2f}", flush=True)
    cols = ["performance", "accessibility", "best-practices", "seo", "FCP", "LCP", "TBT", "CLS", "KiB"]
    print(f"{'page':45s} {'preset':8s} " + " ".join(f"{c[:6]:>7s}" for c in cols) + "   load", flush=True)
    try:
        for preset in args.preset.split(","):
            for page in args.pages:
                runs = []
                for _ in range(args.runs):
                    runs.append(run_once(f"{origin}/{page}", preset))
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results[f"{preset} {page}"] = {"runs": runs, "median": med}
                line = " ".join(
                    f"{med[c]:7.2f}"
                    if c in ("performance", "accessibility", "best-practices", "seo", "CLS")
                    else f"{med[c]:7.0f}"
                    for c in cols
                )
                perf = " ".join(f"{r['performance']:.2f}" for r in runs)
                print(f"{page:45s} {preset:8s} {line}   {os.getloadavg()[0]:.2f}  (perf {perf})", flush=True)
    finally:
        server.shutdown()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
