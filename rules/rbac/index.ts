// RBAC rules: least privilege for the Kubernetes API (the guide's zero-trust stance applied to the API server).
import type { Rule } from "../api.js";
import anonymousSubjects from "./anonymous-subjects/rule.js";
import clusterAdminBinding from "./cluster-admin-binding/rule.js";
import defaultServiceAccount from "./default-service-account/rule.js";
import escalationVerbs from "./escalation-verbs/rule.js";
import podExecAccess from "./pod-exec-access/rule.js";
import secretsReadClusterWide from "./secrets-read-cluster-wide/rule.js";
import serviceAccountMissing from "./service-account-missing/rule.js";
import wildcardRules from "./wildcard-rules/rule.js";

export const rules: readonly Rule[] = [
  anonymousSubjects,
  clusterAdminBinding,
  defaultServiceAccount,
  escalationVerbs,
  podExecAccess,
  secretsReadClusterWide,
  serviceAccountMissing,
  wildcardRules,
];
