// `kubeready lint --fix / --unsafe-fixes / --diff`, baselines, the rules/explain/init commands and the report options,
// end to end through main().
import assert from "node:assert/strict";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { parseConfig } from "../../rules/config.js";
import { RULES } from "../../rules/index.js";
import { filterBaseline, formatBaseline, parseBaseline } from "./baseline.js";
import { INIT_TEMPLATE } from "./commands.js";
import { writeFixes } from "./fixFiles.js";
import { redactLine } from "./formatText.js";
import { isolatedConfig, PRIVILEGED_POD, project, run, WARN_ONLY_POD, webDeployment } from "./testkit.js";

/** Runs as user 1000 at pod level, so every restricted fix it needs is safe. */
const FIXABLE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: fixme
  namespace: apps
spec:
  # the image runs as 1000
  securityContext:
    runAsUser: 1000
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
`;

/** No resources (best-effort's fix needs requests only a person knows) and a literal password (its Secret's name too). */
const NO_RESOURCES_DEPLOYMENT = webDeployment(`      - name: app
        image: registry.example.com/app:1.0.0
        env:
        - name: DB_PASSWORD
          value: hunter2hunter2
`, "  replicas: 2\n");

describe("lint --fix", () => {
  it("applies the safe fixes, keeps comments, mode and CRLF, and reports what it fixed and what remains", async () => {
    const crlf = FIXABLE_POD.replace(/\n/g, "\r\n");
    const root = project({ ".kubeready.yaml": isolatedConfig(), "pod.yaml": crlf, "warn.yaml": WARN_ONLY_POD });
    chmodSync(join(root, "pod.yaml"), 0o640);
    const r = await run(["lint", "--fix", "."], { cwd: root });
    const after = readFileSync(join(root, "pod.yaml"), "utf8");
    assert.match(r.stdout, /^Fixed \d+ problems? in 1 file \(/m); // a grouped finding (several rules, one fix) counts once
    assert.match(after, /runAsNonRoot: true/);
    assert.match(after, /allowPrivilegeEscalation: false/);
    assert.match(after, /# the image runs as 1000/);
    assert.doesNotMatch(after.replace(/\r\n/g, ""), /\n/, "every line keeps CRLF");
    assert.equal(statSync(join(root, "pod.yaml")).mode & 0o777, 0o640);
    // What remains: the unsafe read-only root filesystem fix of warn.yaml is not applied.
    assert.equal(readFileSync(join(root, "warn.yaml"), "utf8"), WARN_ONLY_POD);
    assert.match(r.stdout, /warn\.yaml\n/);
    assert.doesNotMatch(r.stdout, /pod\.yaml\n/);
    assert.equal(r.code, 0, r.stderr);
    // A second run has nothing to fix.
    const again = await run(["lint", "--fix", "pod.yaml"], { cwd: root });
    assert.doesNotMatch(again.stdout, /Fixed/);
  });

  it("--unsafe-fixes also applies the unsafe ones", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD });
    const r = await run(["lint", "--unsafe-fixes", "priv.yaml"], { cwd: root });
    assert.doesNotMatch(readFileSync(join(root, "priv.yaml"), "utf8"), /privileged: true/);
    assert.match(r.stdout, /Fixed 1 problem in 1 file \(pss\/privileged 1\)/);
    assert.equal(r.code, 0);
  });

  it("--unsafe-fixes never writes a placeholder: those fixes are left for a person, with a line saying how many and why", async () => {
    const config = isolatedConfig().replace("  resources/best-effort: off\n", "").replace("  secrets/literal-secret-env: off\n", "");
    const root = project({ ".kubeready.yaml": config, "deploy.yaml": NO_RESOURCES_DEPLOYMENT });
    const r = await run(["lint", "--unsafe-fixes", "deploy.yaml"], { cwd: root });
    const after = readFileSync(join(root, "deploy.yaml"), "utf8");
    assert.doesNotMatch(after, /REPLACE_ME/);
    assert.notEqual(after, NO_RESOURCES_DEPLOYMENT, "the other unsafe fixes are applied");
    assert.match(r.stdout, /^Left 2 fixes in 1 file for a person \(resources\/best-effort 1, secrets\/literal-secret-env 1\): they need values only you know .*<REPLACE_ME>.*quick fix$/m);
    // The report after fixing does not promise them to --unsafe-fixes again.
    assert.doesNotMatch(r.stdout, /more with --unsafe-fixes/);
    assert.match(r.stdout, /2 need a value only you know \(quick fix in the editor\)/);
    const diff = await run(["lint", "--unsafe-fixes", "--diff", "deploy.yaml"], { cwd: root });
    assert.doesNotMatch(diff.stdout, /REPLACE_ME/);
    assert.match(diff.stderr, /^Left 2 fixes/m);
  });

  it("a fix that inserts two keys at one spot is applied (missing readiness and liveness probes), and the summary promises only what --fix does", async () => {
    const root = project({
      ".kubeready.yaml": isolatedConfig("", ["operations/missing-probes: warning"]).replace("  operations/missing-probes: off\n", ""),
      "deploy.yaml": webDeployment("        - name: app\n          image: nginx:1.27\n          ports:\n            - {name: http, containerPort: 8080}\n"),
    });
    const before = await run(["lint", "deploy.yaml"], { cwd: root });
    assert.match(before.stdout, /1 more with --unsafe-fixes/);
    const r = await run(["lint", "--unsafe-fixes", "deploy.yaml"], { cwd: root });
    assert.match(r.stdout, /Fixed \d+ problems? in 1 file \(.*operations\/missing-probes 1/);
    assert.match(readFileSync(join(root, "deploy.yaml"), "utf8"), /readinessProbe:\n\s+tcpSocket:\n\s+port: http\n\s+livenessProbe:/);
    assert.doesNotMatch(r.stdout, /with --unsafe-fixes|unapplied/);
  });

  it("the summary counts a fix that edits another file as the editor's, never as --fix's", async () => {
    const { fixableCounts } = await import("./formatText.js");
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const finding = (uri: string, editUri: string, fixable: "safe" | "unsafe") => ({
      file: "t.yaml", finding: { rule: "r", severity: "warning" as const, message: "m", uri, key: `${uri}|${editUri}`, range, fixable,
        fixes: () => [{ title: "t", safe: fixable === "safe", edits: [{ uri: editUri, range, newText: "x" }] }] },
    });
    const counts = fixableCounts({ files: ["t.yaml"], findings: [finding("file:///a.yaml", "file:///a.yaml", "safe"), finding("file:///a.yaml", "file:///values.yaml", "unsafe"), finding("file:///b.yaml", "file:///b.yaml", "unsafe")] });
    assert.deepEqual(counts, { safe: 1, unsafe: 1, editor: 1, forPerson: 0 });
  });

  it("--fix on stdin ('-') is a filter: the fixed text on stdout, the report on stderr", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig() });
    const r = await run(["lint", "--fix", "-"], { cwd: root, stdin: FIXABLE_POD });
    assert.match(r.stdout, /^apiVersion: v1\n/);
    assert.match(r.stdout, /runAsNonRoot: true/);
    assert.match(r.stdout, /# the image runs as 1000\n/);
    assert.doesNotMatch(r.stdout, /Fixed|problem/);
    assert.match(r.stderr, /^Fixed \d+ problems? in 1 file/m);
    assert.match(r.stderr, /✔ no problems in 1 file/);
    assert.equal(r.code, 0, r.stderr);
    // Nothing to fix: the text comes back as it was, byte for byte (CRLF and no final newline too).
    const again = await run(["lint", "--fix", "-"], { cwd: root, stdin: r.stdout.replace(/\n/g, "\r\n").replace(/\r\n$/, "") });
    assert.equal(again.stdout, r.stdout.replace(/\n/g, "\r\n").replace(/\r\n$/, ""));
    // What remains is reported on stderr with the usual exit code; JSON too.
    const warn = await run(["lint", "--fix", "--format", "json", "--fail-on", "warning", "-"], { cwd: root, stdin: WARN_ONLY_POD });
    assert.equal(warn.stdout, WARN_ONLY_POD);
    assert.equal((JSON.parse(warn.stderr) as { findings: unknown[] }).findings.length, 1);
    assert.equal(warn.code, 1);
    // With other paths it is refused: one stdout cannot hold a fixed text and a report.
    const mixed = await run(["lint", "--fix", "-", "."], { cwd: root, stdin: FIXABLE_POD });
    assert.deepEqual([mixed.code, mixed.stdout], [2, ""]);
    assert.match(mixed.stderr, /--fix with '-' fixes standard input alone/);
    // --diff on stdin prints the diff, as for files.
    const diff = await run(["lint", "--diff", "-"], { cwd: root, stdin: FIXABLE_POD });
    assert.match(diff.stdout, /^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n/);
    assert.equal(diff.code, 1);
  });

  it("--diff prints a unified diff, writes nothing and exits 1; 0 when there is nothing to fix", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "pod.yaml": FIXABLE_POD, "warn.yaml": WARN_ONLY_POD });
    const r = await run(["lint", "--diff", "."], { cwd: root });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^--- a\/pod\.yaml\n\+\+\+ b\/pod\.yaml\n@@ /m);
    assert.match(r.stdout, /^\+ {4}runAsNonRoot: true$/m);
    assert.match(r.stderr, /Would fix \d+ problems? in 1 file/);
    assert.equal(readFileSync(join(root, "pod.yaml"), "utf8"), FIXABLE_POD);
    const none = await run(["lint", "--diff", "warn.yaml"], { cwd: root });
    assert.deepEqual([none.code, none.stdout], [0, ""]);
  });

  it("never writes over a file that changed since it was read", async () => {
    const root = project({ "a.yaml": "x: 1\n" });
    const uri = pathToFileURL(join(root, "a.yaml")).href;
    const errors = await writeFixes([{ display: "a.yaml", uri, before: "x: 0\n", after: "x: 2\n", fixed: [], rejected: 0, leftForPerson: [] }]);
    assert.match(errors[0], /changed while kubeready was reading it/);
    assert.equal(readFileSync(join(root, "a.yaml"), "utf8"), "x: 1\n");
  });
});

describe("baselines", () => {
  it("--write-baseline then --baseline reports nothing; moved lines still match; a new problem is reported alone", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD, "warn.yaml": WARN_ONLY_POD });
    const w = await run(["lint", "--write-baseline", "kubeready-baseline.json", "."], { cwd: root });
    assert.equal(w.code, 0, w.stderr);
    const text = readFileSync(join(root, "kubeready-baseline.json"), "utf8");
    const entries = parseBaseline(text);
    assert.ok(Array.isArray(entries) && entries.length === 2);
    assert.equal(formatBaseline(entries), text, "the file is already sorted and formatted");
    assert.match(text, /^ {4}\{"file":"priv\.yaml","rule":"pss\/privileged","object":"Pod\/apps\/priv","path":"[^"]*privileged","fingerprint":"[0-9a-f]{16}"\},$/m);

    const clean = await run(["lint", "--baseline", "kubeready-baseline.json", "."], { cwd: root });
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /✔ no problems/);

    // Lines move (a comment block on top): still the same findings.
    writeFileSync(join(root, "priv.yaml"), `# moved\n# down\n\n${PRIVILEGED_POD}`);
    assert.equal((await run(["lint", "--baseline", "kubeready-baseline.json", "."], { cwd: root })).code, 0);

    // A new problem: only it is reported.
    writeFileSync(join(root, "new.yaml"), PRIVILEGED_POD.replace("name: priv", "name: other"));
    const r = await run(["lint", "--format", "json", "--baseline", "kubeready-baseline.json", "."], { cwd: root });
    const out = JSON.parse(r.stdout) as { findings: { file: string; rule: string }[] };
    assert.deepEqual(out.findings.map((f) => [f.file, f.rule]), [["new.yaml", "pss/privileged"]]);
    assert.equal(r.code, 1);
  });

  it("a changed offending value is a new finding; a broken baseline is an error", () => {
    const f = { file: "a.yaml", finding: { rule: "r/x", key: "r/x|Pod/ns/p|spec.x", severity: "error" as const, message: "m", uri: "u", fixable: "none" as const, range: { start: { line: 0, character: 3 }, end: { line: 0, character: 7 } } } };
    const entries = [{ file: "a.yaml", rule: "r/x", object: "Pod/ns/p", path: "spec.x", fingerprint: "" }];
    const { fingerprint } = require("./baseline.js") as typeof import("./baseline.js");
    entries[0].fingerprint = fingerprint(f.finding, "x: true\n");
    assert.equal(filterBaseline([f], entries, () => "x: true\n").kept.length, 0);
    assert.equal(filterBaseline([f], entries, () => "x: 1234\n").kept.length, 1);
    assert.equal(filterBaseline([f, f], entries, () => "x: true\n").kept.length, 1, "one entry absorbs one finding");
    assert.match(String(parseBaseline("{")), /not valid JSON/);
    assert.match(String(parseBaseline("{}")), /no "findings" list/);
  });
});

