// Prometheus/Thanos high availability, deduplication and long-term storage (guide §1A).
import type { Rule } from "../api.js";
import certExpiryAlertMissing from "./cert-expiry-alert-missing/rule.js";
import certificateNotProbed from "./certificate-not-probed/rule.js";
import compactorDedupMissing from "./compactor-dedup-missing/rule.js";
import monitorSelectsNothing from "./monitor-selects-nothing/rule.js";
import prometheusReplicas from "./prometheus-replicas/rule.js";
import queryNoStores from "./query-no-stores/rule.js";
import queryReplicaLabel from "./query-replica-label/rule.js";
import replicaLabelMissing from "./replica-label-missing/rule.js";
import sidecarLocalCompaction from "./sidecar-local-compaction/rule.js";
import storeGatewayMissing from "./store-gateway-missing/rule.js";
import thanosObjstoreMissing from "./thanos-objstore-missing/rule.js";
import thanosSidecarMissing from "./thanos-sidecar-missing/rule.js";
import tlsHostNotProbed from "./tls-host-not-probed/rule.js";

export const rules: readonly Rule[] = [
  certExpiryAlertMissing,
  certificateNotProbed,
  compactorDedupMissing,
  monitorSelectsNothing,
  prometheusReplicas,
  queryNoStores,
  queryReplicaLabel,
  replicaLabelMissing,
  sidecarLocalCompaction,
  storeGatewayMissing,
  thanosObjstoreMissing,
  thanosSidecarMissing,
  tlsHostNotProbed,
];
