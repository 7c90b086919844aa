// newsdesk newsroom: live preview, browser-side draft copies, an
// unsaved-changes warning and keyboard shortcuts. Everything works without
// it; it only makes losing text hard.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";
  var zone = (document.querySelector('meta[name="site-timezone"]') || {}).content || "UTC";

  // newsroomTime writes a time as the server's pages do ("2 Jan 2006,
  // 15:04" in the site's time zone), not in the browser's own format.
  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function newsroomTime(ms) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"}).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    } catch (err) {
      return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
    }
    return Number(parts.day) + " " + months[Number(parts.month) - 1] + " " + parts.year + ", " + parts.hour + ":" + parts.minute;
  }

  // Confirm destructive forms (delete, restore).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  document.querySelectorAll("[data-select]").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
  // "/" focuses the search box on the post list.
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      var q = document.querySelector("[data-hotkey='/']");
      if (q) { e.preventDefault(); q.focus(); }
    }
  });

  var form = document.getElementById("editor");
  if (!form) return;
  var key = "newsdesk:draft:" + form.dataset.draftKey;
  var serverTime = parseInt(form.dataset.serverTime || "0", 10);
  var fields = ["title", "standfirst", "body", "tags", "slug", "image_alt", "image_caption", "image_credit", "video_url"];
  var state = form.querySelector(".savestate");
  var dirty = false;

  // A page reached after a confirmed save drops the browser copies.
  if (/[?&]done=/.test(location.search)) {
    try { localStorage.removeItem(key); localStorage.removeItem("newsdesk:draft:new"); } catch (err) {}
  }

  function snapshot() {
    var s = { savedAt: Date.now(), serverTime: serverTime };
    fields.forEach(function (f) { if (form.elements[f]) s[f] = form.elements[f].value; });
    return s;
  }
  function keep() {
    try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (err) { return; }
    if (state) state.textContent = "Unsaved changes · copy kept in this browser";
  }
  // Fields of other forms inside this one's markup (the notes panel's,
  // form="...") are not the post's text.
  function ours(e) { return e.target.form === undefined || e.target.form === form; }
  form.addEventListener("input", function (e) { if (ours(e)) { dirty = true; keep(); } });
  form.addEventListener("change", function (e) { if (ours(e)) dirty = true; });
  form.addEventListener("submit", function (e) {
    // Preview opens in another tab; the text here is still unsaved.
    if (e.submitter && e.submitter.hasAttribute("formtarget")) return;
    dirty = false;
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });

  // Offer to restore a browser copy newer than the server's version.
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (err) {}
  if (saved && saved.savedAt > serverTime) {
    var differs = fields.some(function (f) { return form.elements[f] && saved[f] !== undefined && saved[f] !== form.elements[f].value; });
    var box = form.querySelector(".restore");
    if (differs && box) {
      box.querySelector(".restore-time").textContent = newsroomTime(saved.savedAt);
      box.hidden = false;
      box.querySelector("[data-restore]").addEventListener("click", function () {
        fields.forEach(function (f) {
          if (!form.elements[f] || saved[f] === undefined) return;
          form.elements[f].value = saved[f];
          // The rich-text editor reads the body again on this event.
          form.elements[f].dispatchEvent(new Event("change", { bubbles: true }));
        });
        box.hidden = true; dirty = true; grow(); preview();
      });
      box.querySelector("[data-discard]").addEventListener("click", function () {
        try { localStorage.removeItem(key); } catch (err) {}
        box.hidden = true;
      });
    }
  }

  // Ctrl/Cmd+S saves.
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      var b = form.querySelector("[data-save]");
      if (b) b.click();
    }
  });

  // The headline box grows with its text.
  var title = form.elements.title;
  function grow() { title.style.height = "auto"; title.style.height = title.scrollHeight + "px"; }
  title.addEventListener("input", grow);
  title.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  grow();

  // Live preview through the server's renderer, the one the site uses.
  // A newer keystroke aborts the preview still in flight, so the server
  // drops it instead of rendering text nobody will see; a 429 (too many
  // previews at once) is left for the next pause to fix.
  var body = form.elements.body, pane = form.querySelector(".preview"), timer = 0, seq = 0, inflight = null;
  function preview() {
    var n = ++seq, data = new FormData();
    if (inflight) inflight.abort();
    inflight = new AbortController();
    data.append("body", body.value);
    fetch("/newsroom/preview", { method: "POST", body: data, credentials: "same-origin", signal: inflight.signal,
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch" } })
      .then(function (r) {
        if (r.status === 401) throw new Error("Your session expired: sign in again in a new tab. Your text stays here and in this browser.");
        if (r.status === 429) return null;
        if (!r.ok) throw new Error("Preview failed (" + r.status + ").");
        return r.text();
      })
      .then(function (html) { if (n === seq && html !== null) { pane.innerHTML = html; inflight = null; } })
      .catch(function (err) { if (n === seq && err.name !== "AbortError" && state) state.textContent = err.message; });
  }
  // No preview nobody sees: the rich-text editor hides the pane but for
  // its Markdown view (and narrow screens show it on a tab).
  body.addEventListener("input", function () {
    clearTimeout(timer);
    if (pane.offsetParent !== null) timer = setTimeout(preview, 350);
  });
  if (body.value) preview();

  // Write/Preview toggle on narrow screens.
  form.querySelectorAll(".tab").forEach(function (t) {
    t.addEventListener("click", function () {
      var show = t.dataset.tab === "preview";
      form.querySelector(".bodypane").classList.toggle("show-preview", show);
      form.querySelectorAll(".tab").forEach(function (o) { o.setAttribute("aria-pressed", String(o === t)); });
      if (show) preview();
    });
  });
})();

