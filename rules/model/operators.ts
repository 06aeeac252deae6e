// Pods that operators make from custom resources: the labels of the operators kubeready knows, and which other custom resources may make pods at all.
import type { ObjectIndex } from "./scope.js";
import type { KObject } from "./object.js";
import { groupOf } from "./workloads.js";

/**
 * The label sets that prometheus-operator releases before v0.42 (kube-prometheus up to release-0.6, still in many
 * jsonnet-generated stacks) put on the pods of a Prometheus, Alertmanager or ThanosRuler: `app: <kind>` and
 * `<kind>: <name>` instead of today's `app.kubernetes.io/name` (which workloads.ts models). The operator's version is
 * not in the resource, so a selector that matches either generation selects the pods.
 */
export function legacyOperatorPodLabels(o: KObject): Record<string, string> | undefined {
  if (groupOf(o.apiVersion) !== "monitoring.coreos.com") return undefined;
  if (o.kind === "Prometheus") return { app: "prometheus", prometheus: o.name };
  if (o.kind === "Alertmanager") return { app: "alertmanager", alertmanager: o.name };
  if (o.kind === "ThanosRuler") return { app: "thanos-ruler", "thanos-ruler": o.name };
  return undefined;
}

/**
 * API groups (and kinds, where a group mixes both) of custom resources that never make pods of their own: policies,
 * certificates, secrets, routes, scrape configuration, sources. Any other custom resource may come from an operator
 * that makes pods with labels kubeready cannot predict (CloudNativePG `Cluster`, mariadb-operator `MariaDB`, a Flux
 * `HelmRelease` that installs a chart).
 */
const NO_PODS: readonly [string, readonly string[] | "*"][] = [
  ["monitoring.coreos.com", ["ServiceMonitor", "PodMonitor", "Probe", "ScrapeConfig", "PrometheusRule", "AlertmanagerConfig"]],
  ["cert-manager.io", "*"], ["acme.cert-manager.io", "*"], ["trust.cert-manager.io", "*"],
  ["external-secrets.io", "*"], ["generators.external-secrets.io", "*"], ["bitnami.com", "*"], ["secrets-store.csi.x-k8s.io", "*"],
  ["networking.istio.io", "*"], ["security.istio.io", "*"], ["telemetry.istio.io", "*"],
  ["traefik.io", "*"], ["traefik.containo.us", "*"], ["cilium.io", "*"], ["policy.linkerd.io", "*"], ["projectcalico.org", "*"], ["crd.projectcalico.org", "*"],
  ["keda.sh", "*"], ["velero.io", "*"], ["kyverno.io", "*"], ["autoscaling.k8s.elastic.co", "*"],
  ["source.toolkit.fluxcd.io", "*"], ["notification.toolkit.fluxcd.io", "*"], ["image.toolkit.fluxcd.io", "*"],
  ["argoproj.io", ["Application", "ApplicationSet", "AppProject", "AnalysisTemplate", "ClusterAnalysisTemplate"]],
];

/** Groups of Kubernetes itself (besides the *.k8s.io ones) and of kustomize: not custom resources. */
const BUILT_IN = ["", "apps", "batch", "policy", "autoscaling", "extensions"];

/** Whether a custom resource may make pods whose labels kubeready does not know (an operator kubeready does not model). */
export function mayMakeUnknownPods(o: KObject): boolean {
  const g = groupOf(o.apiVersion);
  if (BUILT_IN.includes(g) || g.endsWith(".k8s.io") || g.startsWith("kustomize.")) return false;
  if (g === "monitoring.coreos.com" && (o.kind === "Prometheus" || o.kind === "Alertmanager" || o.kind === "ThanosRuler")) return false; // modelled
  const known = NO_PODS.find(([group]) => group === g);
  return !known || (known[1] !== "*" && !known[1].includes(o.kind));
}

/** The custom resources of a namespace that may make pods kubeready cannot predict, in index order. */
export function unknownPodMakersIn(index: ObjectIndex, namespace: string): KObject[] {
  return index.inNamespaceAll(namespace).filter((o) => !o.partial && mayMakeUnknownPods(o));
}
