// Reader-facing text size control: three sizes, remembered on this device only.
(function () {
  var sizes = [100, 118, 136];
  var key = "mstp-text-size";
  function apply(index) {
    document.documentElement.style.fontSize = sizes[index] + "%";
    document.querySelectorAll(".mstp-text-size button").forEach(function (button, i) {
      button.setAttribute("aria-pressed", String(i === index));
    });
  }
  function stored() {
    try { return Math.min(sizes.length - 1, Number(localStorage.getItem(key)) || 0); }
    catch (error) { return 0; }
  }
  function build() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".mstp-text-size")) return;
    var group = document.createElement("div");
    group.className = "mstp-text-size";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Text size");
    ["A", "A+", "A++"].forEach(function (label, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-label", ["Normal", "Larger", "Largest"][index] + " text");
      button.addEventListener("click", function () {
        try { localStorage.setItem(key, String(index)); } catch (error) { /* private mode */ }
        apply(index);
      });
      group.appendChild(button);
    });
    var search = header.querySelector(".md-search");
    header.insertBefore(group, search);
    apply(stored());
  }
  apply(stored());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
