// The kinds a readiness review reads from a cluster, with their REST resource names (so no discovery round trip is needed).

export interface ClusterKind {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Served by a CRD that may not be installed: a 404 means "absent", not an error. */
  customResource: boolean;
}

function kind(apiVersion: string, kindName: string, plural: string, namespaced = true): ClusterKind {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  return { apiVersion, kind: kindName, plural, namespaced, customResource: group.includes(".") && !group.endsWith(".k8s.io") };
}

export const readinessKinds: readonly ClusterKind[] = [
  kind("v1", "Namespace", "namespaces", false),
  kind("v1", "Pod", "pods"),
  kind("v1", "Service", "services"),
  kind("v1", "ServiceAccount", "serviceaccounts"),
  kind("v1", "ConfigMap", "configmaps"),
  kind("v1", "Secret", "secrets"),
  kind("apps/v1", "Deployment", "deployments"),
  kind("apps/v1", "StatefulSet", "statefulsets"),
  kind("apps/v1", "DaemonSet", "daemonsets"),
  kind("apps/v1", "ReplicaSet", "replicasets"),
  kind("batch/v1", "Job", "jobs"),
  kind("batch/v1", "CronJob", "cronjobs"),
  kind("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets"),
  kind("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies"),
  kind("networking.k8s.io/v1", "Ingress", "ingresses"),
  kind("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  kind("monitoring.coreos.com/v1", "Prometheus", "prometheuses"),
  kind("monitoring.coreos.com/v1", "Alertmanager", "alertmanagers"),
  kind("monitoring.coreos.com/v1", "ServiceMonitor", "servicemonitors"),
  kind("cert-manager.io/v1", "Certificate", "certificates"),
  kind("external-secrets.io/v1beta1", "ExternalSecret", "externalsecrets"),
];

export function findKind(name: string, kinds: readonly ClusterKind[] = readinessKinds): ClusterKind | undefined {
  const lower = name.toLowerCase();
  return kinds.find((k) => k.kind.toLowerCase() === lower || k.plural === lower);
}

/** The REST path of a list (or watch) of a kind: cluster-wide, or inside one namespace. */
export function listPath(k: ClusterKind, namespace?: string): string {
  const root = k.apiVersion.includes("/") ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
  return k.namespaced && namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${root}/${k.plural}`;
}
