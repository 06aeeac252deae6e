// `kubeready lint` end to end through main(): exit codes, formats, stdin, --fail-on, configuration and kustomize context.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VERSION } from "./version.js";
import { CLEAN_POD, DEPLOYMENT, isolatedConfig, PRIVILEGED_POD, project, run, WARN_ONLY_POD } from "./testkit.js";

interface JsonOut {
  tool: string;
  version: string;
  findings: { file: string; rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number; object: { apiVersion: string; kind: string; namespace: string; name: string } | null; fixable: string }[];
  summary: Record<string, unknown>;
}

async function lintJson(cwd: string, ...args: string[]): Promise<{ code: number; out: JsonOut; stderr: string }> {
  const r = await run(["lint", "--format", "json", ...args], { cwd });
  assert.ok(r.stdout.length > 0, `no output; stderr: ${r.stderr}`);
  return { code: r.code, out: JSON.parse(r.stdout) as JsonOut, stderr: r.stderr };
}

describe("exit codes", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig(), "warn.yaml": WARN_ONLY_POD, "clean.yaml": CLEAN_POD, "priv.yaml": PRIVILEGED_POD });

  it("0 when nothing is at or above --fail-on (a warning with the default --fail-on error)", async () => {
    const r = await run(["lint", "warn.yaml", "clean.yaml"], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hardening\/read-only-root-filesystem/);
  });

  it("lints the working directory when no path is given", async () => {
    const r = await run(["lint", "--format", "json"], { cwd: root });
    assert.deepEqual((JSON.parse(r.stdout) as JsonOut).summary.files, 3);
  });

  it("0 on a clean file, and says so", async () => {
    const r = await run(["lint", "clean.yaml"], { cwd: root });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^✔ no problems in 1 file \(\d+\.\d\d s\)\n$/);
  });

  it("1 when an error is found", async () => {
    assert.equal((await run(["lint", "priv.yaml"], { cwd: root })).code, 1);
  });

  for (const [failOn, file, code] of [
    ["warning", "warn.yaml", 1], ["info", "warn.yaml", 1], ["error", "warn.yaml", 0], ["never", "priv.yaml", 0], ["warning", "clean.yaml", 0],
  ] as const) {
    it(`--fail-on ${failOn} on ${file}: ${code}`, async () => {
      assert.equal((await run(["lint", "--fail-on", failOn, file], { cwd: root })).code, code);
    });
  }

  for (const [argv, why] of [
    [["lint", "--frobnicate"], /unknown option --frobnicate/],
    [["lint", "--format", "xml"], /--format must be text, json or sarif/],
    [["lint", "--fail-on"], /--fail-on needs a value/],
    [["lint", "--pss-level", "privileged"], /--pss-level must be baseline or restricted/],
    [["lint", "--pss-version", "1.x"], /--pss-version must be v1.N/],
    [["lint", "missing.yaml"], /no such file or folder: missing.yaml/],
    [["lint", "-", "-"], /stdin\) can be given only once/],
    [["deploy"], /unknown command 'deploy'/],
    [[], /missing command/],
  ] as const) {
    it(`2 for ${JSON.stringify(argv)}, and stderr says why`, async () => {
      const r = await run([...argv], { cwd: root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, why);
      assert.equal(r.stdout, "");
    });
  }

  it("2 when a folder holds no YAML files", async () => {
    const empty = project({ "README.md": "# nothing here\n" });
    const r = await run(["lint", "."], { cwd: empty });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no YAML files found in \./);
  });

  it("2 when one of the paths is missing, after reporting the others", async () => {
    const r = await run(["lint", "--format", "json", "priv.yaml", "gone/"], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file or folder: gone\//);
    assert.equal((JSON.parse(r.stdout) as JsonOut).findings[0].rule, "pss/privileged");
  });

  it("--help and --version exit 0 on stdout", async () => {
    const help = await run(["--help"], { cwd: root });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Commands:[\s\S]*lint[\s\S]*rules[\s\S]*explain[\s\S]*init/);
    const lintHelp = await run(["lint", "--help"], { cwd: root });
    assert.equal(lintHelp.code, 0);
    assert.match(lintHelp.stdout, /kubeready lint \[options\] \[PATH\.\.\.\]/);
    assert.match(lintHelp.stdout, /--fail-on/);
    const version = await run(["--version"], { cwd: root });
    assert.deepEqual(version, { code: 0, stdout: `kubeready ${VERSION}\n`, stderr: "" });
  });
});

