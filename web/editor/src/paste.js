// Cleaning what word processors and web pages put on the clipboard.
//
// Google Docs wraps everything in <b style="font-weight:normal"
// id="docs-internal-guid-…"> and says bold and italic only with inline
// styles; Word writes mso- styles, <o:p>, conditional comments and its
// lists as paragraphs with a bullet in a mso-list:Ignore span; LibreOffice
// nests <font> elements; web pages bring classes, spans, scripts and
// tracking parameters. What survives is the structure a story has:
// headings, paragraphs, emphasis, links, lists, quotes, images.

const drop = new Set(["SCRIPT", "STYLE", "META", "LINK", "TITLE", "HEAD", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "EMBED",
  "SVG", "CANVAS", "FORM", "INPUT", "BUTTON", "SELECT", "TEXTAREA", "XML", "O:P", "DEL", "VIDEO", "AUDIO", "MAP", "AREA"]);
const keep = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "STRONG", "EM", "S", "A", "UL", "OL", "LI", "BLOCKQUOTE", "BR", "HR",
  "IMG", "FIGURE", "FIGCAPTION", "PRE", "CODE"]);
const blockish = /^(P|H[1-6]|UL|OL|LI|BLOCKQUOTE|HR|FIGURE|PRE|DIV|SECTION|ARTICLE|TABLE|HEADER|FOOTER|MAIN|ASIDE|NAV|DL|DD|DT|TR|TD|TH|TBODY|THEAD)$/;
const tracking = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|yclid|ref_src)$/i;

function style(el, prop) {
  const m = new RegExp("(?:^|;)\\s*" + prop + "\\s*:\\s*([^;]+)", "i").exec(el.getAttribute("style") || "");
  return m ? m[1].trim().toLowerCase() : "";
}
function isBold(v) { return /^(bold|bolder|[6-9]00)$/.test(v); }
function rename(el, tag) {
  const n = el.ownerDocument.createElement(tag);
  while (el.firstChild) n.appendChild(el.firstChild);
  for (const a of Array.from(el.attributes)) n.setAttribute(a.name, a.value);
  el.replaceWith(n);
  return n;
}
function unwrap(el) { el.replaceWith(...Array.from(el.childNodes)); }

// cleanHref drops tracking parameters and unwraps Google's redirects.
export function cleanHref(href) {
  let u;
  try { u = new URL(href, "https://invalid.invalid/"); } catch (e) { return null; }
  if (!/^(https?:|mailto:|tel:)$/.test(u.protocol)) return null;
  if (u.host === "invalid.invalid") return href.startsWith("/") || href.startsWith("#") ? href : null;
  if (/(^|\.)google\.[a-z.]+$/.test(u.hostname) && u.pathname === "/url" && u.searchParams.get("q")) return cleanHref(u.searchParams.get("q"));
  let changed = false;
  for (const k of Array.from(u.searchParams.keys())) if (tracking.test(k)) { u.searchParams.delete(k); changed = true; }
  return changed ? u.toString() : href;
}

// wordLists turns Word's list paragraphs into real lists.
function wordLists(body) {
  const items = Array.from(body.querySelectorAll("p, h1, h2, h3, h4, h5, h6")).filter((p) => /mso-list\s*:\s*l\d+/i.test(p.getAttribute("style") || "") || /MsoListParagraph/.test(p.className));
  let list = null, top = null, topID = "";
  for (const p of items) {
    const level = +((/level(\d+)/i.exec(p.getAttribute("style") || "") || [0, 1])[1]);
    const id = (/mso-list\s*:\s*(l\d+)/i.exec(p.getAttribute("style") || "") || [0, ""])[1];
    let marker = "";
    for (const ign of Array.from(p.querySelectorAll("span"))) {
      if (/mso-list\s*:\s*ignore/i.test(ign.getAttribute("style") || "")) { marker += ign.textContent; ign.remove(); }
    }
    // Conditional-comment bullets without the span: the text before the first letter.
    const ordered = /^\s*[(]?([0-9]+|[a-zA-Z]|[ivxlc]+)[.)]/.test(marker);
    const li = p.ownerDocument.createElement("li");
    while (p.firstChild) li.appendChild(p.firstChild);
    if (top && top.nextElementSibling === p && id === topID) {
      p.remove();
      while (level < list.level && list.parent) list = list.parent;
      if (level > list.level) {
        const sub = { el: p.ownerDocument.createElement(ordered ? "ol" : "ul"), level, parent: list };
        (list.el.lastElementChild || list.el).appendChild(sub.el);
        list = sub;
      }
    } else {
      list = { el: p.ownerDocument.createElement(ordered ? "ol" : "ul"), level, parent: null };
      p.replaceWith(list.el);
      top = list.el;
      topID = id;
    }
    list.el.appendChild(li);
  }
}

