"""Browser-side checks of a screen, run in the page by Playwright (no app code involved).

- :data:`OVERFLOW`: how far the document scrolls sideways (``scrollWidth - innerWidth``).
- :data:`OUTSIDE`: visible elements of ``root`` whose box leaves the viewport, or the box
  of ``frame`` (meeting slides: the screen, and the slide body that clips its content).
- :data:`CONTRAST`: contrast ratio of the text of headings, values and labels against
  the background behind it, from computed styles (HTML ancestors' backgrounds, or for a
  chart's SVG text the shape under it), per WCAG 2 relative luminance.
- :data:`VALUE_SIZES`: font sizes of the values written on charts and maps (every run
  of text with a digit in a slide's plotly figures).
- axe-core: :func:`axe_source` installs the npm package ``axe-core`` into a cache dir
  (never served by the app); :func:`axe_violations` injects it and keeps the serious and
  critical violations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

AXE_VERSION = "4.11.0"

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

OUTSIDE = """([root, frame]) => {
  const scope = document.querySelector(root) || document.body, found = [];
  const bounds = frame ? document.querySelector(frame).getBoundingClientRect()
    : {left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight};
  for (const element of [scope, ...scope.querySelectorAll('*')]) {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (element.closest('svg') && element.tagName.toLowerCase() !== 'svg') continue;
    if (element.closest('.visually-hidden, option, datalist')) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < bounds.left - 1 || box.top < bounds.top - 1 ||
        box.right > bounds.right + 1 || box.bottom > bounds.bottom + 1) {
      const name = element.id ? '#' + element.id : element.tagName.toLowerCase() + '.' +
        String(element.className && element.className.baseVal !== undefined ?
          element.className.baseVal : element.className).split(' ').join('.');
      found.push(`${name} [${Math.round(box.left)},${Math.round(box.top)},` +
        `${Math.round(box.right)},${Math.round(box.bottom)}]`);
    }
  }
  return found;
}"""

CONTRAST = """(selectors) => {
  function parse(colour) {
    const m = colour && colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  }
  function over(top, bottom) {
    const a = top.a;
    return {r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a),
            b: top.b * a + bottom.b * (1 - a), a: 1};
  }
  function luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  function htmlBackground(element) {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    let result = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }
  function svgBackground(text) {
    const box = text.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const svg = text.ownerSVGElement;
    // Shapes painted before the text (document order) under its centre: the last one wins.
    let under = null;
    if (svg) {
      const root = svg.closest('.js-plotly-plot') || svg;
      for (const shape of root.querySelectorAll('path, rect, circle, polygon')) {
        const style = getComputedStyle(shape);
        const fill = parse(style.fill);
        if (!fill || fill.a === 0 || style.display === 'none' || style.visibility === 'hidden')
          continue;
        const opacity = Number(style.fillOpacity || 1) * Number(style.opacity || 1);
        if (opacity === 0) continue;
        const b = shape.getBoundingClientRect();
        const painted = shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING;
        if (!painted || b.width * b.height === 0 || x < b.left || x > b.right || y < b.top ||
            y > b.bottom) continue;
        const matrix = shape.getScreenCTM();
        const point = matrix && new DOMPoint(x, y).matrixTransform(matrix.inverse());
        if (point && shape.isPointInFill(point)) under = {...fill, a: fill.a * opacity};
      }
    }
    const base = htmlBackground(svg ? svg.parentElement : text.parentElement);
    return under ? over(under, base) : base;
  }
  const results = [];
  // At most 40 elements of each selector: a long table's cells all look alike.
  const elements = selectors.split(',').flatMap(
    (selector) => [...document.querySelectorAll(selector.trim())].slice(0, 40));
  for (const element of elements) {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const text = (element.textContent || '').trim();
    if (!text || box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (element.closest('.visually-hidden')) continue;
    const isSvg = element instanceof SVGElement;
    const fg = parse(isSvg ? style.fill : style.color);
    if (!fg) continue;
    const bg = isSvg ? svgBackground(element) : htmlBackground(element);
    const value = ratio(over(fg, bg), bg);
    results.push({text: text.slice(0, 40), ratio: Math.round(value * 100) / 100,
                  size: parseFloat(style.fontSize), selector: element.tagName.toLowerCase() +
                  (element.id ? '#' + element.id : '')});
  }
  return results;
}"""

VALUE_SIZES = """() => {
  const sizes = [];
  // Every value drawn on a slide's chart or map: scatter/scattergeo/choropleth text
  // traces, bar and pie labels, annotations; in any plotly figure of the slide body.
  const values = ['.textpoint text', 'text.bartext', 'text.slicetext', '.text text',
                  '.scattergeo text', '.annotation-text'];
  const scope = '#rapat-body .js-plotly-plot ';
  // A value is a run of text with a digit, measured in the element that holds it (a
  // map's tile label writes the name smaller in its own tspan, the value at full size).
  for (const text of document.querySelectorAll(values.map(v => scope + v).join(', '))) {
    if (text.getBoundingClientRect().width === 0) continue;
    const runs = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let run = runs.nextNode(); run; run = runs.nextNode()) {
      if (!/[0-9]/.test(run.textContent)) continue;
      sizes.push({text: run.textContent.trim().slice(0, 20),
                  size: parseFloat(getComputedStyle(run.parentElement).fontSize)});
    }
  }
  return sizes;
}"""

TEXT_SELECTORS = ", ".join(
    [
        "h1",
        "h2",
        "h3",
        "label",
        "th",
        "td",
        ".tile-value",
        ".tile-label",
        ".tile-note",
        ".nav-link",
        ".navbar-brand",
        ".btn",
        ".rapat-foot > div",
        ".shell-status",
        ".card-header",
    ]
)
SVG_TEXT_SELECTORS = "#rapat-body .js-plotly-plot text:not(.scattergeo text)"
"""Text on the slides' charts and maps (axes, legends, colour bars), against what is
drawn behind it.  The labels written on a map's tiles take their colours from the map
component (``dashboard/components/maps.py``, black or white per fill) and are measured
on their own (:data:`MAP_LABELS`)."""
MAP_LABELS = "#rapat-map .scattergeo text"
"""The names and values written on the tiles of a slide's map, each against its fill."""
PAGE_MAP_LABELS = "[id$='-map'] .scattergeo text"
"""The same on the pages' maps (``ringkasan-map``, ``gugus-tugas-map``, ...)."""


