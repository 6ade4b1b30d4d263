"""Every chart of the book, drawn at build time (wide and phone layouts), keeps its text
inside its own drawing and its wide layout inside the page's content box.

The drawings are the ones the site shows first (``spec_to_html`` -> vl-convert, laid out
in DejaVu Sans) and the print edition prints (the wide one). Text extents are estimated
from the SVG (transforms of the enclosing groups, anchor, font size, ~0.6 em per glyph
of DejaVu Sans), so the check needs no browser.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from neuroadapt_book.sphinx.vega import spec_to_html

#: The book's content box at desktop width (1280 px window): wider drawings are scaled
#: down, and their 12 px text with them, below the 11 px the book allows.
CONTENT_WIDTH_PX = 664  # the 672 px box less a few px of rounding


#: Average advance of a DejaVu Sans glyph, in em (digits and lower case ~0.6, capitals more).
GLYPH_EM = 0.55
SLACK_PX = 4


def _charts():
    from neuroadapt_book.figures import (
        aftermath,
        agonist_treatment,
        allostasis,
        dependence_map,
        genetics,
        homeostasis,
        learning,
        opponent,
        physiology,
        practices,
        receptors,
        tapers,
        tolerance,
        uneven_tolerance,
        withdrawal_care,
    )

    return {
        "dependence_map": lambda: dependence_map.dependence_map_chart(),
        "counter_adaptation": lambda: homeostasis.counter_adaptation_chart(
            exposure_h=72, time_constant_adaptation_h=12, gain=0.8
        ),
        "withdrawal_course": lambda: tolerance.withdrawal_course_chart(),
        "kindling": lambda: uneven_tolerance.kindling_chart(weeks_between=13.0),
        "tolerance_margin": lambda: uneven_tolerance.tolerance_margin_chart(break_day=14.0),
        "set_point_cycles": lambda: allostasis.set_point_cycles_chart(),
        "escalation": lambda: allostasis.escalation_chart(),
        "autoinduction": lambda: tolerance.autoinduction_chart(),
        "receptor_reserve": lambda: tolerance.receptor_reserve_chart(),
        "desensitization_recovery": lambda: receptors.desensitization_recovery_chart(),
        "alcohol_withdrawal": lambda: opponent.alcohol_withdrawal_chart(days=14),
        "adaptation_timescales": lambda: receptors.adaptation_timescales_chart(),
        "solomon_corbit": lambda: opponent.solomon_corbit_chart(n_uses=10, spacing_h=12.0),
        "lc_homeostat": lambda: opponent.lc_homeostat_chart(use_days=7),
        "aftermath": lambda: aftermath.aftermath_chart(),
        "symptom_triggered_lorazepam": lambda: withdrawal_care.symptom_triggered_chart(
            default_days=19, plateau_bac_g_per_dl=0.20, drug="lorazepam"
        ),
        "symptom_triggered": lambda: withdrawal_care.symptom_triggered_chart(default_days=13),
        "buprenorphine_timing": lambda: withdrawal_care.buprenorphine_timing_chart(
            default_drug="fentanyl", default_dose_mg=8.0
        ),
        "withdrawal_clock": lambda: practices.withdrawal_clock_chart(assessment_h=10.0, last_drink_clock_h=23.0),
        "genetics_exposure_curve": lambda: genetics.morphine_exposure_curve_chart(),
        "genetics_population": lambda: genetics.population_exposure_chart(),
        "induction_signal": lambda: agonist_treatment.induction_signal_chart(hour=12.0, dose_mg=8.0),
        "newborn_withdrawal": lambda: withdrawal_care.newborn_withdrawal_chart(default_half_life_h=20.0),
        "td_trial": lambda: learning.td_trial_profile_chart(drug_surge=0.5),
        "td_drug_surge": lambda: learning.td_drug_surge_chart(drug_surge=0.5),
        "siegel_context": lambda: learning.siegel_context_chart(),
        "half_life_withdrawal": lambda: physiology.half_life_withdrawal_chart(),
        "inducer": lambda: physiology.inducer_chart(),
        "taper_explorer": lambda: tapers.taper_explorer_chart(),
    }


CHART_NAMES = [
    "dependence_map", "counter_adaptation", "withdrawal_course", "kindling", "tolerance_margin",
    "set_point_cycles", "escalation", "autoinduction", "receptor_reserve", "desensitization_recovery",
    "alcohol_withdrawal", "adaptation_timescales", "solomon_corbit", "lc_homeostat", "aftermath",
    "symptom_triggered_lorazepam", "symptom_triggered", "buprenorphine_timing", "withdrawal_clock",
    "genetics_exposure_curve", "genetics_population", "induction_signal", "newborn_withdrawal", "td_trial",
    "td_drug_surge", "siegel_context", "half_life_withdrawal", "inducer", "taper_explorer",
]  # fmt: skip

_NUM = r"-?[0-9.]+(?:e-?[0-9]+)?"


def _matrix(transform: str | None):
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform or ""):
        v = [float(a) for a in re.findall(_NUM, args)]
        if name == "translate":
            t = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "rotate":
            r = math.radians(v[0])
            t = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
        elif name == "scale":
            t = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "matrix":
            t = tuple(v)
        else:
            continue
        m = _mul(m, t)
    return m


def _mul(a, b):
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def text_boxes(svg: str, *, marks: bool = False):
    """(text, x1, y1, x2, y2) of every text element, in the SVG's user space (estimated extents);
    with ``marks``, (text, x1, y1, x2, y2, mark): ``mark`` numbers the element's mark group
    (one axis's labels, one layer's text marks, one legend's labels)."""
    root = ET.fromstring(re.sub(r' xmlns="[^"]+"', "", svg, count=1))
    out = []
    groups = {}

    def walk(node, m, size, mark=None):
        m = _mul(m, _matrix(node.get("transform")))
        if node.tag == "g" and "mark-text" in (node.get("class") or ""):
            mark = groups.setdefault(id(node), len(groups))
        fs = node.get("font-size")
        if fs:
            size = float(re.match(_NUM, fs).group(0))
        if node.tag == "text":
            if marks and node.get("opacity") == "0":
                return  # a label the axis hid (labelOverlap)
            spans = node.findall("tspan")
            lines = [("".join(s.itertext()), float(s.get("dy") or 0)) for s in spans] or [("".join(node.itertext()), 0)]
            x0 = float(node.get("x") or 0)
            y = float(node.get("y") or 0)
            anchor = node.get("text-anchor") or "start"
            pts = []
            for line, dy in lines:
                y += dy
                w = len(line) * size * GLYPH_EM
                x1 = x0 - {"start": 0, "middle": w / 2, "end": w}[anchor]
                for px, py in (
                    (x1, y - 0.76 * size),
                    (x1 + w, y - 0.76 * size),
                    (x1, y + 0.24 * size),
                    (x1 + w, y + 0.24 * size),
                ):
                    pts.append((m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]))
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = (" / ".join(line for line, _ in lines), min(xs), min(ys), max(xs), max(ys))
            out.append(box + (mark,) if marks else box)
            return
        for child in node:
            walk(child, m, size, mark)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 11.0)
    return out


