// Hardening beyond the Pod Security Standards that the production-readiness guide asks for.
import type { Rule } from "../api.js";
import namespacePssEnforce from "./namespace-pss-enforce/rule.js";
import readOnlyRootFilesystem from "./read-only-root-filesystem/rule.js";

export const rules: readonly Rule[] = [
  namespacePssEnforce,
  readOnlyRootFilesystem,
];
