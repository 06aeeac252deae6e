// Rendering with the real helm and kustomize: findings land on the source lines, per deployment; missing tools say so.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { TextEdit } from "../rules/api.js";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { applyTextEdits } from "../rules/model/edit.js";
import { discoverRoots, renderOptionsFrom, renderRoots } from "./index.js";
import { describe, it } from "node:test";
import { run } from "../server/cli/testkit.js";
import { fixtureCopy, noToolsEnv, skipWithout, toolEnv } from "./testkit.js";

interface JsonFinding { file: string; rule: string; rules?: string[]; severity: string; message: string; line: number; column: number }

async function lint(cwd: string, args: string[], env = toolEnv()): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const r = await run(["lint", "--format", "json", ...args], { cwd, env });
  assert.ok(r.stdout, `no output; stderr: ${r.stderr}`);
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings, stderr: r.stderr };
}

const lineOf = (dir: string, file: string, needle: string, from = 0) => {
  const lines = readFileSync(join(dir, file), "utf8").split("\n");
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
};

const kustomizeSkip = skipWithout("kustomize");
const helmSkip = skipWithout("helm");
if (kustomizeSkip) console.log(`# render tests with kustomize skipped: ${kustomizeSkip}`);
if (helmSkip) console.log(`# render tests with helm skipped: ${helmSkip}`);

describe("kustomize overlays, rendered", { skip: kustomizeSkip }, () => {
  it("a base problem one overlay patches names only the other overlay", async () => {
    const dir = fixtureCopy("kustomize");
    const { findings } = await lint(dir, ["."]);
    // The read-only root check is part of the grouped hardening finding (rules lists every check it stands for).
    const ro = findings.filter((f) => (f.rules ?? [f.rule]).includes("hardening/read-only-root-filesystem"));
    assert.equal(ro.length, 1, JSON.stringify(ro));
    assert.equal(ro[0].file, "base/deployment.yaml");
    assert.equal(ro[0].line, lineOf(dir, "base/deployment.yaml", "securityContext:"));
    assert.match(ro[0].message, /\(in overlays\/staging\)$/);
    assert.doesNotMatch(ro[0].message, /prod/);
  });

  it("a problem every overlay fixes is not reported; one no overlay fixes names both", async () => {
    const dir = fixtureCopy("kustomize", "", {
      // staging gets the probes component too: now every overlay has probes.
      "overlays/staging/kustomization.yaml": readFileSync(join(fixtureCopy("kustomize"), "overlays/staging/kustomization.yaml"), "utf8") + "components:\n  - ../../components/probes\n",
    });
    const { findings } = await lint(dir, ["."]);
    assert.deepEqual(findings.filter((f) => f.rule === "operations/missing-probes"), []);
    const deny = findings.filter((f) => f.rule === "network/missing-default-deny" && f.file === "base/deployment.yaml");
    assert.equal(deny.length, 1, JSON.stringify(findings.map((f) => [f.file, f.rule])));
  });

  it("an unreferenced patch file and the patches themselves yield no object findings", async () => {
    const dir = fixtureCopy("kustomize");
    const { findings } = await lint(dir, ["."]);
    assert.deepEqual(findings.filter((f) => f.file === "overlays/staging/unused-patch.yaml"), []);
    assert.deepEqual(findings.filter((f) => f.file === "components/probes/probes.yaml"), []);
    // The same file linted raw (--no-render) is judged as a privileged Deployment.
    const raw = await lint(dir, ["--no-render", "."]);
    assert.ok(raw.findings.some((f) => f.file === "overlays/staging/unused-patch.yaml"));
  });

  it("a value set by a JSON6902 patch points at the patch; a generated Secret at its generator", async () => {
    const dir = fixtureCopy("kustomize");
    const { findings } = await lint(dir, ["overlays/prod"]);
    const pdb = findings.find((f) => f.rule === "availability/missing-pdb");
    assert.deepEqual(pdb && [pdb.file, pdb.line], ["overlays/prod/replicas.yaml", 3]);
    const secret = findings.find((f) => f.rule === "secrets/secret-in-repository" || f.rule === "secrets/secret-generator-literals");
    assert.deepEqual(secret && [secret.file, secret.line], ["overlays/prod/kustomization.yaml", lineOf(dir, "overlays/prod/kustomization.yaml", "secretGenerator:")]);
  });

  it("`lint overlays/prod` judges the base as prod deploys it (namespace, component probes)", async () => {
    const dir = fixtureCopy("kustomize");
    const { findings } = await lint(dir, ["overlays/prod"]);
    assert.ok(!findings.some((f) => f.rule === "operations/missing-probes"));
    assert.ok(findings.some((f) => f.rule === "network/missing-default-deny" && /namespace "prod"/.test(f.message)));
  });

  it("a remote base gives one information finding and is not fetched", async () => {
    const dir = fixtureCopy("kustomize", "", {
      "overlays/remote/kustomization.yaml": "resources:\n  - https://github.com/example/app//base?ref=v1.0.0\n  - ../../base\n",
    });
    const { findings } = await lint(dir, ["overlays/remote"]);
    const notes = findings.filter((f) => f.rule === "render/not-rendered");
    assert.equal(notes.length, 1);
    assert.deepEqual([notes[0].file, notes[0].line, notes[0].severity], ["overlays/remote/kustomization.yaml", 2, "info"]);
    assert.match(notes[0].message, /never fetches/);
  });

  it("a kustomize error becomes a finding on the file it names", async () => {
    const dir = fixtureCopy("kustomize", "", { "overlays/broken/kustomization.yaml": "resources:\n  - ../../base\n  - missing.yaml\n" });
    const { findings, code } = await lint(dir, ["overlays/broken"]);
    const failed = findings.filter((f) => f.rule === "render/failed");
    assert.equal(failed.length, 1, JSON.stringify(findings));
    assert.equal(failed[0].severity, "error");
    assert.match(failed[0].message, /missing\.yaml/);
    assert.equal(code, 1);
  });

  it("SARIF locations of rendered findings point at existing source files and lines", async () => {
    const dir = fixtureCopy("kustomize");
    const r = await run(["lint", "--format", "sarif", "."], { cwd: dir, env: toolEnv() });
    const sarif = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const results = sarif.runs[0].results;
    assert.ok(results.length > 0);
    for (const res of results) {
      const loc = res.locations[0].physicalLocation;
      const text = readFileSync(join(dir, decodeURIComponent(loc.artifactLocation.uri)), "utf8");
      assert.ok(loc.region.startLine <= text.split("\n").length, `${loc.artifactLocation.uri}:${loc.region.startLine}`);
    }
  });
});