// cleanHTML keeps the structure of pasted HTML and nothing else.
export function cleanHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.body;
  // Comments, conditional comments included.
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.remove());
  // Comment threads and their anchors (Google Docs, Word), hidden text.
  body.querySelectorAll('a[href^="#cmnt"], a[id^="cmnt"], a[href^="#_msocom"], .MsoCommentReference, .msocomtxt, [style*="mso-element:comment"], [style*="mso-element: comment"], [style*="display:none"], [style*="display: none"]').forEach((el) => {
    const holder = el.closest("sup, div") || el;
    (holder.tagName === "DIV" && holder.querySelector('a[id^="cmnt"], a[href^="#cmnt_ref"]') ? holder : el.closest("sup") || el).remove();
  });
  wordLists(body);
  body.querySelectorAll("*").forEach((el) => { if (drop.has(el.tagName) || el.tagName.includes(":")) el.remove(); });
  // Emphasis said with styles, and Google Docs' non-bold <b> wrapper.
  body.querySelectorAll("*").forEach((el) => {
    if (!el.isConnected) return;
    const weight = style(el, "font-weight"), italic = style(el, "font-style") === "italic";
    if ((el.tagName === "B" || el.tagName === "STRONG") && weight && !isBold(weight)) { unwrap(el); return; }
    if (/^(SPAN|FONT)$/.test(el.tagName)) {
      let inner = el;
      if (isBold(weight) && !el.closest("h1, h2, h3, h4, h5, h6")) inner = wrapChildren(inner, "strong");
      if (italic) wrapChildren(inner, "em");
    }
  });
  // Word's quote styles and titles.
  body.querySelectorAll("p").forEach((p) => {
    if (/MsoQuote|MsoIntenseQuote|Quote/.test(p.className)) rename(p, "blockquote");
    else if (/MsoTitle|MsoSubtitle/.test(p.className)) rename(p, "h2");
  });
  // Rename and unwrap until only kept elements remain.
  let el;
  const all = () => Array.from(body.querySelectorAll("*"));
  for (const e of all()) {
    if (!e.isConnected) continue;
    if (e.tagName === "B") el = rename(e, "strong");
    else if (e.tagName === "I" || e.tagName === "CITE" || e.tagName === "DFN") el = rename(e, "em");
    else if (e.tagName === "H1") el = rename(e, "h2");
    else if (/^H[4-6]$/.test(e.tagName)) el = rename(e, "h3");
    else if (e.tagName === "TT" || e.tagName === "KBD" || e.tagName === "SAMP") el = rename(e, "code");
    else if (e.tagName === "STRIKE") el = rename(e, "s");
    else if (e.tagName === "DIV" && !Array.from(e.children).some((c) => blockish.test(c.tagName))) el = rename(e, "p");
    else if (!keep.has(e.tagName)) unwrap(e);
  }
  // Images: tracking pixels go, a picture alone in its paragraph is a figure.
  body.querySelectorAll("img").forEach((img) => {
    const src = img.getAttribute("src") || "";
    if (!/^(https?:|data:image\/(png|jpe?g|gif|webp);base64,|\/)/i.test(src)) { img.remove(); return; }
    const w = +(img.getAttribute("width") || 0), h = +(img.getAttribute("height") || 0);
    if ((w && w <= 2) || (h && h <= 2)) { img.remove(); return; }
    if (img.closest("figure")) return;
    const host = img.closest("p, li, h1, h2, h3, blockquote") || img;
    const alone = host === img || (host.tagName === "P" && host.textContent.trim() === "" && host.querySelectorAll("img").length === 1);
    if (!alone) return;
    const fig = doc.createElement("figure");
    fig.appendChild(img.cloneNode());
    (host === img ? img : host).replaceWith(fig);
  });
  for (const e of all()) {
    for (const a of Array.from(e.attributes)) {
      const ok = (e.tagName === "A" && a.name === "href") || (e.tagName === "IMG" && /^(src|alt|title)$/.test(a.name)) || (e.tagName === "OL" && a.name === "start");
      if (!ok) e.removeAttribute(a.name);
    }
    if (e.tagName === "A") {
      const h = e.getAttribute("href") && cleanHref(e.getAttribute("href"));
      if (h) e.setAttribute("href", h); else unwrap(e);
    }
  }
  // A figure's caption sits right after it on many pages: <p><em>…</em></p>.
  // Empty paragraphs (Word's blank lines, Docs' <br> between paragraphs) go.
  body.querySelectorAll("p, li, h2, h3, blockquote").forEach((p) => {
    if (p.textContent.replace(/\u00a0/g, " ").trim() === "" && !p.querySelector("img")) p.remove();
  });
  Array.from(body.childNodes).forEach((n) => { if (n.nodeName === "BR") n.remove(); });
  // No-break spaces are how Word pads sentences, not meaning.
  const tw = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  while (tw.nextNode()) tw.currentNode.nodeValue = tw.currentNode.nodeValue.replace(/\u00a0/g, " ");
  return body.innerHTML;
}

function wrapChildren(el, tag) {
  const w = el.ownerDocument.createElement(tag);
  while (el.firstChild) w.appendChild(el.firstChild);
  el.appendChild(w);
  return w;
}
