// The API resources the stand-in API server knows, and the discovery documents (/api, /apis, /apis/G/V) built from them.

export interface ApiResource {
  group: string; // "" for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  /** Built-in kinds are served without apiVersion/kind on list items, as kube-apiserver does; custom resources keep them. */
  builtin: boolean;
}

function resource(groupVersion: string, kind: string, plural: string, namespaced = true, crd?: boolean): ApiResource {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["", groupVersion];
  const builtin = crd === undefined ? !group.includes(".") || group.endsWith(".k8s.io") : !crd;
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, builtin };
}

export const apiResources: readonly ApiResource[] = [
  resource("v1", "Namespace", "namespaces", false),
  resource("v1", "Node", "nodes", false),
  resource("v1", "Pod", "pods"),
  resource("v1", "Service", "services"),
  resource("v1", "ConfigMap", "configmaps"),
  resource("v1", "Secret", "secrets"),
  resource("v1", "ServiceAccount", "serviceaccounts"),
  resource("v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
  resource("v1", "LimitRange", "limitranges"),
  resource("v1", "ResourceQuota", "resourcequotas"),
  resource("v1", "ReplicationController", "replicationcontrollers"),
  resource("apps/v1", "Deployment", "deployments"),
  resource("apps/v1", "StatefulSet", "statefulsets"),
  resource("apps/v1", "DaemonSet", "daemonsets"),
  resource("apps/v1", "ReplicaSet", "replicasets"),
  resource("batch/v1", "Job", "jobs"),
  resource("batch/v1", "CronJob", "cronjobs"),
  resource("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets"),
  resource("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies"),
  resource("networking.k8s.io/v1", "Ingress", "ingresses"),
  resource("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  resource("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", false),
  resource("autoscaling.k8s.io/v1", "VerticalPodAutoscaler", "verticalpodautoscalers", true, true), // a CRD despite the group
  resource("rbac.authorization.k8s.io/v1", "Role", "roles"),
  resource("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings"),
  resource("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
  resource("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
  resource("monitoring.coreos.com/v1", "Prometheus", "prometheuses"),
  resource("monitoring.coreos.com/v1", "Alertmanager", "alertmanagers"),
  resource("monitoring.coreos.com/v1", "ServiceMonitor", "servicemonitors"),
  resource("monitoring.coreos.com/v1", "PodMonitor", "podmonitors"),
  resource("monitoring.coreos.com/v1", "PrometheusRule", "prometheusrules"),
  resource("monitoring.coreos.com/v1", "ThanosRuler", "thanosrulers"),
  resource("cert-manager.io/v1", "Certificate", "certificates"),
  resource("cert-manager.io/v1", "Issuer", "issuers"),
  resource("cert-manager.io/v1", "ClusterIssuer", "clusterissuers", false),
  resource("external-secrets.io/v1beta1", "ExternalSecret", "externalsecrets"),
  resource("external-secrets.io/v1beta1", "SecretStore", "secretstores"),
  resource("external-secrets.io/v1beta1", "ClusterSecretStore", "clustersecretstores", false),
  resource("external-secrets.io/v1beta1", "ClusterExternalSecret", "clusterexternalsecrets", false),
  // Not served: keda.sh (ScaledObject), so the suites also cover a kind whose CRD is not installed.
];

export function groupVersionOf(r: ApiResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function resourceForKind(apiVersion: string, kind: string, installed: readonly ApiResource[]): ApiResource | undefined {
  return installed.find((r) => groupVersionOf(r) === apiVersion && r.kind === kind);
}

export function resourceForPath(groupVersion: string, plural: string, installed: readonly ApiResource[]): ApiResource | undefined {
  return installed.find((r) => groupVersionOf(r) === groupVersion && r.plural === plural);
}

const readVerbs = ["get", "list", "watch"];

/** GET /api */
export function coreApiVersions(serverAddress: string): object {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** GET /apis */
export function apiGroupList(installed: readonly ApiResource[]): object {
  const groups = new Map<string, Set<string>>();
  for (const r of installed) {
    if (!r.group) continue;
    if (!groups.has(r.group)) groups.set(r.group, new Set());
    groups.get(r.group)!.add(r.version);
  }
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups].map(([name, versions]) => {
      const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

/** GET /api/v1 or /apis/G/V; undefined when the group version is not served (a CRD that is not installed). */
export function apiResourceList(groupVersion: string, installed: readonly ApiResource[]): object | undefined {
  const served = installed.filter((r) => groupVersionOf(r) === groupVersion);
  if (served.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: served.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: readVerbs,
    })),
  };
}
