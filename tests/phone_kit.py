"""What the phone tests read off the page in Chromium: text sizes, touch targets, whether an element is on
screen and on top."""

from __future__ import annotations

LABELS = ".hint, .fig span, small, th, .field span, legend, #matched-bar"  # may be 12 px; all else at least 13

# [tag, id, class, px, text] of every visible element with its own text under 12 px, or under 13 px outside labels
SMALL_TEXT_JS = """
const found = [];
for (const el of document.querySelectorAll("body *")) {
  const style = getComputedStyle(el);
  if (el.closest("[hidden]") || style.display === "none" || style.visibility === "hidden") continue;
  if (!el.getClientRects().length) continue;
  if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  const px = parseFloat(style.fontSize);
  if (px < 12 || (px < 13 && !el.closest(arguments[0])))
    found.push([el.tagName, el.id, String(el.className), px, el.textContent.trim().slice(0, 40)]);
}
return found;
"""
# [tag, id, class, height] of every visible touch target under 44 px tall
SMALL_TARGETS_JS = """
const found = [];
const targets = "button, select, input[type=search], input[type=text], .check, .choice, summary, td.c, th.u";
for (const el of document.querySelectorAll(targets)) {
  if (el.closest("[hidden]") || !el.getClientRects().length) continue;
  const height = el.getBoundingClientRect().height;
  if (height < 44) found.push([el.tagName, el.id, String(el.className), height]);
}
return found;
"""
# {top, bottom, height, shown, onTop}: where an element is against the viewport, and whether it is the one seen
ON_SCREEN_JS = """
const el = document.querySelector(arguments[0]);
const r = el.getBoundingClientRect();
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return {top: r.top, bottom: r.bottom, height: innerHeight, shown: !el.hidden && r.height > 0,
        onTop: Boolean(hit && (hit === el || el.contains(hit)))};
"""


def in_view(box: dict) -> bool:
    """The element is entirely within the viewport and nothing covers it."""
    return box["shown"] and box["onTop"] and 0 <= box["top"] and box["bottom"] <= box["height"]
