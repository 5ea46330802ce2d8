/* factcheck: margin notes on wide screens.
   Without this script each card floats into the margin where its passage's paragraph ends
   (factcheck.css). With it, each card is lifted level with its passage; cards that would
   collide stack downward in passage order. The clinic's text never moves. When the checks
   are longer than the text beside them, cards show their verdict and claim only ("compact"),
   and open in place on request, on focus or from a permalink. Hovering or focusing a passage
   or a card lights up both. */
(function () {
  "use strict";

  var WIDE = window.matchMedia("screen and (min-width: 60em)");
  var GAP = 12;       // px between stacked cards
  var LEVEL = 40;     // px: the most a card may sit below its passage before cards go compact
  var NUDGE = 4;      // px: a card's top sits just above its passage's first line
  var queued = false;
  var modeWidth = null;  // the width at which compact or full cards were last chosen

  function cardsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-annotation-card]"));
  }

  function layout(box) {
    var cards = cardsOf(box);
    if (!WIDE.matches) {
      box.classList.remove("fc-margin", "fc-compact");
      box.style.minHeight = "";
      cards.forEach(function (c) { c.style.top = ""; });
      modeWidth = null;
      return;
    }
    box.classList.add("fc-margin");
    if (modeWidth !== window.innerWidth) {  // full cards if they all fit level with their passages
      modeWidth = window.innerWidth;
      box.classList.remove("fc-compact");
      if (place(box, cards) > LEVEL) box.classList.add("fc-compact");
    }
    place(box, cards);
  }

  // Positions the cards; returns how far the furthest one sits below its passage.
  function place(box, cards) {
    var origin = box.getBoundingClientRect().top;
    var wanted = cards.map(function (card, i) {
      var mark = document.getElementById("__passage-" + card.getAttribute("data-annotation-card"));
      var top = mark ? mark.getBoundingClientRect().top - origin - NUDGE : 0;
      return { card: card, top: Math.max(0, top), order: i };
    }).sort(function (a, b) { return a.top - b.top || a.order - b.order; });
    var free = 0, drift = 0;
    wanted.forEach(function (w) {
      var top = Math.max(w.top, free);
      w.card.style.top = Math.round(top) + "px";
      drift = Math.max(drift, top - w.top);
      free = top + w.card.offsetHeight + GAP;
    });
    box.style.minHeight = Math.ceil(free) + "px";
    return drift;
  }

  function open(card, on) {
    card.classList.toggle("fc-open", on);
    var button = card.querySelector("button.fc-card-toggle");
    if (button) {
      button.setAttribute("aria-expanded", on ? "true" : "false");
      button.textContent = on ? "Show less" : "Read our check";
    }
  }

  function addToggle(card) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fc-card-toggle";
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Read our check";
    button.addEventListener("click", function () { open(card, !card.classList.contains("fc-open")); });
    card.querySelector(".fc-claim").insertAdjacentElement("afterend", button);
  }

  function layoutAll() {
    queued = false;
    document.querySelectorAll(".fc-source-text").forEach(layout);
  }

  function schedule() {
    if (!queued) {
      queued = true;
      requestAnimationFrame(layoutAll);
    }
  }

  // the same passage and card light up together
  function tie(event, on) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var el = target.closest("mark[data-annotation], [data-annotation-card]");
    if (!el) return;
    var id = el.getAttribute("data-annotation") || el.getAttribute("data-annotation-card");
    var esc = window.CSS && CSS.escape ? CSS.escape(id) : id;
    document.querySelectorAll('mark[data-annotation="' + esc + '"], [data-annotation-card="' + esc + '"]')
      .forEach(function (x) { x.classList.toggle("fc-hot", on); });
  }

  // Phones: a card follows the sentence where its passage ends rather than the whole paragraph,
  // so that a passage and its card share one screen (and a permalink can show both).
  var SENTENCE_END = /[.!?:][\u201d\u2019"')\]]*(?=\s|$)/;
  var SHORT = 80;  // characters: a paragraph that ends this soon after the passage is not split

  function afterCards(el, card) {  // the last of the cards that follow ``el``, up to ``card``
    var next;
    while ((next = el.nextElementSibling) && next !== card && next.matches("[data-annotation-card]")) el = next;
    return el;
  }

  function boundaryAt(block, from, index) {
    // the text node and offset ``index`` characters after the node ``from`` within ``block``
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var node, seen = 0;
    while ((node = walker.nextNode())) {
      if (from.contains(node) || !(from.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (seen + node.length >= index) return { node: node, offset: index - seen };
      seen += node.length;
    }
    return null;
  }

  function nearPassage(card) {
    var id = card.getAttribute("data-annotation-card");
    var marks = card.parentNode.querySelectorAll('mark[data-annotation="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]');
    var last = marks[marks.length - 1];
    var block = last && last.closest("p");
    if (!block || block.parentNode !== card.parentNode) return;  // headings and list items hold their cards already
    var rest = document.createRange();
    rest.setStartAfter(last);
    rest.setEnd(block, block.childNodes.length);
    var text = rest.toString();
    var end = SENTENCE_END.exec(text);
    var cut = end ? end.index + end[0].length : text.length;
    if (text.length - cut < SHORT) {  // the paragraph ends soon: the card goes right after it
      afterCards(block, card).after(card);
      return;
    }
    var at = boundaryAt(block, last, cut);
    if (!at) return;
    rest.setStart(at.node, at.offset);
    var tail = block.cloneNode(false);
    tail.removeAttribute("id");
    tail.classList.add("fc-cont");
    tail.appendChild(rest.extractContents());
    var first = tail.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE) first.data = first.data.replace(/^\s+/, "");
    afterCards(block, card).after(card);
    card.after(tail);  // cards of passages in the tail follow it, and move up to theirs in turn
  }

  function init() {
    var boxes = document.querySelectorAll(".fc-source-text");
    if (!boxes.length) return;
    if (!WIDE.matches) boxes.forEach(function (box) { cardsOf(box).forEach(nearPassage); });
    boxes.forEach(function (box) { cardsOf(box).forEach(addToggle); });
    // a card reached from its passage (click or Enter) or from a permalink opens in full
    document.addEventListener("focusin", function (e) {
      if (e.target instanceof Element && e.target.matches("[data-annotation-card]")) open(e.target, true);
    });
    var landed = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (landed && landed.matches("[data-annotation-card]")) open(landed, true);
    layoutAll();
    if (window.ResizeObserver) {  // a card opened or closed, the text reflowed
      var watch = new ResizeObserver(schedule);
      boxes.forEach(function (box) {
        cardsOf(box).forEach(function (c) { watch.observe(c); });
        watch.observe(box.parentNode);
      });
    }
    window.addEventListener("resize", schedule);
    window.addEventListener("load", schedule);
    document.addEventListener("mouseover", function (e) { tie(e, true); });
    document.addEventListener("mouseout", function (e) { tie(e, false); });
    document.addEventListener("focusin", function (e) { tie(e, true); });
    document.addEventListener("focusout", function (e) { tie(e, false); });
    // a permalink landed on a card before the card moved: land again
    var hash = decodeURIComponent(location.hash.slice(1));
    var target = hash && document.getElementById(hash);
    if (target && target.closest(".fc-source-text") && WIDE.matches) target.scrollIntoView();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
