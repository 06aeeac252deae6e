// Rules with `appliesTo: "files"` judge manifests only: the engine skips them on live objects (isLiveObject).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineRule } from "./api.js";
import { analyzeText, parseFile } from "./engine.js";
import replicasWithHpa from "./autoscaling/replicas-with-hpa/rule.js";
import secretInRepository from "./secrets/secret-in-repository/rule.js";
import { isLiveObject } from "./model/object.js";

const objectOf = (yaml: string) => parseFile("file:///o.yaml", yaml).objects[0]!;

const DEPLOYMENT_WITH_HPA = (metadata: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop${metadata}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:1.0"}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop${metadata}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
`;
const LIVE = `, uid: 0b9d3c1e-5f0a-4c38-9d1e-2a7f1c0d8e11, resourceVersion: "4711", creationTimestamp: "2026-01-05T09:00:00Z"`;

describe("isLiveObject", () => {
  it("needs both server-assigned fields, uid and resourceVersion", () => {
    assert.equal(isLiveObject(objectOf(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${LIVE}}\n`)), true);
    assert.equal(isLiveObject(objectOf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, uid: u1, resourceVersion: 12}\n")), true);
    assert.equal(isLiveObject(objectOf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")), false);
  });

  it("is not fooled by what manifests in Git carry: creationTimestamp: null, or one field of a half-cleaned kubectl dump", () => {
    assert.equal(isLiveObject(objectOf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, creationTimestamp: null}\n")), false);
    assert.equal(isLiveObject(objectOf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, uid: u1}\n")), false);
    assert.equal(isLiveObject(objectOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, resourceVersion: "12"}\n')), false);
    assert.equal(isLiveObject(objectOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, uid: "", resourceVersion: ""}\n')), false);
  });
});

describe('appliesTo: "files"', () => {
  it("autoscaling/replicas-with-hpa fires on a manifest, not on the live Deployment (the API server always sets spec.replicas)", () => {
    const rules = [replicasWithHpa];
    assert.deepEqual(analyzeText(DEPLOYMENT_WITH_HPA(""), undefined, undefined, rules).map((f) => f.rule), ["autoscaling/replicas-with-hpa"]);
    assert.deepEqual(analyzeText(DEPLOYMENT_WITH_HPA(LIVE), undefined, undefined, rules), []);
  });

  it("secrets/secret-in-repository fires on a Secret in Git, not on the Secret in the cluster", () => {
    const secret = (metadata: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: db${metadata}}\ndata: {password: czNjcjN0}\n`;
    assert.deepEqual(analyzeText(secret(""), undefined, undefined, [secretInRepository]).map((f) => f.rule), ["secrets/secret-in-repository"]);
    assert.deepEqual(analyzeText(secret(LIVE), undefined, undefined, [secretInRepository]), []);
  });

  it("is decided by the engine for any rule; the default (all) runs everywhere", () => {
    const seen: string[] = [];
    const probe = (id: string, appliesTo?: "files" | "all") =>
      defineRule({
        meta: { id, title: id, defaultSeverity: "info", kinds: ["ConfigMap"], crossObject: false, fix: "none", ...(appliesTo ? { appliesTo } : {}) },
        check: (ctx) => void seen.push(`${id} ${ctx.object.name}`),
      });
    const rules = [probe("test/files", "files"), probe("test/all", "all"), probe("test/default")];
    analyzeText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: git}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: live${LIVE}}\n`, undefined, undefined, rules);
    assert.deepEqual(seen.sort(), ["test/all git", "test/all live", "test/default git", "test/default live", "test/files git"]);
  });
});
