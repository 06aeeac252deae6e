// Runs every *.test.ts of the repository with Node's built-in test runner (through tsx), excluding e2e and bench.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const roots = ["rules", "render", "server", "client", "cluster", "test"];
const skipDirs = new Set(["node_modules", "dist", "e2e", "bench", "fixtures"]);
const files = [];
function walk(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!skipDirs.has(name)) walk(p); }
    else if (name.endsWith(".test.ts")) files.push(p);
  }
}
const only = process.argv.slice(2);
for (const r of only.length ? only : roots) {
  try { statSync(r).isDirectory() ? walk(r) : files.push(r); } catch { /* missing root */ }
}
files.sort();
if (files.length === 0) { console.error("no test files found"); process.exit(1); }
const res = spawnSync(process.execPath, ["--import", "tsx", "--test", ...files], { stdio: "inherit" });
process.exit(res.status ?? 1);
