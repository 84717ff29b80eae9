/* The path finder's and the map's forms: actor names completed from /complete as one types.
 *
 * Names reach the page through textContent only. A page shown inside another workbench page's
 * frame (the actor page embeds the map page) drops the workbench's header: its host has one.
 */
(function () {
  "use strict";

  if (window.self !== window.top) document.documentElement.classList.add("framed");

  var WAIT = 120; // milliseconds of quiet typing before asking the server

  function attach(input, index) {
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.id = "suggest-" + index;
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);
    var asked = 0;
    var timer = null;
    var active = -1;

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function choose(label) {
      input.value = label;
      close();
      input.focus();
    }

    function mark(index) {
      var items = list.querySelectorAll("li");
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === active)); });
    }

    function show(actors) {
      list.textContent = "";
      active = -1;
      actors.forEach(function (actor) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.setAttribute("data-label", actor.label);
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = actor.label;
        item.appendChild(name);
        var more = document.createElement("span");
        more.className = "muted";
        more.textContent = (actor.name !== actor.label ? " (" + actor.name + ")" : "") + " · " + actor.type;
        item.appendChild(more);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(actor.label);
        });
        list.appendChild(item);
      });
      list.hidden = actors.length === 0;
      input.setAttribute("aria-expanded", String(actors.length > 0));
    }

    function ask() {
      var text = input.value;
      var number = ++asked;
      if (!text.trim()) {
        close();
        return;
      }
      fetch("/complete?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.json(); })
        .then(function (found) { if (number === asked) show(found.actors); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        mark(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); // pick the name, not send the form
        choose(list.querySelectorAll("li")[active].getAttribute("data-label"));
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-complete]").forEach(attach);
})();
