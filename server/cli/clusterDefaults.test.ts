// Tests for the cluster's Pod Security default read from the repository (Talos machine configuration, AdmissionConfiguration).
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { defaultFromText, findClusterDefault, mayHoldNamespace, talosInReadme } from "./clusterDefaults.js";
import { project, run, webDeployment } from "./testkit.js";

const TALOS = "version: v1alpha1\nmachine:\n  type: controlplane\n  kubelet: {}\ncluster:\n  clusterName: home\n  apiServer:\n    certSANs: [10.0.0.1]\n";
const TALOS_OVERRIDE = `${TALOS}    admissionControl:\n      - name: PodSecurity\n        configuration:\n          apiVersion: pod-security.admission.config.k8s.io/v1alpha1\n          kind: PodSecurityConfiguration\n          defaults:\n            audit: restricted\n            enforce: "restricted"\n`;
const ADMISSION = "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  configuration:\n    apiVersion: pod-security.admission.config.k8s.io/v1\n    kind: PodSecurityConfiguration\n    defaults:\n      enforce: privileged\n";

describe("defaultFromText", () => {
  const cases: [string, string, string | undefined][] = [
    ["a Talos machine configuration without admissionControl: Talos' own default, baseline", TALOS, "baseline"],
    ["a Talos machine configuration that sets the PodSecurity defaults", TALOS_OVERRIDE, "restricted"],
    ["an AdmissionConfiguration for the API server", ADMISSION, "privileged"],
    ["an AdmissionConfiguration without PodSecurity says nothing", "kind: AdmissionConfiguration\nplugins:\n- name: EventRateLimit\n", undefined],
    ["a Kubernetes manifest is not a cluster configuration", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: machine\n", undefined],
    ["the PodSecurity plugin's own file (an AdmissionConfiguration names it by path)", "apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: restricted\n", "restricted"],
    ["a Talos patch that sets admissionControl", "cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration:\n          defaults:\n            enforce: privileged\n", "privileged"],
    ["a Talos patch without admissionControl says nothing", "cluster:\n  apiServer:\n    certSANs: [a]\n", undefined],
    ["talhelper's talconfig.yaml builds Talos: its default", "clusterName: home\ntalosVersion: v1.9.0\nnodes:\n  - hostname: a\n", "baseline"],
    ["an Omni cluster template builds Talos: its default", "kind: Cluster\nname: home\nkubernetes:\n  version: v1.31.0\ntalos:\n  version: v1.9.0\n", "baseline"],
    ["a values file with a cluster: key is not a configuration", "cluster:\n  name: x\nreplicas: 2\n", undefined],
  ];
  for (const [name, text, level] of cases) it(name, () => assert.equal(defaultFromText(text)?.level, level));
});

describe("findClusterDefault", () => {
  it("finds a Talos template beside the manifests, and ignores fixtures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      mkdirSync(join(dir, "tofu", "talos"), { recursive: true });
      mkdirSync(join(dir, "k8s"), { recursive: true });
      mkdirSync(join(dir, "test", "fixtures"), { recursive: true });
      writeFileSync(join(dir, "tofu", "talos", "control-plane.yaml.tftpl"), TALOS);
      writeFileSync(join(dir, "test", "fixtures", "admission.yaml"), ADMISSION);
      writeFileSync(join(dir, "k8s", "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
      assert.deepEqual(await findClusterDefault(dir), { level: "baseline", how: "Talos machine configuration (Talos' default PodSecurity admission, enforce: baseline)", file: "tofu/talos/control-plane.yaml.tftpl" });
      // Two configurations that disagree: no verdict from the repository.
      writeFileSync(join(dir, "tofu", "admission.yaml"), ADMISSION);
      assert.equal(await findClusterDefault(dir), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the first of several agreeing files in localeCompare order (the first walk takes listing order)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      for (const name of ["B.yaml", "a.yaml", "_c.yaml"]) writeFileSync(join(dir, name), TALOS);
      assert.equal((await findClusterDefault(dir))?.file, "_c.yaml");
      mkdirSync(join(dir, "Z"));
      mkdirSync(join(dir, "y"));
      for (const name of ["B.yaml", "a.yaml", "_c.yaml"]) rmSync(join(dir, name));
      writeFileSync(join(dir, "Z", "t.yaml"), ADMISSION);
      writeFileSync(join(dir, "y", "t.yaml"), ADMISSION);
      assert.equal((await findClusterDefault(dir))?.file, "y/t.yaml");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops after 4000 entries, counted in localeCompare order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      // Code units put "Zz.yaml" first and "zz.yaml" past the bound; localeCompare reaches "zz.yaml" as entry 4000 and stops before "Zz.yaml".
      for (let i = 0; i < 3999; i++) writeFileSync(join(dir, `m${i}.txt`), "");
      writeFileSync(join(dir, "Zz.yaml"), ADMISSION);
      writeFileSync(join(dir, "zz.yaml"), TALOS);
      assert.deepEqual(await findClusterDefault(dir), { level: "baseline", how: "Talos machine configuration (Talos' default PodSecurity admission, enforce: baseline)", file: "zz.yaml" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lint reads the cluster's default only when it can matter", () => {
  // A repository with a Talos configuration (default enforce: baseline), an unlabelled Namespace and a plain Deployment.
  const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n";
  const files = { ".git/HEAD": "ref: refs/heads/main\n", "talos/controlplane.yaml": TALOS, "k8s/namespace.yaml": NAMESPACE, "k8s/app/deployment.yaml": webDeployment("      - name: app\n        image: registry.example.com/app:1.0.0\n") };
  const MESSAGE = /talos\/controlplane\.yaml: the cluster enforces Pod Security "baseline" by default/;
  const rulesOf = (stdout: string) => (JSON.parse(stdout) as { findings: { rule: string; message: string }[] }).findings.filter((f) => f.rule === "hardening/namespace-pss-enforce");

  it("a run with a Namespace walks the repository and judges the Namespace by the cluster's default", async () => {
    const withoutTalos: Record<string, string> = { ...files };
    delete withoutTalos["talos/controlplane.yaml"];
    const unknown = await run(["lint", "--format", "json", "--no-render", "k8s/namespace.yaml"], { cwd: project(withoutTalos) });
    assert.equal(rulesOf(unknown.stdout).length, 1, "no cluster default: the unlabelled Namespace enforces nothing");
    const r = await run(["lint", "--format", "json", "--no-render", "k8s/namespace.yaml"], { cwd: project(files) });
    assert.match(r.stderr, MESSAGE);
    assert.deepEqual(rulesOf(r.stdout), [], "Talos enforces baseline where no label says otherwise");
  });

  it("a run without a Namespace (a Deployment alone) does not walk it", async () => {
    const root = project(files);
    const r = await run(["lint", "--format", "json", "--no-render", "k8s/app/deployment.yaml"], { cwd: root });
    assert.doesNotMatch(r.stderr, MESSAGE);
    assert.deepEqual(rulesOf(r.stdout), []);
  });

  it("a Namespace the file's kustomization reaches counts", async () => {
    const root = project({ ...files, "k8s/app/kustomization.yaml": "resources:\n  - deployment.yaml\n  - ../namespace.yaml\n" });
    assert.match((await run(["lint", "--format", "json", "k8s/app/deployment.yaml"], { cwd: root })).stderr, MESSAGE);
    assert.match((await run(["lint", "--format", "json", "--no-render", "k8s/app/deployment.yaml"], { cwd: root })).stderr, MESSAGE);
  });
});

describe("mayHoldNamespace", () => {
  it("is true for a text that mentions a Namespace, false for others without render folders", async () => {
    assert.equal(await mayHoldNamespace(["kind: Deployment\n", "kind: Namespace\n"], undefined), true);
    assert.equal(await mayHoldNamespace(["kind: Deployment\n"], undefined), false);
  });

  it("is true for a chart or a kustomization with remote content in the render folders", async () => {
    const chart = project({ "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "templates/d.yaml": "kind: Deployment\n" });
    assert.equal(await mayHoldNamespace([], [chart]), true);
    const remote = project({ "kustomization.yaml": "resources:\n  - https://github.com/example/repo//deploy?ref=v1\n" });
    assert.equal(await mayHoldNamespace([], [remote]), true);
    const local = project({ "kustomization.yaml": "resources:\n  - d.yaml\n", "d.yaml": "kind: Deployment\n" });
    assert.equal(await mayHoldNamespace([], [local]), false);
  });
});

describe("Talos named without its configuration (held-out 3 N2)", () => {
  it("Omni service-exposer annotations in a manifest: baseline, marked as evidence", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      mkdirSync(join(dir, "apps"), { recursive: true });
      writeFileSync(join(dir, "apps", "svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: ui\n  annotations:\n    omni-kube-service-exposer.sidero.dev/port: \"50080\"\n");
      const found = await findClusterDefault(dir);
      assert.equal(found?.level, "baseline");
      assert.equal(found?.evidence, true);
      assert.equal(found?.file, "apps/svc.yaml");
      // A configuration file decides over evidence.
      writeFileSync(join(dir, "admission.yaml"), ADMISSION);
      assert.equal((await findClusterDefault(dir))?.level, "privileged");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("a README that says the cluster runs Talos; a mention in passing is not enough", () => {
    assert.ok(talosInReadme("## Provisioning\n\nI use [Talos Linux](https://www.talos.dev/) to set up my machines.\n"));
    assert.ok(talosInReadme("The cluster runs on Talos.\n"));
    assert.equal(talosInReadme("Tested on kind, k3s and Talos.\n"), undefined);
  });
});

describe("the run says the cluster's default once", () => {
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
  const rule = ["hardening/namespace-pss-enforce: warning"];
  it("with Talos evidence: no finding per namespace, one note; without it: one finding per namespace across files", async () => {
    const { isolatedConfig, project, run } = await import("./testkit.js");
    const base = { ".kubeready.yaml": isolatedConfig("", rule), ".git/HEAD": "ref: refs/heads/main\n", "a/ns.yaml": ns("a"), "b/ns.yaml": ns("b"), "b/copy.yaml": ns("a") };
    const talos = await run(["lint", "--format", "json", "."], { cwd: project({ ...base, "README.md": "# lab\n\nI use Talos Linux to set up my machines.\n" }) });
    const t = JSON.parse(talos.stdout) as { findings: { rule: string }[]; notes?: string[] };
    assert.equal(t.findings.filter((f) => f.rule === "hardening/namespace-pss-enforce").length, 0);
    assert.equal((t.notes ?? []).filter((n) => n.includes("Talos")).length, 1);
    const plain = await run(["lint", "--format", "json", "."], { cwd: project(base) });
    const p = JSON.parse(plain.stdout) as { findings: { rule: string; object: { name: string } }[] };
    assert.deepEqual(p.findings.filter((f) => f.rule === "hardening/namespace-pss-enforce").map((f) => f.object.name).sort(), ["a", "b"]);
  });
});
