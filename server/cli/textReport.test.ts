// The text report's options end to end through main(): colour on and off (terminal, NO_COLOR, FORCE_COLOR), --quiet,
// --statistics and --output in text format, and the layout of a 100-object file (grouped under its file, a code frame
// per finding, related locations kept short, the closing summary).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { useColor } from "./color.js";
import { isolatedConfig, PRIVILEGED_POD, project, run, WARN_ONLY_POD } from "./testkit.js";

const ANSI = /\u001b\[/;

describe("colour", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD, "warn.yaml": WARN_ONLY_POD });
  const cases: [string, { tty: boolean; env: Record<string, string> }, boolean][] = [
    ["a terminal", { tty: true, env: {} }, true],
    ["not a terminal (a pipe, a file, CI)", { tty: false, env: {} }, false],
    ["a terminal with NO_COLOR=1", { tty: true, env: { NO_COLOR: "1" } }, false],
    ["a terminal with an empty NO_COLOR (no-color.org: only a non-empty value counts)", { tty: true, env: { NO_COLOR: "" } }, true],
    ["a terminal with FORCE_COLOR=0", { tty: true, env: { FORCE_COLOR: "0" } }, false],
    ["a terminal with FORCE_COLOR=false", { tty: true, env: { FORCE_COLOR: "false" } }, false],
    ["a pipe with FORCE_COLOR=1", { tty: false, env: { FORCE_COLOR: "1" } }, true],
    ["a pipe with an empty FORCE_COLOR", { tty: false, env: { FORCE_COLOR: "" } }, true],
    ["a pipe with FORCE_COLOR=1 and NO_COLOR=1 (NO_COLOR wins)", { tty: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" } }, false],
  ];
  for (const [name, o, coloured] of cases) {
    it(`${coloured ? "colours" : "does not colour"} ${name}`, async () => {
      assert.equal(useColor({ env: o.env, stdout: { write: () => true, isTTY: o.tty } }), coloured);
      const r = await run(["lint", "."], { cwd: root, tty: o.tty, env: o.env });
      assert.equal(r.code, 1);
      if (coloured) {
        assert.match(r.stdout, /\u001b\[31merror/);
        assert.match(r.stdout, /\u001b\[33mwarning/);
      } else assert.doesNotMatch(r.stdout, ANSI);
      // Colour never changes the words: without escapes the report is the plain one (the time aside).
      const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u001b]*\u001b\\/g, "").replace(/\(\d+\.\d\d s\)/, "(T)");
      assert.equal(plain(r.stdout), plain((await run(["lint", "."], { cwd: root, env: { NO_COLOR: "1" } })).stdout));
    });
  }
});

describe("--quiet in text format", () => {
  it("lists and counts errors only", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD, "warn.yaml": WARN_ONLY_POD });
    const all = await run(["lint", "."], { cwd: root });
    assert.match(all.stdout, /warn\.yaml\n/);
    const r = await run(["lint", "--quiet", "."], { cwd: root });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^priv\.yaml\n {2}17:21 +error +/);
    assert.doesNotMatch(r.stdout, /warn\.yaml|warning +Container|hardening\/read-only-root-filesystem/);
    assert.match(r.stdout, /\n✖ 1 problem \(1 error, 0 warnings, 0 infos\) in 1 of 2 files \(\d+\.\d\d s\)\n/);
  });

  it("with warnings only, says there is no problem and passes --fail-on warning", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "warn.yaml": WARN_ONLY_POD });
    assert.equal((await run(["lint", "--fail-on", "warning", "."], { cwd: root })).code, 1);
    const r = await run(["lint", "--quiet", "--fail-on", "warning", "."], { cwd: root });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^✔ no problems in 1 file \(\d+\.\d\d s\)\n$/);
  });
});

describe("--statistics in text format", () => {
  it("prints one line per rule, most frequent first, then the summary; no findings, no code frames", async () => {
    const second = WARN_ONLY_POD.replace("name: web", "name: web2");
    const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD, "warn.yaml": `${WARN_ONLY_POD}---\n${second}` });
    const r = await run(["lint", "--statistics", "."], { cwd: root });
    assert.equal(r.code, 1);
    const lines = r.stdout.split("\n");
    assert.match(lines[0], /^2 {2}warning hardening\/read-only-root-filesystem$/);
    assert.match(lines[1], /^1 {2}error {3}pss\/privileged$/);
    assert.equal(lines[2], "");
    assert.match(lines[3], /^✖ 3 problems \(1 error, 2 warnings, 0 infos\) in 2 of 2 files \(\d+\.\d\d s\)$/);
    assert.doesNotMatch(r.stdout, /by rule:/, "the table already says it");
    assert.match(r.stdout, /3 more with --unsafe-fixes/);
    assert.doesNotMatch(r.stdout, / \| |priv\.yaml|warn\.yaml/);
  });
});

