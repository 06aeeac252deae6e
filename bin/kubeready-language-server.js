#!/usr/bin/env node
// The kubeready language server for any LSP client (Neovim, Helix, Zed, Emacs, JetBrains): the same server the VS Code
// extension runs (dist/server.js). Transport: --stdio (the default when none is given), --node-ipc or --socket=PORT.
"use strict";
const path = require("node:path");

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write("Usage: kubeready-language-server [--stdio | --node-ipc | --socket=PORT]\n\nThe kubeready language server (LSP 3.17). Standard input/output by default.\n");
  process.exit(0);
}
if (args.includes("--version") || args.includes("-v")) {
  process.stdout.write(`kubeready-language-server ${require("../package.json").version}\n`);
  process.exit(0);
}
if (!args.some((a) => a === "--stdio" || a === "--node-ipc" || a.startsWith("--socket") || a.startsWith("--pipe"))) process.argv.push("--stdio");
const bundle = path.join(__dirname, "..", "dist", "server.js");
try {
  require(bundle);
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).startsWith(`Cannot find module '${bundle}'`)) {
    process.stderr.write(`kubeready-language-server: the server is not built (${bundle} is missing).\nRun \`npm run build\` in ${path.join(__dirname, "..")} first.\n`);
    process.exit(2);
  }
  throw e;
}
