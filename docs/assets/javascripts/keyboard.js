// Keyboard access to Material's header toggles (WCAG 2.1.1, 4.1.2). The menu and search
// buttons are <label>s for hidden checkboxes, which Tab skips: on a phone, or a desktop
// zoomed to 200 %, keyboard users could not open the menu. Each label gets a real <button>
// inside it, covering it exactly (a label may not take role="button": axe
// aria-allowed-role). The button does what clicking the label does (it clicks the
// checkbox); the click still reaches the label, so Material's own handlers run as before.
// Opening the menu moves focus into it, and Escape closes it again.
// Also names Material's search dialog, which has role="dialog" but no name (axe
// aria-dialog-name).
(function () {
  var MENU = "__drawer";
  var SEARCH = "__search";

  function labelButton(label, name) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || label.querySelector(".mstp-toggle")) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mstp-toggle";
    button.setAttribute("aria-label", name);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.appendChild(button);
    // A click on a button inside a label does not activate the label: do it here.
    button.addEventListener("click", function () { toggle.click(); });
    if (label.htmlFor === MENU) {
      button.setAttribute("aria-expanded", String(toggle.checked));
      toggle.addEventListener("change", function () {
        button.setAttribute("aria-expanded", String(toggle.checked));
        if (toggle.checked && document.activeElement === button) focusMenu();
      });
    }
    return button;
  }

  function focusMenu() {
    // The drawer becomes visible (and focusable) once the checkbox is checked.
    window.requestAnimationFrame(function () {
      var first = document.querySelector(".md-sidebar--primary .md-nav__list a[href]");
      if (first) first.focus();
    });
  }

  function closeMenuOnEscape(event) {
    var toggle = document.getElementById(MENU);
    if (event.key !== "Escape" || !toggle || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    var button = document.querySelector('.md-header label[for="' + MENU + '"] .mstp-toggle');
    if (button) button.focus();
  }

  function init() {
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.hasAttribute("aria-label") && !search.hasAttribute("aria-labelledby")) {
      search.setAttribute("aria-label", "Search");
    }
    var header = document.querySelector(".md-header");
    if (!header) return;
    header.querySelectorAll('label.md-header__button[for="' + MENU + '"]').forEach(
      function (label) { labelButton(label, "Menu"); });
    header.querySelectorAll('label.md-header__button[for="' + SEARCH + '"]').forEach(
      function (label) { labelButton(label, "Search"); });
    document.addEventListener("keydown", closeMenuOnEscape);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