describe("--output FILE in text format", () => {
  it("writes the report to the file without colour, even on a terminal or with FORCE_COLOR; nothing on stdout; the exit code still counts", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD });
    for (const o of [{ tty: true, env: {} }, { tty: false, env: { FORCE_COLOR: "1" } }] as { tty: boolean; env: Record<string, string> }[]) {
      const r = await run(["lint", "--output", "report.txt", "."], { cwd: root, ...o });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, "");
      const text = readFileSync(join(root, "report.txt"), "utf8");
      assert.match(text, /^priv\.yaml\n {2}17:21 +error +.+pss\/privileged\n/);
      assert.match(text, /\n✖ 1 problem \(1 error/);
      assert.doesNotMatch(text, /\u001b/);
    }
  });

  it("a file it cannot write is an I/O error: exit 2 and why, on stderr", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD });
    const r = await run(["lint", "--output", "no/such/folder/report.txt", "."], { cwd: root });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^kubeready: cannot write no\/such\/folder\/report\.txt: ENOENT\n$/);
  });
});

/** 100 objects of our own in one file: 40 Deployments (no probes, best-effort, unhardened), 40 Services, 20 ConfigMaps. */
function hundredObjects(): string {
  const docs: string[] = [];
  for (let i = 0; i < 40; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app-${i}:1.${i}.0\n`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: shop\nspec:\n  selector: {app: app-${i}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`);
    if (i % 2 === 0) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${i}\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n`);
  }
  return docs.join("---\n");
}

describe("a 100-object file", () => {
  const root = project({ "shop.yaml": hundredObjects() });

  it("is one group under its file name, a code frame under every finding, related locations kept short, and a summary by severity and rule", async () => {
    const r = await run(["lint", "shop.yaml"], { cwd: root });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "");
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], "shop.yaml");
    assert.equal(lines.filter((l) => l === "shop.yaml").length, 1, "the file's name heads its group once");
    const findings = lines.flatMap((l, i) => (/^ {2}\d+:\d+ +(error|warning|info) /.test(l) ? [i] : []));
    assert.ok(findings.length >= 80, `${findings.length} findings`);
    // Under each finding: its related locations (at most five, then how many more), then a frame whose marked line is the finding's.
    for (const at of findings) {
      const line = Number(/^ {2}(\d+):/.exec(lines[at])![1]);
      let i = at + 1;
      let related = 0;
      while (/^ {4}↳ /.test(lines[i])) { related++; i++; }
      assert.ok(related <= 6, `${related} related lines under line ${at + 1}`);
      if (related === 6) assert.match(lines[i - 1], /^ {4}↳ … and \d+ more related locations \(--format json lists them\)$/);
      const marked = lines.slice(i, i + 4).find((l) => /^ {2}> +\d+ \| /.test(l));
      assert.ok(marked, `a code frame under line ${at + 1}: ${lines.slice(at, i + 4).join(" / ")}`);
      assert.equal(Number(/> +(\d+) \|/.exec(marked)![1]), line);
    }
    const summary = lines.findIndex((l) => l.startsWith("✖ "));
    assert.match(lines[summary], new RegExp(`^✖ ${findings.length} problems \\(\\d+ errors?, \\d+ warnings?, \\d+ infos?\\) in 1 of 1 file \\(\\d+\\.\\d\\d s\\)$`));
    const [, errors, warnings] = /\((\d+) errors?, (\d+) warnings?/.exec(lines[summary])!.map(Number);
    assert.equal(errors, findings.filter((i) => / error /.test(lines[i])).length);
    assert.equal(warnings, findings.filter((i) => / warning /.test(lines[i])).length);
    assert.match(lines[summary + 1], /^ {2}by rule: [a-z]+\/[a-z0-9-]+ \d+(, [a-z]+\/[a-z0-9-]+ \d+)*(, and \d+ more rules \(--statistics lists all\))?$/);
    assert.match(lines[summary + 2], /^ {2}(\d+ fixable with --fix; )?\d+ more with --unsafe-fixes/);
    assert.equal(lines.at(-1), "", "ends with a newline");
  });
});
