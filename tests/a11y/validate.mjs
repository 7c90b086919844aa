// Validates HTML files with html-validate using htmlvalidate.config.mjs.
// Usage: node validate.mjs page1.html page2.html ...
// Prints one line per problem ("file:line:col rule: message [selector]")
// and exits 1 when any file has an error, 2 on a usage or read error.
import { HtmlValidate } from "html-validate";
import config from "./htmlvalidate.config.mjs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.html...");
  process.exit(2);
}
const validator = new HtmlValidate(config);

let errors = 0;
for (const file of files) {
  const report = await validator.validateFile(file);
  for (const result of report.results) {
    for (const m of result.messages) {
      if (m.severity < 2) continue;
      errors++;
      console.log(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}${m.selector ? ` [${m.selector}]` : ""}`);
    }
  }
}
process.exit(errors > 0 ? 1 : 0);
