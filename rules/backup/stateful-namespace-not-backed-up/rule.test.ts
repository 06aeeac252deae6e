// Tests for backup/stateful-namespace-not-backed-up: namespaces with persistent data and the Velero Schedules in scope.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const statefulSet = fixture("invalid").split("---\n")[1];
const schedule = (template: string, extra = "") => `apiVersion: velero.io/v1
kind: Schedule
metadata: {name: nightly, namespace: velero}
spec:
  schedule: "0 1 * * *"
${extra}  template:
${template}`;
const pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: uploads, namespace: media}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 5Gi}}\n";

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "the Schedule in another file names the namespace, with file-system backup", yaml: statefulSet, files: { "file:///test/s.yaml": schedule("    includedNamespaces: [orders]\n    snapshotVolumes: false\n    defaultVolumesToFsBackup: true\n") } },
    { name: "a StatefulSet without volumes keeps no data", yaml: statefulSet.replace(/  volumeClaimTemplates:[\s\S]*$/, "") },
    { name: "a PVC of a StatefulSet's claim template (as a live cluster lists it) is judged on the StatefulSet", yaml: pvc.replace("name: uploads, namespace: media", "name: data-pg-0, namespace: orders"), files: { "file:///test/sts.yaml": statefulSet, "file:///test/s.yaml": schedule("    includedNamespaces: [shop]\n") } },
    { name: "includedNamespaces: ['*']", yaml: pvc, files: { "file:///test/s.yaml": schedule("    includedNamespaces: ['*']\n") } },
  ],
  invalid: [
    {
      name: "no Schedule in scope at all (Velero is often configured in another repository): information, once per namespace",
      yaml: pvc + "---\n" + pvc.replace("name: uploads", "name: thumbnails"),
      findings: [{ line: 3, severity: "info", message: 'PersistentVolumeClaim "uploads" holds data in namespace "media", and no Velero Schedule is in scope; if backups are not configured in another repository, losing the cluster or the volume loses the data (said once for the namespace).' }],
    },
    {
      name: "fixtures/invalid.yaml: a Schedule for another namespace",
      yaml: fixture("invalid"),
      findings: [{ line: 15, column: 9, severity: "warning", message: 'StatefulSet "pg" keeps data on persistent volumes, but no Velero Schedule in scope backs up namespace "orders" ("daily-shop" does not include it, or is paused); losing the cluster or the volume loses the data.' }],
    },
    {
      name: "excluded, paused, and a covering one without volume data",
      yaml: pvc,
      files: {
        "file:///test/a.yaml": schedule("    excludedNamespaces: [media]\n").replace("nightly", "a"),
        "file:///test/b.yaml": schedule("    includedNamespaces: [media]\n", "  paused: true\n").replace("nightly", "b"),
      },
      findings: [{ line: 3, severity: "warning", message: /no Velero Schedule in scope backs up namespace "media" \("a", "b" do not include it, or are paused\)/ }],
    },
    {
      name: "two PVCs of one namespace in one file: one finding for the namespace, the other PVC related (a fact about the namespace, said once per file)",
      yaml: pvc + "---\n" + pvc.replace("uploads", "thumbnails"),
      files: { "file:///test/s.yaml": schedule("    includedNamespaces: [shop]\n") },
      findings: [{ line: 3, message: /PersistentVolumeClaim "uploads" holds data \(and 1 other object of this file\), but no Velero Schedule in scope backs up namespace "media"/ }],
    },
    {
      name: "covered, but snapshotVolumes: false",
      yaml: pvc,
      files: { "file:///test/s.yaml": schedule("    includedNamespaces: [media]\n    snapshotVolumes: false\n") },
      findings: [{ line: 3, message: /the Velero Schedule covering namespace "media" \("nightly"\) set snapshotVolumes: false without file-system backup/ }],
    },
  ],
});
