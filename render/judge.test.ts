// Tests for the identity the render layer gives a rendered Helm finding (rules/facts.ts): the finding on the template
// and the same finding told on the values file share the value's key, so a run says the root cause once.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { factKind } from "../rules/facts.js";
import { judgeDeployment, type Deployment } from "./judge.js";
import { FIXTURES } from "./testkit.js";

const dir = join(FIXTURES, "helm", "web");
const values = join(dir, "values.yaml");
const template = join(dir, "templates", "deployment.yaml");
// The chart's defaults with an unpinned tag: the problem comes from one value.
const files: Record<string, string> = { [values]: readFileSync(values, "utf8").replace('tag: "1.25"', "tag: latest") };
const readFile = (p: string) => files[p] ?? (() => { try { return readFileSync(p, "utf8"); } catch { return undefined; } })();

const rendered = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: "nginx:latest"
          ports:
            - containerPort: 8080
          resources:
            {}
          securityContext:
            runAsNonRoot: true
`;

describe("rendered findings keep their root-cause identity", () => {
  it("the template's finding and the values file's share the value's key, and the engine's identity survives", () => {
    const deployment: Deployment = { root: { kind: "helm", dir, file: join(dir, "Chart.yaml"), name: "web", missingDependencies: [] }, label: "web", valuesFiles: [values] };
    const found = judgeDeployment(deployment, { documents: [{ text: rendered, origin: template }], ms: 0, tool: { name: "helm", version: "test", path: "helm" } } as never, DEFAULT_CONFIG, readFile)
      .filter((f) => f.rule === "operations/image-not-pinned");
    const main = found.find((f) => f.valuesOf === undefined), companion = found.find((f) => f.valuesOf !== undefined);
    assert.ok(main && companion, JSON.stringify(found.map((f) => [f.uri, f.message])));
    const value = (f: typeof main) => (f.facts ?? []).filter((k) => factKind(k) === "value");
    assert.equal(value(main).length, 1);
    assert.deepEqual(value(companion), value(main));
    // The engine's own identity (the object and the image) is kept under the provenance note.
    assert.ok((main.facts ?? []).some((k) => factKind(k) === "pod"));
  });
});

describe("a value a kustomize component's patch sets is one root cause for every object it patches", () => {
  // A component's JSON6902 patch with regular-expression targets (as kustomize reads them) that runs two workloads as
  // root; the base files say runAsUser: 70, so the finding belongs at the patch, and both objects state one fact.
  const v = "/virtual/app";
  const workload = (kind: string, name: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      securityContext:
        runAsUser: 70
      containers:
        - name: ${name}
          image: ${name}:1.0
`;
  const patch = `- op: replace
  path: /spec/template/spec/securityContext
  value:
    runAsUser: 0
    fsGroup: 0
`;
  const sources: Record<string, string> = {
    [`${v}/base/db.yaml`]: workload("StatefulSet", "db"),
    [`${v}/base/web.yaml`]: workload("Deployment", "web"),
    [`${v}/components/privileged/root.yaml`]: patch,
  };
  const asRendered = (text: string) => text.replace("runAsUser: 70", "runAsUser: 0\n        fsGroup: 0");
  const deployment: Deployment = {
    root: {
      kind: "kustomize", dir: `${v}/overlays/privileged`, file: `${v}/overlays/privileged/kustomization.yaml`, remote: [], dirs: new Set(), files: new Set(), images: [],
      patches: [{ file: `${v}/components/privileged/root.yaml`, target: { kind: "StatefulSet|Deployment", name: "db|web" }, dir: `${v}/components/privileged` }],
    },
    label: "overlays/privileged", valuesFiles: [],
  };
  const documents = [
    { text: asRendered(sources[`${v}/base/db.yaml`]), origin: `${v}/base/db.yaml` },
    { text: asRendered(sources[`${v}/base/web.yaml`]), origin: `${v}/base/web.yaml` },
  ];

  it("points each finding at the patch and gives both objects the component's key", () => {
    const found = judgeDeployment(deployment, { documents, ms: 0, tool: { name: "kustomize", version: "test", path: "kustomize" } } as never, DEFAULT_CONFIG, (p) => sources[p])
      .filter((f) => f.rule === "pss/run-as-user");
    assert.equal(found.length, 2, JSON.stringify(found.map((f) => [f.uri, f.message])));
    for (const f of found) assert.ok(f.uri.endsWith("/components/privileged/root.yaml"), f.uri);
    // The line of runAsUser: 0 inside the op's value, not the op.
    assert.deepEqual(found.map((f) => f.range.start.line), [3, 3]);
    const patchKeys = (f: (typeof found)[number]) => (f.facts ?? []).filter((k) => factKind(k) === "patch");
    assert.equal(patchKeys(found[0]).length, 1);
    assert.deepEqual(patchKeys(found[1]), patchKeys(found[0]));
  });
});
