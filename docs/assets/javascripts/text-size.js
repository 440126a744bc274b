// Reader-facing text size control: three sizes, remembered on this device only.
// It scales Material's own root size through a CSS variable (see site.css), so "normal"
// is exactly the theme's size and the reader's browser font setting still counts.
// Each button's visible label starts its accessible name (WCAG 2.5.3, label in name).
// Wide screens: in the header. Narrow ones (phones, or a desktop zoomed to 200 %): above
// the page title, because in the header it squeezed out the site name and, at the
// larger sizes, pushed the last button off a 320 px screen. There it goes into the empty
// .mstp-text-size-slot that overrides/main.html writes at the top of the article, and
// whose room site.css keeps from the first paint, so nothing moves when it arrives
// (layout shift). The head script in overrides/main.html applies the stored size before
// the first paint; apply() below repeats it and marks the pressed button.
(function () {
  var sizes = [
    { scale: "1", label: "A", name: "normal text" },
    { scale: "1.2", label: "A+", name: "larger text" },
    { scale: "1.4", label: "A++", name: "largest text" }
  ];
  var key = "mstp-text-size";
  var narrow = window.matchMedia("(max-width: 47.984375em)");

  function apply(index) {
    // Only when it changes: setting it on the root restyles the whole page (a long task
    // on a phone), and the head script has usually set it already.
    var root = document.documentElement.style;
    var scale = index ? sizes[index].scale : "";
    if (root.getPropertyValue("--mstp-text-scale") !== scale) {
      if (scale) root.setProperty("--mstp-text-scale", scale);
      else root.removeProperty("--mstp-text-scale");
    }
    document.querySelectorAll(".mstp-text-size button").forEach(function (button, i) {
      button.setAttribute("aria-pressed", String(i === index));
    });
  }

  function stored() {
    try {
      var index = Number(localStorage.getItem(key));
      return index >= 0 && index < sizes.length ? Math.floor(index) : 0;
    } catch (error) {
      return 0; // storage blocked (private mode, file:// in some browsers)
    }
  }

  function button(size, index) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "mstp-text-size__button";
    element.appendChild(document.createTextNode(size.label));
    var hidden = document.createElement("span");
    hidden.className = "mstp-sr-only";
    hidden.textContent = " " + size.name;
    element.appendChild(hidden);
    element.addEventListener("click", function () {
      try { localStorage.setItem(key, String(index)); } catch (error) { /* not stored */ }
      apply(index);
    });
    return element;
  }

  function place(group) {
    var header = document.querySelector(".md-header__inner");
    var article = document.querySelector(".md-content__inner");
    var slot = document.querySelector(".md-content__inner > .mstp-text-size-slot");
    var focused = group.contains(document.activeElement) ? document.activeElement : null;
    if (narrow.matches && (slot || article)) {
      group.classList.add("mstp-text-size--content");
      if (slot) slot.appendChild(group);
      else article.insertBefore(group, article.firstChild);
    } else if (header) {
      group.classList.remove("mstp-text-size--content");
      header.insertBefore(group, header.querySelector(".md-search"));
    }
    if (focused) focused.focus();
  }

  function build() {
    if (document.querySelector(".mstp-text-size")) return;
    var group = document.createElement("div");
    group.className = "mstp-text-size";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", "mstp-text-size-label");
    var label = document.createElement("span");
    label.id = "mstp-text-size-label";
    label.className = "mstp-text-size__label";
    label.textContent = "Text size";
    group.appendChild(label);
    sizes.forEach(function (size, index) { group.appendChild(button(size, index)); });
    place(group);
    narrow.addEventListener("change", function () { place(group); });
    apply(stored());
  }

  apply(stored());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
