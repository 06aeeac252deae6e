// Prometheus/Thanos high availability, deduplication and long-term storage (guide §1A).
import type { Rule } from "../api.js";
import prometheusReplicas from "./prometheus-replicas/rule.js";
import queryNoStores from "./query-no-stores/rule.js";
import queryReplicaLabel from "./query-replica-label/rule.js";
import thanosSidecarMissing from "./thanos-sidecar-missing/rule.js";

export const rules: readonly Rule[] = [
  prometheusReplicas,
  queryNoStores,
  queryReplicaLabel,
  thanosSidecarMissing,
];
