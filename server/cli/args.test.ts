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

  it("parses `cluster` and `validate` with the same table-driven parser as `lint`", () => {
    assert.deepEqual(parseArgs(["cluster", "--context", "prod", "-n", "shop", "--timeout=5", "--include-namespaces", "a, team-*"]), {
      command: "cluster", format: "text", failOn: "error", timeoutSeconds: 5, context: "prod", namespace: "shop", namespaces: { include: ["a", "team-*"] },
    });
    assert.deepEqual(parseArgs(["validate", "--kubeconfig=k", "--format", "sarif", "--fail-on", "never", "a.yaml", "-"]), {
      command: "validate", paths: ["a.yaml", "-"], kubeconfig: "k", format: "sarif", failOn: "never", timeoutSeconds: 60,
    });
  });

  it("every command has its own --help (and `kubeready help COMMAND` shows it)", () => {
    for (const cmd of ["lint", "rules", "explain", "init", "cluster", "validate"]) {
      for (const argv of [[cmd, "--help"], [cmd, "-h"], ["help", cmd]]) {
        const r = parseArgs(argv);
        assert.equal(r.command, "help", argv.join(" "));
        assert.match((r as { text: string }).text, new RegExp(`^Usage: kubeready ${cmd}`), argv.join(" "));
      }
    }
    assert.match((parseArgs(["cluster", "--help"]) as { text: string }).text, /--exclude-namespaces LIST +never these namespaces .*\n +'none' reviews every namespace/);
    assert.match((parseArgs(["validate", "--help"]) as { text: string }).text, /Needs create permission[\s\S]*-n, --namespace NS/);
    assert.match((parseArgs(["lint", "-h"]) as { text: string }).text, /--unsafe-fixes/);
    assert.match((parseArgs(["--help"]) as { text: string }).text, /Commands:[\s\S]*explain/);
  });

  for (const [argv, expected] of [
    [["lint", "--fix"], { fix: true }],
    [["lint", "--unsafe-fixes"], { fix: true, unsafeFixes: true }],
    [["lint", "--diff", "--unsafe-fixes"], { diff: true, unsafeFixes: true }],
    [["lint", "--baseline", "b.json", "-q", "--statistics", "-o", "out.txt", "--no-ignore"], { baseline: "b.json", quiet: true, statistics: true, output: "out.txt", noIgnore: true }],
    [["rules", "--format", "json"], { command: "rules", format: "json" }],
    [["explain", "pss/privileged"], { command: "explain", rule: "pss/privileged" }],
    [["init", "--force"], { command: "init", force: true }],
  ] as const) {
    it(`reads ${argv.join(" ")}`, () => {
      const r = parseArgs([...argv]) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(r[k], v, k);
    });
  }

  // Unknown options, missing or empty values and stray arguments, per command: one line naming the flag, and that
  // command's own help as the usage (cluster and validate keep the messages of their former hand-rolled parsers).
  for (const [argv, message] of [
    [["cluster", "--bogus"], /^unknown option --bogus$/],
    [["cluster", "--context"], /^option --context needs a value$/],
    [["cluster", "--context="], /^option --context needs a value$/],
    [["cluster", "-n"], /^option --namespace needs a value$/],
    [["cluster", "--namespace", "--format", "json"], /^option --namespace needs a value$/],
    [["cluster", "--include-namespaces="], /^option --include-namespaces needs a value$/],
    [["cluster", "--format", "yaml"], /^--format must be text, json or markdown, not 'yaml'$/],
    [["cluster", "--fail-on", "sometimes"], /^--fail-on must be error, warning, info or never, not 'sometimes'$/],
    [["cluster", "--timeout", "-1"], /^option --timeout needs a value$/],
    [["cluster", "--timeout", "soon"], /^--timeout must be a positive number of seconds, not 'soon'$/],
    [["cluster", "prod"], /^unexpected argument 'prod'$/],
    [["validate", "--fix"], /^unknown option --fix$/],
    [["validate", "-x", "a.yaml"], /^unknown option -x$/],
    [["validate", "--context"], /^option --context needs a value$/],
    [["validate", "--kubeconfig="], /^option --kubeconfig needs a value$/],
    [["validate", "--format", "markdown"], /^--format must be text, json or sarif, not 'markdown'$/],
    [["validate", "--timeout", "0"], /^--timeout must be a positive number of seconds, not '0'$/],
    [["rules", "--bogus"], /^unknown option --bogus$/],
    [["rules", "--format"], /^option --format needs a value$/],
    [["init", "-o"], /^option --output needs a value$/],
    [["explain", "--format", "json", "x"], /^unknown option --format$/],
  ] as const) {
    it(`rejects ${argv.join(" ")} with ${argv[0]}'s help`, () => {
      const r = parseArgs([...argv]);
      assert.equal(r.command, "usage-error");
      assert.match((r as { message: string }).message, message);
      assert.match((r as { usage: string }).usage, new RegExp(`^Usage: kubeready ${argv[0]}`));
    });
  }

  for (const [argv, message] of [
    [["lint", "--fix=yes"], /--fix takes no value/],
    [["lint", "--write-baseline", "b", "--fix"], /cannot be combined/],
    [["rules", "--format", "sarif"], /--format must be text or json/],
    [["explain"], /one rule id/],
    [["init", "x"], /unexpected argument/],
  ] as const) {
    it(`rejects ${argv.join(" ")}`, () => {
      const r = parseArgs([...argv]);
      assert.equal(r.command, "usage-error");
      assert.match((r as { message: string }).message, message);
    });
  }

  it("a repeatable option is a list, and adding one is a line of a table", async () => {
    const { parseArgsWith } = await import("./args.js");
    const r = parseArgsWith({ flag: "values", key: "values", value: "FILE", help: "x", multiple: true }, ["lint", "--values", "a.yaml", "--values=b.yaml", "p"]) as unknown as { values: string[]; paths: string[] };
    assert.deepEqual([r.values, r.paths], [["a.yaml", "b.yaml"], ["p"]]);
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
    ["legacy", "a/legacy/y.yaml", true],
    ["**/.hidden/**", "a/.hidden/x.yaml", true],
    ["./charts/", "charts/x.yaml", true],
  ] as const) {
    it(`${pattern} ${excluded ? "excludes" : "keeps"} ${path}`, () => {
      assert.equal(compileGlob(pattern).test(path), excluded);
    });
  }
});
