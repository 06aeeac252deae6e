// Tests for root-cause identity: the keys rules and the engine attach to findings (rules/facts.ts), which the CLI folds
// repeats by. Each class of fold has a case here that fails when the rule or the engine stops setting the identity.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, type Finding } from "./engine.js";
import { factKind } from "./facts.js";

const deployment = (name: string, namespace: string, containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
${containers}`;

function run(files: Record<string, string>): Finding[] {
  return analyzeFiles(Object.entries(files).map(([name, text]) => ({ uri: `file:///repo/${name}`, text }))).findings;
}
const of = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule || f.rules?.includes(rule));
const keys = (f: Finding, kind: string) => (f.facts ?? []).filter((k) => factKind(k) === kind);
const shareKey = (a: Finding, b: Finding, kind: string) => keys(a, kind).some((k) => keys(b, kind).includes(k));

describe("root-cause identity of findings", () => {
  it("a per-namespace fact (no default-deny) carries its namespace, the same in every file", () => {
    const found = of(run({ "a.yaml": deployment("a", "shop", "        - {name: a, image: a:1}\n"), "b.yaml": deployment("b", "shop", "        - {name: b, image: b:1}\n") }), "network/missing-default-deny");
    assert.equal(found.length, 2);
    assert.ok(shareKey(found[0], found[1], "namespace"), JSON.stringify(found.map((f) => f.facts)));
    assert.equal(keys(found[0], "object").length, 0);
  });

  it("copies of one object in two files share the object key; another namespace does not", () => {
    const web = (ns: string) => deployment("web", ns, "        - {name: web, image: web:1}\n");
    const found = of(run({ "a.yaml": web("shop"), "b.yaml": web("shop"), "c.yaml": web("billing") }), "operations/missing-probes");
    assert.equal(found.length, 3);
    assert.ok(shareKey(found[0], found[1], "object"));
    assert.ok(!shareKey(found[0], found[2], "object"));
  });

  it("one image in two containers of a pod is one subject; another image is another", () => {
    const found = of(run({ "a.yaml": deployment("a", "shop", "        - {name: x, image: web:latest}\n        - {name: y, image: web:latest}\n        - {name: z, image: other:latest}\n") }), "operations/image-not-pinned");
    assert.equal(found.length, 3);
    assert.ok(shareKey(found[0], found[1], "pod"));
    assert.ok(!shareKey(found[0], found[2], "pod"));
  });

  it("runs as root said by pss/run-as-user and pss/run-as-non-root shares one key", () => {
    const found = run({ "a.yaml": deployment("a", "shop", "        - {name: x, image: x:1, securityContext: {runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}}\n") });
    const [user] = of(found, "pss/run-as-user"), [nonRoot] = of(found, "pss/run-as-non-root");
    assert.ok(user && nonRoot);
    assert.ok(shareKey(user, nonRoot, "rule"), JSON.stringify([user.facts, nonRoot.facts]));
  });

  it("an added capability said by the baseline and the restricted check shares one key", () => {
    const found = run({ "a.yaml": deployment("a", "shop", "        - {name: x, image: x:1, securityContext: {capabilities: {add: [SYS_ADMIN]}}}\n") });
    const [base] = of(found, "pss/capabilities-baseline"), [restricted] = of(found, "pss/capabilities-restricted");
    assert.ok(base && restricted);
    assert.ok(shareKey(base, restricted, "rule"));
  });
});

describe("a grouped finding states that its containers are not hardened", () => {
  it("a hardening group and pss/run-as-user (runAsUser: 0 set on the pod) are two root causes", () => {
    // Adding runAsNonRoot does not undo a runAsUser: 0 that a person wrote: two edits, two facts (held-out labels).
    const found = run({ "a.yaml": deployment("a", "shop", "        - {name: x, image: x:1}\n").replace("    spec:\n      containers:", "    spec:\n      securityContext: {runAsUser: 0}\n      containers:") });
    const [user] = of(found, "pss/run-as-user");
    const group = found.find((f) => f.rules?.includes("pss/run-as-non-root"));
    assert.ok(user && group, JSON.stringify(found.map((f) => [f.rule, f.rules])));
    assert.ok(!shareKey(user, group, "rule"), JSON.stringify([user.facts, group.facts]));
  });

  it("the group of one copy and the group of another with other parts missing share \"not hardened\"", () => {
    // An overlay that removes allowPrivilegeEscalation: the group there has one more part and another rule's id.
    const bare = deployment("a", "shop", "        - {name: x, image: x:1}\n");
    const partly = deployment("a", "shop", "        - {name: x, image: x:1, securityContext: {allowPrivilegeEscalation: false}}\n");
    const found = run({ "base/a.yaml": partly, "dev/a.yaml": bare }).filter((f) => f.rules?.includes("pss/run-as-non-root"));
    assert.equal(found.length, 2, JSON.stringify(found.map((f) => [f.rule, f.rules])));
    assert.notEqual(found[0].message, found[1].message);
    assert.ok(shareKey(found[0], found[1], "rule"), JSON.stringify(found.map((f) => f.facts)));
  });
});

describe("gitops/application-tracks-head", () => {
  it("the sources of one Application that follow the same branch share one subject; another Application does not", () => {
    const app = (name: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: ${name}, namespace: argocd}
spec:
  project: default
  destination: {server: https://kubernetes.default.svc, namespace: ${name}}
  sources:
    - {repoURL: https://github.com/o/charts.git, path: a, targetRevision: main}
    - {repoURL: https://github.com/o/values.git, targetRevision: main, ref: values}
    - {repoURL: https://github.com/o/other.git, path: b, targetRevision: v1.2.0}
`;
    const found = of(run({ "a.yaml": app("a"), "b.yaml": app("b") }), "gitops/application-tracks-head");
    assert.equal(found.length, 4, JSON.stringify(found.map((f) => f.message)));
    const [a1, a2, b1] = found;
    assert.ok(shareKey(a1, a2, "pod"), JSON.stringify([a1.facts, a2.facts]));
    assert.ok(!shareKey(a1, b1, "pod"));
  });
});