// The live desk's composer and entry form: Ctrl/Cmd+Enter posts (the
// primary button, so a Contributor's goes to the editors as a draft).
// The desk of a published blog follows its readers' stream, so entries
// others publish meanwhile are announced, with a link to show them.
(function () {
  "use strict";
  var follow = document.querySelector("[data-desk-follow]");
  if (follow && window.EventSource) {
    var news = follow.querySelector(".desk-news");
    var seen = {};
    document.querySelectorAll(".desk-entry").forEach(function (el) { seen[el.id.replace("entry-", "")] = true; });
    var count = 0;
    var source = new EventSource("/live/?post=" + encodeURIComponent(follow.getAttribute("data-desk-follow")));
    source.addEventListener("entry", function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (!m || seen[m.id]) return;
      seen[m.id] = true;
      count++;
      news.textContent = "";
      var a = document.createElement("a");
      a.href = location.pathname;
      a.textContent = count === 1 ? "1 new entry from the desk: show it" : count + " new entries from the desk: show them";
      news.appendChild(a);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }
  document.querySelectorAll("form.composer").forEach(function (form) {
    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        var primary = form.querySelector("button.primary[type=submit]");
        if (form.requestSubmit) {
          form.requestSubmit(primary || undefined);
        } else if (primary) {
          primary.click();
        }
      }
    });
  });
})();

// Editor notes: "Note on selection" quotes the words selected in the
// rich-text editor or the Markdown source into the note's passage field,
// and typing "@" in a note suggests colleagues (a listbox the arrow keys,
// Enter or Tab and Esc work). Without it the passage is a plain field and
// mentions are typed out.
(function () {
  var panel = document.getElementById("notes");
  if (!panel) return;
  var write = document.querySelector(".write");
  var passage = document.getElementById("note-passage");
  var text = document.getElementById("note-text");
  var button = panel.querySelector("[data-note-selection]");
  var picked = "";
  function inWrite(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(el && write && write.contains(el));
  }
  // The rich-text editor's selection.
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || !inWrite(sel.anchorNode)) return;
    if (document.activeElement && document.activeElement.tagName === "TEXTAREA") return;
    picked = sel.isCollapsed ? "" : sel.toString();
  });
  // The Markdown source's (and headline's) selection.
  if (write) ["select", "keyup", "mouseup"].forEach(function (type) {
    write.addEventListener(type, function (e) {
      var t = e.target;
      if (t.tagName !== "TEXTAREA") return;
      picked = t.value.substring(t.selectionStart, t.selectionEnd);
    });
  });
  if (button && passage && text) {
    button.hidden = false;
    var field = passage.closest(".passage-field");
    if (field) {
      panel.querySelector(".note-new").classList.add("js-passage");
      passage.addEventListener("input", function () { field.classList.toggle("filled", passage.value !== ""); });
    }
    var said = document.createElement("p");
    said.className = "hint";
    said.setAttribute("role", "status");
    button.after(said);
    // Pressing the button must not take the selection away first.
    button.addEventListener("mousedown", function (e) { e.preventDefault(); });
    button.addEventListener("click", function () {
      var q = picked.replace(/\s+/g, " ").trim();
      if (!q) { said.textContent = button.title; return; }
      if (q.length > 1000) q = q.slice(0, 999) + "…";
      passage.value = q;
      if (field) field.classList.add("filled");
      said.textContent = "";
      text.focus();
    });
  }

  // Mention suggestions.
  var staff = [];
  panel.querySelectorAll("#mention-staff li").forEach(function (li) {
    staff.push({ slug: li.dataset.slug, name: li.textContent });
  });
  if (!staff.length) return;
  var uid = 0;
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  document.querySelectorAll("textarea[data-mentions]").forEach(function (ta) {
    var list = document.createElement("ul");
    list.className = "mention-pop";
    list.id = "mentions-" + (++uid);
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "@");
    list.hidden = true;
    ta.after(list);
    ta.setAttribute("aria-autocomplete", "list");
    ta.setAttribute("aria-controls", list.id);
    var matches = [], active = 0, start = -1;
    function close() { list.hidden = true; matches = []; ta.removeAttribute("aria-activedescendant"); }
    function show() {
      list.innerHTML = "";
      matches.forEach(function (m, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", String(i === active));
        li.textContent = m.name;
        var small = document.createElement("small");
        small.textContent = "@" + m.slug;
        li.appendChild(small);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); active = i; pick(); });
        list.appendChild(li);
      });
      list.hidden = false;
      ta.setAttribute("aria-activedescendant", list.id + "-" + active);
    }
    function pick() {
      var m = matches[active];
      if (!m) return close();
      var end = ta.selectionStart;
      ta.value = ta.value.slice(0, start) + "@" + m.slug + " " + ta.value.slice(end);
      var at = start + m.slug.length + 2;
      ta.setSelectionRange(at, at);
      close();
    }
    ta.addEventListener("input", function () {
      var before = ta.value.slice(0, ta.selectionStart);
      var m = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_-]*)$/u.exec(before);
      if (!m) return close();
      start = before.length - m[2].length - 1;
      var q = fold(m[2]);
      matches = staff.filter(function (s) {
        return s.slug.indexOf(q) === 0 || fold(s.name).split(/\s+/).some(function (w) { return w.indexOf(q) === 0; });
      }).slice(0, 6);
      active = 0;
      if (matches.length) show(); else close();
    });
    ta.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        show();
      } else if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        pick();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    ta.addEventListener("blur", close);
  });
})();
