// Resource rules of the production-readiness guide (§3A Quality of Service).
import type { Rule } from "../api.js";
import bestEffort from "./best-effort/rule.js";
import emptyDirUnbounded from "./empty-dir-unbounded/rule.js";
import invalidQuantity from "./invalid-quantity/rule.js";
import memoryUnsetInOneContainer from "./memory-unset-in-one-container/rule.js";
import qosNotGuaranteed from "./qos-not-guaranteed/rule.js";
import requestsExceedLimits from "./requests-exceed-limits/rule.js";

export const rules: readonly Rule[] = [
  bestEffort,
  emptyDirUnbounded,
  invalidQuantity,
  memoryUnsetInOneContainer,
  qosNotGuaranteed,
  requestsExceedLimits,
];