def view_box(svg: str):
    x, y, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    return x, y, x + w, y + h


def text_outside(svg: str):
    vx1, vy1, vx2, vy2 = view_box(svg)
    s = SLACK_PX
    return [
        (t, round(x1), round(y1), round(x2), round(y2))
        for t, x1, y1, x2, y2 in text_boxes(svg)
        if t.strip() and (x1 < vx1 - s or y1 < vy1 - s or x2 > vx2 + s or y2 > vy2 + s)
    ]


def drawings(spec: dict) -> dict:
    html = spec_to_html(spec, "vega-t")
    out = {}
    for which in ("wide", "narrow"):
        m = re.search(rf'nb-vega-static-{which}"[^>]*>(.*?</svg>)', html, re.S)
        if m:
            out[which] = m.group(1)
    return out


_CACHE: dict = {}


def _drawn(name):
    if name not in _CACHE:
        _CACHE[name] = drawings(_charts()[name]().to_dict())
    return _CACHE[name]


@pytest.mark.parametrize("name", CHART_NAMES)
def test_text_stays_inside_the_drawing(name):
    for which, svg in _drawn(name).items():
        assert not text_outside(svg), (which, view_box(svg), text_outside(svg))


@pytest.mark.parametrize("name", CHART_NAMES)
def test_wide_drawing_fits_the_content_box(name):
    svg = _drawn(name)["wide"]
    width = float(re.search(r'<svg[^>]*\bwidth="([0-9.]+)"', svg).group(1))
    assert width <= CONTENT_WIDTH_PX, width


