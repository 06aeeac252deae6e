// Which tree area a rule's findings and a kind's access problems belong to.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { areaOfRule, areasOfKind } from "./areas.js";

describe("readiness areas", () => {
  it("places rules by id, by family, and by name within grab-bag families", () => {
    const table: Array<[string, string]> = [
      ["status/pdb-disruptions-blocked", "Availability"],
      ["status/pod-qos-not-guaranteed", "Resources & QoS"],
      ["status/certificate-expiring", "Secrets & certificates"],
      ["status/prometheus-replica-unavailable", "Observability"],
      ["pss/privileged", "Pod security"],
      ["hardening/namespace-pss-enforce", "Pod security"],
      ["network/missing-default-deny", "Network"],
      ["resources/best-effort", "Resources & QoS"],
      ["availability/missing-pdb", "Availability"],
      ["autoscaling/replicas-with-hpa", "Autoscaling"],
      ["observability/thanos-sidecar-missing", "Observability"],
      ["secrets/secret-in-repository", "Secrets & certificates"],
      ["operations/certificate-renew-before", "Secrets & certificates"],
      ["operations/missing-probes", "Availability"],
      ["operations/image-not-pinned", "Availability"],
      ["newfamily/egress-wide-open", "Network"],
      ["newfamily/something-else", "Availability"],
    ];
    assert.deepEqual(table.map(([id]) => [id, areaOfRule(id)]), table);
  });

  it("says which areas a forbidden kind leaves incomplete", () => {
    assert.deepEqual(areasOfKind("NetworkPolicy"), ["Network"]);
    assert.deepEqual(areasOfKind("PodDisruptionBudget"), ["Availability"]);
    assert.deepEqual(areasOfKind("Pod"), ["Pod security", "Resources & QoS"]);
    assert.deepEqual(areasOfKind("ClusterSecretStore"), ["Secrets & certificates"]);
    assert.deepEqual(areasOfKind("VerticalPodAutoscaler"), ["Autoscaling"]);
  });
});