describe("kustomize builds and the tools that set their images", { skip: kustomizeSkip }, () => {
  const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - {name: ${name}, image: ${image}}
`;
  it("a kubebuilder placeholder and an image skaffold builds are not unpinned in the rendered build; an official image without tag is", async () => {
    const dir = fixtureCopy("kustomize", "", {
      "images/skaffold.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: frontend\n",
      "images/config/manager/manager.yaml": deployment("controller-manager", "controller:latest"),
      "images/config/manager/kustomization.yaml": "resources: [manager.yaml]\n",
      "images/config/default/kustomization.yaml": "namespace: app-system\nresources: [../manager]\n",
      "images/app/base/frontend.yaml": deployment("frontend", "frontend"),
      "images/app/base/cache.yaml": deployment("cache", "redis"),
      "images/app/base/kustomization.yaml": "resources: [frontend.yaml, cache.yaml]\n",
      "images/app/overlays/dev/kustomization.yaml": "namespace: dev\nresources: [../../base]\n",
    });
    const { findings } = await lint(dir, ["images"]);
    const unpinned = findings.filter((f) => f.rule === "operations/image-not-pinned");
    assert.deepEqual([...new Set(unpinned.map((f) => f.file))], ["images/app/base/cache.yaml"], JSON.stringify(unpinned));
  });
});

describe("Helm charts, rendered", { skip: helmSkip }, () => {
  it("a Deployment template without resources and hardening gets findings on template lines and on values.yaml", async () => {
    const dir = fixtureCopy("helm");
    const { findings } = await lint(dir, ["web"]);
    const tpl = "web/templates/deployment.yaml";
    // The read-only root check is part of the grouped hardening finding (rules lists every check it stands for).
    const ro = findings.filter((f) => (f.rules ?? [f.rule]).includes("hardening/read-only-root-filesystem"));
    // One finding on the template line; the values-file line that sets the value is its related location (a run says
    // one root cause once).
    assert.deepEqual(ro.map((f) => [f.file, f.line]), [[tpl, lineOf(dir, tpl, "securityContext:", 20)]]);
    assert.ok(((ro[0] as JsonFinding & { related?: { file: string; line: number; message: string }[] }).related ?? []).some((r) => r.file.endsWith("web/values.yaml") && r.line === lineOf(dir, "web/values.yaml", "securityContext:") && /where the value is set/.test(r.message)));
    assert.match(ro[0].message, /\.Values\.securityContext in values\.yaml/);
    // (related paths are relative to the process's folder, not the test's cwd: compare the end)
    assert.deepEqual((ro[0] as JsonFinding & { related?: { file: string; line: number }[] }).related?.map((r) => [r.file.endsWith("web/values.yaml"), r.line]), [[true, lineOf(dir, "web/values.yaml", "securityContext:")]]);
    assert.ok(findings.some((f) => f.rule === "resources/best-effort" && f.file === tpl));
    // Every finding is on a file of the chart, none on a rendered-only place.
    for (const f of findings) assert.match(f.file, /^web\//);
  });

  it("each configured values file is an environment; a finding names the environments it affects and the file that sets the value", async () => {
    const dir = fixtureCopy("helm", "render:\n  values:\n    web: [values.yaml, values-prod.yaml]\n");
    const { findings } = await lint(dir, ["web"]);
    // replicaCount is 1 by default (no PDB needed) and 2 in production.
    const pdb = findings.filter((f) => f.rule === "availability/missing-pdb");
    assert.deepEqual(pdb.map((f) => [f.file, f.line]), [["web/templates/deployment.yaml", 8]]);
    assert.ok(((pdb[0] as JsonFinding & { related?: { file: string; line: number }[] }).related ?? []).some((r) => r.file.endsWith("web/values-prod.yaml") && r.line === 2));
    for (const f of pdb) assert.match(f.message, /\(in web with values-prod\.yaml\)/);
    assert.match(pdb[0].message, /\.Values\.replicaCount in values-prod\.yaml/);
    // The chart is installed into a namespace chosen at install time ("default" is helm template's placeholder):
    // its default-deny is the platform's, not evidence the chart's scope holds.
    assert.deepEqual(findings.filter((f) => f.rule === "network/missing-default-deny"), []);
  });

  it("offers the engine's fix in the values file where the value is a plain literal, and the fixed chart is clean", async () => {
    const dir = fixtureCopy("helm");
    const chart = join(dir, "web");
    const roots = await discoverRoots([chart]);
    const run = await renderRoots(roots, { options: renderOptionsFrom(DEFAULT_CONFIG, dir), config: DEFAULT_CONFIG, display: (p) => relative(dir, p), env: toolEnv() });
    const ro = run.findings.find((f) => (f.rules ?? [f.rule]).includes("hardening/read-only-root-filesystem") && f.uri.endsWith("/templates/deployment.yaml"))!;
    assert.equal(ro.fixable, "unsafe");
    const [fix] = ro.fixes!();
    assert.match(fix.title, /in values\.yaml \(\.Values\.securityContext\)$/);
    assert.equal(fix.safe, false);
    const edits = fix.edits as TextEdit[];
    assert.ok(edits.every((e) => e.uri.endsWith("/web/values.yaml")));
    const values = join(chart, "values.yaml");
    const before = readFileSync(values, "utf8");
    writeFileSync(values, applyTextEdits(before, edits));
    assert.match(readFileSync(values, "utf8"), /# Defaults for every environment\.\n/); // comments kept
    const { findings } = await lint(dir, ["web"]);
    assert.ok(!findings.some((f) => (f.rules ?? [f.rule]).includes("hardening/read-only-root-filesystem")), JSON.stringify(findings.map((f) => f.rule)));
  });

  it("--set passes through to helm", async () => {
    const dir = fixtureCopy("helm");
    const { findings } = await lint(dir, ["--set", "securityContext.readOnlyRootFilesystem=true", "web"]);
    assert.ok(!findings.some((f) => f.rule === "hardening/read-only-root-filesystem"));
  });

  it("a vendored dependency that is a Git LFS pointer (a checkout without git lfs pull) says so, not only helm's gzip error", async () => {
    const chart = readFileSync(join(fixtureCopy("helm"), "web/Chart.yaml"), "utf8") + "  - name: cache\n    version: 1.0.0\n    repository: https://charts.example.com\n";
    const pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
    const dir = fixtureCopy("helm", "", { "web/Chart.yaml": chart, "web/charts/cache-1.0.0.tgz": pointer });
    const { findings } = await lint(dir, ["web"]);
    const failed = findings.filter((f) => f.rule === "render/failed");
    assert.equal(failed.length, 1, JSON.stringify(findings.map((f) => [f.rule, f.message])));
    assert.match(failed[0].message, /charts\/cache-1\.0\.0\.tgz is a Git LFS pointer, not the chart archive: run `git lfs pull`/);
  });

  it("a dependency that is not vendored gives one information finding instead of a download", async () => {
    const dir = fixtureCopy("helm");
    const chart = readFileSync(join(dir, "web/Chart.yaml"), "utf8") + "  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.com\n";
    const d2 = fixtureCopy("helm", "", { "web/Chart.yaml": chart });
    const { findings } = await lint(d2, ["web"]);
    const notes = findings.filter((f) => f.rule === "render/not-rendered");
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /"redis" is not vendored/);
  });
});

describe("without the tools", () => {
  it("one information finding per chart and overlay root, saying which tool and how to install it, plus the raw analysis", async () => {
    const dir = fixtureCopy("kustomize");
    const { findings } = await lint(dir, ["."], noToolsEnv());
    const missing = findings.filter((f) => f.rule === "render/tool-missing");
    assert.deepEqual(missing.map((f) => [f.file, f.severity]), [["overlays/prod/kustomization.yaml", "info"], ["overlays/staging/kustomization.yaml", "info"]]);
    assert.match(missing[0].message, /kustomize was not found.*install kustomize/);
    // The in-process best effort still judges the base.
    assert.ok(findings.some((f) => f.file === "base/deployment.yaml" && f.rule === "hardening/read-only-root-filesystem"));
    const chart = await lint(fixtureCopy("helm"), ["web"], noToolsEnv());
    assert.deepEqual(chart.findings.filter((f) => f.rule === "render/tool-missing").map((f) => f.file), ["web/Chart.yaml"]);
  });

  it("--no-render gives no render findings at all", async () => {
    const { findings } = await lint(fixtureCopy("kustomize"), ["--no-render", "."], noToolsEnv());
    assert.deepEqual(findings.filter((f) => f.rule.startsWith("render/")), []);
  });
});
