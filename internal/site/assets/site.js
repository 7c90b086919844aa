// newsdesk: small enhancements over pages that work without JavaScript.
// "Show More" appends the next items in place; video facades load the
// player from its host only when the reader asks for it; new stories
// announce themselves live (see live() below).
(function () {
  "use strict";

  var bar = document.querySelector("[data-live]");
  if (bar && window.EventSource && window.JSON) {
    live(bar);
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var more = event.target.closest("a[data-more]");
    if (more) {
      event.preventDefault();
      showMore(more);
      return;
    }
    var facade = event.target.closest("a[data-embed]");
    if (facade) {
      event.preventDefault();
      play(facade);
    }
  });

  function showMore(link) {
    if (link.getAttribute("aria-busy") === "true") {
      return;
    }
    var list = document.getElementById(link.getAttribute("data-more"));
    if (!list) {
      window.location.href = link.href;
      return;
    }
    var target = new URL(link.href, window.location.href);
    var shown = target.pathname + target.search;
    target.searchParams.set("partial", "1");
    var label = link.textContent;
    link.setAttribute("aria-busy", "true");
    link.textContent = link.getAttribute("data-loading") || "Loading…";

    fetch(target.toString(), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error("HTTP " + res.status);
        }
        return res.text();
      })
      .then(function (html) {
        var tpl = document.createElement("template");
        tpl.innerHTML = html;
        var next = tpl.content.querySelector("a[data-more]");
        if (next) {
          next.remove();
        }
        var first = tpl.content.querySelector("article");
        list.appendChild(tpl.content);
        if (list.hasAttribute("data-replace-url")) {
          window.history.replaceState(window.history.state, "", shown);
        }
        if (next) {
          link.href = next.getAttribute("href");
          link.textContent = label;
          link.removeAttribute("aria-busy");
        } else {
          (link.closest(".more-wrap") || link).remove();
        }
        // Take keyboard and screen-reader users to what just arrived,
        // without moving the page under anyone's eyes.
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus({ preventScroll: true });
        }
      })
      .catch(function () {
        // Fall back to the plain link: the next page, fully rendered.
        window.location.href = link.href;
      });
  }

  function play(facade) {
    var frame = document.createElement("iframe");
    frame.src = facade.getAttribute("data-embed");
    frame.title = facade.getAttribute("data-title") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.className = "player-frame";
    facade.replaceWith(frame);
    frame.focus();
  }

  // live follows /live/: on the News Feed's first page, new stories wait
  // behind an "N new stories" button so the page never moves under the
  // reader; under an article, a link to the News Feed counts them.
  // Stories taken down disappear from the page either way.
  function live(bar) {
    var mode = bar.getAttribute("data-live");
    var list = document.getElementById(bar.getAttribute("data-live-stream"));
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
    var pending = []; // arrival order: the newest last

    function shown(id) {
      if (!list) {
        return null;
      }
      var items = list.querySelectorAll("article[data-id]");
      for (var i = 0; i < items.length; i++) {
        if (items[i].getAttribute("data-id") === id) {
          return items[i];
        }
      }
      return null;
    }
    function waiting(id) {
      for (var i = 0; i < pending.length; i++) {
        if (pending[i].id === id) {
          return i;
        }
      }
      return -1;
    }
    function words(n) {
      var form = rules ? rules.select(n) : n === 1 ? "one" : "other";
      var text = bar.getAttribute(form === "one" ? "data-word-one" : form === "few" ? "data-word-few" : "data-word-many");
      text = text.replace("%d", String(n));
      var where = bar.getAttribute("data-where");
      return where ? text + " " + where : text;
    }
    function render() {
      if (pending.length === 0) {
        bar.textContent = "";
        return;
      }
      var control = bar.firstElementChild;
      if (!control) {
        control = document.createElement(mode === "insert" ? "button" : "a");
        control.className = "live-button";
        if (mode === "insert") {
          control.type = "button";
          control.addEventListener("click", insert);
        } else {
          control.href = "/";
        }
        bar.appendChild(control);
      }
      control.textContent = words(pending.length);
    }
    function insert() {
      var first = null;
      var empty = list.querySelector(".empty");
      if (empty) {
        empty.remove();
      }
      pending.forEach(function (m) {
        if (shown(m.id)) {
          return;
        }
        var tpl = document.createElement("template");
        tpl.innerHTML = m.html;
        var node = tpl.content.querySelector("article");
        if (node) {
          list.insertBefore(node, list.firstChild);
          first = node;
        }
      });
      pending = [];
      if (first) {
        // Focus the newest story; readers who asked for less motion are
        // not scrolled smoothly.
        var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        first.setAttribute("tabindex", "-1");
        first.focus({ preventScroll: true });
        first.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
      }
      render();
    }
    function read(event) {
      try {
        var m = JSON.parse(event.data);
        return m && typeof m.id === "string" ? m : null;
      } catch (e) {
        return null;
      }
    }

    var source = null;
    function connect() {
      source = new EventSource("/live/");
      source.addEventListener("open", function () {
        bar.setAttribute("data-live-open", "");
      });
      source.addEventListener("post", onPost);
      source.addEventListener("update", onUpdate);
      source.addEventListener("remove", onRemove);
    }
    // A page the reader left holds no connection (browsers allow six per
    // host); one they come back to through the back button reconnects.
    window.addEventListener("pagehide", function () {
      if (source) {
        source.close();
        source = null;
        bar.removeAttribute("data-live-open");
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !source) {
        connect();
      }
    });
    connect();

    function onPost(event) {
      var m = read(event);
      if (!m || !m.html || shown(m.id)) {
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
      // A story already on the page keeps its place and its size; the
      // reader sees the new headline when the page is next loaded.
    }
    function onRemove(event) {
      var m = read(event);
      if (!m) {
        return;
      }
      var el = shown(m.id);
      if (el) {
        el.remove();
      }
      var at = waiting(m.id);
      if (at >= 0) {
        pending.splice(at, 1);
        render();
      }
    }
  }
})();