describe("rules, explain, init", () => {
  it("rules --format json lists every rule docs/RULES.md lists", async () => {
    const r = await run(["rules", "--format", "json"], { cwd: "/" });
    const rows = JSON.parse(r.stdout) as { id: string; family: string; defaultSeverity: string; fix: string; mirrors: Record<string, unknown>; docs: string }[];
    const ids = new Set(rows.map((x) => x.id));
    for (const rule of RULES) assert.ok(ids.has(rule.meta.id), rule.meta.id);
    const catalogPath = join(__dirname, "..", "..", "docs", "RULES.md");
    if (existsSync(catalogPath)) {
      const listed = new Set([...readFileSync(catalogPath, "utf8").matchAll(/\[`([a-z]+\/[a-z0-9-]+)`\]/g)].map((m) => m[1]));
      for (const id of listed) assert.ok(ids.has(id), `${id} is in docs/RULES.md but not in kubeready rules`);
    }
    const priv = rows.find((x) => x.id === "pss/privileged")!;
    assert.deepEqual([priv.family, priv.defaultSeverity, priv.fix], ["pss", "error", "unsafe"]);
    assert.equal((priv.mirrors as { psa?: string }).psa, "privileged");
    const text = await run(["rules", "--docs-url", "https://docs.example/rules"], { cwd: "/" });
    assert.match(text.stdout, /^pss\/privileged +error +unsafe +Containers must not run privileged/m);
    assert.match(text.stdout, /docs: https:\/\/docs\.example\/rules\//);
  });

  it("explain shows the rule's page; an unknown rule is a usage error with suggestions", async () => {
    const r = await run(["explain", "pss/privileged"], { cwd: "/" });
    assert.equal(r.code, 0);
    // Rendered for reading: no colour outside a terminal, headings underlined instead of '#'.
    assert.match(r.stdout, /^pss\/privileged\n=+\n/);
    assert.match(r.stdout, /\nWhat it checks\n-+\n/);
    assert.doesNotMatch(r.stdout, /\u001b|^#/m);
    const short = await run(["explain", "privileged"], { cwd: "/" });
    assert.match(short.stdout, /^pss\/privileged\n/);
    const tty = await run(["explain", "pss/privileged"], { cwd: "/", tty: true });
    assert.match(tty.stdout, /\u001b\[1m/);
    const noColor = await run(["explain", "pss/privileged"], { cwd: "/", tty: true, env: { NO_COLOR: "1" } });
    assert.equal(noColor.stdout, r.stdout);
    const bad = await run(["explain", "pss/privilegd"], { cwd: "/" });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no rule 'pss\/privilegd'/);
  });

  it("init writes a commented .kubeready.yaml that reads without problems, and will not overwrite it", async () => {
    assert.deepEqual(parseConfig(INIT_TEMPLATE).problems, []);
    const root = project({});
    assert.equal((await run(["init"], { cwd: root })).code, 0);
    assert.equal(readFileSync(join(root, ".kubeready.yaml"), "utf8"), INIT_TEMPLATE);
    const again = await run(["init"], { cwd: root });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists \(--force overwrites it\)/);
    assert.equal((await run(["init", "--force"], { cwd: root })).code, 0);
  });
});

describe("report options", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD, "warn.yaml": WARN_ONLY_POD });

  it("--quiet reports errors only", async () => {
    const r = await run(["lint", "--quiet", "--format", "json", "."], { cwd: root });
    assert.deepEqual((JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule), ["pss/privileged"]);
  });

  it("--statistics prints one line per rule", async () => {
    const r = await run(["lint", "--statistics", "."], { cwd: root });
    assert.match(r.stdout, /^1 {2}error {3}pss\/privileged$/m);
    assert.match(r.stdout, /^1 {2}warning hardening\/read-only-root-filesystem$/m);
    assert.doesNotMatch(r.stdout, /priv\.yaml/);
  });

  it("--output writes the report to a file, nothing to stdout", async () => {
    const r = await run(["lint", "--output", "report.sarif", "--format", "sarif", "."], { cwd: root });
    assert.equal(r.stdout, "");
    assert.match(readFileSync(join(root, "report.sarif"), "utf8"), /"version": "2.1.0"/);
    assert.equal(r.code, 1);
  });

  it("FORCE_COLOR colours a pipe, NO_COLOR wins over it; rule ids link to the docs base URL on a terminal", async () => {
    assert.match((await run(["lint", "."], { cwd: root, env: { FORCE_COLOR: "1" } })).stdout, /\u001b\[31m/);
    assert.doesNotMatch((await run(["lint", "."], { cwd: root, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout, /\u001b\[/);
    const linked = await run(["lint", "--docs-url", "https://docs.example/r/", "."], { cwd: root, tty: true });
    assert.match(linked.stdout, /\u001b\]8;;https:\/\/docs\.example\/r\/pss-privileged\.md\u001b\\pss\/privileged/);
  });

  it("SARIF helpUri follows the docs base URL", async () => {
    const r = await run(["lint", "--format", "sarif", "--docs-url", "https://docs.example/r", "."], { cwd: root });
    assert.match(r.stdout, /"helpUri": "https:\/\/docs\.example\/r\/pss-privileged\.md"/);
  });

  it("respects .gitignore in folders it walks; --no-ignore and named files lint them anyway", async () => {
    const repo = project({ ".kubeready.yaml": isolatedConfig(), ".gitignore": "build/\n*.tmp.yaml\n", "build/priv.yaml": PRIVILEGED_POD, "x.tmp.yaml": PRIVILEGED_POD.replace("name: priv", "name: tmp"), "sub/.gitignore": "!keep.tmp.yaml\n", "sub/keep.tmp.yaml": WARN_ONLY_POD.replace("name: web", "name: kept"), "ok.yaml": WARN_ONLY_POD });
    const files = async (...args: string[]) => (JSON.parse((await run(["lint", "--format", "json", ...args], { cwd: repo })).stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();
    assert.deepEqual(await files("."), ["ok.yaml", "sub/keep.tmp.yaml"]);
    assert.deepEqual(await files("--no-ignore", "."), ["build/priv.yaml", "ok.yaml", "sub/keep.tmp.yaml", "x.tmp.yaml"]);
    assert.deepEqual(await files("build/priv.yaml"), ["build/priv.yaml"]);
  });
});

describe("code frames never show a value that may be secret", () => {
  for (const [line, shown] of [
    ["        privileged: true", "        privileged: true"],
    ["  password: hunter2", "  password: …"],
    ["    - name: app", "    - name: app"],
    ["      image: nginx:1.25", "      image: nginx:1.25"],
    ["      value: s3cr3t", "      value: …"],
    ["  token: '1234'", "  token: …"],
    ["  url: https://u:p@host", "  url: …"],
    ["    - --password=x", "    - …"],
    ["    replicas: 3", "    replicas: 3"],
    ["  data: {a: b}", "  data: {a: …}"],
    ["  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]", "  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]"],
    ["  env: [{name: DB_PASSWORD, value: hunter2}, {name: MODE, value: 'x, y'}]", "  env: [{name: DB_PASSWORD, value: …}, {name: MODE, value: …}]"],
    ["  stringData: {password: hunter2}", "  stringData: {password: …}"],
    ["  auth: {user: a}", "  auth: …"],
    ["    capabilities: {drop: [ALL], add: [NET_ADMIN]}", "    capabilities: {drop: [ALL], add: [NET_ADMIN]}"],
    ["    args: [--token, abc]", "    args: […, …]"],
    ["  - {name: a, value: s3cr3t}", "  - {name: a, value: …}"],
    ["  containers: [{name: c,", "  containers: [{name: c,"],
    ["    plain block text", "    …"],
    ["# a comment", "# a comment"],
    ["---", "---"],
    ["  key: |", "  key: |"],
  ] as const) {
    it(`${JSON.stringify(line)} -> ${JSON.stringify(shown)}`, () => assert.equal(redactLine(line), shown));
  }
  it("maps each source column onto the redacted line, so the caret stays on the finding", async () => {
    const { redactLineMapped } = await import("./formatText.js");
    const line = "  env: [{name: DB_PASSWORD, value: hunter2}, {name: MODE, value: 3}]";
    const r = redactLineMapped(line);
    assert.equal(r.text, "  env: [{name: DB_PASSWORD, value: …}, {name: MODE, value: 3}]");
    for (const word of ["MODE", "DB_PASSWORD", "env"]) assert.equal(r.text.slice(r.column(line.indexOf(word))).startsWith(word), true, word);
    assert.equal(r.column(line.indexOf("hunter2")), r.text.indexOf("…"));
    assert.equal(redactLineMapped("  password: hunter2").column(14), "  password: ".length);
  });
});

describe("text output shows related objects and grouped rules", () => {
  it("lists related locations under a finding and every rule of a grouped finding", async () => {
    const { formatText } = await import("./formatText.js");
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } };
    const finding = {
      rule: "pss/privileged", rules: ["pss/privileged", "pss/run-as-non-root"], severity: "error" as const, message: "harden it", uri: "file:///w/a.yaml", key: "k", fixable: "none" as const, range,
      related: [{ uri: "file:///w/a.yaml", range: { start: { line: 9, character: 4 }, end: { line: 9, character: 8 } }, message: "the other container" }],
    };
    const out = formatText({ files: ["a.yaml"], findings: [{ file: "a.yaml", finding }] }, "error", { color: false, source: () => "a: 1\n  priv: true\n" });
    assert.match(out, /harden it {2}pss\/privileged, pss\/run-as-non-root\n/);
    assert.match(out, /\n {4}↳ the other container \(a\.yaml:10:5\)\n/);
    assert.match(out, /> 2 \| {3}priv: true\n/);
  });
});