describe("--format json", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig(), "deploy/priv.yaml": PRIVILEGED_POD, "deploy/warn.yaml": WARN_ONLY_POD });

  it("prints exactly the documented shape with 1-based positions and paths relative to the working directory", async () => {
    const { code, out } = await lintJson(root, "deploy");
    assert.equal(code, 1);
    assert.deepEqual(Object.keys(out), ["tool", "version", "findings", "summary"]);
    assert.equal(out.tool, "kubeready");
    assert.equal(out.version, VERSION);
    assert.deepEqual(out.findings, [
      {
        file: "deploy/priv.yaml", rule: "pss/privileged", severity: "error", message: out.findings[0].message,
        line: 17, column: 21, endLine: 17, endColumn: 25,
        object: { apiVersion: "v1", kind: "Pod", namespace: "apps", name: "priv" }, fixable: "unsafe",
      },
      {
        file: "deploy/warn.yaml", rule: "hardening/read-only-root-filesystem", severity: "warning", message: out.findings[1].message,
        line: 14, column: 7, endLine: 14, endColumn: 22,
        object: { apiVersion: "v1", kind: "Pod", namespace: "apps", name: "web" }, fixable: "unsafe",
      },
    ]);
    assert.match(out.findings[0].message, /privileged/);
    assert.deepEqual(out.summary, { files: 2, findings: 2, errors: 1, warnings: 1, infos: 0, filesWithSyntaxErrors: 0, failOn: "error" });
  });

  it("paths are relative to the working directory, not to the argument", async () => {
    const { out } = await lintJson(`${root}/deploy`, "warn.yaml");
    assert.equal(out.findings[0].file, "warn.yaml");
  });
});

describe("--format text", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_POD, "warn.yaml": WARN_ONLY_POD });

  it("groups findings under their file, each with a code frame, then a summary, without colour when not a terminal", async () => {
    const r = await run(["lint", "."], { cwd: root });
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], "priv.yaml");
    assert.match(lines[1], /^ {2}17:21 {3}error {3}.+ {2}pss\/privileged$/);
    assert.match(lines[2], /^ {4}16 \| {9}readOnlyRootFilesystem: true$/);
    assert.match(lines[3], /^ {2}> 17 \| {9}privileged: true$/);
    assert.match(lines[4], /^ {7}\| {21}\^{4}$/);
    const warn = lines.indexOf("warn.yaml");
    assert.equal(lines[warn - 1], "");
    assert.match(lines[warn + 1], /^ {2}14:7 {4}warning Container "app" .+ {2}hardening\/read-only-root-filesystem$/);
    assert.match(r.stdout, /\n✖ 2 problems \(1 error, 1 warning, 0 infos\) in 2 of 2 files \(\d+\.\d\d s\)\n {2}by rule: hardening\/read-only-root-filesystem 1, pss\/privileged 1\n {2}2 more with --unsafe-fixes/);
    assert.doesNotMatch(r.stdout, /\u001b\[/);
  });

  it("aligns the columns of one file", async () => {
    const two = project({ ".kubeready.yaml": isolatedConfig(), "x.yaml": `${WARN_ONLY_POD}---\n${PRIVILEGED_POD}` });
    const r = await run(["lint", "x.yaml"], { cwd: two });
    const [a, b] = r.stdout.split("\n").filter((l) => /^ {2}\d+:\d+/.test(l));
    assert.equal(a.indexOf("warning"), b.indexOf("error"));
    assert.match(b, /^ {2}35:21 {3}error {3}/);
  });

  it("colours only on a terminal, and never with NO_COLOR", async () => {
    assert.match((await run(["lint", "."], { cwd: root, tty: true })).stdout, /\u001b\[31merror/);
    assert.doesNotMatch((await run(["lint", "."], { cwd: root, tty: true, env: { NO_COLOR: "1" } })).stdout, /\u001b\[/);
  });
});

