// The curation forms: an actor input offers the graph's actors as one types, from /complete?q=
// (web/explore.py: {"actors": [{"label": ..., "name": the name that fits, ...}]}).
"use strict";
(function () {
  function complete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var asked = 0;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      var mine = ++asked;
      if (text.length < 2) return;
      fetch("/complete?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.ok ? answer.json() : {}; })
        .then(function (found) {
          if (mine !== asked || !Array.isArray(found.actors)) return;  // a later keystroke asked since
          list.replaceChildren.apply(list, found.actors.map(function (actor) {
            var option = document.createElement("option");
            option.value = actor.label;
            if (actor.name !== actor.label) option.label = actor.name;  // the alias that matched
            return option;
          }));
        })
        .catch(function () { /* no completion: the name is typed in full */ });
    });
  }
  document.querySelectorAll("input.actor[list]").forEach(complete);
})();
