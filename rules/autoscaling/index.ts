// Autoscaling rules of the production-readiness guide (§3C HPA/VPA hygiene, KEDA, Cluster Autoscaler).
import type { Rule } from "../api.js";
import clusterAutoscalerScaleDown from "./cluster-autoscaler-scale-down/rule.js";
import hpaMetricWithoutRequest from "./hpa-metric-without-request/rule.js";
import hpaMinReplicasOne from "./hpa-min-replicas-one/rule.js";
import hpaMinReplicasWithPdb from "./hpa-min-replicas-with-pdb/rule.js";
import hpaTargetMissing from "./hpa-target-missing/rule.js";
import multipleAutoscalers from "./multiple-autoscalers/rule.js";
import podBlocksScaleDown from "./pod-blocks-scale-down/rule.js";
import replicasWithHpa from "./replicas-with-hpa/rule.js";
import vpaHpaConflict from "./vpa-hpa-conflict/rule.js";

export const rules: readonly Rule[] = [
  clusterAutoscalerScaleDown,
  hpaMetricWithoutRequest,
  hpaMinReplicasOne,
  hpaMinReplicasWithPdb,
  hpaTargetMissing,
  multipleAutoscalers,
  podBlocksScaleDown,
  replicasWithHpa,
  vpaHpaConflict,
];
