// The kinds a readiness review reads from a cluster, with their REST resource names (so no discovery round trip is needed).

export interface ClusterKind {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Served by a CRD that may not be installed: a 404 means "absent", not an error. */
  customResource: boolean;
  /** Cluster-scoped, but namespaced objects refer to it (an ExternalSecret to its ClusterSecretStore): also read when the review is limited to one namespace. */
  referencedFromNamespaces?: boolean;
}

function kind(apiVersion: string, kindName: string, plural: string, namespaced = true, crd?: boolean): ClusterKind {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  return { apiVersion, kind: kindName, plural, namespaced, customResource: crd ?? (group.includes(".") && !group.endsWith(".k8s.io")) };
}

/**
 * Every kind a rule checks, and every kind a cross-object rule looks up through the index (`rules/model/*.ts`,
 * `ctx.index` in rules/<family>/<rule>/rule.ts): a kind missing here makes a cross-object rule report what it cannot
 * see ("no SecretStore", "no PDB"). cluster/kinds.test.ts keeps this list and the rules' metadata in step. Not read:
 * kinds that only exist as files (Kustomization, Component, EncryptionConfiguration, PodTemplate) and kinds no rule
 * reads (Node, Issuers, CRDs). Nor Secrets: the one rule that checks them (secrets/secret-in-repository) judges
 * manifests in Git only, so listing them would only pull every secret value of the cluster into memory and ask for
 * RBAC that a read-only review should not need.
 */
export const readinessKinds: readonly ClusterKind[] = [
  kind("v1", "Namespace", "namespaces", false),
  kind("v1", "Pod", "pods"),
  kind("v1", "Service", "services"),
  kind("v1", "ServiceAccount", "serviceaccounts"),
  kind("v1", "ConfigMap", "configmaps"),
  kind("v1", "ReplicationController", "replicationcontrollers"),
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
  // A CRD (of the Vertical Pod Autoscaler project) although its group ends in .k8s.io.
  kind("autoscaling.k8s.io/v1", "VerticalPodAutoscaler", "verticalpodautoscalers", true, true),
  kind("keda.sh/v1alpha1", "ScaledObject", "scaledobjects"),
  kind("monitoring.coreos.com/v1", "Prometheus", "prometheuses"),
  kind("monitoring.coreos.com/v1", "Alertmanager", "alertmanagers"),
  kind("monitoring.coreos.com/v1", "ThanosRuler", "thanosrulers"),
  kind("monitoring.coreos.com/v1", "ServiceMonitor", "servicemonitors"),
  kind("monitoring.coreos.com/v1", "PodMonitor", "podmonitors"),
  kind("cert-manager.io/v1", "Certificate", "certificates"),
  kind("external-secrets.io/v1beta1", "ExternalSecret", "externalsecrets"),
  kind("external-secrets.io/v1beta1", "ClusterExternalSecret", "clusterexternalsecrets", false),
  kind("external-secrets.io/v1beta1", "SecretStore", "secretstores"),
  { ...kind("external-secrets.io/v1beta1", "ClusterSecretStore", "clustersecretstores", false), referencedFromNamespaces: true },
  // network/missing-default-deny counts the CNI plugins' default-deny policies (rules/model/cni-policies.ts).
  kind("cilium.io/v2", "CiliumNetworkPolicy", "ciliumnetworkpolicies"),
  { ...kind("cilium.io/v2", "CiliumClusterwideNetworkPolicy", "ciliumclusterwidenetworkpolicies", false), referencedFromNamespaces: true },
  { ...kind("crd.projectcalico.org/v1", "GlobalNetworkPolicy", "globalnetworkpolicies", false), referencedFromNamespaces: true },
  // backup/*: Velero Schedules (absent when Velero is not installed); PVCs are judged where no StatefulSet owns them.
  kind("velero.io/v1", "Schedule", "schedules"),
  // status/backup-stale: the Backups a Schedule made (their phase and completion time).
  kind("velero.io/v1", "Backup", "backups"),
  // status/restore-test-stale: Velero's Restores (the restore drills run in this cluster).
  kind("velero.io/v1", "Restore", "restores"),
  kind("v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
  // observability/tls-host-not-probed: Blackbox Exporter probes of the prometheus-operator.
  kind("monitoring.coreos.com/v1", "Probe", "probes"),
  // observability/cert-expiry-alert-missing: alerts on probe_ssl_earliest_cert_expiry.
  kind("monitoring.coreos.com/v1", "PrometheusRule", "prometheusrules"),
  // network/clustermesh-config: Cilium's chart values in a Flux HelmRelease (absent when Flux is not installed).
  kind("helm.toolkit.fluxcd.io/v2", "HelmRelease", "helmreleases"),
  // gitops/*: Argo CD's resources (absent when Argo CD is not installed).
  kind("argoproj.io/v1alpha1", "Application", "applications"),
  kind("argoproj.io/v1alpha1", "ApplicationSet", "applicationsets"),
  // rbac/*: roles and their bindings (RoleBindings refer to ClusterRoles, so those are read with --namespace too).
  kind("rbac.authorization.k8s.io/v1", "Role", "roles"),
  kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings"),
  { ...kind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false), referencedFromNamespaces: true },
  kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
  // rbac/service-account-missing: OpenShift's workload kind (absent elsewhere).
  kind("apps.openshift.io/v1", "DeploymentConfig", "deploymentconfigs"),
  // availability/critical-priority-class: the classes a priorityClassName must name.
  { ...kind("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", false), referencedFromNamespaces: true },
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
