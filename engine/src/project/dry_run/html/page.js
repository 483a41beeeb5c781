// Clicking a step's bar opens its details panel (the bar is a link to the panel's id, so the
// page also works, without the panel opening by itself, where scripts are disabled).
(function () {
  "use strict";
  function show(id) {
    var panel = id && document.getElementById(id);
    if (!panel) return;
    document.querySelectorAll("details.step-details.selected").forEach(function (d) {
      d.classList.remove("selected");
    });
    panel.open = true;
    panel.classList.add("selected");
    panel.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("click", function (event) {
    var bar = event.target.closest ? event.target.closest("a.step") : null;
    if (!bar) return;
    event.preventDefault();
    show(bar.getAttribute("href").slice(1));
  });
  if (location.hash) show(decodeURIComponent(location.hash.slice(1)));
})();
