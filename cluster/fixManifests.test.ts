// The manifests "write the fix" offers for the demo cluster: default-deny where it is missing, PDBs for uncovered workloads.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { analyzeText } from "../rules/engine.js";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { fixManifestFor, hasDefaultDeny, workloadsWithoutPdb } from "./fixManifests.js";
import type { LiveObject } from "./snapshot.js";

const demo = loadDemoCluster() as LiveObject[];

describe("fix manifests for live namespaces", () => {
  it("knows which namespaces already deny by default", () => {
    assert.equal(hasDefaultDeny(demo, "shop"), true);
    assert.equal(hasDefaultDeny(demo, "payments"), false);
    assert.equal(fixManifestFor(demo, "shop", "Network", "demo"), undefined);
  });

  it("writes default-deny plus DNS egress for a namespace without it", () => {
    const yaml = fixManifestFor(demo, "payments", "Network", "demo")!;
    assert.match(yaml, /^# Default-deny NetworkPolicies for namespace "payments", written by kubeready from context "demo"\./);
    const docs = parseAllDocuments(yaml).map((d) => d.toJS() as LiveObject);
    assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`), [
      "NetworkPolicy/payments/default-deny-all",
      "NetworkPolicy/payments/allow-dns-egress",
    ]);
    assert.deepEqual(docs[0]!.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const withPolicies = [...demo, ...docs];
    assert.equal(hasDefaultDeny(withPolicies, "payments"), true, "applying the manifest would close the gap");
    assert.deepEqual(analyzeText(yaml).filter((f) => f.severity === "error"), []);
  });

  it("writes a PDB for each multi-replica workload no budget covers", () => {
    assert.deepEqual(workloadsWithoutPdb(demo, "payments").map((w) => w.metadata.name), ["payments-api"]);
    assert.deepEqual(workloadsWithoutPdb(demo, "shop"), [], "frontend and cart-redis have budgets");
    const yaml = fixManifestFor(demo, "payments", "Availability", "demo")!;
    const docs = parseAllDocuments(yaml).map((d) => d.toJS() as LiveObject);
    assert.deepEqual(docs, [{
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "payments-api", namespace: "payments" },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: "payments-api" } } },
    }]);
    assert.equal(fixManifestFor(demo, "payments", "Pod security", "demo"), undefined);
  });
});
