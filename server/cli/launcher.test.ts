// bin/kubeready.js: runs dist/cli.js when it is built, and says to run `npm run build` when it is not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
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
});
