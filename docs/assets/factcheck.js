/* factcheck: progressive enhancement for annotated pages.
   Without it everything still reads: cards sit beside (or after) their passages
   and #<annotation-id> scrolls to a card. With it, a permalink also marks the
   passage, clicking a passage brings its card into view, and links can be copied. */
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

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf(PASSAGE) === 0) id = id.slice(PASSAGE.length);
    highlight(id);
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
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.textContent = "Copied";
        setTimeout(function () { copy.textContent = "Copy link"; }, 2000);
      });
      return;
    }
    var mark = target.closest("mark[data-annotation]");
    if (mark && !target.closest("a")) focusCard(mark.getAttribute("data-annotation"));
  });

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
    if (navigator.clipboard) {
      document.documentElement.classList.add("fc-js");
      document.querySelectorAll("button.fc-copy[hidden]").forEach(function (b) { b.hidden = false; });
    }
    fromHash();
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

  window.addEventListener("hashchange", fromHash);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
