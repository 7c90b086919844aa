// The editor's strings in the newsroom's language. The layout puts the
// translations scripts need in a JSON block (#newsroom-i18n, the same one
// newsroom.js reads); a string missing there stays English, the key. Every
// key given to t must be in editorMessages (internal/newsroom/i18n.go),
// with Ukrainian: the catalogue test reads these sources to check.
let msgs = null;

function messages() {
  if (msgs) return msgs;
  try {
    const el = document.getElementById("newsroom-i18n");
    msgs = ((el && JSON.parse(el.textContent || "{}")) || {}).messages || {};
  } catch (err) {
    msgs = {};
  }
  return msgs;
}

// t translates key and puts args, in order, in its %s and %d.
export function t(key, ...args) {
  let i = 0;
  return (messages()[key] || key).replace(/%[sd]/g, (v) => (i < args.length ? String(args[i++]) : v));
}
