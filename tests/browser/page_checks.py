"""Measurements taken inside a page for the keyboard, target-size and reflow tests.

Each function runs a little JavaScript in the page and returns plain data, so the tests
read as the rules they check.
"""

from __future__ import annotations

from playwright.sync_api import Page

# Shared by the snippets below. `id` marks an element with a stable data-mstp-id, so the
# controls found on a page and the elements reached by Tab can be compared across calls.
_HELPERS = """
  const id = el => {
    if (!el.dataset.mstpId) {
      window.__mstpNextId = (window.__mstpNextId || 0) + 1;
      el.dataset.mstpId = String(window.__mstpNextId);
    }
    return el.dataset.mstpId;
  };
  const describe = el => {
    const text = (el.getAttribute("aria-label") || el.textContent || el.title || "").trim();
    const where = el.getAttribute("href") || el.getAttribute("for") || el.id || el.className;
    const short = text.replace(/\\s+/g, " ").slice(0, 40);
    return `<${el.tagName.toLowerCase()} ${String(where).slice(0, 50)}> "${short}"`;
  };
  const shown = el => el.checkVisibility({visibilityProperty: true}) &&
    el.getClientRects().length > 0;
"""

_CONTROLS = "() => {" + _HELPERS + """
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[tabindex]:not([tabindex=""]), label[role=button]';
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    // tabindex=-1 takes a control out of the Tab order on purpose (Material's "Clear").
    if (el.disabled || el.closest("[inert], [hidden]") || el.tabIndex < 0) continue;
    if (el.matches(".md-option")) {            // palette radio: its visible label shows it
      const label = el.nextElementSibling;
      if (!el.checked || !label || !shown(label)) continue;
    } else if (el.matches("input.md-toggle")) {
      continue;                               // hidden checkboxes; their labels are the buttons
    } else if (!shown(el)) continue;
    found.push({id: id(el), what: describe(el)});
  }
  return found;
}"""

_FOCUSED = "() => {" + _HELPERS + """
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A hidden radio shows its focus on the label after it (Material's palette toggle).
  const target = el.matches(".md-option") ? el.nextElementSibling : el;
  const style = getComputedStyle(target);
  const rect = target.getBoundingClientRect();
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) ||
    (style.boxShadow && style.boxShadow !== "none");
  const onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 &&
    rect.top < innerHeight && rect.left < innerWidth;
  const visible = target.checkVisibility({visibilityProperty: true, opacityProperty: true});
  return {id: id(el), what: describe(el), ring, onScreen, visible};
}"""

# WCAG 2.5.8 Target Size (Minimum), as written: a target passes if it is at least 24 by 24
# CSS px; or if a 24 px circle centred on it meets no other target and no other undersized
# target's circle (spacing); or if it is inline, in a sentence (a block with other text).
_TARGETS = "(scope) => {" + _HELPERS + """
  const selector = 'a[href], button, input:not([type=hidden]):not(.md-option), select, ' +
    'textarea, summary, label[role=button]';
  const targets = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of root.querySelectorAll(selector)) {
      // Only what a reader can see and aim at (Material fades some icons in and out).
      if (!shown(el) || !el.checkVisibility({opacityProperty: true})) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      targets.push({el, rect, rects: [...el.getClientRects()]});
    }
  }
  const small = t => t.rect.width < 23.5 || t.rect.height < 23.5;
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const circleMeetsRect = ([x, y], r) => {
    const dx = Math.max(r.left - x, 0, x - r.right);
    const dy = Math.max(r.top - y, 0, y - r.bottom);
    return dx * dx + dy * dy < 144;
  };
  const inSentence = el => {
    const block = el.parentElement.closest("p, li, dd, dt, td, th, figcaption, blockquote");
    if (!block) return false;
    let other = block.textContent;
    for (const link of block.querySelectorAll("a, button")) {
      other = other.replace(link.textContent, "");
    }
    return other.replace(/[\\s.,;:·()\\[\\]-]/g, "").length >= 3;
  };
  const failures = [];
  for (const t of targets) {
    if (!small(t)) continue;
    const c = centre(t.rect);
    const crowded = targets.some(o => o !== t && (small(o)
      ? Math.hypot(...centre(o.rect).map((v, i) => v - c[i])) < 24
      : o.rects.some(r => circleMeetsRect(c, r))));
    if (!crowded || inSentence(t.el)) continue;
    const [w, h] = [t.rect.width, t.rect.height].map(Math.round);
    failures.push(`${describe(t.el)} is ${w}x${h} px`);
  }
  return failures;
}"""

# Reflow (WCAG 1.4.10): no sideways scrolling, and nothing pushed out of view. Content in
# a box that scrolls sideways on its own (a wide table) is allowed by the criterion.
_OVERFLOW = "() => {" + _HELPERS + """
  const doc = document.scrollingElement, width = doc.clientWidth;
  const problems = [];
  if (doc.scrollWidth > width) {
    problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${width}`);
  }
  const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const skip = ".md-skip, .mstp-sr-only";
  for (const el of document.querySelectorAll(".md-header *, .md-content *, .md-footer *")) {
    if (!shown(el) || el.matches(skip)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || (rect.right <= width + 1 && rect.left >= -1)) continue;
    let box = el.parentElement, inScroller = false;
    while (box && box !== document.body && !inScroller) {
      inScroller = scrolls(box);
      box = box.parentElement;
    }
    if (inScroller) continue;
    const [left, right] = [rect.left, rect.right].map(Math.round);
    problems.push(`${describe(el)} spans ${left}..${right} of ${width}`);
    if (problems.length > 10) break;
  }
  return problems;
}"""


def controls(page: Page) -> list[dict]:
    """Every visible interactive control (id and description)."""
    return page.evaluate(_CONTROLS)


def focused(page: Page) -> dict | None:
    """The focused element: id, description, whether it shows a focus ring on screen."""
    return page.evaluate(_FOCUSED)


def small_targets(page: Page, scope: str) -> list[str]:
    """Targets inside `scope` (a CSS selector) that fail WCAG 2.5.8 and its exceptions."""
    return page.evaluate(_TARGETS, scope)


def overflow(page: Page) -> list[str]:
    """Sideways scrolling, and elements of header, content or footer outside the viewport."""
    return page.evaluate(_OVERFLOW)
