// Keyboard access to Material's header toggles (WCAG 2.1.1, 4.1.2). The menu and search
// buttons are <label>s for hidden checkboxes, which Tab skips: on a phone, or a desktop
// zoomed to 200 %, keyboard users could not open the menu. This makes them focusable
// buttons, moves focus into the menu when it opens, and lets Escape close it again.
(function () {
  var MENU = "__drawer";
  var SEARCH = "__search";

  function labelButton(label, name) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.setAttribute("aria-label", name);
    if (label.htmlFor === MENU) {
      label.setAttribute("aria-expanded", String(toggle.checked));
      toggle.addEventListener("change", function () {
        label.setAttribute("aria-expanded", String(toggle.checked));
        if (toggle.checked && document.activeElement === label) focusMenu();
      });
    }
    // Material already clicks a focused label on Enter; buttons also answer to Space.
    label.addEventListener("keydown", function (event) {
      if (event.key !== " ") return;
      event.preventDefault();
      label.click();
    });
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
    var button = document.querySelector('.md-header label[for="' + MENU + '"]');
    if (button) button.focus();
  }

  function init() {
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
