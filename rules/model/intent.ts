// What a manifest is for, beyond its kind: a Helm test hook, or a fragment shaped like a kustomize patch.
import { asObject, getIn, type KObject } from "./object.js";
import { containersOf, podTemplateOf } from "./podspec.js";

/** A pod Helm runs only for `helm test` (`helm.sh/hook: test`): a one-off check, not part of what is served. */
export function isHelmTestHook(o: KObject): boolean {
  const hook = o.annotations["helm.sh/hook"] ?? (getIn(o.value, ["spec", "template", "metadata", "annotations", "helm.sh/hook"]) as string | undefined);
  return typeof hook === "string" && hook.split(",").some((h) => h.trim().startsWith("test"));
}

/**
 * A one-off step of an install or a sync: a Job or Pod run as a Helm hook (`helm.sh/hook`, any phase) or an Argo CD
 * hook (`argocd.argoproj.io/hook`). It runs once, for seconds, when the release or sync runs.
 */
export function isLifecycleHook(o: KObject): boolean {
  if (o.kind !== "Job" && o.kind !== "Pod") return false;
  const ann = o.annotations;
  return typeof ann["helm.sh/hook"] === "string" || typeof ann["argocd.argoproj.io/hook"] === "string";
}

const SELECTOR_REQUIRED = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"];

/**
 * A workload the API server would reject for what is missing, the way a strategic-merge patch leaves it out: an
 * apps/v1 workload without `spec.selector`, or a container without `image` (kubebuilder's `manager_*_patch.yaml`
 * files, which `make` adds with `kustomize edit add patch`, so no kustomization lists them). Rules that judge the
 * whole object leave such fragments alone.
 */
export function looksLikePatch(o: KObject): boolean {
  if (o.partial) return true;
  // A kustomize build with commonLabels writes the selector itself (ingress-nginx's deploy/grafana): not a patch.
  const selectorFromBuild = o.builds.some((b) => b.templateLabels && Object.keys(b.templateLabels).length > 0);
  if (SELECTOR_REQUIRED.includes(o.kind) && o.apiVersion === "apps/v1" && !selectorFromBuild && !asObject(getIn(o.value, ["spec", "selector"]))) return true;
  const t = podTemplateOf(o);
  if (!t) return false;
  const containers = containersOf(t, ["initContainers", "containers"]);
  return containers.length === 0 || containers.some((c) => typeof c.value.image !== "string");
}
