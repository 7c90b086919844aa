// newsdesk's rich-text editor. It mounts beside the Markdown textarea of
// the post editor, hides it and keeps it up to date, so the form posts
// Markdown as it always did; without JavaScript the textarea is the editor.
import { EditorState, Plugin, NodeSelection, TextSelection, Selection } from "prosemirror-state";
import { EditorView, Decoration, DecorationSet } from "prosemirror-view";
import { Slice } from "prosemirror-model";
import { keymap } from "prosemirror-keymap";
import { history, undo, redo } from "prosemirror-history";
import { baseKeymap, toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode } from "prosemirror-commands";
import { wrapInList, splitListItem, liftListItem, sinkListItem } from "prosemirror-schema-list";
import { inputRules, wrappingInputRule, textblockTypeInputRule, InputRule, undoInputRule } from "prosemirror-inputrules";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { schema } from "./schema.js";
import { Source } from "./markdown.js";
import { cleanHTML } from "./paste.js";
import { isEmbedURL, providerOf } from "./embeds.js";
import { t } from "./i18n.js";

const S = schema.nodes, M = schema.marks;
const isMac = /Mac|iP(hone|ad|od)/.test(navigator.platform);
const modName = isMac ? "⌘" : "Ctrl";

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === "class") el.className = v; else if (k === "text") el.textContent = v; else el.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k != null) el.append(k);
  return el;
}

// ---- commands -------------------------------------------------------------

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}
function blockActive(state, type, attrs) {
  const { $from, to, node } = state.selection;
  if (node) return node.hasMarkup(type, attrs);
  return to <= $from.end() && $from.parent.hasMarkup(type, attrs);
}
function wrappedIn(state, type) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}
function toggleBlock(type, attrs) {
  return (state, dispatch) => (blockActive(state, type, attrs) ? setBlockType(S.paragraph)(state, dispatch) : setBlockType(type, attrs)(state, dispatch));
}
function toggleWrap(type) {
  return (state, dispatch) => (wrappedIn(state, type) ? lift(state, dispatch) : wrapIn(type)(state, dispatch));
}
function toggleList(type) {
  return (state, dispatch) => {
    const { $from } = state.selection;
    for (let d = $from.depth; d > 0; d--) {
      const n = $from.node(d);
      if (n.type === type) return liftListItem(S.list_item)(state, dispatch);
      if (n.type === S.bullet_list || n.type === S.ordered_list) {
        if (dispatch) dispatch(state.tr.setNodeMarkup($from.before(d), type, type === S.bullet_list ? { tight: n.attrs.tight } : { order: 1, tight: n.attrs.tight }));
        return true;
      }
    }
    return wrapInList(type)(state, dispatch);
  };
}
function insertBlock(node) {
  return (state, dispatch) => {
    const { $from } = state.selection;
    let tr = state.tr, at;
    // An empty paragraph where the cursor is gives its place to the block.
    if (state.selection.empty && $from.parent.type === S.paragraph && $from.parent.content.size === 0 && $from.depth === 1) {
      at = $from.before();
      tr = tr.replaceWith(at, $from.after(), node);
    } else {
      tr = tr.replaceSelectionWith(node);
      at = tr.mapping.map(state.selection.from, -1);
    }
    // Writing goes on below the new block, in a paragraph made if needed.
    const found = (() => { let p = -1; tr.doc.nodesBetween(at, Math.min(tr.doc.content.size, at + node.nodeSize + 2), (n, pos) => { if (p < 0 && n === node) p = pos; return p < 0; }); return p; })();
    if (found >= 0) {
      const after = found + node.nodeSize;
      const next = tr.doc.resolve(after).nodeAfter;
      if (!next || !next.isTextblock) tr = tr.insert(after, S.paragraph.create());
      tr = tr.setSelection(TextSelection.create(tr.doc, after + 1));
    }
    if (dispatch) dispatch(tr.scrollIntoView());
    return true;
  };
}
const insertRule = (state, dispatch) => {
  if (dispatch) {
    let tr = state.tr.replaceSelectionWith(S.horizontal_rule.create());
    const after = tr.selection.$from;
    if (!after.nodeAfter || !after.nodeAfter.isTextblock) tr = tr.insert(after.pos, S.paragraph.create());
    tr = tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(after.pos + 1, tr.doc.content.size))));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

