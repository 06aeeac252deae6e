// Status-aware rules: they read fields only a live cluster fills in (status.*), so they never fire on manifests in Git.
import type { Rule } from "../api.js";
import backupStale from "./backup-stale/rule.js";
import certificateExpiring from "./certificate-expiring/rule.js";
import pdbDisruptionsBlocked from "./pdb-disruptions-blocked/rule.js";
import podQosNotGuaranteed from "./pod-qos-not-guaranteed/rule.js";
import prometheusReplicaUnavailable from "./prometheus-replica-unavailable/rule.js";
import restoreTestStale from "./restore-test-stale/rule.js";

export const rules: readonly Rule[] = [
  backupStale,
  certificateExpiring,
  pdbDisruptionsBlocked,
  podQosNotGuaranteed,
  prometheusReplicaUnavailable,
  restoreTestStale,
];
