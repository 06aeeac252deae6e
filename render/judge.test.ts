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
