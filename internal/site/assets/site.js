// newsdesk: small enhancements over pages that work without JavaScript.
// "Show More" appends the next items in place; video facades load the
// player from its host only when the reader asks for it.
(function () {
  "use strict";

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
})();
