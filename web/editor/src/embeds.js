// providerOf tells which service an embed URL belongs to, as the site's
// renderer (internal/markdown, classify) decides, so the editor's facade
// says what readers will get. It never fetches anything.
import { t } from "./i18n.js";

export function providerOf(raw) {
  let u;
  try { u = new URL(raw); } catch (e) { return { name: "", label: t("Link"), video: false }; }
  const host = u.hostname.toLowerCase().replace(/^www\./, "");
  const parts = u.pathname.replace(/^\/+|\/+$/g, "").split("/");
  const is = (name, what) => ({ name, label: what === "video" ? t("%s video", name) : t("%s post", name), video: what === "video" });
  switch (host) {
    case "youtube.com": case "m.youtube.com": case "youtu.be": case "youtube-nocookie.com": return is("YouTube", "video");
    case "vimeo.com": case "player.vimeo.com": return is("Vimeo", "video");
    case "twitter.com": case "x.com": case "mobile.twitter.com": return is("X", "post");
    case "instagram.com": return is("Instagram", "post");
    case "t.me": case "telegram.me": return is("Telegram", "post");
    case "facebook.com": case "m.facebook.com": case "fb.watch":
      return is("Facebook", /\/videos?\/|watch/.test(u.pathname + u.search) || host === "fb.watch" ? "video" : "post");
  }
  if (/\.(mp4|webm|ogv|m4v|mov)$/i.test(u.pathname)) return { name: "", label: t("Video file"), video: true };
  if (/\.(mp3|m4a|ogg|oga|wav|aac|opus|flac)$/i.test(u.pathname)) return { name: "", label: t("Audio file"), video: false };
  return { name: "", label: t("Link"), video: false };
}

// isEmbedURL: what the embed dialog accepts, an absolute http(s) address
// with no spaces (the Markdown form is the bare URL on its own line).
export function isEmbedURL(s) {
  return /^https?:\/\/[^\s<>]+$/.test(s);
}
