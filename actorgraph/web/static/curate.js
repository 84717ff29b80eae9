// The curation forms: an actor input offers the graph's names as one types, from /complete?q=.
// /complete answers a JSON list of names, or of objects with a "label" (or "name").
"use strict";
(function () {
  function named(item) {
    return typeof item === "string" ? item : item.label || item.name || "";
  }
  function complete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var asked = 0;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      var mine = ++asked;
      if (text.length < 2) return;
      fetch("/complete?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.ok ? answer.json() : []; })
        .then(function (found) {
          if (mine !== asked || !Array.isArray(found)) return;  // a later keystroke asked since
          list.replaceChildren.apply(list, found.slice(0, 20).map(function (item) {
            var option = document.createElement("option");
            option.value = named(item);
            return option;
          }));
        })
        .catch(function () { /* no completion: the name is typed in full */ });
    });
  }
  document.querySelectorAll("input.actor[list]").forEach(complete);
})();
