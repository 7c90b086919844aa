// Markdown in and out, without changing what nobody edited.
//
// The body is cut into its top-level blocks (markdown-it's line maps). Each
// block becomes one editor node, and the node remembers the exact text it
// came from. Writing the document back, a node that is still the one read
// (or equal to it, after an undo) writes that text, and two such nodes that
// were neighbours keep the blank lines that were between them; only edited
// or new blocks go through prosemirror-markdown's serializer. So opening and
// saving a body changes no byte of it, whatever Markdown or HTML it holds,
// and an edit changes only the blocks it touched.
import MarkdownIt from "markdown-it";
import { MarkdownParser, MarkdownSerializer, defaultMarkdownParser, defaultMarkdownSerializer } from "prosemirror-markdown";
import { schema, splitCredit } from "./schema.js";

// GitHub's flavour, as the site's goldmark reads it: tables, strikethrough
// and bare URLs as links (so an edited paragraph writes them back as
// links rather than as text with escaped underscores).
const md = MarkdownIt("default", { html: true, linkify: true });

const tokens = Object.assign({}, defaultMarkdownParser.tokens, {
  s: { mark: "strike" },
  bullet_list: { block: "bullet_list", getAttrs: (tok, toks, i) => ({ tight: listIsTight(toks, i), bullet: tok.markup || "-" }) },
  ordered_list: { block: "ordered_list", getAttrs: (tok, toks, i) => ({ order: +tok.attrGet("start") || 1, tight: listIsTight(toks, i) }) },
});
const parser = new MarkdownParser(schema, md, tokens);

function listIsTight(toks, i) {
  while (++i < toks.length) if (toks[i].type !== "list_item_open") return toks[i].hidden;
  return false;
}

// The card forms internal/markdown knows (see internal/importer/convert).
const cardOpen = /^ {0,3}(:{3,})\s*(callout|bookmark|button|toggle|pullquote)(\s.*)?$/;

// inline parses one line of inline Markdown into the content of a caption
// or credit node; null when it holds something the editor does not model.
function inline(src) {
  if (src === "") return [];
  let doc;
  try { doc = parser.parse(src); } catch (e) { return null; }
  if (doc.childCount !== 1 || doc.firstChild.type.name !== "paragraph") return null;
  const out = [];
  let ok = true;
  doc.firstChild.forEach((n) => { if (n.isText) out.push(n); else ok = false; });
  return ok ? out : null;
}

const imageLine = /^(\[)?!\[((?:[^\]\\]|\\.)*)\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\)(?:\]\(\s*(<[^>\n]*>|[^\s)]+)\s*\))?$/;
const captionLine = /^\*(?!\*)(.*[^\s*\\])\*$|^\*(\S)\*$/;

