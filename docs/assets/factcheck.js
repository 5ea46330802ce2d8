/* factcheck: progressive enhancement for annotated pages.
   Without it everything still reads: cards sit beside (or after) their passages
   and #<annotation-id> scrolls to a card. With it, a permalink also marks the
   passage and lands with the passage and the top of its card below the header,
   clicking a passage brings its card into view, and links can be copied. */
(function () {
  "use strict";

  var PASSAGE = "__passage-";

  function esc(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
  }

  function card(id) {
    return document.querySelector('[data-annotation-card="' + esc(id) + '"]');
  }

  function highlight(id) {
    document.querySelectorAll(".fc-target").forEach(function (el) { el.classList.remove("fc-target"); });
    var c = id && card(id);
    if (!c) return null;
    c.classList.add("fc-target");
    document.querySelectorAll('mark[data-annotation="' + esc(id) + '"]').forEach(function (m) {
      m.classList.add("fc-target");
    });
    return c;
  }

  function hashId() {
    var id = decodeURIComponent(location.hash.slice(1));
    return id.indexOf(PASSAGE) === 0 ? id.slice(PASSAGE.length) : id;
  }

  function fromHash() {
    highlight(hashId());
  }

  // Keyed on the page hooks only (card id, first mark's id), so it holds for any layout:
  // the passage and the top of its card in view, below the sticky header.
  function land() {
    var id = hashId();
    var c = id && card(id);
    var mark = id && document.getElementById(PASSAGE + id);
    if (!c || !mark) return;
    var header = document.querySelector(".md-header");
    var below = (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + 8;
    var cardTop = c.getBoundingClientRect().top;
    var top = Math.min(cardTop, mark.getBoundingClientRect().top);
    var shift = top - below;
    var room = window.innerHeight - below - 96;  // keep this much of the card on screen
    if (cardTop - top > room) shift = cardTop - below - room;  // a long passage: its end, then the card
    window.scrollTo(0, window.scrollY + shift);
  }

  function focusCard(id) {
    var c = highlight(id);
    if (!c) return;
    history.replaceState(null, "", "#" + id);
    c.focus({ preventScroll: true });
    c.scrollIntoView({ block: "nearest" });
  }

  function focusPassage(id) {
    var first = document.getElementById(PASSAGE + id);
    if (!first) return;
    highlight(id);
    history.replaceState(null, "", "#" + id);
    first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var back = target.closest("a.fc-to-passage");
    if (back) {
      event.preventDefault();
      focusPassage(back.closest("[data-annotation-card]").getAttribute("data-annotation-card"));
      return;
    }
    var copy = target.closest("button.fc-copy");
    if (copy) {
      navigator.clipboard.writeText(copyText(copy)).then(function () {
        copy.classList.add("fc-copied");
        setTimeout(function () { copy.classList.remove("fc-copied"); }, 2000);
        announce(copy.getAttribute("data-announce"));
      }, function () {
        announce("Could not copy. Select the address to copy it.");
      });
      return;
    }
    var mark = target.closest("mark[data-annotation]");
    if (mark && !target.closest("a")) focusCard(mark.getAttribute("data-annotation"));
  });

  // The copied text with its link made absolute: a local build has only relative links.
  function copyText(button) {
    var text = button.getAttribute("data-copy");
    var link = button.getAttribute("data-copy-link");
    var at = text.lastIndexOf(link);
    if (!link || at < 0) return text;
    return text.slice(0, at) + new URL(link, location.href).href + text.slice(at + link.length);
  }

  function announce(message) {
    var region = document.getElementById("fc-announce");
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = message; }, 50);  // the same words twice are still read
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof Element && target.matches("mark[data-annotation]")) {
      event.preventDefault();
      focusCard(target.getAttribute("data-annotation"));
    }
  });

  function init() {
    // each passage can be reached from the keyboard once, at its first piece
    document.querySelectorAll('mark[id^="' + PASSAGE + '"]').forEach(function (m) {
      m.setAttribute("tabindex", "0");
      m.setAttribute("title", "Show the check of this passage");
    });
    if (navigator.clipboard && document.querySelector("button.fc-copy")) {
      document.documentElement.classList.add("fc-js");
      document.querySelectorAll("button.fc-copy[hidden]").forEach(function (b) { b.hidden = false; });
      var region = document.createElement("p");
      region.id = "fc-announce";
      region.className = "fc-sr";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    fromHash();
    land();
  }

  // folded evidence is printed in full
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.fc-evidence:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-fc-print-open", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-fc-print-open]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-fc-print-open");
    });
  });

  window.addEventListener("hashchange", function () { fromHash(); land(); });
  window.addEventListener("load", land);
  document.addEventListener("fc-laid-out", land);  // margin-notes.js moved the cards
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
