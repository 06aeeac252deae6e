// Loaded by @vscode/test-electron inside desktop VS Code's extension host: runs the shared assertions and fails on any failure.
const vscode = require("vscode");
const { runAssertions } = require("../host/assertions.js");

exports.run = async function run() {
  const results = await runAssertions(vscode);
  for (const r of results) console.log(`${r.ok ? "ok" : "not ok"} - ${r.name} (${r.ms} ms)${r.ok ? "" : `\n${r.error}`}`);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} of ${results.length} extension-host assertions failed`);
};
