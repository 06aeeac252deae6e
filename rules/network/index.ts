// Network rules of the production-readiness guide (§2A Network Policies, zero trust; §1B Cilium Cluster Mesh).
import type { Rule } from "../api.js";
import clustermeshConfig from "./clustermesh-config/rule.js";
import defaultDenyBlocksDns from "./default-deny-blocks-dns/rule.js";
import globalServiceFailover from "./global-service-failover/rule.js";
import ingressBackendMissing from "./ingress-backend-missing/rule.js";
import missingDefaultDeny from "./missing-default-deny/rule.js";
import peerSelectsNothing from "./peer-selects-nothing/rule.js";
import policySelectsNothing from "./policy-selects-nothing/rule.js";
import serviceSelectsNothing from "./service-selects-nothing/rule.js";
import statefulsetServiceMissing from "./statefulset-service-missing/rule.js";
import workloadNotAllowed from "./workload-not-allowed/rule.js";

export const rules: readonly Rule[] = [
  clustermeshConfig,
  defaultDenyBlocksDns,
  globalServiceFailover,
  ingressBackendMissing,
  missingDefaultDeny,
  peerSelectsNothing,
  policySelectsNothing,
  serviceSelectsNothing,
  statefulsetServiceMissing,
  workloadNotAllowed,
];
