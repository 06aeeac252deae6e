#!/usr/bin/env node
// Launcher of the `kubeready` CLI: runs the esbuild bundle dist/cli.js (built from server/cli/main.ts).
"use strict";
const path = require("node:path");

const bundle = path.join(__dirname, "..", "dist", "cli.js");

/**
 * Requires the bundle through V8's code cache: compiling ~1 MB of JavaScript and the functions a run uses is about half
 * of what a one-file lint costs kubeready on top of Node itself (the pre-commit case). The cache lives in the user's own
 * cache folder (never a shared temporary folder: V8 trusts cached code), is keyed by the bundle's size and time and
 * Node's version, and is written once after a run that had none. KUBEREADY_NO_COMPILE_CACHE=1 turns it off; any
 * problem with it falls back to a plain require.
 */
function requireCached(file) {
  if (process.env.KUBEREADY_NO_COMPILE_CACHE) return require(file);
  const fs = require("node:fs");
  let source, cacheFile, cachedData, script, prefix;
  try {
    const st = fs.statSync(file);
    const home = process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache");
    const dir = process.env.KUBEREADY_CACHE_DIR || path.join(home, "kubeready", "compile-cache");
    // One cache per installed bundle (several checkouts or versions share the folder), replaced when the bundle changes.
    let key = 5381;
    for (let i = 0; i < file.length; i++) key = (key * 33 + file.charCodeAt(i)) >>> 0;
    // and one per kind of run: the cache holds the functions the run that wrote it compiled, and a cache written by
    // `kubeready --version` left every later lint compiling its own functions again (+40 ms CPU of a one-file lint).
    const kind = process.argv[2] === "lint" ? "lint" : "other";
    prefix = `cli-${key.toString(36)}-${kind}-`;
    cacheFile = path.join(dir, `${prefix}${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}.bin`);
    try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
    source = fs.readFileSync(file, "utf8");
    const Module = require("node:module");
    script = new (require("node:vm").Script)(Module.wrap(source), { filename: file, cachedData });
    const m = new Module(file, module);
    m.filename = file;
    m.paths = Module._nodeModulePaths(path.dirname(file));
    const wrapper = script.runInThisContext();
    if (!cachedData || script.cachedDataRejected) {
      process.once("exit", () => {
        try {
          fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
          const tmp = `${cacheFile}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
          fs.renameSync(tmp, cacheFile);
          for (const old of fs.readdirSync(dir)) if (old.startsWith(prefix) && path.join(dir, old) !== cacheFile && !old.endsWith(".tmp")) fs.rmSync(path.join(dir, old), { force: true });
        } catch { /* a read-only home: run without the cache */ }
      });
    }
    wrapper.call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
    m.loaded = true;
    return m.exports;
  } catch (e) {
    if (e && e.code === "ENOENT" && source === undefined) throw Object.assign(new Error(`Cannot find module '${file}'`), { code: "MODULE_NOT_FOUND" });
    throw e;
  }
}

let cli;
try {
  cli = requireCached(bundle);
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
