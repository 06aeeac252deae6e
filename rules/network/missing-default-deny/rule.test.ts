// Tests for network/missing-default-deny.
import assert from "node:assert/strict";
import { it } from "node:test";
import { isCreate } from "../../api.js";
import { findingsOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const deployment = (ns = "  namespace: shop\n") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${ns}spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
`;

const denyAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

testRule(rule, {
  valid: [
    { name: "one policy denies both directions", yaml: `${deployment()}---\n${denyAll}` },
    {
      name: "two policies in other files, namespace from kustomization (defaultNamespace)",
      yaml: deployment(""),
      defaultNamespace: "shop",
      files: {
        "file:///test/deny-in.yaml": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-in, namespace: shop}\nspec:\n  podSelector: {}\n",
        "file:///test/deny-out.yaml": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-out, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n",
      },
    },
    {
      name: "the Namespace object is in another file: the finding is shown there",
      yaml: deployment(),
      files: { "file:///test/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n" },
    },
    { name: "system namespaces are not checked by default", yaml: deployment("  namespace: kube-system\n") },
    { name: "a namespace without workloads", yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n" },
    { name: "not a workload", yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n" },
  ],
  invalid: [
    {
      // A product that labels all its pods and writes one restricting policy for them (seen on a real repository):
      // the pods in scope are isolated, so "every pod accepts any connection" would be false; pods added later are not.
      name: "policies that select every workload in scope: information, with what is and is not covered",
      yaml: `${deployment()}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: product, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {}}]}]\n  egress: [{to: [{podSelector: {}}]}]\n`,
      findings: [{ line: 4, severity: "info", message: 'Deployment "web" is in namespace "shop", which has no default-deny NetworkPolicy for ingress and egress, so its policies isolate every workload in scope but a pod added without their labels accepts and opens any connection; a default-deny for the namespace covers pods added later.' }],
    },
    {
      name: "a policy that selects only some workloads: the others are open (warning)",
      yaml: `${deployment()}---\n${deployment().replace("name: web\n", "name: api\n").replace(/app: web/g, "app: api")}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: product, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n`,
      findings: [{ line: 4, severity: "warning", message: /so every pod accepts and opens any connection/ }],
    },
    {
      name: "no policy at all: reported on the workload, fix appends a default-deny document",
      yaml: deployment(),
      findings: [{ line: 4, column: 9, endColumn: 12, message: 'Deployment "web" is in namespace "shop", which has no default-deny NetworkPolicy for ingress and egress, so every pod accepts and opens any connection; add one for the namespace, then allow what each workload needs.' }],
      output: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`,
    },
    {
      name: "Namespace object in scope: reported once, on it",
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
${deployment()}---
${deployment().replace("name: web", "name: api")}`,
      findings: [{ line: 4, column: 9, message: /^Namespace "shop" \(2 workloads\) has no default-deny NetworkPolicy for ingress and egress/ }],
    },
    {
      name: "policyTypes omitted and no rules: only ingress is denied",
      yaml: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
`,
      findings: [{ line: 4, message: /no default-deny NetworkPolicy for egress, so every pod may connect anywhere/ }],
      output: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Egress
`,
    },
    {
      // API defaulting: without policyTypes, Egress is implied only when egress rules exist; `egress: []` has none.
      name: "egress: [] without policyTypes denies ingress only",
      yaml: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  egress: []
`,
      findings: [{ line: 4, message: /no default-deny NetworkPolicy for egress,/ }],
    },
    {
      name: "policyTypes written as [Egress]: ingress rules are ignored and ingress is not denied",
      yaml: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
`,
      findings: [{ line: 4, message: /no default-deny NetworkPolicy for ingress, so every pod accepts any connection/ }],
    },
    {
      // kube-linter's non-isolated-pod is satisfied by any policy selecting the pod; egress stays open and new workloads are not isolated.
      name: "a per-app ingress policy selecting the pod is not a namespace default-deny",
      yaml: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: front}}}]}]
`,
      findings: [{ line: 4, message: /for ingress and egress/ }],
    },
    {
      name: "a default-deny of another namespace does not count",
      yaml: `${deployment()}---\n${denyAll.replace("namespace: shop", "namespace: other")}`,
      findings: [{ line: 4, message: /for ingress and egress/ }],
    },
    {
      name: "the pre-1.7 isolation annotation on the Namespace is named as obsolete",
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    net.beta.kubernetes.io/network-policy: '{"ingress": {"isolation": "DefaultDeny"}}'
---
${deployment()}`,
      findings: [{ line: 4, column: 9, message: 'Namespace "shop" (1 workload) has no default-deny NetworkPolicy for ingress and egress (the net.beta.kubernetes.io/network-policy annotation has had no effect since Kubernetes 1.7), so every pod accepts and opens any connection; add one for the namespace, then allow what each workload needs.' }],
    },
    {
      name: "an allow-all rule and a non-empty podSelector are not default-deny",
      yaml: `${deployment()}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
`,
      findings: [{ line: 4, message: /for ingress and egress/ }],
    },
    {
      name: "namespace from configuration: the appended policy names none either",
      yaml: deployment(""),
      config: { defaultNamespace: "shop" },
      findings: [{ line: 4, message: /namespace "shop"/ }],
      output: `${deployment("")}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`,
    },
  ],
});

it("network/missing-default-deny: second fix creates networkpolicy-default-deny.yaml beside the file", () => {
  const [finding] = findingsOf(rule, { name: "create", yaml: deployment() });
  const fixes = finding.fixes!().filter((f) => !f.suppression);
  assert.equal(fixes.length, 2);
  assert.ok(fixes.every((f) => !f.safe), "a default-deny cuts traffic: never in fix-all");
  const create = fixes[1].edits[0];
  assert.ok(isCreate(create));
  assert.equal(create.uri, "file:///test/networkpolicy-default-deny.yaml");
  assert.equal(create.text, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-all\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n");
});

// One fact about a namespace, said once per file (issue 13): a file of several workloads of one namespace (the shape of
// every "all-in-one" demo manifest) draws one finding, on the first workload, with the others as related locations.
const perFile: { name: string; yaml: string; files?: Record<string, string>; expect: string[]; related: string[] }[] = [
  {
    name: "three workloads of one namespace in one file: one finding on the first",
    yaml: `${deployment()}---\n${deployment().replace("name: web", "name: api")}---\n${deployment().replace("name: web", "name: worker").replace("kind: Deployment", "kind: StatefulSet")}`,
    expect: ['4:9 Deployment "web" and 2 other workloads in this file are in namespace "shop", which has no default-deny NetworkPolicy'],
    related: ['20:9 Deployment "api" runs in namespace "shop"', '36:9 StatefulSet "worker" runs in namespace "shop"'],
  },
  {
    name: "two namespaces in one file: one finding each",
    yaml: `${deployment()}---\n${deployment("  namespace: billing\n").replace("name: web", "name: api")}`,
    expect: ['4:9 Deployment "web" is in namespace "shop", which has no default-deny NetworkPolicy', '20:9 Deployment "api" is in namespace "billing", which has no default-deny NetworkPolicy'],
    related: [],
  },
  {
    name: "the Namespace in scope: one finding on it, every workload related",
    yaml: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n${deployment()}`,
    files: { "file:///test/api.yaml": deployment().replace("name: web", "name: api") },
    expect: ['4:9 Namespace "shop" (2 workloads) has no default-deny NetworkPolicy'],
    related: ['9:9 Deployment "web" runs in namespace "shop"', '4:9 Deployment "api" runs in namespace "shop"'],
  },
];
for (const c of perFile) {
  it(`network/missing-default-deny once per namespace and file: ${c.name}`, () => {
    const found = findingsOf(rule, { name: c.name, yaml: c.yaml, files: c.files });
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message.split(" for ")[0]}`), c.expect);
    assert.deepEqual((found[0].related ?? []).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`), c.related);
  });
}