// ---- uploads ---------------------------------------------------------------

class Uploader {
  constructor(form, say) {
    this.post = form.dataset.draftKey && form.dataset.draftKey !== "new" ? form.dataset.draftKey : "";
    this.csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";
    this.pending = 0;
    this.say = say;
  }
  async send(blob, name) {
    this.pending++;
    this.say(name ? t("Uploading %s…", name) : t("Uploading image…"));
    try {
      const data = new FormData();
      data.append("csrf", this.csrf);
      data.append("post", this.post);
      data.append("file", blob, name || "pasted." + ((blob.type || "image/png").split("/")[1] || "png"));
      const r = await fetch("/newsroom/media", { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRF-Token": this.csrf, "X-Requested-With": "fetch" } });
      const text = await r.text();
      if (!r.ok) throw new Error(text.trim() || t("Upload failed (%d).", r.status));
      this.say(t("Image uploaded."));
      return JSON.parse(text);
    } catch (err) {
      this.say(t("The image was not uploaded: %s", err.message));
      throw err;
    } finally {
      this.pending--;
    }
  }
}

function dataURLBlob(src) {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(src);
  if (!m) return null;
  const bin = atob(m[2].replace(/\s+/g, ""));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: m[1] });
}

// uploadPlugin sends pictures that arrived as data: URIs (pasted from a
// word processor) to the media library and points the figure at the copy.
function uploadPlugin(uploader) {
  const started = new Set();
  return new Plugin({
    view: () => ({
      update(view) {
        view.state.doc.descendants((node) => {
          const src = node.attrs && node.attrs.src;
          if (!(node.type === S.figure || node.type === S.image) || !src || !src.startsWith("data:") || started.has(src)) return;
          started.add(src);
          const blob = dataURLBlob(src);
          const replace = (fn) => {
            const tr = view.state.tr;
            view.state.doc.descendants((n, pos) => { if ((n.type === S.figure || n.type === S.image) && n.attrs.src === src) fn(tr, n, pos); });
            view.dispatch(tr);
          };
          const done = blob ? uploader.send(blob) : Promise.reject(new Error("unreadable image"));
          done.then((img) => replace((tr, n, pos) => tr.setNodeMarkup(tr.mapping.map(pos), null, Object.assign({}, n.attrs, { src: img.url }))),
            () => replace((tr, n, pos) => tr.delete(tr.mapping.map(pos), tr.mapping.map(pos + n.nodeSize))))
            .finally(() => started.delete(src));
        });
      },
    }),
  });
}

// ---- placeholders ----------------------------------------------------------

function placeholders(bodyHint) {
  return new Plugin({
    props: {
      decorations(state) {
        const decos = [];
        const doc = state.doc;
        if (doc.childCount === 1 && doc.firstChild.isTextblock && doc.firstChild.content.size === 0 && bodyHint) {
          decos.push(Decoration.node(0, doc.firstChild.nodeSize, { class: "nd-empty", "data-placeholder": bodyHint }));
        }
        doc.descendants((n, pos) => {
          if ((n.type === S.figcaption || n.type === S.figcredit) && n.content.size === 0) {
            decos.push(Decoration.node(pos, pos + n.nodeSize, { class: "nd-empty", "data-placeholder": n.type === S.figcredit ? t("Credit: Photographer / Agency") : t("Caption: Place: what happens, date.") }));
          }
        });
        return DecorationSet.create(doc, decos);
      },
    },
  });
}

// ---- the editor ------------------------------------------------------------

