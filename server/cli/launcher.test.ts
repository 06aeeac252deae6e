// bin/kubeready.js: runs dist/cli.js when it is built, and says to run `npm run build` when it is not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { project } from "./testkit.js";

const LAUNCHER = resolve(__dirname, "..", "..", "bin", "kubeready.js");

describe("bin/kubeready.js", () => {
  it("without the bundle: exit code 2 and a message that says to build", () => {
    const root = project({ "package.json": "{}\n" });
    mkdirSync(join(root, "bin"));
    copyFileSync(LAUNCHER, join(root, "bin", "kubeready.js"));
    const r = spawnSync(process.execPath, [join(root, "bin", "kubeready.js"), "--version"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not built .*dist\/cli\.js is missing.*\n.*npm run build/s);
  });

  const bundle = resolve(__dirname, "..", "..", "dist", "cli.js");
  it("with the bundle: runs the CLI", { skip: existsSync(bundle) ? false : "dist/cli.js is not built" }, () => {
    const r = spawnSync(process.execPath, [LAUNCHER, "--version"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^kubeready \d+\.\d+\.\d+/);
  });

  it("keeps V8's code cache of the bundle in the cache folder, reuses it, and runs without it when it cannot", { skip: existsSync(bundle) ? false : "dist/cli.js is not built" }, () => {
    const root = project({ "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: \"c:1\", securityContext: {privileged: true}}\n" });
    const cache = join(root, "cache");
    const lint = (env: Record<string, string>) => spawnSync(process.execPath, [LAUNCHER, "lint", "--format", "json", "pod.yaml"], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
    const first = lint({ KUBEREADY_CACHE_DIR: cache });
    assert.equal(first.status, 1, first.stderr);
    const files = readdirSync(cache);
    assert.equal(files.length, 1);
    assert.match(files[0], /^cli-[0-9a-z]+-lint-\d+-\d+-v\d+\.\d+\.\d+-\w+\.bin$/);
    assert.equal(statSync(join(cache, files[0])).mode & 0o077, 0, "the cache is the user's own");
    const written = statSync(join(cache, files[0])).mtimeMs;
    const second = lint({ KUBEREADY_CACHE_DIR: cache });
    assert.equal(second.stdout, first.stdout);
    assert.equal(statSync(join(cache, files[0])).mtimeMs, written, "a cache that was accepted is not written again");
    // Another kind of run keeps a cache of its own: a `--version` cache holds none of the lint's functions.
    const version = spawnSync(process.execPath, [LAUNCHER, "--version"], { cwd: root, encoding: "utf8", env: { ...process.env, KUBEREADY_CACHE_DIR: cache } });
    assert.equal(version.status, 0, version.stderr);
    assert.deepEqual(readdirSync(cache).map((f) => f.split("-")[2]).sort(), ["lint", "other"]);
    assert.equal(statSync(join(cache, files[0])).mtimeMs, written, "the lint's cache is left as the lint wrote it");
    // Turned off, or a folder that cannot be made: the same result, no cache.
    const off = lint({ KUBEREADY_CACHE_DIR: join(root, "off"), KUBEREADY_NO_COMPILE_CACHE: "1" });
    assert.equal(off.stdout, first.stdout);
    assert.ok(!existsSync(join(root, "off")));
    writeFileSync(join(root, "file"), "");
    const blocked = lint({ KUBEREADY_CACHE_DIR: join(root, "file", "cache") });
    assert.deepEqual([blocked.status, blocked.stdout, blocked.stderr], [1, first.stdout, first.stderr]);
  });
  it("a one-file lint loads neither worker_threads nor the cluster bundle (the pre-commit path stays lean)", { skip: existsSync(bundle) ? false : "dist/cli.js is not built" }, () => {
    const root = project({ "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: \"c:1\"}\n" });
    // The list is taken before anything touches process.stderr (building it loads the stream modules).
    const probe = `process.on("exit", () => { const l = JSON.stringify({ builtins: process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)), files: Object.keys(require.cache) }); require("fs").writeSync(2, "LOADED " + l + "\\n"); });`;
    const r = spawnSync(process.execPath, ["-e", `${probe} process.argv.splice(1, 0, ${JSON.stringify(LAUNCHER)}); require(${JSON.stringify(LAUNCHER)});`, "--", "lint", "--fail-on", "never", "pod.yaml"],
      { cwd: root, encoding: "utf8", env: { ...process.env, KUBEREADY_NO_COMPILE_CACHE: "1" } });
    const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)?.[1] ?? "null") as { builtins: string[]; files: string[] } | null;
    assert.ok(loaded, r.stderr);
    assert.ok(r.stdout.includes("pod.yaml") || r.stdout.includes("problem"), r.stdout);
    // Standard output into a pipe is written as a descriptor (stdio.ts): neither a socket stream (net) nor node:tty is built.
    assert.deepEqual(loaded.builtins.filter((m) => /^(worker_threads|internal\/worker|http|https|tls|http2|net|tty)$/.test(m)), []);
    assert.deepEqual(loaded.files.filter((f) => /cli-(cluster|validate)\.js$/.test(f)), []);
  });
});
