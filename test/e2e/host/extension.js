// Test-only extension for code-server: a command that runs the extension-host assertions and writes their results as JSON.
const { writeFileSync } = require("node:fs");
const vscode = require("vscode");
const { runAssertions } = require("./assertions.js");

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand("kubeready-e2e.runHostAssertions", async () => {
    const results = await runAssertions(vscode);
    const failed = results.filter((r) => !r.ok).length;
    const out = process.env.KUBEREADY_E2E_HOST_RESULTS;
    if (out) writeFileSync(out, JSON.stringify(results, null, 2));
    void vscode.window.showInformationMessage(`kubeready host assertions: ${results.length - failed} passed, ${failed} failed`);
    return results;
  }));
};
exports.deactivate = function deactivate() {};
