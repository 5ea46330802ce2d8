/* factcheck: margin notes on wide screens.
   Without this script each card floats into the margin level with the line where its passage's
   sentence ends (factcheck.css). With it, each card is lifted level with its passage; cards that would
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
  // A card a permalink points to (the page's hash) stands level with its passage even when the
  // stack would push it further down: the cards before it move up to make room.
  function place(box, cards) {
    var origin = box.getBoundingClientRect().top;
    var wanted = cards.map(function (card, i) {
      var mark = document.getElementById("__passage-" + card.getAttribute("data-annotation-card"));
      var top = mark ? mark.getBoundingClientRect().top - origin - NUDGE : 0;
      return { card: card, top: Math.max(0, top), order: i, height: card.offsetHeight };
    }).sort(function (a, b) { return a.top - b.top || a.order - b.order; });
    var drift = stack(wanted, 0, 0);
    var hash = decodeURIComponent(location.hash.slice(1));
    var pin = -1;
    wanted.forEach(function (w, i) { if (w.card.id === hash) pin = i; });
    if (pin >= 0 && wanted[pin].at - wanted[pin].top > LEVEL) {
      var ceiling = wanted[pin].top;
      for (var i = pin - 1; i >= 0; i--) {
        wanted[i].at = Math.min(wanted[i].at, ceiling - GAP - wanted[i].height);
        ceiling = wanted[i].at;
      }
      stack(wanted, pin, wanted[pin].top);
    }
    wanted.forEach(function (w) { w.card.style.top = Math.round(w.at) + "px"; });
    var last = wanted[wanted.length - 1];
    box.style.minHeight = last ? Math.ceil(last.at + last.height) + "px" : "";
    return drift;
  }

  // Stacks the cards from ``from`` on, none above ``free``; returns the furthest drift below a passage.
  function stack(wanted, from, free) {
    var drift = 0;
    for (var i = from; i < wanted.length; i++) {
      var w = wanted[i];
      w.at = Math.max(w.top, free);
      drift = Math.max(drift, w.at - w.top);
      free = w.at + w.height + GAP;
    }
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

  // ``landAgain``: the cards moved under a permalink's landing; factcheck.js lands again
  function layoutAll(landAgain) {
    queued = false;
    document.querySelectorAll(".fc-source-text").forEach(layout);
    if (landAgain === true) document.dispatchEvent(new CustomEvent("fc-laid-out"));
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

  function init() {
    var boxes = document.querySelectorAll(".fc-source-text");
    if (!boxes.length) return;
    boxes.forEach(function (box) { cardsOf(box).forEach(addToggle); });
    // a card reached from its passage (click or Enter) or from a permalink opens in full
    document.addEventListener("focusin", function (e) {
      if (e.target instanceof Element && e.target.matches("[data-annotation-card]")) open(e.target, true);
    });
    var landed = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (landed && landed.matches("[data-annotation-card]")) open(landed, true);
    layoutAll(true);
    if (window.ResizeObserver) {  // a card opened or closed, the text reflowed
      var watch = new ResizeObserver(schedule);
      boxes.forEach(function (box) {
        cardsOf(box).forEach(function (c) { watch.observe(c); });
        watch.observe(box.parentNode);
      });
    }
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", function () { layoutAll(true); });  // a permalink's card stands level
    window.addEventListener("load", function () { requestAnimationFrame(function () { layoutAll(true); }); });
    document.addEventListener("mouseover", function (e) { tie(e, true); });
    document.addEventListener("mouseout", function (e) { tie(e, false); });
    document.addEventListener("focusin", function (e) { tie(e, true); });
    document.addEventListener("focusout", function (e) { tie(e, false); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
