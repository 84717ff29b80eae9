/* actorgraph map: draws the network with vis-network and wires the page around it.
 *
 * Every text that comes from the graph (labels, aliases, quotes, sources) reaches the page
 * through textContent, an <option> value or the canvas, never as HTML, so markup in the data
 * shows as text and runs nothing. The page loads nothing from the network.
 */
(function () {
  "use strict";

  performance.mark("ag-start");
  var DATA = JSON.parse(document.getElementById("ag-data").textContent);
  performance.mark("ag-data");
  var container = document.getElementById("mynetwork");
  var statusLine = document.getElementById("ag-status");
  var details = document.getElementById("ag-details-body");

  var FONT = DATA.style.font;
  var FADED_FONT = "rgba(60, 70, 85, 0.28)";
  var FADED_EDGE = { color: "#dfe3e8", highlight: "#dfe3e8", hover: "#c9ced6", inherit: false, opacity: 0.55 };
  var FADED_NODE = 0.16;

  var actorById = {};
  var linkById = {};
  var linksOf = {};
  DATA.nodes.forEach(function (node, i) {
    actorById[node.id] = DATA.actors[i];
    linksOf[node.id] = [];
  });
  DATA.edges.forEach(function (edge, j) {
    linkById[edge.id] = DATA.links[j];
    linksOf[edge.from].push(edge);
    if (edge.to !== edge.from) linksOf[edge.to].push(edge);
  });
  var edgeBase = {};
  DATA.edges.forEach(function (edge) { edgeBase[edge.id] = edge; });
  var nodeBase = {};
  DATA.nodes.forEach(function (node) { nodeBase[node.id] = node; });

  // --- Building blocks: DOM from text only ------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many || one + "s");
  }

  function arrowText(link) {
    if (link.symmetric) return " —" + link.label + "— ";
    return " —" + link.label + "→ ";
  }

  function actorCard(id, full) {
    var actor = actorById[id];
    var box = el("div", "ag-tip");
    add(box, el("div", "ag-head", actor.label));
    add(box, el("div", "ag-sub", actor.classLabel));
    var fields = el("dl", "ag-fields");
    if (actor.aliases.length) add(fields, el("dt", "", "Also known as"), el("dd", "", actor.aliases.join(", ")));
    add(fields, el("dt", "", "Degree"), el("dd", "", plural(actor.degree, "actor") + " linked"));
    add(fields, el("dt", "", "Claims"), el("dd", "", actor.claims + " (" + actor.out + " out, " + actor.in + " in)"));
    if (full) add(fields, el("dt", "", "IRI"), el("dd", "ag-iri", actor.iri));
    add(box, fields);
    if (full) {
      var groups = { out: [], in: [], both: [] };
      linksOf[id].forEach(function (edge) {
        var link = linkById[edge.id];
        var group = link.symmetric ? "both" : edge.from === id ? "out" : "in";
        var other = actorById[group === "in" || (group === "both" && edge.to === id) ? edge.from : edge.to].label;
        var count = link.claims.length > 1 ? " (" + link.claims.length + " claims)" : "";
        var text = group === "in" ? other + " " + link.label + count : link.label + " " + other + count;
        groups[group].push({ edge: edge.id, text: text, sort: link.label + "\u0000" + other });
      });
      [["out", actor.label + " …"], ["in", "… " + actor.label], ["both", "Both ways"]].forEach(function (pair) {
        var items = groups[pair[0]];
        if (!items.length) return;
        items.sort(function (a, b) { return a.sort.localeCompare(b.sort); });
        var list = el("ul", "ag-links");
        items.forEach(function (item) {
          var button = el("button", "ag-linkbutton", item.text);
          button.type = "button";
          button.addEventListener("click", function () { showLink(item.edge, true); });
          add(list, add(el("li"), button));
        });
        add(box, el("h2", "", pair[1]), list);
      });
    } else {
      add(box, el("div", "ag-more", "Click to highlight its neighbourhood."));
    }
    return box;
  }

  function linkCard(id, full) {
    var link = linkById[id];
    var edge = edgeBase[id];
    var box = el("div", "ag-tip");
    add(box, add(el("div", "ag-head"),
      actorById[edge.from].label, el("span", "ag-rel", arrowText(link)), actorById[edge.to].label));
    add(box, add(el("div", "ag-sub"),
      el("span", "ag-pol ag-pol-" + link.polarity, link.polarity), " · " + link.kindLabel + " · " +
      plural(link.claims.length, "claim")));
    var shown = full ? link.claims.length : Math.min(link.claims.length, DATA.style.tooltipClaims);
    var list = el("ol", "ag-claims");
    link.claims.slice(0, shown).forEach(function (claim) {
      var item = el("li");
      add(item, add(el("div", "ag-claim-meta"),
        el("b", "", claim.relation), " · " + (claim.when || "date not given") + " · confidence ",
        el("b", "", claim.confidence), claim.coding ? " · " + claim.coding : ""));
      if (claim.quote) add(item, el("div", "ag-quote", claim.quoted));
      var source = "— " + (claim.source || "source not given");
      if (claim.attributed) source += " · attributed to " + claim.attributed;
      add(item, el("div", "ag-source", source));
      claim.disputes.forEach(function (line) { add(item, el("div", "ag-disputed", "⚠ " + line)); });
      if (full && claim.comment) add(item, el("div", "ag-source", "Note: " + claim.comment));
      if (full) add(item, el("div", "ag-source ag-iri", claim.id));
      add(list, item);
    });
    add(box, list);
    if (shown < link.claims.length) {
      add(box, el("div", "ag-more", "and " + plural(link.claims.length - shown, "more claim") +
        ": click the link to read them all in the side panel."));
    }
    return box;
  }

  // --- The network ---------------------------------------------------------------------------

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  performance.mark("ag-datasets");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  performance.mark("ag-network");
  window.network = network; // pyvis's convention: the drawn network is the global `network`
  window.agMap = { nodes: nodes, edges: edges, data: DATA };

  var physicsBox = document.getElementById("ag-physics");
  network.once("afterDrawing", function () {
    performance.mark("ag-drawn");
    window.agDrawnAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  // data-layout tells a reader's script (and the tests) when the actors stopped moving; a label
  // pass sets data-labels-layout to it, and a pass asked for but not yet run removes it: so
  // body[data-labels-layout='settled'] means the labels drawn are final for what is on screen.
  function settle() {
    document.body.setAttribute("data-layout", "settled");
    labelSoon();
  }
  if (DATA.physics) {
    document.body.setAttribute("data-layout", "moving");
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      physicsBox.checked = false;
      settle();
    });
  } else {
    network.fit();
    setTimeout(settle);
  }

  // --- Tooltips ------------------------------------------------------------------------------

  var tooltip = el("div", "ag-tooltip");
  tooltip.id = "ag-tooltip";
  tooltip.setAttribute("role", "tooltip");
  container.appendChild(tooltip);
  var tipTimer = null;

  function showTip(content, pointer) {
    clearTimeout(tipTimer);
    tipTimer = setTimeout(function () {
      tooltip.textContent = "";
      tooltip.appendChild(content);
      tooltip.style.display = "block";
      var width = container.clientWidth;
      var height = container.clientHeight;
      var x = pointer.x + 14;
      var y = pointer.y + 14;
      if (x + tooltip.offsetWidth > width - 6) x = Math.max(6, pointer.x - tooltip.offsetWidth - 14);
      if (y + tooltip.offsetHeight > height - 6) y = Math.max(6, height - tooltip.offsetHeight - 6);
      tooltip.style.left = x + "px";
      tooltip.style.top = y + "px";
    }, DATA.style.tooltipDelay);
  }

  function hideTip() {
    clearTimeout(tipTimer);
    tooltip.style.display = "none";
  }

  network.on("hoverNode", function (params) { showTip(actorCard(params.node, false), params.pointer.DOM); });
  network.on("hoverEdge", function (params) { showTip(linkCard(params.edge, false), params.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  container.addEventListener("mouseleave", hideTip);

  // --- Emphasis: a neighbourhood, a path ------------------------------------------------------

  function emphasise(keepNodes, keepEdges, strongNodes, strongEdges) {
    var nodeUpdates = DATA.nodes.map(function (node) {
      var on = !keepNodes || keepNodes.has(node.id);
      var strong = strongNodes && strongNodes.has(node.id);
      return {
        id: node.id,
        opacity: on ? 1 : FADED_NODE,
        font: { color: on ? FONT : FADED_FONT },
        borderWidth: strong ? 4 : node.borderWidth || DATA.style.borderWidth,
      };
    });
    var edgeUpdates = DATA.edges.map(function (edge) {
      var on = !keepEdges || keepEdges.has(edge.id);
      var strong = strongEdges && strongEdges.has(edge.id);
      return {
        id: edge.id,
        color: on ? edgeColour(edge) : FADED_EDGE,
        font: { color: on ? DATA.style.edgeFont : FADED_FONT },
        width: strong ? edge.width * 2 + 1.5 : edge.width,
      };
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }

  function edgeColour(edge) {
    return { color: edge.color, highlight: edge.color, hover: edge.color, inherit: false, opacity: 0.9 };
  }

  function neighbourhood(id) {
    var keepNodes = new Set([id]);
    var keepEdges = new Set();
    linksOf[id].forEach(function (edge) {
      if (edge.hidden) return;
      keepEdges.add(edge.id);
      keepNodes.add(edge.from);
      keepNodes.add(edge.to);
    });
    return { nodes: keepNodes, edges: keepEdges };
  }

  var defaultEmphasis = null; // the path dossier's resting state

  function restEmphasis() {
    if (defaultEmphasis) defaultEmphasis();
    else emphasise(null, null, null, null);
  }

  function showDetails(content) {
    details.textContent = "";
    details.appendChild(content);
  }

  function showActor(id, moveTo) {
    var near = neighbourhood(id);
    emphasise(near.nodes, near.edges, new Set([id]), null);
    network.selectNodes([id]);
    showDetails(actorCard(id, true));
    setStatus(actorById[id].label + ": " + plural(near.nodes.size - 1, "linked actor") + " shown");
    if (moveTo) {
      // vis animates frame by frame, assuming 60 frames a second: on a big map that takes seconds, so jump
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: DATA.lazyLabels ? false : { duration: 400 } });
      labelSoon();
    }
  }

  function showLink(id, select) {
    var edge = edgeBase[id];
    emphasise(new Set([edge.from, edge.to]), new Set([id]), null, new Set([id]));
    if (select) network.selectEdges([id]);
    showDetails(linkCard(id, true));
    setStatus("");
  }

  function clearSelection() {
    network.unselectAll();
    restEmphasis();
    details.textContent = "";
    add(details, el("p", "ag-hint", DATA.style.detailsHint));
    setStatus("");
  }

  network.on("click", function (params) {
    hideTip();
    if (params.nodes.length) showActor(params.nodes[0], false);
    else if (params.edges.length) showLink(params.edges[0], false);
    else clearSelection();
  });

  function setStatus(text, warn) {
    statusLine.textContent = text;
    statusLine.className = "ag-status" + (warn ? " ag-warn" : "");
  }

  // --- Search ----------------------------------------------------------------------------

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  var byName = {};
  DATA.nodes.forEach(function (node, i) {
    var actor = DATA.actors[i];
    [actor.label].concat(actor.aliases).forEach(function (name) {
      var key = fold(name);
      (byName[key] = byName[key] || []).push(node.id);
    });
  });

  var search = document.getElementById("ag-search");
  function find() {
    var text = search.value;
    if (!fold(text)) return;
    var found = byName[fold(text)];
    if (!found) {
      var wanted = fold(text);
      var partial = Object.keys(byName).filter(function (key) { return key.indexOf(wanted) !== -1; });
      found = partial.length ? byName[partial[0]] : null;
      if (partial.length > 1) {
        var labels = {};
        partial.forEach(function (key) { byName[key].forEach(function (id) { labels[actorById[id].label] = 1; }); });
        if (Object.keys(labels).length > 1) {
          setStatus("“" + text + "” fits " + Object.keys(labels).length + " actors: pick one from the list", true);
          return;
        }
      }
    }
    if (!found) {
      setStatus("No actor called “" + text + "” in this map", true);
      return;
    }
    var id = found[0];
    if (nodeBase[id] && nodes.get(id).hidden) {
      setStatus(actorById[id].label + " is hidden by a filter", true);
      return;
    }
    showActor(id, true);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(); });

  document.getElementById("ag-clear").addEventListener("click", function () {
    search.value = "";
    clearSelection();
  });
  document.getElementById("ag-fit").addEventListener("click", function () {
    network.fit({ animation: DATA.lazyLabels ? false : { duration: 300 } });
  });
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
    if (physicsBox.checked) document.body.setAttribute("data-layout", "moving");
    else settle();
  });
  // --- Labels and arrowheads: everywhere on a small map; on a big map, in view once zoomed in ---

  var labelBox = document.getElementById("ag-edge-labels");
  var labelledNodes = new Set();
  var labelledEdges = new Set();
  var arrowedEdges = new Set(); // big maps draw arrowheads only where they can be seen

  // How many claims of each link are in force at the time slider's day (all of them at first).
  var claimsNow = {};
  DATA.edges.forEach(function (edge) { claimsNow[edge.id] = linkById[edge.id].claims.length; });

  function edgeText(id) {
    var link = linkById[id];
    return link.label + (claimsNow[id] > 1 ? " ×" + claimsNow[id] : "") +
      (link.disputed ? DATA.style.disputedMark : "");
  }

  function labelInView() {
    if (!DATA.lazyLabels) return;
    var scale = network.getScale();
    var corner = network.DOMtoCanvas({ x: 0, y: 0 });
    var far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var positions = network.getPositions();
    var inView = new Set();
    var nodeUpdates = [];
    // zoomed out, only the most central actors in view get a label (placeLabels keeps those that fit)
    var room = scale < DATA.style.labelScale ? DATA.style.topLabels : Infinity;
    nodeOrder.forEach(function (node) {
      var p = positions[node.id];
      if (inView.size >= room || p.x < corner.x || p.x > far.x || p.y < corner.y || p.y > far.y) return;
      inView.add(node.id);
      if (!labelledNodes.has(node.id)) {
        labelledNodes.add(node.id);
        nodeUpdates.push({ id: node.id, label: actorById[node.id].label });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (scale < DATA.style.labelScale) return;
    var withText = labelBox.checked && scale >= DATA.style.edgeLabelScale;
    var edgeUpdates = [];
    DATA.edges.forEach(function (edge) {
      if (!(inView.has(edge.from) || inView.has(edge.to))) return;
      var update = { id: edge.id };
      if (!arrowedEdges.has(edge.id)) {
        arrowedEdges.add(edge.id);
        update.arrows = { to: { enabled: !linkById[edge.id].symmetric, scaleFactor: 0.6 } };
      }
      if (withText && !labelledEdges.has(edge.id)) {
        labelledEdges.add(edge.id);
        update.label = edgeText(edge.id);
      }
      if (update.arrows || update.label) edgeUpdates.push(update);
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  // --- Labels that do not collide ------------------------------------------------------------
  // A label keeps one size on screen whatever the zoom (style.labelPx, style.edgeLabelPx): zooming
  // in spreads the actors apart but not their names, so more names fit. After each zoom, drag,
  // filter or layout, labels are placed most important first (the paths of a dossier, the actors
  // a map centres on, then the biggest actors, then the links with most claims), and a label whose
  // box would cover a label already placed is not drawn, nor a link's label that would cover an
  // actor: vis ignores an empty label, but a font of size 0 is below its drawing threshold.

  var FACE = DATA.options.nodes.font.face;
  var measurer = document.createElement("canvas").getContext("2d");
  var widthAt100 = {};
  function textWidth(text, px) {
    if (!(text in widthAt100)) {
      measurer.font = "100px " + FACE;
      widthAt100[text] = measurer.measureText(text).width;
    }
    return widthAt100[text] * px / 100;
  }

  var onPaths = new Set();
  DATA.paths.forEach(function (path) {
    path.nodes.forEach(function (id) { onPaths.add(id); });
    path.edges.forEach(function (id) { onPaths.add(id); });
  });
  function nodeRank(node) {
    return (onPaths.has(node.id) ? 2e6 : 0) + (node.borderWidth ? 1e6 : 0) + node.size * 1000 +
      actorById[node.id].claims;
  }
  function edgeRank(edge) {
    return (onPaths.has(edge.id) ? 2e6 : 0) + linkById[edge.id].claims.length;
  }
  var nodeOrder = DATA.nodes.slice().sort(function (a, b) { return nodeRank(b) - nodeRank(a); });
  var edgeOrder = DATA.edges.slice().sort(function (a, b) { return edgeRank(b) - edgeRank(a); });

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // Where vis draws a link's label, on the canvas: halfway along the link (straight or curved);
  // for a loop, where vis drew it last (it does not depend on the label's size).
  function linkMiddle(id) {
    var drawn = network.body.edges[id];
    if (!drawn) return null;
    if (drawn.fromId !== drawn.toId) return drawn.edgeType.getPoint(0.5);
    var size = drawn.labelModule.size;
    return size.width ? { x: size.left + size.width / 2, y: size.top + size.height / 2 } : null;
  }

  var fontNow = {}; // the font size each label was last given: only changes are sent to vis (a big map has thousands)

  function placeLabels() {
    var scale = network.getScale();
    var nodePx = DATA.style.labelPx;
    var edgePx = DATA.style.edgeLabelPx;
    var width = container.clientWidth;
    var height = container.clientHeight;
    var positions = network.getPositions();
    var placed = [];
    var shapes = {};
    var nodeUpdates = [];
    var edgeUpdates = [];
    var shown = 0;
    // a label cut by the frame is not drawn: panning shows it whole
    var inView = function (box) {
      return box.left >= 0 && box.right <= width && box.top >= 0 && box.bottom <= height;
    };
    DATA.nodes.forEach(function (node) {
      if (nodes.get(node.id).hidden) return;
      var p = network.canvasToDOM(positions[node.id]);
      var r = node.size * scale + 1;
      shapes[node.id] = { left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r };
    });
    // *actors*: whether the label may not cover an actor either (a link's label may not; an actor's
    // may, or a dense core of a big map would have no name at all)
    var free = function (box, actors) {
      for (var i = 0; i < placed.length; i++) if (overlaps(box, placed[i])) return false;
      if (actors) for (var id in shapes) if (overlaps(box, shapes[id])) return false;
      return true;
    };
    nodeOrder.forEach(function (node) {
      var shape = shapes[node.id];
      var labelled = !DATA.lazyLabels || labelledNodes.has(node.id);
      var size = 0;
      if (shape && labelled) {
        var half = textWidth(actorById[node.id].label, nodePx) / 2 + 3;
        var middle = (shape.left + shape.right) / 2;
        var box = { left: middle - half, right: middle + half, top: shape.bottom, bottom: shape.bottom + nodePx * 1.3 + 2 };
        if (inView(box) && free(box, false)) {
          placed.push(box);
          size = nodePx / scale;
          shown++;
        }
      }
      if (fontNow[node.id] !== size) nodeUpdates.push({ id: node.id, font: { size: size } });
      fontNow[node.id] = size;
    });
    edgeOrder.forEach(function (edge) {
      var labelled = !DATA.lazyLabels || labelledEdges.has(edge.id);
      var size = 0;
      var middle = labelBox.checked && labelled && !edge.hidden ? linkMiddle(edge.id) : null; // edge.hidden: applyFilters
      if (middle) {
        var p = network.canvasToDOM(middle);
        var half = textWidth(edgeText(edge.id), edgePx) / 2 + 3;
        var box = { left: p.x - half, right: p.x + half, top: p.y - edgePx * 0.65 - 2, bottom: p.y + edgePx * 0.65 + 2 };
        if (inView(box) && free(box, true)) {
          placed.push(box);
          size = edgePx / scale;
          shown++;
        }
      }
      if (fontNow[edge.id] !== size) edgeUpdates.push({ id: edge.id, font: { size: size } });
      fontNow[edge.id] = size;
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    document.body.setAttribute("data-labels", String(shown)); // how many labels the last pass drew, at which zoom
    document.body.setAttribute("data-labels-scale", String(scale));
    document.body.setAttribute("data-labels-layout", document.body.getAttribute("data-layout") || "moving");
  }

  var labelTimer = null;
  function labelSoon() {
    clearTimeout(labelTimer);
    // until the pass runs, the labels drawn are those of an older view: say so
    document.body.removeAttribute("data-labels-layout");
    labelTimer = setTimeout(function () {
      labelInView();
      placeLabels();
    }, 120);
  }
  network.on("zoom", labelSoon);
  network.on("dragEnd", labelSoon);
  network.on("animationFinished", labelSoon);
  network.on("stabilized", labelSoon);
  network.on("resize", labelSoon);
  labelBox.addEventListener("change", labelSoon);

  // --- Filters: actor classes and relations -----------------------------------------------------

  function checkedValues(selector, attribute) {
    var values = new Set();
    document.querySelectorAll(selector).forEach(function (box) {
      if (box.checked) values.add(box.getAttribute(attribute));
    });
    return values;
  }

  // What the legend's boxes and the time slider leave: a link shows when its relation is ticked,
  // a claim of it is in force on the slider's day and both its actors show; an actor shows when
  // its class is ticked and, at a day, it has a link then (as a map made with --as-of leaves out
  // the actors left without one), or the map is centred on it.
  function applyFilters() {
    var classes = checkedValues("input[data-class]", "data-class");
    var relations = checkedValues("input[data-relation]", "data-relation");
    var day = currentDay();
    var linked = new Set();
    DATA.edges.forEach(function (edge) {
      var count = claimsInForce(linkById[edge.id], day);
      if (count) {
        linked.add(edge.from);
        linked.add(edge.to);
      }
      edge.inForce = count;
    });
    var hiddenNodes = new Set();
    nodes.update(DATA.nodes.map(function (node) {
      var hidden = !classes.has(node.group) || (day !== null && !linked.has(node.id) && !node.borderWidth);
      if (hidden) hiddenNodes.add(node.id);
      return { id: node.id, hidden: hidden };
    }));
    var shown = 0;
    edges.update(DATA.edges.map(function (edge) {
      var hidden = !relations.has(linkById[edge.id].relation) || !edge.inForce ||
        hiddenNodes.has(edge.from) || hiddenNodes.has(edge.to);
      edge.hidden = hidden;
      if (!hidden) shown++;
      var update = { id: edge.id, hidden: hidden };
      if (edge.inForce && edge.inForce !== claimsNow[edge.id]) {
        claimsNow[edge.id] = edge.inForce;
        if (!DATA.lazyLabels || labelledEdges.has(edge.id)) update.label = edgeText(edge.id);
      }
      return update;
    }));
    var when = day === null ? "" : "As of " + day + ": ";
    setStatus(when + "showing " + plural(DATA.nodes.length - hiddenNodes.size, "actor") + " and " + plural(shown, "link"));
    labelSoon();
  }

  document.querySelectorAll("input[data-class], input[data-relation]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  document.querySelectorAll("button[data-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("data-all") === "true";
      document.querySelectorAll("input[" + button.getAttribute("data-target") + "]").forEach(function (box) {
        box.checked = on;
      });
      applyFilters();
    });
  });

  // --- Time: the network as of the slider's day, played forward --------------------------------

  var timeBox = document.getElementById("ag-time");

  function currentDay() {
    var step = timeBox ? Number(timeBox.value) : DATA.time.steps.length;
    return step < DATA.time.steps.length ? DATA.time.steps[step] : null;
  }

  // ISO dates compare as text; a claim with no first or last day is open on that side.
  function claimsInForce(link, day) {
    if (day === null) return link.claims.length;
    return link.claims.filter(function (claim) {
      return (!claim.from || claim.from <= day) && (!claim.until || day <= claim.until);
    }).length;
  }

  if (timeBox) {
    var whenBox = document.getElementById("ag-when");
    var datesFact = document.getElementById("ag-dates");
    var playButton = document.getElementById("ag-play");
    var last = DATA.time.steps.length;
    var playTimer = null;

    var showTime = function () {
      var day = currentDay();
      var text = day === null ? DATA.time.whole : "Claims in force on " + day;
      whenBox.textContent = text;
      whenBox.setAttribute("data-step", timeBox.value);
      datesFact.textContent = text;
      applyFilters();
    };
    var pause = function () {
      clearInterval(playTimer);
      playTimer = null;
      playButton.setAttribute("aria-pressed", "false");
      playButton.textContent = "Play";
    };
    var advance = function () {
      timeBox.value = String(Number(timeBox.value) + 1);
      showTime();
      if (Number(timeBox.value) >= last) pause();
    };
    timeBox.addEventListener("input", function () {
      pause();
      showTime();
    });
    playButton.addEventListener("click", function () {
      if (playTimer) {
        pause();
        return;
      }
      if (Number(timeBox.value) >= last) {
        timeBox.value = "0";
        showTime();
      }
      playButton.setAttribute("aria-pressed", "true");
      playButton.textContent = "Pause";
      playTimer = setInterval(advance, DATA.style.playInterval);
    });
  }

  // --- Path dossier ----------------------------------------------------------------------------

  if (DATA.paths.length) {
    var allNodes = new Set();
    var allEdges = new Set();
    DATA.paths.forEach(function (path) {
      path.nodes.forEach(function (id) { allNodes.add(id); });
      path.edges.forEach(function (id) { allEdges.add(id); });
    });
    var cards = document.querySelectorAll(".ag-path");
    var showPath = function (index) {
      cards.forEach(function (card) {
        card.classList.toggle("ag-active", Number(card.getAttribute("data-path")) === index);
      });
      if (index < 0) {
        emphasise(allNodes, allEdges, allNodes, allEdges);
        return;
      }
      var path = DATA.paths[index];
      emphasise(new Set(path.nodes), new Set(path.edges), new Set(path.nodes), new Set(path.edges));
    };
    defaultEmphasis = function () { showPath(DATA.paths.length === 1 ? 0 : -1); };
    cards.forEach(function (card) {
      card.addEventListener("click", function () {
        network.unselectAll();
        showPath(Number(card.getAttribute("data-path")));
      });
    });
    var showAll = document.getElementById("ag-show-all");
    if (showAll) showAll.addEventListener("click", function () { showPath(-1); });
    defaultEmphasis();
  }
})();
