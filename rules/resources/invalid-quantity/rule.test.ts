// Tests for resources/invalid-quantity, and for model/quantity.ts against apimachinery's parser behaviour.
import assert from "node:assert/strict";
import { it } from "node:test";
import { compareQuantities, parseQuantityString, type Quantity } from "../../model/quantity.js";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const pod = (resources: string, extra = "") => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: a:1
      resources:
${resources}${extra}`;

testRule(rule, {
  valid: [
    { name: "placeholders left by a quick fix are reported by the QoS rules, not as typos", yaml: pod(`        requests: {cpu: "<REPLACE_ME>", memory: "<REPLACE_ME>"}
`) },
    {
      name: "every suffix form, numbers, decimals and a quoted value with spaces around it",
      yaml: pod(`        requests: {cpu: 0.5, memory: 128974848, ephemeral-storage: 1e9}
        limits: {cpu: "  1.5 ", memory: 129e6, ephemeral-storage: 2Gi, nvidia.com/gpu: 2}
`, "  volumes:\n    - name: tmp\n      emptyDir: {sizeLimit: 500Mi}\n"),
    },
    { name: "template variables filled in before apply", yaml: pod("        limits: {nvidia.com/gpu: \"${GPU_COUNT}\", memory: MEMORY_LIMIT}\n") },
    { name: "PVC, LimitRange and ResourceQuota", yaml: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  resources: {requests: {storage: 10Gi}}\n---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits:\n    - type: Container\n      default: {cpu: 250m}\n      maxLimitRequestRatio: {cpu: 1.5}\n---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {requests.cpu: \"10\", count/deployments.apps: 5}\n" },
  ],
  invalid: [
    {
      name: "1Gb: the fix offers Gi (first) and G, both unsafe",
      yaml: pod("        limits:\n          memory: 1Gb\n"),
      findings: [{ line: 10, column: 19, endColumn: 22, severity: "error", message: /^memory "1Gb" is not a valid quantity \(quantities must match the regular expression/ }],
      output: pod("        limits:\n          memory: 1Gi\n"),
    },
    {
      name: "500 m: removing the space is the safe fix",
      yaml: pod("        requests:\n          cpu: 500 m\n"),
      findings: [{ line: 10, column: 16, message: /^cpu "500 m" is not a valid quantity/ }],
      output: pod("        requests:\n          cpu: 500m\n"),
    },
    {
      name: "unknown suffix, negative value, fractional GPU",
      yaml: pod("        requests: {cpu: 2K, memory: -1Gi}\n        limits: {nvidia.com/gpu: 0.5}\n"),
      findings: [
        { line: 9, column: 25, message: 'cpu "2K" is not a valid quantity (unable to parse quantity\'s suffix); the API server rejects the object.' },
        { line: 9, column: 37, message: /^memory -1Gi is negative/ },
        { line: 10, column: 34, message: /^nvidia.com\/gpu 0.5 must be a whole number/ },
      ],
    },
    {
      name: "memory in milli-bytes is a warning",
      yaml: pod("        requests:\n          memory: 512m\n"),
      findings: [{ line: 10, severity: "warning", message: 'memory 512m means 0.512 bytes; "m" is milli, not mega — use 512Mi or 512M.' }],
      output: pod("        requests:\n          memory: 512Mi\n"),
    },
    {
      name: "StatefulSet volume claim template and HPA target",
      yaml: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: c:1}]\n  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec:\n        resources: {requests: {storage: 10 GB}}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: StatefulSet, name: s}\n  maxReplicas: 3\n  metrics:\n    - type: Pods\n      pods:\n        metric: {name: qps}\n        target: {type: AverageValue, averageValue: 1.5k/s}\n",
      findings: [{ line: 13, column: 41, message: /^storage "10 GB"/ }, { line: 25, message: /^averageValue "1.5k\/s"/ }],
    },
  ],
});

const q = (s: string) => { const r = parseQuantityString(s); assert.ok(r.ok, `${s} should parse`); return r as Quantity; };

it("model/quantity: accepts what ParseQuantity accepts", () => {
  for (const s of ["0", "1", "+1", "-1", "1.", ".5", "1.5Gi", "100m", "1e3", "1E3", "1e-3", "1E+3", "12Ki", "5n", "7u", "1E", "1P", "-", "."]) q(s);
});

it("model/quantity: rejects what ParseQuantity rejects", () => {
  for (const s of ["", "1Gb", "500 m", "1K", "1gi", "1e", "1e1.5", "1.5.5", "1MiB", "abc", "1 Gi"]) assert.equal(parseQuantityString(s).ok, false, s);
});

it("model/quantity: compares by value, rounding up to 1n like apimachinery", () => {
  assert.equal(compareQuantities(q("1"), q("1000m")), 0);
  assert.equal(compareQuantities(q("1Gi"), q("1073741824")), 0);
  assert.equal(compareQuantities(q("1Ki"), q("1k")), 1);
  assert.equal(compareQuantities(q("0.1n"), q("1n")), 0);
  assert.equal(compareQuantities(q("1e3"), q("1k")), 0);
  assert.equal(compareQuantities(q("-1"), q("0")), -1);
});