describe("stdin", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig() });

  it("'-' reads the manifest from stdin", async () => {
    const r = await run(["lint", "--format", "json", "-"], { cwd: root, stdin: PRIVILEGED_POD });
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(out.findings.map((f) => [f.file, f.rule, f.line]), [["<stdin>", "pss/privileged", 17]]);
  });

  it("is analysed together with the files of the run (a Namespace on disk sets the level for a pod on stdin)", async () => {
    const withNs = project({
      ".kubeready.yaml": isolatedConfig(),
      "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n",
    });
    const rootPod = CLEAN_POD.replace("runAsNonRoot: true", "runAsNonRoot: false");
    const alone = await run(["lint", "--format", "json", "-"], { cwd: withNs, stdin: rootPod });
    assert.deepEqual((JSON.parse(alone.stdout) as JsonOut).findings.map((f) => f.rule), ["pss/run-as-non-root"]);
    const together = await run(["lint", "--format", "json", "-", "ns.yaml"], { cwd: withNs, stdin: rootPod });
    assert.deepEqual((JSON.parse(together.stdout) as JsonOut).findings, []);
  });

  it("a 9 MB stream is analysed: its privileged pod fails the run; past --max-file-size the run fails with exit 2", async () => {
    const pad = `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pad\ndata:\n  k: ${"x".repeat(4000)}\n`;
    const huge = PRIVILEGED_POD + pad.repeat(Math.ceil((9 * 1024 * 1024) / pad.length));
    const r = await run(["lint", "--format", "json", "-"], { cwd: root, stdin: huge });
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.ok(out.findings.some((f) => f.file === "<stdin>" && f.rule === "pss/privileged"), JSON.stringify(out.findings.map((f) => f.rule)));
    const limited = await run(["lint", "--format", "json", "--max-file-size", "4", "-"], { cwd: root, stdin: huge });
    assert.equal(limited.code, 2);
    assert.match(limited.stderr, /<stdin> is 9\.\d MB, above the limit of 4 MB per file: it is not analysed\. Raise the limit with --max-file-size \d+/);
  });
});

describe("unparseable files", () => {
  const root = project({
    ".kubeready.yaml": isolatedConfig(),
    "broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1, 2\n  b: 3\n",
    "dupe.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  name: z\n",
    "binary.yaml": "apiVersion: v1\u0000\u0001",
    "priv.yaml": PRIVILEGED_POD,
  });

  it("are reported as yaml/syntax or yaml/unreadable findings, and the other files are still checked", async () => {
    const { code, out } = await lintJson(root, ".");
    assert.equal(code, 1);
    const byFile = (file: string) => out.findings.filter((f) => f.file === file);
    assert.ok(byFile("broken.yaml").length >= 1);
    assert.ok(byFile("broken.yaml").every((f) => f.rule === "yaml/syntax" && f.severity === "error" && f.object === null && /^Invalid YAML: \w/.test(f.message)));
    // kubectl accepts a duplicate key (the last value wins): a warning, not invalid YAML.
    assert.deepEqual(byFile("dupe.yaml").map((f) => [f.rule, f.severity, f.line]), [["yaml/duplicate-key", "warning", 5]]);
    assert.deepEqual(byFile("binary.yaml").map((f) => [f.rule, f.severity, f.line, f.column]), [["yaml/unreadable", "info", 1, 1]]);
    assert.deepEqual(byFile("priv.yaml").map((f) => f.rule), ["pss/privileged"]);
    assert.equal(out.summary.filesWithSyntaxErrors, 1);
  });

  it("text says plainly that the file is not valid YAML", async () => {
    const r = await run(["lint", "broken.yaml"], { cwd: root });
    assert.match(r.stdout, /^broken\.yaml\n {2}\d+:\d+ +error {3}Invalid YAML: .+ {2}yaml\/syntax$/m);
    assert.match(r.stdout, /1 file is not valid YAML/);
  });
});

describe("secrets", () => {
  it("no format ever prints a Secret's value", async () => {
    const root = project({
      "secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-very-secret\n  oops: [unclosed hunter2-very-secret\n",
      "secret2.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ndata:\n  token: aHVudGVyMi12ZXJ5LXNlY3JldA==\n",
    });
    for (const format of ["text", "json", "sarif"]) {
      const r = await run(["lint", "--format", format, "."], { cwd: root });
      assert.ok(r.stdout.length > 0);
      assert.doesNotMatch(r.stdout + r.stderr, /hunter2|aHVudGVy/, format);
    }
  });
});