function mount(textarea) {
  const form = textarea.form;
  const pane = textarea.closest(".bodypane") || textarea.parentElement;
  const status = form.querySelector(".savestate");
  const say = (msg) => { if (status) status.textContent = msg; live.textContent = msg; };
  const live = h("p", { class: "sr", "aria-live": "polite" });
  const uploader = new Uploader(form, say);

  let sourceMode = false;
  let source = new Source(textarea.value);
  let synced = textarea.value;

  const wrap = h("div", { class: "nd-editor" });
  const toolbar = h("div", { class: "nd-toolbar", role: "toolbar", "aria-label": t("Formatting"), "aria-controls": "nd-body" });
  const surface = h("div", { class: "nd-surface" });
  const hint = h("p", { class: "nd-hint muted small", id: "nd-hint" },
    t("Esc or Alt+F10 moves to the toolbar; Tab leaves the text. %s+B bold, %s+I italic, %s+K link, %s+Alt+2 or 3 heading, %s+Alt+0 paragraph.", modName, modName, modName, modName, modName));
  pane.parentElement.insertBefore(wrap, pane);
  // The Markdown pane moves inside, so the toolbar stays stuck over it too.
  wrap.append(toolbar, surface, hint, live, pane);

  // The toolbar sticks under the form's action bar, whose height changes
  // as its buttons wrap on narrow screens.
  const bar = form.querySelector(".actionbar");
  const stick = () => {
    if (!bar) return;
    const top = parseFloat(getComputedStyle(bar).top) || 0;
    toolbar.style.top = (getComputedStyle(bar).position === "sticky" ? top + bar.offsetHeight : 0) + "px";
  };
  stick();
  window.addEventListener("resize", stick);

  // ---- toolbar buttons
  const buttons = [];
  function button(key, label, icon, run, opts = {}) {
    const b = h("button", { type: "button", class: "nd-btn" + (opts.wide ? " nd-wide" : ""), "data-cmd": key, title: label + (opts.keys ? " (" + opts.keys + ")" : ""), "aria-label": label, tabindex: "-1" });
    if (opts.keys) b.setAttribute("aria-keyshortcuts", opts.keys.replace(/⌘|Ctrl/g, isMac ? "Meta" : "Control").replace(/\+/g, "+"));
    b.innerHTML = icon;
    if (opts.toggle) b.setAttribute("aria-pressed", "false");
    b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the text selection
    b.addEventListener("click", () => { run(); });
    buttons.push({ b, opts });
    return b;
  }
  const group = (...kids) => h("span", { class: "nd-group", role: "presentation" }, ...kids);
  const cmd = (c) => () => { c(view.state, view.dispatch, view); view.focus(); };
  const txt = (s, cls) => '<span class="' + (cls || "nd-t") + '" aria-hidden="true">' + s + "</span>";
  const svg = (d) => '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false"><path d="' + d + '" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/></svg>';

  const bP = button("p", t("Paragraph"), txt("¶"), cmd(setBlockType(S.paragraph)), { toggle: true, keys: modName + "+Alt+0", active: (s) => blockActive(s, S.paragraph) });
  const bH2 = button("h2", t("H2 heading"), txt("H2"), cmd(toggleBlock(S.heading, { level: 2 })), { toggle: true, keys: modName + "+Alt+2", active: (s) => blockActive(s, S.heading, { level: 2 }) });
  const bH3 = button("h3", t("H3 subheading"), txt("H3"), cmd(toggleBlock(S.heading, { level: 3 })), { toggle: true, keys: modName + "+Alt+3", active: (s) => blockActive(s, S.heading, { level: 3 }) });
  const bB = button("strong", t("Bold"), txt("B", "nd-t nd-b"), cmd(toggleMark(M.strong)), { toggle: true, keys: modName + "+B", active: (s) => markActive(s, M.strong) });
  const bI = button("em", t("Italic"), txt("I", "nd-t nd-i"), cmd(toggleMark(M.em)), { toggle: true, keys: modName + "+I", active: (s) => markActive(s, M.em) });
  const bL = button("link", t("Link"), svg("M8.5 11.5l3-3M7 9l-2 2a2.8 2.8 0 004 4l2-2M13 11l2-2a2.8 2.8 0 00-4-4L9 7"), () => linkDialog(), { toggle: true, keys: modName + "+K", active: (s) => markActive(s, M.link) });
  const bQ = button("quote", t("Quote"), svg("M4 6h5v5H6l-2 3zM11 6h5v5h-3l-2 3z"), cmd(toggleWrap(S.blockquote)), { toggle: true, keys: modName + "+Shift+9", active: (s) => wrappedIn(s, S.blockquote) });
  const bPQ = button("pullquote", t("Pull quote"), txt("❝", "nd-t nd-pq"), cmd(toggleWrap(S.pullquote)), { toggle: true, active: (s) => wrappedIn(s, S.pullquote) });
  const bUL = button("ul", t("Bulleted list"), svg("M8 5h9M8 10h9M8 15h9M3.5 5h.01M3.5 10h.01M3.5 15h.01"), cmd(toggleList(S.bullet_list)), { toggle: true, keys: modName + "+Shift+8", active: (s) => wrappedIn(s, S.bullet_list) });
  const bOL = button("ol", t("Numbered list"), svg("M8 5h9M8 10h9M8 15h9M3 4l1-1v4M3 12.5c0-1 2-1 2 0s-2 1.5-2 2.5h2"), cmd(toggleList(S.ordered_list)), { toggle: true, keys: modName + "+Shift+7", active: (s) => wrappedIn(s, S.ordered_list) });
  const bImg = button("image", t("Image"), svg("M3 4h14v12H3zM3 13l4-4 3 3 2-2 5 5M13 7.5h.01"), () => imageDialog());
  const bEmb = button("embed", t("Embed a video or post"), svg("M3 4h14v12H3zM8.5 7.5v5l4-2.5z"), () => embedDialog());
  const bHR = button("hr", t("Horizontal rule"), svg("M3 10h14"), cmd(insertRule));
  const bU = button("undo", t("Undo"), svg("M7 5L3 9l4 4M3 9h9a4 4 0 010 8H9"), cmd(undo), { keys: modName + "+Z" });
  const bR = button("redo", t("Redo"), svg("M13 5l4 4-4 4M17 9H8a4 4 0 000 8h3"), cmd(redo), { keys: isMac ? "⌘+Shift+Z" : "Ctrl+Y" });
  const bSrc = button("source", "Markdown", txt("Markdown", "nd-t nd-src"), () => setSource(!sourceMode), { toggle: true, wide: true, active: () => sourceMode });
  toolbar.append(group(bP, bH2, bH3), group(bB, bI, bL), group(bQ, bPQ, bUL, bOL), group(bImg, bEmb, bHR), group(bU, bR), h("span", { class: "nd-grow" }), group(bSrc));
  let current = 0;
  buttons[0].b.tabIndex = 0;
  const visibleButtons = () => buttons.filter(({ b }) => !b.disabled);
  function focusButton(i) {
    const list = visibleButtons();
    i = (i + list.length) % list.length;
    buttons.forEach(({ b }) => { b.tabIndex = -1; });
    list[i].b.tabIndex = 0;
    current = i;
    list[i].b.focus();
  }
  toolbar.addEventListener("keydown", (e) => {
    const list = visibleButtons();
    const i = list.findIndex(({ b }) => b === document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") { e.preventDefault(); focusButton(i + 1); }
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { e.preventDefault(); focusButton(i - 1); }
    else if (e.key === "Home") { e.preventDefault(); focusButton(0); }
    else if (e.key === "End") { e.preventDefault(); focusButton(list.length - 1); }
    else if (e.key === "Escape") { e.preventDefault(); if (sourceMode) textarea.focus(); else view.focus(); }
  });
  toolbar.addEventListener("focusin", (e) => {
    const i = visibleButtons().findIndex(({ b }) => b === e.target);
    if (i >= 0) { buttons.forEach(({ b }) => { b.tabIndex = -1; }); e.target.tabIndex = 0; current = i; }
  });
  function toToolbar() {
    const list = visibleButtons();
    const b = list.find(({ b }) => b.tabIndex === 0) || list[0];
    b.b.focus();
    return true;
  }
  function refresh(state) {
    for (const { b, opts } of buttons) {
      if (opts.active) b.setAttribute("aria-pressed", String(!!opts.active(state)));
      if (b === bU) b.disabled = sourceMode || !undo(state);
      else if (b === bR) b.disabled = sourceMode || !redo(state);
      else if (b !== bSrc) b.disabled = sourceMode;
    }
    if (buttons.every(({ b }) => b.tabIndex !== 0 || b.disabled)) {
      const first = visibleButtons()[0];
      if (first) first.b.tabIndex = 0;
    }
  }

  // ---- dialogs (native <dialog>: focus is kept inside, Esc closes)
  function dialog(title, fields, submitLabel, onSubmit) {
    const d = h("dialog", { class: "nd-dialog", "aria-labelledby": "nd-dlg-title" });
    const f = h("form", { method: "dialog", class: "stack" });
    const err = h("p", { class: "err", role: "alert", hidden: true });
    f.append(h("h2", { id: "nd-dlg-title", text: title }));
    const inputs = {};
    for (const fd of fields) {
      const id = "nd-f-" + fd.name;
      const input = fd.type === "file" ? h("input", { id, type: "file", accept: "image/jpeg,image/png,image/webp,image/gif" }) : h("input", { id, type: fd.type || "text", value: fd.value || "", placeholder: fd.placeholder || "", autocomplete: "off" });
      if (fd.type !== "file") input.value = fd.value || "";
      inputs[fd.name] = input;
      f.append(h("label", { for: id, text: fd.label }), input);
      if (fd.hint) f.append(h("p", { class: "hint", text: fd.hint }));
    }
    const buttonsRow = h("div", { class: "nd-dlg-actions" },
      h("button", { type: "button", class: "btn ghost", value: "cancel", text: t("Cancel") }),
      h("button", { type: "submit", class: "btn primary", value: "ok", text: submitLabel }));
    f.append(err, buttonsRow);
    d.append(f);
    document.body.append(d);
    const close = () => { d.close(); d.remove(); view.focus(); };
    buttonsRow.firstChild.addEventListener("click", close);
    d.addEventListener("cancel", (e) => { e.preventDefault(); close(); });
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      err.hidden = true;
      try {
        const ok = await onSubmit(inputs);
        if (ok !== false) close();
      } catch (x) {
        err.textContent = x.message;
        err.hidden = false;
      }
    });
    d.showModal();
    const first = Object.values(inputs)[0];
    if (first) first.focus();
    return d;
  }

  function linkDialog() {
    const state = view.state;
    const { from, to, empty } = state.selection;
    let existing = null;
    state.doc.nodesBetween(from, empty ? from + 1 : to, (n) => { const m = M.link.isInSet(n.marks); if (m) existing = m; });
    if (!existing && state.selection.$from.nodeBefore) existing = M.link.isInSet(state.selection.$from.nodeBefore.marks);
    const fields = [{ name: "href", label: t("Address"), type: "url", value: existing ? existing.attrs.href : "", placeholder: "https://" }];
    if (empty && !existing) fields.push({ name: "text", label: t("Text"), value: "" });
    dialog(existing ? t("Edit link") : t("Add link"), fields, existing ? t("Update link") : t("Add link"), (inp) => {
      const href = inp.href.value.trim();
      let tr = view.state.tr;
      let a = from, b = to;
      if (existing && empty) {
        // Extend to the whole link around the cursor.
        const $p = view.state.selection.$from, parent = $p.parent;
        let start = $p.parentOffset, end = $p.parentOffset;
        parent.forEach((n, off) => { if (existing.isInSet(n.marks) && off <= $p.parentOffset && off + n.nodeSize >= $p.parentOffset) { start = off; end = off + n.nodeSize; } });
        a = $p.start() + start; b = $p.start() + end;
      }
      if (!href) { view.dispatch(tr.removeMark(a, b, M.link)); return; }
      if (!/^(https?:\/\/|mailto:|tel:|\/|#)/i.test(href)) throw new Error(t("Enter an address that starts with https://, / or mailto:."));
      if (inp.text) {
        const text = inp.text.value.trim() || href;
        tr = tr.insertText(text, from, to);
        a = from; b = from + text.length;
      }
      view.dispatch(tr.removeMark(a, b, M.link).addMark(a, b, M.link.create({ href })));
    });
    return true;
  }

  function imageDialog(file) {
    dialog(t("Insert image"), [
      { name: "file", label: t("Picture (JPEG, PNG, WebP or GIF)"), type: "file" },
      { name: "alt", label: t("Alt text"), placeholder: t("What the picture shows"), hint: t("For readers who cannot see it.") },
      { name: "caption", label: t("Caption"), placeholder: t("Place: what happens, date.") },
      { name: "credit", label: t("Credit"), placeholder: t("Photographer / Agency") },
    ], t("Insert"), async (inp) => {
      const f = inp.file.files[0];
      if (!f) throw new Error(t("Choose a picture to upload."));
      const img = await uploader.send(f, f.name).catch((e) => { throw new Error(e.message); });
      const text = (s) => (s.trim() ? [schema.text(s.trim())] : []);
      insertBlock(S.figure.create({ src: img.url, alt: inp.alt.value.trim() }, [S.figcaption.create(null, text(inp.caption.value)), S.figcredit.create(null, text(inp.credit.value))]))(view.state, view.dispatch);
    });
  }

  function altDialog(pos) {
    const node = view.state.doc.nodeAt(pos);
    if (!node || node.type !== S.figure) return;
    dialog(t("Picture"), [
      { name: "alt", label: t("Alt text"), value: node.attrs.alt, placeholder: t("What the picture shows"), hint: t("For readers who cannot see it. The caption and credit are edited under the picture.") },
      { name: "href", label: t("Link the picture to (optional)"), type: "url", value: node.attrs.href, placeholder: "https://" },
    ], t("Save"), (inp) => {
      const href = inp.href.value.trim();
      if (href && !/^(https?:\/\/|\/)/i.test(href)) throw new Error(t("Enter an address that starts with https:// or /."));
      view.dispatch(view.state.tr.setNodeMarkup(pos, null, Object.assign({}, node.attrs, { alt: inp.alt.value.trim(), href })));
    });
  }

  function embedDialog() {
    dialog(t("Embed a video or post"), [
      { name: "url", label: t("Address of the video or post"), type: "url", placeholder: "https://www.youtube.com/watch?v=…", hint: t("YouTube, Vimeo, X, Instagram, Telegram or Facebook. Readers see a click-to-load player.") },
      { name: "caption", label: t("Caption (optional)") },
    ], t("Embed"), (inp) => {
      const url = inp.url.value.trim();
      if (!isEmbedURL(url)) throw new Error(t("Enter the full address, starting with https://."));
      const cap = inp.caption.value.trim();
      insertBlock(S.embed.create({ url }, [S.figcaption.create(null, cap ? [schema.text(cap)] : [])]))(view.state, view.dispatch);
    });
  }

  // ---- keys and input rules
  const keys = {
    "Mod-b": toggleMark(M.strong), "Mod-B": toggleMark(M.strong),
    "Mod-i": toggleMark(M.em), "Mod-I": toggleMark(M.em),
    "Mod-k": () => linkDialog(), "Mod-K": () => linkDialog(),
    "Mod-`": toggleMark(M.code),
    "Mod-Alt-0": setBlockType(S.paragraph),
    "Mod-Alt-1": toggleBlock(S.heading, { level: 2 }),
    "Mod-Alt-2": toggleBlock(S.heading, { level: 2 }),
    "Mod-Alt-3": toggleBlock(S.heading, { level: 3 }),
    "Mod-Shift-7": toggleList(S.ordered_list), "Mod-Shift-8": toggleList(S.bullet_list), "Mod-Shift-9": toggleWrap(S.blockquote),
    "Mod-z": undo, "Mod-Shift-z": redo, "Mod-y": redo, Backspace: undoInputRule,
    "Shift-Enter": chainCommands(exitCode, (state, dispatch) => { if (dispatch) dispatch(state.tr.replaceSelectionWith(S.hard_break.create()).scrollIntoView()); return true; }),
    Enter: splitListItem(S.list_item), "Mod-[": liftListItem(S.list_item), "Mod-]": sinkListItem(S.list_item),
    Escape: () => toToolbar(), "Alt-F10": () => toToolbar(),
  };
  const rules = inputRules({ rules: [
    textblockTypeInputRule(/^(#{2,3})\s$/, S.heading, (m) => ({ level: m[1].length })),
    wrappingInputRule(/^\s*>\s$/, S.blockquote),
    wrappingInputRule(/^\s*([-+*])\s$/, S.bullet_list),
    wrappingInputRule(/^(\d+)\.\s$/, S.ordered_list, (m) => ({ order: +m[1] }), (m, n) => n.childCount + n.attrs.order === +m[1]),
    new InputRule(/^(?:---|\*\*\*|___)$/, (state, m, start) => {
      const $s = state.doc.resolve(start);
      if ($s.depth !== 1) return null;
      const tr = state.tr.replaceWith($s.before(), $s.after(), [S.horizontal_rule.create(), S.paragraph.create()]);
      return tr.setSelection(TextSelection.near(tr.doc.resolve($s.before() + 2)));
    }),
  ] });

  // ---- the view
  let view;
  const bodyHint = textarea.getAttribute("placeholder") || "";
  function newState(src) {
    return EditorState.create({
      doc: src.doc,
      plugins: [rules, keymap(keys), keymap(baseKeymap), history(), dropCursor(), gapCursor(), placeholders(bodyHint), uploadPlugin(uploader)],
    });
  }
  view = new EditorView(surface, {
    state: newState(source),
    attributes: { id: "nd-body", class: "nd-doc article", role: "textbox", "aria-multiline": "true", "aria-label": t("Body"), "aria-describedby": "nd-hint", spellcheck: "true" },
    transformPastedHTML: (html) => (/data-pm-slice/.test(html) ? html : cleanHTML(html)),
    clipboardTextParser: (text, $context, plain) => {
      // Plain text from another program may well be Markdown: read it so.
      // One line goes in as typed text (a URL pasted into a sentence stays
      // there), except into an empty paragraph, where a lone URL is an embed.
      if (plain) return null;
      if (!/\n/.test(text.trim()) && !($context.parent.type === S.paragraph && $context.parent.content.size === 0)) return null;
      const doc = new Source(text.replace(/\r\n?/g, "\n")).doc;
      return Slice.maxOpen(doc.content);
    },
    handlePaste: (v, event) => {
      const dt = event.clipboardData;
      if (!dt || dt.getData("text/html")) return false;
      const files = Array.from(dt.files || []).filter((f) => /^image\//.test(f.type));
      if (!files.length) return false;
      files.forEach((f) => insertFile(f));
      return true;
    },
    handleDrop: (v, event) => {
      const files = Array.from((event.dataTransfer && event.dataTransfer.files) || []).filter((f) => /^image\//.test(f.type));
      if (!files.length) return false;
      event.preventDefault();
      files.forEach((f) => insertFile(f));
      return true;
    },
    handleKeyDown: (v, e) => {
      // Enter or a double click on a block kept as written opens it in
      // Markdown; on a picture, its alt text.
      const sel = v.state.selection;
      if (e.key === "Enter" && sel instanceof NodeSelection && sel.node.type === S.raw) { setSource(true); return true; }
      if (e.key === "Enter" && sel instanceof NodeSelection && sel.node.type === S.figure) { altDialog(sel.from); return true; }
      return false;
    },
    handleDoubleClickOn: (v, pos, node, nodePos, e, direct) => {
      if (node.type === S.raw) { setSource(true); return true; }
      return false;
    },
    handleDOMEvents: {
      dblclick: (v, e) => {
        const fig = e.target.closest && e.target.closest(".nd-figure");
        if (!fig || e.target.tagName !== "IMG") return false;
        const $p = v.state.doc.resolve(v.posAtDOM(fig.querySelector(".nd-figtext"), 0));
        for (let d = $p.depth; d > 0; d--) if ($p.node(d).type === S.figure) { e.preventDefault(); altDialog($p.before(d)); return true; }
        return false;
      },
    },
    dispatchTransaction(tr) {
      const state = view.state.apply(tr);
      view.updateState(state);
      refresh(state);
      if (tr.docChanged) sync();
    },
  });
  refresh(view.state);

  function insertFile(f) {
    uploader.send(f, f.name).then((img) => {
      insertBlock(S.figure.create({ src: img.url, alt: "" }, [S.figcaption.create(), S.figcredit.create()]))(view.state, view.dispatch);
    }, () => {});
  }

  // The textarea follows the editor; its own input event drives the
  // newsroom's autosave copy and unsaved-changes warning.
  function sync() {
    const text = source.serialize(view.state.doc);
    if (text === synced) return;
    synced = text;
    textarea.value = text;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  // The editor follows the textarea when something else changed it (the
  // Markdown view, a restored browser copy).
  function reload() {
    if (textarea.value === synced) return;
    source = new Source(textarea.value);
    synced = textarea.value;
    view.updateState(newState(source));
    refresh(view.state);
  }
  textarea.addEventListener("change", reload);

  // ---- Markdown view
  function setSource(on) {
    if (on === sourceMode) return;
    sourceMode = on;
    wrap.classList.toggle("is-source", on);
    form.classList.toggle("nd-source", on);
    pane.classList.toggle("nd-hidden", !on);
    surface.hidden = on;
    hint.hidden = on;
    if (on) {
      textarea.focus();
    } else {
      reload();
      view.focus();
    }
    refresh(view.state);
    say(on ? t("Markdown view: the text as it is stored.") : t("Rich text view."));
  }
  pane.classList.add("nd-hidden");
  form.classList.add("nd-rich");

  // No saving while a picture is still on its way.
  form.addEventListener("submit", (e) => {
    if (uploader.pending > 0 && !(e.submitter && e.submitter.hasAttribute("formtarget"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
      say(t("Wait until the image upload finishes, then save again."));
    }
  }, true);

  // For tests and other scripts on the page.
  textarea.ndEditor = { view, setSource, markdown: () => source.serialize(view.state.doc),
    focusEnd() { view.focus(); view.dispatch(view.state.tr.setSelection(Selection.atEnd(view.state.doc)).scrollIntoView()); }, get sourceMode() { return sourceMode; } };
}

// A failure to mount leaves the page as it is without JavaScript: the
// textarea works, nothing is hidden.
const ta = document.querySelector("textarea[data-rich]");
if (ta && ta.form) {
  try {
    mount(ta);
  } catch (err) {
    const pane = ta.closest(".bodypane");
    const wrap = document.querySelector(".nd-editor");
    if (wrap && pane && wrap.contains(pane)) wrap.replaceWith(pane);
    else if (wrap) wrap.remove();
    ta.form.classList.remove("nd-rich", "nd-source");
    if (pane) pane.classList.remove("nd-hidden");
    ta.dataset.editorError = String((err && err.stack) || err);
    console.error(err);
  }
}
