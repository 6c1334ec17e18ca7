// Optional: the page reads fully without this. It offers a switch between
// all rows and only the differences and omissions.
(function () {
  var filter = document.querySelector(".filter");
  if (!filter) return;
  filter.hidden = false;
  filter.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    document.body.classList.toggle("focus", button.dataset.view === "focus");
    filter.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b === button));
    });
  });
})();
