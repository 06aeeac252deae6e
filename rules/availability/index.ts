// Availability rules of the production-readiness guide (§3B Pod Disruption Budgets).
import type { Rule } from "../api.js";
import criticalPriorityClass from "./critical-priority-class/rule.js";
import missingPdb from "./missing-pdb/rule.js";
import overlappingPdbs from "./overlapping-pdbs/rule.js";
import pdbBlocksEviction from "./pdb-blocks-eviction/rule.js";
import pdbMinAvailableExceedsHpa from "./pdb-min-available-exceeds-hpa/rule.js";
import pdbSelectsNothing from "./pdb-selects-nothing/rule.js";
import pdbUnhealthyPodEviction from "./pdb-unhealthy-pod-eviction/rule.js";
import replicasWithoutSpread from "./replicas-without-spread/rule.js";
import singleReplica from "./single-replica/rule.js";

export const rules: readonly Rule[] = [
  criticalPriorityClass,
  missingPdb,
  overlappingPdbs,
  pdbBlocksEviction,
  pdbMinAvailableExceedsHpa,
  pdbSelectsNothing,
  pdbUnhealthyPodEviction,
  replicasWithoutSpread,
  singleReplica,
];
