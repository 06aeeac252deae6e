// Hardening beyond the Pod Security Standards that the production-readiness guide asks for.
import type { Rule } from "../api.js";
import automountServiceAccountToken from "./automount-service-account-token/rule.js";
import hostUsers from "./host-users/rule.js";
import namespacePssEnforce from "./namespace-pss-enforce/rule.js";
import readOnlyRootFilesystem from "./read-only-root-filesystem/rule.js";
import rootGroup from "./root-group/rule.js";

export const rules: readonly Rule[] = [
  automountServiceAccountToken,
  hostUsers,
  namespacePssEnforce,
  readOnlyRootFilesystem,
  rootGroup,
];
