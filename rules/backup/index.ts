// Disaster-recovery rules: backups of the data the cluster holds (guide §4C).
import type { Rule } from "../api.js";
import scheduleTtlTooShort from "./schedule-ttl-too-short/rule.js";
import statefulNamespaceNotBackedUp from "./stateful-namespace-not-backed-up/rule.js";

export const rules: readonly Rule[] = [
  scheduleTtlTooShort,
  statefulNamespaceNotBackedUp,
];
