// The command line parser and the exclude globs: tables of inputs and what they must mean.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizePssVersion, parseArgs } from "./args.js";
import { compileGlob } from "./glob.js";

describe("parseArgs", () => {
  it("reads every option, in both --flag value and --flag=value forms", () => {
    assert.deepEqual(parseArgs(["lint", "--format", "sarif", "--config=ci.yaml", "--pss-level", "baseline", "--pss-version=1.29", "--fail-on", "warning", "a", "-", "b/"]), {
      command: "lint", paths: ["a", "-", "b/"], format: "sarif", config: "ci.yaml", pssLevel: "baseline", pssVersion: "v1.29", failOn: "warning",
    });
  });

  it("defaults: text, fail on error, no paths (the caller lints the current folder)", () => {
    assert.deepEqual(parseArgs(["lint"]), { command: "lint", paths: [], format: "text", failOn: "error" });
  });

  it("`--` ends the options", () => {
    assert.deepEqual((parseArgs(["lint", "--", "--odd-name.yaml"]) as { paths: string[] }).paths, ["--odd-name.yaml"]);
  });

  for (const [argv, message] of [
    [["lint", "--format"], /--format needs a value/],
    [["lint", "--format", "--fail-on"], /--format needs a value/],
    [["lint", "-x"], /unknown option -x/],
    [["--format", "json"], /expected a command first/],
  ] as const) {
    it(`rejects ${argv.join(" ")}`, () => {
      const r = parseArgs([...argv]);
      assert.equal(r.command, "usage-error");
      assert.match((r as { message: string }).message, message);
    });
  }

  it("hands `cluster` and everything after it to the cluster command", () => {
    assert.deepEqual(parseArgs(["cluster", "--context", "prod", "-n", "shop"]), { command: "cluster", argv: ["--context", "prod", "-n", "shop"] });
  });

  it("normalises PSS versions", () => {
    assert.deepEqual(["v1.30", "1.30", "latest", "v1.0", "v2.1", "v1.030", "1"].map(normalizePssVersion), ["v1.30", "v1.30", "latest", "v1.0", undefined, undefined, undefined]);
  });
});

describe("exclude globs", () => {
  for (const [pattern, path, excluded] of [
    ["**/node_modules/**", "node_modules/a.yaml", true],
    ["**/node_modules/**", "x/node_modules/y/a.yaml", true],
    ["charts/**", "charts/a/b.yaml", true],
    ["charts/**", "apps/charts/b.yaml", false],
    ["*.draft.yaml", "deep/er/x.draft.yaml", true],
    ["*.draft.yaml", "x.yaml", false],
    ["vendor/", "a/vendor/b.yaml", true],
    ["/vendor", "a/vendor/b.yaml", false],
    ["a/*.yaml", "a/b/c.yaml", false],
    ["**/*.{yml,yaml}", "k/x.yml", true],
    ["env-[ab].yaml", "env-c.yaml", false],
    ["env-?.yaml", "env-a.yaml", true],
    ["legacy", "legacy/x/y.yaml", true],
  ] as const) {
    it(`${pattern} ${excluded ? "excludes" : "keeps"} ${path}`, () => {
      assert.equal(compileGlob(pattern).test(path), excluded);
    });
  }
});