describe("configuration", () => {
  it("uses the nearest .kubeready.yaml above the working directory", async () => {
    const root = project({
      ".kubeready.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: error"]),
      "apps/web/warn.yaml": WARN_ONLY_POD,
    });
    const { code, out } = await lintJson(`${root}/apps/web`, "warn.yaml");
    assert.equal(code, 1);
    assert.deepEqual(out.findings.map((f) => [f.rule, f.severity]), [["hardening/read-only-root-filesystem", "error"]]);
  });

  it("else the nearest one above a given path", async () => {
    const root = project({ "repo/.kubeready.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: off"]), "repo/warn.yaml": WARN_ONLY_POD, "elsewhere/.keep": "" });
    const { out } = await lintJson(`${root}/elsewhere`, "../repo");
    assert.deepEqual(out.findings, []);
  });

  it("--config FILE wins over discovery", async () => {
    const root = project({
      ".kubeready.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: off"]),
      "ci/strict.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: error"]),
      "warn.yaml": WARN_ONLY_POD,
    });
    assert.equal((await lintJson(root, "warn.yaml")).out.findings.length, 0);
    const strict = await lintJson(root, "--config", "ci/strict.yaml", "warn.yaml");
    assert.equal(strict.code, 1);
    assert.equal(strict.out.findings[0].severity, "error");
  });

  it("an invalid or unreadable --config stops with exit code 2", async () => {
    const root = project({ "bad.yaml": "pss:\n  level: extreme\n", "warn.yaml": WARN_ONLY_POD });
    const bad = await run(["lint", "--config", "bad.yaml", "warn.yaml"], { cwd: root });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.yaml: pss\.level must be baseline, restricted or privileged/);
    const missing = await run(["lint", "--config", "nope.yaml", "warn.yaml"], { cwd: root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read configuration file nope\.yaml/);
  });

  it("problems of a discovered .kubeready.yaml are warnings on stderr; the valid parts still apply", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig("pss:\n  version: soon", ["hardening/read-only-root-filesystem: off"]), "warn.yaml": WARN_ONLY_POD });
    const r = await run(["lint", "--format", "json", "warn.yaml"], { cwd: root });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /\.kubeready\.yaml: pss\.version must look like v1\.30 or latest/);
    assert.deepEqual((JSON.parse(r.stdout) as JsonOut).findings, []);
  });

  it("exclude globs skip files, relative to the configuration's folder", async () => {
    const root = project({
      ".kubeready.yaml": isolatedConfig("exclude:\n  - generated/**\n  - '*.draft.yaml'"),
      "generated/priv.yaml": PRIVILEGED_POD,
      "apps/priv.draft.yaml": PRIVILEGED_POD,
      "apps/priv.yaml": PRIVILEGED_POD,
      "node_modules/pkg/priv.yaml": PRIVILEGED_POD,
    });
    const { out } = await lintJson(`${root}/apps`, "..");
    assert.deepEqual(out.findings.map((f) => f.file), ["priv.yaml"]);
    const named = await run(["lint", "priv.draft.yaml", "priv.yaml"], { cwd: `${root}/apps` });
    assert.match(named.stderr, /priv\.draft\.yaml skipped: excluded by '\*\.draft\.yaml'/);
    // Only excluded files named (a `git diff --name-only` list): nothing to check is not a usage error.
    const onlyExcluded = await run(["lint", "priv.draft.yaml"], { cwd: `${root}/apps` });
    assert.equal(onlyExcluded.code, 0);
    assert.doesNotMatch(onlyExcluded.stderr, /no YAML files found/);
  });

  it("--pss-level and --pss-version override the configuration", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig("pss:\n  level: baseline"), "shop.yaml": DEPLOYMENT });
    assert.deepEqual((await lintJson(root, "shop.yaml")).out.findings, []);
    const restricted = await lintJson(root, "--pss-level", "restricted", "shop.yaml");
    assert.deepEqual(restricted.out.findings.map((f) => f.rule), ["pss/run-as-non-root"]);
    assert.match(restricted.out.findings[0].message, /restricted/);
    const old = await lintJson(root, "--pss-level", "restricted", "--pss-version", "v1.0", "shop.yaml");
    assert.deepEqual(old.out.findings.map((f) => f.rule), ["pss/run-as-non-root"]);
    const equals = await lintJson(root, "--pss-level=restricted", "--pss-version=latest", "shop.yaml");
    assert.equal(equals.out.findings.length, 1);
  });
});

