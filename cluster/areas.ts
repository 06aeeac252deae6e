// The seven readiness areas of the tree, and which area a rule's findings and a kind's access problems belong to.

export const READINESS_AREAS = [
  "Network",
  "Pod security",
  "Resources & QoS",
  "Availability",
  "Autoscaling",
  "Observability",
  "Secrets & certificates",
] as const;
export type ReadinessArea = (typeof READINESS_AREAS)[number];

/** Rules whose family does not say enough (the status family spans several areas). */
const AREA_OF_RULE: Readonly<Record<string, ReadinessArea>> = {
  "status/pdb-disruptions-blocked": "Availability",
  "status/pod-qos-not-guaranteed": "Resources & QoS",
  "status/certificate-expiring": "Secrets & certificates",
  "status/prometheus-replica-unavailable": "Observability",
  "operations/missing-probes": "Availability",
  "operations/image-not-pinned": "Availability",
};

const AREA_OF_FAMILY: Readonly<Record<string, ReadinessArea>> = {
  network: "Network",
  networking: "Network",
  pss: "Pod security",
  hardening: "Pod security",
  security: "Pod security",
  rbac: "Pod security",
  resources: "Resources & QoS",
  qos: "Resources & QoS",
  availability: "Availability",
  disruption: "Availability",
  operations: "Availability",
  autoscaling: "Autoscaling",
  observability: "Observability",
  monitoring: "Observability",
  secrets: "Secrets & certificates",
  certificates: "Secrets & certificates",
};

const GRAB_BAG_FAMILIES = new Set(["operations", "status"]);

/** Words in a rule name that place a rule of a grab-bag or unknown family. */
const AREA_BY_WORD: ReadonlyArray<[RegExp, ReadinessArea]> = [
  [/network|netpol|ingress|egress|default-deny/, "Network"],
  [/qos|resource|limit|request|memory|cpu/, "Resources & QoS"],
  [/hpa|vpa|autoscal|scal/, "Autoscaling"],
  [/prometheus|thanos|alertmanager|monitor|metric/, "Observability"],
  [/secret|cert|tls|encrypt/, "Secrets & certificates"],
  [/privilege|root|capabilit|seccomp|host|psa|pss/, "Pod security"],
];

/** Rule id → area, remembered: the tree asks once per finding, tens of thousands of times per snapshot. */
const areaCache = new Map<string, ReadinessArea>();

export function areaOfRule(ruleId: string): ReadinessArea {
  let area = areaCache.get(ruleId);
  if (!area) areaCache.set(ruleId, (area = placeRule(ruleId)));
  return area;
}

function placeRule(ruleId: string): ReadinessArea {
  const explicit = AREA_OF_RULE[ruleId];
  if (explicit) return explicit;
  const [family = "", name = ""] = ruleId.split("/");
  // "operations" and "status" span areas: the rule's name says more than its family.
  const byWord = AREA_BY_WORD.find(([pattern]) => pattern.test(name))?.[1];
  if (GRAB_BAG_FAMILIES.has(family) && byWord) return byWord;
  return AREA_OF_FAMILY[family] ?? byWord ?? "Availability";
}

/** Areas whose verdicts are incomplete when a kind cannot be read. */
const AREAS_OF_KIND: Readonly<Record<string, readonly ReadinessArea[]>> = {
  NetworkPolicy: ["Network"],
  CiliumNetworkPolicy: ["Network"],
  CiliumClusterwideNetworkPolicy: ["Network"],
  GlobalNetworkPolicy: ["Network"],
  Ingress: ["Network"],
  Service: ["Network"],
  Namespace: ["Pod security", "Network"],
  Pod: ["Pod security", "Resources & QoS"],
  Deployment: ["Pod security", "Resources & QoS", "Availability"],
  StatefulSet: ["Pod security", "Resources & QoS", "Availability"],
  DaemonSet: ["Pod security", "Resources & QoS"],
  ReplicaSet: ["Pod security"],
  ReplicationController: ["Pod security", "Resources & QoS", "Availability"],
  Job: ["Pod security"],
  CronJob: ["Pod security"],
  ServiceAccount: ["Pod security"],
  Role: ["Pod security"],
  RoleBinding: ["Pod security"],
  ClusterRole: ["Pod security"],
  ClusterRoleBinding: ["Pod security"],
  PodDisruptionBudget: ["Availability"],
  HorizontalPodAutoscaler: ["Autoscaling", "Availability"],
  VerticalPodAutoscaler: ["Autoscaling"],
  ScaledObject: ["Autoscaling", "Availability"],
  Prometheus: ["Observability"],
  Alertmanager: ["Observability"],
  ThanosRuler: ["Observability"],
  ServiceMonitor: ["Observability"],
  Secret: ["Secrets & certificates"],
  ConfigMap: ["Secrets & certificates"],
  Certificate: ["Secrets & certificates"],
  ExternalSecret: ["Secrets & certificates"],
  ClusterExternalSecret: ["Secrets & certificates"],
  SecretStore: ["Secrets & certificates"],
  ClusterSecretStore: ["Secrets & certificates"],
};

export function areasOfKind(kind: string): readonly ReadinessArea[] {
  return AREAS_OF_KIND[kind] ?? ["Availability"];
}
