// The editor's document model: prosemirror-markdown's CommonMark schema
// plus newsdesk's own forms (figures with caption and credit, embeds, pull
// quotes) and "raw" blocks, which hold Markdown the editor does not model
// (HTML from an import, tables, galleries, cards) exactly as written.
import { Schema } from "prosemirror-model";
import { schema as base } from "prosemirror-markdown";
import { providerOf } from "./embeds.js";
import { t } from "./i18n.js";

function imgAttrs(img) {
  return { src: img.getAttribute("src") || "", alt: img.getAttribute("alt") || "", title: img.getAttribute("title") || "" };
}

// splitCredit cuts "Caption (Credit)" at the last balanced parenthesised
// group, as the site's renderer does.
export function splitCredit(s) {
  const u = s.replace(/\s+$/, "");
  if (!u.endsWith(")")) return [s, ""];
  let depth = 0;
  for (let i = u.length - 1; i >= 0; i--) {
    if (u[i] === ")") depth++;
    else if (u[i] === "(" && --depth === 0) return [u.slice(0, i).replace(/\s+$/, ""), u.slice(i + 1, -1)];
  }
  return [s, ""];
}

const nodes = base.spec.nodes
  .update("bullet_list", {
    content: "list_item+", group: "block",
    attrs: { tight: { default: true }, bullet: { default: "-" } },
    parseDOM: [{ tag: "ul", getAttrs: (dom) => ({ tight: true }) }],
    toDOM: () => ["ul", 0],
  })
  .update("ordered_list", {
    content: "list_item+", group: "block",
    attrs: { order: { default: 1 }, tight: { default: true } },
    parseDOM: [{ tag: "ol", getAttrs: (dom) => ({ order: dom.hasAttribute("start") ? +dom.getAttribute("start") || 1 : 1, tight: true }) }],
    toDOM: (node) => ["ol", node.attrs.order === 1 ? {} : { start: node.attrs.order }, 0],
  })
  .addToEnd("pullquote", {
    content: "paragraph+", group: "block", defining: true,
    parseDOM: [{ tag: "aside.pullquote" }, { tag: "blockquote.pullquote" }],
    toDOM: () => ["aside", { class: "nd-pullquote" }, 0],
  })
  .addToEnd("figcaption", {
    content: "text*", marks: "em strong link code",
    parseDOM: [{ tag: "div.nd-cap" }],
    toDOM: () => ["div", { class: "nd-cap" }, 0],
  })
  .addToEnd("figcredit", {
    content: "text*", marks: "em strong link code",
    parseDOM: [{ tag: "div.nd-credit" }],
    toDOM: () => ["div", { class: "nd-credit" }, 0],
  })
  .addToEnd("figure", {
    content: "figcaption figcredit", group: "block", defining: true, isolating: true, draggable: true,
    attrs: { src: { default: "" }, alt: { default: "" }, title: { default: "" }, href: { default: "" } },
    parseDOM: [{
      tag: "figure",
      getAttrs: (dom) => { const img = dom.querySelector("img"); return img ? imgAttrs(img) : false; },
      getContent: (dom, schema) => {
        const cap = dom.querySelector("figcaption, .nd-cap");
        let [caption, credit] = splitCredit(cap ? cap.textContent.replace(/\s+/g, " ").trim() : "");
        const credEl = dom.querySelector(".nd-credit");
        if (credEl) credit = credEl.textContent.trim();
        const text = (s) => (s ? [schema.text(s)] : []);
        return schema.nodes.figure.createAndFill(null, [schema.nodes.figcaption.create(null, text(caption)), schema.nodes.figcredit.create(null, text(credit))]).content;
      },
    }],
    toDOM: (node) => ["figure", { class: "nd-figure" },
      ["img", { src: node.attrs.src, alt: node.attrs.alt, draggable: "false" }],
      ["div", { class: "nd-figtext" }, 0]],
  })
  .addToEnd("embed", {
    content: "figcaption", group: "block", defining: true, isolating: true, draggable: true,
    attrs: { url: { default: "" } },
    parseDOM: [{ tag: "figure.nd-embed", getAttrs: (dom) => ({ url: dom.getAttribute("data-url") || "" }) }],
    toDOM: (node) => {
      const p = providerOf(node.attrs.url);
      return ["figure", { class: "nd-embed" + (p.video ? " is-video" : ""), "data-url": node.attrs.url },
        ["div", { class: "nd-facade", contenteditable: "false" },
          ["span", { class: "nd-play", "aria-hidden": "true" }],
          ["span", { class: "nd-facade-text" },
            ["span", { class: "nd-facade-title" }, p.label],
            ["span", { class: "nd-facade-url" }, node.attrs.url],
            ["span", { class: "nd-facade-note" }, p.name ? t("Readers see a click-to-load player; nothing loads from %s until they click.", p.name) : t("Shown as a link.")]]],
        ["div", { class: "nd-figtext" }, 0]];
    },
  })
  .addToEnd("raw", {
    group: "block", atom: true, selectable: true, draggable: true,
    attrs: { source: { default: "" } },
    parseDOM: [{ tag: "div.nd-raw", getAttrs: (dom) => ({ source: dom.getAttribute("data-source") || "" }) }],
    toDOM: (node) => ["div", { class: "nd-raw", "data-source": node.attrs.source },
      ["span", { class: "nd-raw-label" }, rawLabel(node.attrs.source)],
      ["pre", { class: "nd-raw-src" }, node.attrs.source.length > 600 ? node.attrs.source.slice(0, 600) + "…" : node.attrs.source]],
  });

// rawLabel says what a block kept as written is.
export function rawLabel(src) {
  const s = src.trim();
  if (/^<!--\s*members-only\s*-->$/.test(s)) return t("Members-only line: readers who are not members see only what is above it");
  const card = /^:{3,}\s*([a-z]+)/.exec(s);
  if (card) return t("%s card · kept as written; edit it in Markdown view", card[1][0].toUpperCase() + card[1].slice(1));
  if (/^</.test(s)) return t("HTML · kept as written; edit it in Markdown view");
  if (/^\|/.test(s) || /\n\s*\|?\s*:?-{3,}/.test(s)) return t("Table · kept as written; edit it in Markdown view");
  if (/^!\[/.test(s)) return t("Gallery · kept as written; edit it in Markdown view");
  return t("Markdown kept as written; edit it in Markdown view");
}

const marks = base.spec.marks.update("link", {
  attrs: { href: {}, title: { default: null } },
  inclusive: false,
  parseDOM: [{ tag: "a[href]", getAttrs: (dom) => ({ href: dom.getAttribute("href"), title: dom.getAttribute("title") }) }],
  toDOM: (mark) => ["a", { href: mark.attrs.href, title: mark.attrs.title, rel: "noopener noreferrer nofollow" }, 0],
});

const allMarks = marks.addToEnd("strike", {
  parseDOM: [{ tag: "s" }, { tag: "strike" }, { style: "text-decoration", getAttrs: (v) => (/line-through/.test(v) ? null : false) }],
  toDOM: () => ["s", 0],
});

export const schema = new Schema({ nodes, marks: allMarks });
