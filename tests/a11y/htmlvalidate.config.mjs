// html-validate configuration for newsdesk's pages: the recommended
// preset, less rules about style only. Validity and accessibility rules
// stay on.
export default {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    // <!doctype html> is as valid as <!DOCTYPE html>; case is style.
    "doctype-style": "off",
    // Whitespace left at line ends by template actions: invisible, harmless.
    "no-trailing-whitespace": "off",
    // SEO advice, not validity: a title is the headline plus the site name.
    "long-title": "off",
  },
};
