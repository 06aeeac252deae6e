// Tests for hardening/namespace-pss-enforce.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "baseline is accepted", yaml: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {pod-security.kubernetes.io/enforce: baseline}\n" },
    { name: "fixtures/cluster-default.yaml: an AdmissionConfiguration in scope enforces baseline by default", yaml: fixture("cluster-default") },
    {
      name: "the clusterDefault option (a Talos cluster: baseline by default)",
      yaml: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
      config: { rules: { "hardening/namespace-pss-enforce": { clusterDefault: "baseline" } } },
    },
  ],
  invalid: [
    {
      name: "labels exist: both labels are added under them, comments kept",
      yaml: fixture("invalid"),
      findings: [{ line: 4, column: 9, message: /no pod-security.kubernetes.io\/enforce label/ }],
      output: `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    team: billing   # owner
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
`,
    },
    {
      name: "no labels map: it is created",
      yaml: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
      findings: [{ line: 4, column: 9 }],
      output: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: latest\n",
    },
    {
      name: "the configured level is the one written",
      yaml: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
      config: { pss: { level: "baseline" } },
      findings: [{ line: 4, column: 9 }],
      output: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: latest\n",
    },
    {
      name: "privileged enforces nothing",
      yaml: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n",
      findings: [{ line: 6, column: 41, message: /allows everything/ }],
    },
    {
      name: "a namespace the AdmissionConfiguration exempts gets no default",
      yaml: fixture("cluster-default").replace("exemptions: {namespaces: []}", "exemptions: {namespaces: [shop]}"),
      findings: [{ line: 5, message: /enforces nothing here unless the API server sets a cluster-wide default/ }],
    },
    {
      name: "PSA keys written as annotations: said so",
      yaml: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    pod-security.kubernetes.io/enforce: baseline\n",
      findings: [{ line: 6, message: /only an annotation of that name, which Pod Security Admission does not read \(move it to labels\)/ }],
    },
  ],
});
