#!/usr/bin/env node
// Launcher of the `kubeready` CLI: runs the esbuild bundle dist/cli.js (built from server/cli/main.ts).
"use strict";
const path = require("node:path");

const bundle = path.join(__dirname, "..", "dist", "cli.js");
let cli;
try {
  cli = require(bundle);
} catch (e) {
  // Only the bundle itself missing means "not built"; a module missing inside it is a real error to show.
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).startsWith(`Cannot find module '${bundle}'`)) {
    process.stderr.write(`kubeready: the CLI is not built (${bundle} is missing).\nRun \`npm run build\` in ${path.join(__dirname, "..")} first.\n`);
    process.exit(2);
  }
  throw e;
}
if (typeof cli.run === "function") cli.run();
else {
  process.stderr.write(`kubeready: ${bundle} does not export run(); rebuild it with \`npm run build\`.\n`);
  process.exit(2);
}
