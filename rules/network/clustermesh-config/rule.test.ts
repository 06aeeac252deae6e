// Tests for network/clustermesh-config: cluster name and id, encryption and clustermesh-apiserver replicas, only where a mesh is built.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { DEFAULT_CONFIG } from "../../config.js";
import { analyzeFiles } from "../../engine.js";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata:\n${data}`;
const helmRelease = (values: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: cilium, namespace: kube-system}
spec:
  interval: 1h
  chart:
    spec: {chart: cilium, version: 1.16.5, sourceRef: {kind: HelmRepository, name: cilium}}
  values:
${values}`;
const globalService = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations: {service.cilium.io/global: \"true\", service.cilium.io/affinity: local}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n";

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "no mesh in scope: a single cluster's defaults are fine", yaml: configMap("  cluster-name: default\n  routing-mode: tunnel\n") },
    { name: "IPsec counts as transparent encryption", yaml: configMap("  cluster-name: east\n  cluster-id: \"2\"\n  enable-ipsec: \"true\"\n"), files: { "file:///test/svc.yaml": globalService } },
    { name: "Helm values of a mesh member, done right", yaml: helmRelease("    cluster: {name: east, id: 2}\n    encryption: {enabled: true, type: wireguard}\n    clustermesh:\n      useAPIServer: true\n      apiserver: {replicas: 3}\n") },
    { name: "two clusters' configurations with distinct ids", yaml: configMap("  cluster-name: east\n  cluster-id: \"2\"\n  enable-wireguard: \"true\"\n"), files: { "file:///test/west/cilium.yaml": configMap("  cluster-name: west\n  cluster-id: \"1\"\n  enable-wireguard: \"true\"\n"), "file:///test/svc.yaml": globalService } },
    { name: "511 clusters allowed", yaml: configMap("  cluster-name: c300\n  cluster-id: \"300\"\n  max-connected-clusters: \"511\"\n  enable-wireguard: \"true\"\n"), files: { "file:///test/svc.yaml": globalService } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: default name, no id, no encryption, one apiserver replica",
      yaml: fixture("invalid"),
      findings: [
        { line: 7, column: 1, severity: "warning", message: /sets no cluster id \(0, a cluster outside any mesh\): a Cluster Mesh needs cluster-id between 1 and 255/ },
        { line: 7, column: 1, severity: "warning", message: /turns no transparent encryption on: .* WireGuard \(enable-wireguard\)/ },
        { line: 8, column: 17, severity: "warning", message: 'ConfigMap "cilium-config" leaves the cluster name "default" although the repository builds a Cluster Mesh: every cluster of a mesh needs its own cluster-name, or their nodes and services collide.' },
        { line: 18, column: 13, severity: "warning", message: /Deployment "clustermesh-apiserver" runs 1 replica: .* run at least 2\./ },
      ],
    },
    {
      name: "Helm values: the chart's defaults for the apiserver, IPsec type default when only enabled",
      yaml: helmRelease("    cluster: {name: east, id: 256}\n    clustermesh: {useAPIServer: true}\n"),
      findings: [
        { line: 8, severity: "warning", message: /turns no transparent encryption on: .*\(encryption.type: wireguard\)/ },
        { line: 9, severity: "warning", message: /sets cluster id 256, outside 1–255: a Cluster Mesh needs cluster.id/ },
        { line: 10, severity: "warning", message: /deploys the clustermesh-apiserver with 1 replica \(the chart's default\)/ },
      ],
    },
    {
      name: "two clusters share one id",
      yaml: configMap("  cluster-name: east\n  cluster-id: \"1\"\n  enable-wireguard: \"true\"\n"),
      files: { "file:///test/west/cilium.yaml": configMap("  cluster-name: west\n  cluster-id: \"1\"\n  enable-wireguard: \"true\"\n"), "file:///test/svc.yaml": globalService },
      findings: [{ line: 6, column: 15, severity: "warning", message: /gives cluster "east" id 1, the id ConfigMap "cilium-config" gives cluster "west"/ }],
    },
  ],
});

// Issue 20.2: the chart's values in a kustomization's helmCharts (valuesInline) and in Argo CD's other value forms.
const kustomization = (values: string) => `helmCharts:
  - name: cilium
    repo: https://helm.cilium.io
    version: 1.16.5
    releaseName: cilium
    namespace: kube-system
    valuesInline:
${values}`;
const application = (source: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: cilium, namespace: argocd}
spec:
  project: platform
  destination: {server: https://kubernetes.default.svc, namespace: kube-system}
${source}`;

describe("network/clustermesh-config: values in kustomize helmCharts and Argo CD sources", () => {
  const uri = "file:///test/cilium/kustomization.yaml";
  const run = (text: string, at = uri) => analyzeFiles([{ uri: at, text }], DEFAULT_CONFIG, [rule]).findings.filter((f) => f.rule === rule.meta.id);
  it("reads a kustomization's valuesInline for the cilium chart, at the exact keys", () => {
    const found = run(kustomization("      cluster: {name: default, id: 0}\n      clustermesh: {useAPIServer: true, apiserver: {replicas: 1}}\n"));
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.message.split(":")[0]}`), [
      "7 Kustomization helmCharts entry \"cilium\" (valuesInline) turns no transparent encryption on",
      "8 Kustomization helmCharts entry \"cilium\" (valuesInline) leaves the cluster name \"default\" although the repository builds a Cluster Mesh",
      "8 Kustomization helmCharts entry \"cilium\" (valuesInline) sets cluster id 0, outside 1–255",
      "9 Kustomization helmCharts entry \"cilium\" (valuesInline) deploys the clustermesh-apiserver with 1 replica",
    ]);
    assert.deepEqual(run(kustomization("      cluster: {name: east, id: 2}\n      encryption: {enabled: true, type: wireguard}\n      clustermesh: {useAPIServer: true, apiserver: {replicas: 2}}\n")), []);
  });
  it("reads Argo CD multi-source values and a values string (reported at the string)", () => {
    const multi = application("  sources:\n    - repoURL: https://git.example.com/platform.git\n      path: cilium\n    - repoURL: https://helm.cilium.io\n      chart: cilium\n      targetRevision: 1.16.5\n      helm:\n        valuesObject:\n          cluster: {name: east, id: 2}\n          clustermesh: {useAPIServer: true, apiserver: {replicas: 2}}\n");
    // No encryption in the values: reported at valuesObject (the encryption key it lacks would go there).
    assert.deepEqual(run(multi, "file:///test/app.yaml").map((f) => f.range.start.line + 1), [14]);
    const text = application("  source:\n    repoURL: https://helm.cilium.io\n    chart: cilium\n    targetRevision: 1.16.5\n    helm:\n      values: |\n        cluster:\n          name: east\n          id: 2\n        encryption: {enabled: true, type: wireguard}\n        clustermesh:\n          useAPIServer: true\n");
    const found = run(text, "file:///test/app.yaml");
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, /clustermesh-apiserver with 1 replica \(the chart's default\)/.test(f.message)]), [[12, true]]);
  });
});
