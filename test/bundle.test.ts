// The bundles read yaml's per-token debug switches as absent (esbuild.mjs): a process.env read per token cost a fifth of a parse.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";

const DIST = join(import.meta.dirname, "..", "dist");

for (const bundle of ["cli.js", "server.js", "scan-worker.js"]) {
  it(`${bundle} does not read process.env per YAML token`, { skip: !existsSync(join(DIST, bundle)) && "dist missing: run npm run build" }, () => {
    assert.doesNotMatch(readFileSync(join(DIST, bundle), "utf8"), /env\.LOG_(TOKENS|STREAM)/);
  });
}