function unescape(s) { return s.replace(/\\([!-/:-@[-`{-~])/g, "$1"); }
function dest(s) { return s.startsWith("<") ? s.slice(1, -1) : unescape(s); }

// figureOrEmbed reads the figure and embed forms from a paragraph's text.
function figureOrEmbed(text) {
  const lines = text.split("\n");
  if (lines.length > 2) return null;
  let capNodes = [], credNodes = [];
  if (lines.length === 2) {
    const m = captionLine.exec(lines[1].trim());
    if (!m) return null;
    const [cap, cred] = splitCredit(m[1] !== undefined ? m[1] : m[2]);
    capNodes = inline(cap);
    credNodes = inline(cred);
    if (!capNodes || !credNodes) return null;
  }
  const first = lines[0].trim();
  const img = imageLine.exec(first);
  if (img && (img[1] ? img[5] : !img[5])) {
    return schema.nodes.figure.create(
      { alt: unescape(img[2]), src: dest(img[3]), title: img[4] ? unescape(img[4]) : "", href: img[5] ? dest(img[5]) : "" },
      [schema.nodes.figcaption.create(null, capNodes), schema.nodes.figcredit.create(null, credNodes)]);
  }
  const url = /^<?(https?:\/\/[^\s<>]+?)>?$/.exec(first);
  if (url && (first.startsWith("<") === first.endsWith(">")) && credNodes.length === 0) {
    return schema.nodes.embed.create({ url: url[1] }, [schema.nodes.figcaption.create(null, capNodes)]);
  }
  return null;
}

// blockNode turns one top-level block of source into one node.
function blockNode(text, env, isCard) {
  const raw = () => schema.nodes.raw.create({ source: text });
  if (isCard) {
    const m = cardOpen.exec(text.split("\n", 1)[0]);
    const lines = text.split("\n");
    const close = lines[lines.length - 1].trim();
    if (m && m[2] === "pullquote" && !m[3] && lines.length > 2 && /^:{3,}$/.test(close) && close.length >= m[1].length) {
      let inner;
      try { inner = parser.parse(lines.slice(1, -1).join("\n"), env); } catch (e) { return raw(); }
      let paras = true;
      inner.forEach((n) => { paras = paras && n.type.name === "paragraph"; });
      if (paras && inner.childCount > 0 && !(inner.childCount === 1 && inner.firstChild.content.size === 0)) {
        return schema.nodes.pullquote.create(null, inner.content);
      }
    }
    return raw();
  }
  const fe = figureOrEmbed(text);
  if (fe) return fe;
  if (/^ {0,3}!\[/.test(text) && /\n\s*!\[|\)\s*!\[/.test(text)) return raw(); // a gallery
  let doc;
  try { doc = parser.parse(text, env); } catch (e) { return raw(); } // a token the schema lacks: HTML, tables...
  return doc.childCount === 1 ? doc.firstChild : raw();
}

// Source is a body read into the editor: its document and what is needed
// to write unedited parts back byte for byte.
export class Source {
  constructor(text) {
    this.text = text;
    const env = {};
    // markdown-it counts a lone CR as a line end and replaces NUL; the
    // line maps must match this text's own \n lines, so it reads a copy
    // with both as spaces.
    const toks = md.parse(text.replace(/[\r\0]/g, " "), env);
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
    const nLines = starts.length;
    const lineEnd = (l) => (l < nLines ? starts[l] : text.length);
    // Top-level blocks by line.
    let blocks = [];
    const codeLines = new Set();
    for (const t of toks) {
      if (t.level !== 0 || !t.map || t.nesting === -1) continue;
      blocks.push({ start: t.map[0], end: t.map[1], card: false });
      if (t.type === "fence" || t.type === "code_block" || t.type === "html_block") for (let l = t.map[0]; l < t.map[1]; l++) codeLines.add(l);
    }
    // Lines no block claims but which hold text (link reference
    // definitions) are kept as written too.
    const covered = new Uint8Array(nLines + 1);
    for (const b of blocks) covered.fill(1, b.start, b.end);
    for (let l = 0; l < nLines; l++) {
      if (covered[l] || !text.slice(starts[l], lineEnd(l + 1)).trim()) continue;
      let e = l;
      while (e < nLines && !covered[e] && text.slice(starts[e], lineEnd(e + 1)).trim()) e++;
      blocks.push({ start: l, end: e, card: false, refs: true });
      l = e - 1;
    }
    blocks.sort((a, b) => a.start - b.start);
    // Card blocks ("::: name" to a closing fence) swallow what is inside.
    const lineText = (l) => text.slice(starts[l], lineEnd(l + 1)).replace(/\n$/, "");
    const merged = [];
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      let open = -1;
      for (let l = b.start; l < b.end && open < 0; l++) if (!codeLines.has(l) && cardOpen.test(lineText(l))) open = l;
      if (open < 0) { merged.push(b); continue; }
      const colons = cardOpen.exec(lineText(open))[1].length;
      let close = nLines - 1;
      for (let l = open + 1; l < nLines; l++) {
        const m = /^ {0,3}(:{3,})\s*$/.exec(lineText(l));
        if (m && m[1].length >= colons) { close = l; break; }
      }
      const c = { start: b.start, end: Math.max(b.end, close + 1), card: b.start === open };
      while (i + 1 < blocks.length && blocks[i + 1].start < c.end) c.end = Math.max(c.end, blocks[++i].end);
      merged.push(c);
    }
    blocks = merged;
    // Cut the text: separators around and between the blocks.
    this.chunks = [];
    this.seps = [];
    let pos = 0;
    for (const b of blocks) {
      const from = starts[b.start];
      let to = lineEnd(b.end);
      if (to > from && text[to - 1] === "\n") to--;
      if (from < pos) continue; // cannot happen with whole lines; be safe
      this.seps.push(text.slice(pos, from));
      this.chunks.push({ text: text.slice(from, to), card: b.card, refs: !!b.refs });
      pos = to;
    }
    this.seps.push(text.slice(pos));
    // One node per chunk.
    this.byNode = new WeakMap();
    this.byKey = new Map();
    const children = this.chunks.map((c, i) => {
      const n = c.refs ? schema.nodes.raw.create({ source: c.text }) : blockNode(c.text, env, c.card);
      this.byNode.set(n, i);
      const k = JSON.stringify(n.toJSON());
      if (!this.byKey.has(k)) this.byKey.set(k, []);
      this.byKey.get(k).push(i);
      return n;
    });
    if (children.length === 0) children.push(schema.nodes.paragraph.create());
    this.doc = schema.nodes.doc.create(null, children);
  }

  // origin is the index of the chunk node was read from, or -1.
  origin(node, want) {
    const i = this.byNode.get(node);
    if (i !== undefined) return i;
    const list = this.byKey.get(JSON.stringify(node.toJSON()));
    if (!list) return -1;
    return list.includes(want) ? want : list[0];
  }

  // serialize writes doc as Markdown, unedited blocks as they were read.
  serialize(doc) {
    if (doc.childCount === 1 && doc.firstChild.type.name === "paragraph" && doc.firstChild.content.size === 0 && this.chunks.length === 0) {
      return this.seps[0] || "";
    }
    let out = "", prev = -2, first = true;
    doc.forEach((node) => {
      const i = this.origin(node, prev + 1);
      // Empty paragraphs (Enter pressed twice) are no Markdown.
      if (i < 0 && node.type === schema.nodes.paragraph && node.content.size === 0) return;
      const text = i >= 0 ? this.chunks[i].text : serializeNode(node);
      if (first) out += i === 0 ? this.seps[0] : "";
      else out += i >= 0 && i === prev + 1 ? this.seps[i] : "\n\n";
      out += text;
      prev = i;
      first = false;
    });
    if (first) return "";
    const n = this.chunks.length;
    out += prev === n - 1 && n > 0 ? this.seps[n] : "\n";
    return out;
  }
}

function inlineMarkdown(node) {
  if (node.content.size === 0) return "";
  return serializer.serialize(schema.nodes.doc.create(null, [schema.nodes.paragraph.create(null, node.content)])).replace(/\n+$/, "");
}

function destination(u) {
  return /[\s()<>]/.test(u) ? "<" + u.replace(/[<>]/g, encodeURIComponent) + ">" : u;
}

function captionText(node) {
  const cap = inlineMarkdown(node.child(0));
  const cred = node.childCount > 1 ? inlineMarkdown(node.child(1)) : "";
  let c = cap;
  if (cred) c = (c ? c + " " : "") + "(" + cred + ")";
  return c.replace(/\n/g, " ");
}

const serializer = new MarkdownSerializer(Object.assign({}, defaultMarkdownSerializer.nodes, {
  bullet_list(state, node) {
    state.renderList(node, "  ", () => (node.attrs.bullet || "-") + " ");
  },
  figure(state, node) {
    const a = node.attrs;
    let img = "![" + state.esc(a.alt.replace(/\n/g, " ")) + "](" + destination(a.src) + (a.title ? ' "' + a.title.replace(/"/g, '\\"') + '"' : "") + ")";
    if (a.href) img = "[" + img + "](" + destination(a.href) + ")";
    state.write(img);
    const c = captionText(node);
    if (c) { state.ensureNewLine(); state.write("*" + c + "*"); }
    state.closeBlock(node);
  },
  embed(state, node) {
    state.write(node.attrs.url);
    const c = captionText(node);
    if (c) { state.ensureNewLine(); state.write("*" + c + "*"); }
    state.closeBlock(node);
  },
  figcaption() {},
  figcredit() {},
  pullquote(state, node) {
    state.write("::: pullquote");
    state.ensureNewLine();
    state.renderContent(node);
    state.ensureNewLine();
    state.write(":::");
    state.closeBlock(node);
  },
  raw(state, node) {
    state.text(node.attrs.source, false);
    state.closeBlock(node);
  },
}), Object.assign({}, defaultMarkdownSerializer.marks, {
  strike: { open: "~~", close: "~~", mixable: true, expelEnclosingWhitespace: true },
}), { tightLists: false });

// serializeNode writes one block (an edited or new one).
export function serializeNode(node) {
  return serializer.serialize(schema.nodes.doc.create(null, [node])).replace(/\n+$/, "");
}

// parseFragment reads Markdown typed or pasted as text into nodes.
export function parseMarkdown(text) {
  return new Source(text).doc;
}
