// newsdesk live blogs: the page follows /live/?post={id}. New entries
// wait behind a polite "N new updates" button so the text never moves
// under the reader; edits replace an entry in place; deletions remove it.
// Without JavaScript the page is whole and "Show older" pages back.
(function () {
  "use strict";

  var root = document.querySelector("[data-live-blog]");
  if (!root || !window.EventSource || !window.JSON) {
    return;
  }
  var postID = root.getAttribute("data-live-blog");
  var later = root.hasAttribute("data-live-later"); // an older page: edits and deletions only
  var list = document.getElementById("live-entries");
  var bar = root.querySelector(".live-new");
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  var pending = []; // arrival order: the newest last

  function copies(id) {
    return document.querySelectorAll('[data-entry="' + id.replace(/[^0-9a-f]/g, "") + '"]');
  }
  function waiting(id) {
    for (var i = 0; i < pending.length; i++) {
      if (pending[i].id === id) {
        return i;
      }
    }
    return -1;
  }
  function nodeOf(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    return tpl.content.querySelector("article");
  }
  function render() {
    if (!bar) {
      return;
    }
    if (pending.length === 0) {
      bar.textContent = "";
      return;
    }
    var button = bar.firstElementChild;
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "live-button";
      button.addEventListener("click", insert);
      bar.appendChild(button);
    }
    var n = pending.length;
    var form = rules ? rules.select(n) : n === 1 ? "one" : "other";
    var word = form === "one" ? "data-word-one" : form === "few" ? "data-word-few" : "data-word-many";
    button.textContent = bar.getAttribute(word).replace("%d", String(n));
  }
  function insert() {
    var empty = list.querySelector(".empty");
    if (empty) {
      empty.remove();
    }
    var first = null;
    pending.forEach(function (m) {
      if (copies(m.id).length > 0) {
        return;
      }
      var node = nodeOf(m.html);
      if (node) {
        list.insertBefore(node, list.firstChild);
        first = node;
      }
    });
    pending = [];
    render();
    if (first) {
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
      first.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
    }
  }
  function read(event) {
    try {
      var m = JSON.parse(event.data);
      return m && typeof m.id === "string" && m.post === postID ? m : null;
    } catch (e) {
      return null;
    }
  }
  function onEntry(event) {
    var m = read(event);
    if (!m || !m.html || later || copies(m.id).length > 0) {
      return;
    }
    var at = waiting(m.id);
    if (at >= 0) {
      pending[at] = m;
      return;
    }
    pending.push(m);
    render();
  }
  function onUpdate(event) {
    var m = read(event);
    if (!m || !m.html) {
      return;
    }
    var at = waiting(m.id);
    if (at >= 0) {
      pending[at] = m;
    }
    var shown = copies(m.id);
    for (var i = 0; i < shown.length; i++) {
      var node = nodeOf(m.html);
      if (!node) {
        return;
      }
      if (shown[i].classList.contains("entry-pinned")) {
        // The pinned copy keeps its mark and leaves the anchor to the list.
        node.classList.add("entry-pinned");
        node.removeAttribute("id");
      }
      shown[i].replaceWith(node);
    }
  }
  function onRemove(event) {
    var m = read(event);
    if (!m) {
      return;
    }
    var shown = copies(m.id);
    for (var i = 0; i < shown.length; i++) {
      shown[i].remove();
    }
    var at = waiting(m.id);
    if (at >= 0) {
      pending.splice(at, 1);
      render();
    }
  }

  var source = null;
  function connect() {
    source = new EventSource("/live/?post=" + encodeURIComponent(postID));
    source.addEventListener("open", function () {
      root.setAttribute("data-live-open", "");
    });
    source.addEventListener("entry", onEntry);
    source.addEventListener("entry-update", onUpdate);
    source.addEventListener("entry-remove", onRemove);
  }
  window.addEventListener("pagehide", function () {
    if (source) {
      source.close();
      source = null;
      root.removeAttribute("data-live-open");
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !source) {
      connect();
    }
  });
  connect();
})();