// The in-process kustomize model (--no-render); rendering with the real tools is tested in render/render.test.ts.
describe("kustomize", () => {
  const kustomization = (extra: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop-prod\nresources:\n  - deployment.yaml\n${extra}`;

  it("a kustomization.yaml in the same folder gives objects without a namespace its namespace", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "overlay/kustomization.yaml": kustomization(""), "overlay/deployment.yaml": DEPLOYMENT, "plain/deployment.yaml": DEPLOYMENT });
    const { out } = await lintJson(root, "--no-render", ".");
    assert.deepEqual(out.findings.map((f) => [f.file, f.object?.namespace]), [["overlay/deployment.yaml", "shop-prod"], ["plain/deployment.yaml", "default"]]);
  });

  it("the kustomization's namespace overrides metadata.namespace, as `kustomize build` does", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "kustomization.yaml": kustomization(""), "deployment.yaml": DEPLOYMENT.replace("name: shop\n", "name: shop\n  namespace: mine\n") });
    assert.equal((await lintJson(root, "--no-render", "deployment.yaml")).out.findings[0].object?.namespace, "shop-prod");
  });

  it("a file in a kustomization's folder that it does not list is not given its namespace", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig(), "kustomization.yaml": kustomization(""), "deployment.yaml": CLEAN_POD, "extra.yaml": DEPLOYMENT });
    assert.equal((await lintJson(root, "--no-render", ".")).out.findings[0].object?.namespace, "default");
  });

  it("linting an overlay folder follows its resources into the base outside it, with the overlay's namespace", async () => {
    const root = project({
      ".kubeready.yaml": isolatedConfig(),
      "base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
      "base/deployment.yaml": DEPLOYMENT,
      "overlays/dev/kustomization.yaml": "namespace: dev\nresources:\n  - ../../base\n",
    });
    const { out } = await lintJson(root, "--no-render", "overlays/dev");
    assert.ok(out.findings.length > 0, "the base's problems are reported");
    assert.deepEqual([...new Set(out.findings.map((f) => `${f.file} ${f.object?.namespace}`))], ["base/deployment.yaml dev"]);
  });

  it("files listed as patches are partial objects: whole-object rules do not fire on them", async () => {
    const patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: shop\n          image: registry.example.com/shop:2.2.0\n";
    const root = project({
      ".kubeready.yaml": isolatedConfig(),
      "kustomization.yaml": kustomization("patches:\n  - path: patches/image.yaml\npatchesStrategicMerge:\n  - replicas.yaml\n"),
      "deployment.yaml": CLEAN_POD,
      "patches/image.yaml": patch,
      "replicas.yaml": patch,
      "unlisted.yaml": patch,
    });
    const { out } = await lintJson(root, "--no-render", ".");
    // A patch says once that it is checked as a patch only, and draws no whole-object finding.
    const files = new Set(out.findings.filter((f) => f.rule !== "yaml/not-analysed").map((f) => f.file));
    assert.ok(!files.has("patches/image.yaml"), "a `patches: - path:` entry is partial");
    assert.ok(!files.has("replicas.yaml"), "a patchesStrategicMerge entry is partial");
    assert.deepEqual(out.findings.filter((f) => f.rule === "yaml/not-analysed").map((f) => f.file).sort(), ["patches/image.yaml", "replicas.yaml"]);
    assert.ok(files.has("unlisted.yaml"), "the same text not listed as a patch is a whole object");
  });

  it("the default namespace of the configuration applies when there is no kustomization", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig("defaultNamespace: team-a"), "deployment.yaml": DEPLOYMENT });
    assert.equal((await lintJson(root, "--no-render", ".")).out.findings[0].object?.namespace, "team-a");
  });
});
