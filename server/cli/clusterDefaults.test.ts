// Tests for the cluster's Pod Security default read from the repository (Talos machine configuration, AdmissionConfiguration).
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { defaultFromText, findClusterDefault } from "./clusterDefaults.js";

const TALOS = "version: v1alpha1\nmachine:\n  type: controlplane\n  kubelet: {}\ncluster:\n  clusterName: home\n  apiServer:\n    certSANs: [10.0.0.1]\n";
const TALOS_OVERRIDE = `${TALOS}    admissionControl:\n      - name: PodSecurity\n        configuration:\n          apiVersion: pod-security.admission.config.k8s.io/v1alpha1\n          kind: PodSecurityConfiguration\n          defaults:\n            audit: restricted\n            enforce: "restricted"\n`;
const ADMISSION = "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  configuration:\n    apiVersion: pod-security.admission.config.k8s.io/v1\n    kind: PodSecurityConfiguration\n    defaults:\n      enforce: privileged\n";

describe("defaultFromText", () => {
  const cases: [string, string, string | undefined][] = [
    ["a Talos machine configuration without admissionControl: Talos' own default, baseline", TALOS, "baseline"],
    ["a Talos machine configuration that sets the PodSecurity defaults", TALOS_OVERRIDE, "restricted"],
    ["an AdmissionConfiguration for the API server", ADMISSION, "privileged"],
    ["an AdmissionConfiguration without PodSecurity says nothing", "kind: AdmissionConfiguration\nplugins:\n- name: EventRateLimit\n", undefined],
    ["a Kubernetes manifest is not a cluster configuration", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: machine\n", undefined],
  ];
  for (const [name, text, level] of cases) it(name, () => assert.equal(defaultFromText(text)?.level, level));
});

describe("findClusterDefault", () => {
  it("finds a Talos template beside the manifests, and ignores fixtures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      mkdirSync(join(dir, "tofu", "talos"), { recursive: true });
      mkdirSync(join(dir, "k8s"), { recursive: true });
      mkdirSync(join(dir, "test", "fixtures"), { recursive: true });
      writeFileSync(join(dir, "tofu", "talos", "control-plane.yaml.tftpl"), TALOS);
      writeFileSync(join(dir, "test", "fixtures", "admission.yaml"), ADMISSION);
      writeFileSync(join(dir, "k8s", "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
      assert.deepEqual(await findClusterDefault(dir), { level: "baseline", how: "Talos machine configuration (Talos' default PodSecurity admission, enforce: baseline)", file: "tofu/talos/control-plane.yaml.tftpl" });
      // Two configurations that disagree: no verdict from the repository.
      writeFileSync(join(dir, "tofu", "admission.yaml"), ADMISSION);
      assert.equal(await findClusterDefault(dir), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the first of several agreeing files in localeCompare order (the first walk takes listing order)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      for (const name of ["B.yaml", "a.yaml", "_c.yaml"]) writeFileSync(join(dir, name), TALOS);
      assert.equal((await findClusterDefault(dir))?.file, "_c.yaml");
      mkdirSync(join(dir, "Z"));
      mkdirSync(join(dir, "y"));
      for (const name of ["B.yaml", "a.yaml", "_c.yaml"]) rmSync(join(dir, name));
      writeFileSync(join(dir, "Z", "t.yaml"), ADMISSION);
      writeFileSync(join(dir, "y", "t.yaml"), ADMISSION);
      assert.equal((await findClusterDefault(dir))?.file, "y/t.yaml");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops after 4000 entries, counted in localeCompare order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
    try {
      // Code units put "Zz.yaml" first and "zz.yaml" past the bound; localeCompare reaches "zz.yaml" as entry 4000 and stops before "Zz.yaml".
      for (let i = 0; i < 3999; i++) writeFileSync(join(dir, `m${i}.txt`), "");
      writeFileSync(join(dir, "Zz.yaml"), ADMISSION);
      writeFileSync(join(dir, "zz.yaml"), TALOS);
      assert.deepEqual(await findClusterDefault(dir), { level: "baseline", how: "Talos machine configuration (Talos' default PodSecurity admission, enforce: baseline)", file: "zz.yaml" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
