// Bundles src/main.js into the newsroom's static folder. Run through
// scripts/build-editor, which installs the pinned packages first; the
// output is committed and CI checks it matches these sources.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: ["src/main.js"],
  outfile: "../../internal/newsroom/static/editor.js",
  bundle: true,
  minify: process.env.NDEBUG_EDITOR ? false : true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  charset: "utf8",
  banner: { js: "/* newsdesk rich-text editor: built from web/editor by scripts/build-editor; do not edit. ProseMirror and markdown-it are MIT licensed. */" },
  logLevel: "warning",
});