def test_text_box_estimate_catches_text_past_the_edge():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">'
        '<g transform="translate(10,10)"><text transform="translate(-30,20) rotate(-90)" '
        'text-anchor="middle" font-size="12px">A long axis title</text>'
        '<text transform="translate(0,20)" font-size="12px">fits</text></g></svg>'
    )
    assert [t[0] for t in text_outside(svg)] == ["A long axis title"]


def test_fields_computed_in_the_page_are_named_once():
    from neuroadapt_book.sphinx.vega import data_table_html

    html = data_table_html(_charts()["desensitization_recovery"]().to_dict())
    m = re.search(r"Computed in the page from the slider: ([^<]*)\.</p>", html)
    assert m, html[:300]
    names = m.group(1).split(", ")
    assert names == list(dict.fromkeys(names)) and names[:2] == ["State", "Fraction"]


#: Least gap (px, estimated extents) between two texts of the same mark group in the phone drawing.
GAP_PX = 1.0


def text_overlaps(svg: str, *, across_marks: bool = False, gap: float = GAP_PX):
    """Pairs of visible texts whose estimated boxes come closer than ``gap`` px in both directions:
    texts of the same mark group (one axis's tick labels, one layer's text marks, one legend's
    labels), or with ``across_marks`` a text mark (an annotation) and any other text."""
    boxes = [b for b in text_boxes(svg, marks=True) if b[0].strip()]
    annotation = set()
    root = ET.fromstring(re.sub(r' xmlns="[^"]+"', "", svg, count=1))
    for n, g in enumerate(e for e in root.iter("g") if "mark-text" in (e.get("class") or "")):
        if "role-mark" in g.get("class"):
            annotation.add(n)
    out = []
    for i, p in enumerate(boxes):
        for q in boxes[i + 1 :]:
            if across_marks:
                if p[5] == q[5] or not (p[5] in annotation or q[5] in annotation):
                    continue
            elif p[5] != q[5]:
                continue
            if min(p[3], q[3]) - max(p[1], q[1]) > -gap and min(p[4], q[4]) - max(p[2], q[2]) > -gap:
                out.append((p[0], q[0]))
    return out


#: Phone drawings with text of one axis or layer still touching (estimated): to fix, then drop from here.
TEXT_TOUCHING = {"dependence_map"}  # LSD / amlodipine labels near the origin


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.xfail(strict=True)) if n in TEXT_TOUCHING else n for n in CHART_NAMES]
)
def test_phone_text_of_one_axis_or_layer_does_not_overlap(name):
    svg = _drawn(name).get("narrow") or _drawn(name)["wide"]
    assert not text_overlaps(svg), text_overlaps(svg)


#: Phone drawings whose annotations still touch other text (estimated): to fix, then drop from here.
ANNOTATIONS_TOUCHING = {
    "dependence_map",  # the lower quadrant labels' second lines on the x axis numbers; morphine on a quadrant label
    "alcohol_withdrawal",  # 'tremor' on its '6-168 h' window label
    "induction_signal",  # 'set point' on the methadone summary
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True)) if n in ANNOTATIONS_TOUCHING else n for n in CHART_NAMES],
)
def test_phone_annotations_keep_off_other_text(name):
    svg = _drawn(name).get("narrow") or _drawn(name)["wide"]
    assert not text_overlaps(svg, across_marks=True), text_overlaps(svg, across_marks=True)


def test_overlap_check_catches_labels_run_together():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
        '<g class="mark-text role-axis-label"><text transform="translate(20,20)" text-anchor="middle" '
        'font-size="12px">20</text><text transform="translate(33,20)" text-anchor="middle" font-size="12px">30</text>'
        '<text transform="translate(60,20)" text-anchor="middle" font-size="12px" opacity="0">40</text>'
        '<text transform="translate(100,20)" text-anchor="middle" font-size="12px">100</text></g>'
        '<g class="mark-text role-mark"><text transform="translate(100,20)" font-size="11px">heroin</text></g></svg>'
    )
    assert text_overlaps(svg) == [("20", "30")]
    assert text_overlaps(svg, across_marks=True) == [("100", "heroin")]