def axe_source(cache: Path) -> str:
    """The text of ``axe.min.js`` (npm package ``axe-core``), installed into ``cache``."""
    script = cache / f"axe-core-{AXE_VERSION}" / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install axe-core for the accessibility scan")
        prefix = script.parents[2]
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--no-save"]
            + ["--loglevel", "error", f"axe-core@{AXE_VERSION}"],
            check=True,
            timeout=300,
            env={**os.environ, "npm_config_update_notifier": "false"},
        )
    return script.read_text(encoding="utf-8")


def axe_violations(page, source: str) -> list[str]:
    """Serious and critical axe-core violations of the page as ``rule: target`` lines."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)  # through the debugging protocol: the app's CSP does not apply
    result = page.evaluate(
        """async () => JSON.stringify((await axe.run(
             // a long table's rows after the 20th look like the first 20: not scanned again
             {include: [document], exclude: [['tbody tr:nth-child(n+21)'],
                                             ['.dash-spreadsheet-inner tr:nth-child(n+21)']]},
             {resultTypes: ['violations']}))
             .violations.filter(v => ['serious', 'critical'].includes(v.impact))
             .map(v => ({id: v.id, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                         count: v.nodes.length})))"""
    )
    return [
        f"{item['id']} ({item['count']}x): {', '.join(item['targets'])}"
        for item in json.loads(result)
    ]
