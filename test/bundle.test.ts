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

it("cli.js is ASCII (V8 keeps a source with any other character as a two-byte string: twice the memory, slower to read)", { skip: !existsSync(join(DIST, "cli.js")) && "dist missing: run npm run build" }, () => {
  const text = readFileSync(join(DIST, "cli.js"), "utf8");
  const at = text.search(/[^\x00-\x7f]/);
  assert.equal(at, -1, `non-ASCII at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))} (write it as \\uXXXX in the source; esbuild escapes strings, not regular expression literals)`);
});
