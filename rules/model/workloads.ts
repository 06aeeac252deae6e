// Workloads as sources of pods: their labels (incl. operator and kustomize labels), replica counts, and evidence of pods made elsewhere.
import type { ObjectIndex } from "./scope.js";
import { asArray, asObject, getIn, stringMap, type KObject } from "./object.js";
import { hasPodTemplate, podTemplateOf, type PodTemplate } from "./podspec.js";
import { firstRequiredPair, labelPair, selectorMatches, toLabelSelector, type LabelSelector } from "./selectors.js";

/** Anything in scope that makes pods: a built-in workload, or an operator resource whose pods we can predict. */
export interface PodSource {
  readonly object: KObject;
  /** Labels the pods carry (the pod template's, plus those an operator adds). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** `spec.selector` of the workload, when it has one. */
  readonly selector: LabelSelector | undefined;
  /** Pod count from the spec (default of the kind when unset); undefined when it depends on the cluster (DaemonSet). */
  readonly replicas: number | undefined;
  /** `spec.replicas` is written in the object. */
  readonly replicasWritten: boolean;
  readonly template: PodTemplate | undefined;
  /** The few labels that identify these pods when the workload has no selector of its own (operator resources). */
  readonly identity?: Readonly<Record<string, string>>;
}

/** Kinds that run a stable set of pods (as opposed to run-to-completion Jobs). */
export const SCALABLE_KINDS: readonly string[] = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"];
const OPERATOR_GROUP = "monitoring.coreos.com";

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Controllers that copy their pod template into the objects they own (and so already count those objects' pods). */
export const TEMPLATE_CONTROLLERS: readonly string[] = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController"];

/**
 * The kind of the workload controller that made this object from its template (the ownerReference with
 * `controller: true`): the Pods of a ReplicaSet, StatefulSet, DaemonSet or Job, the ReplicaSets of a Deployment, the
 * Jobs of a CronJob. Only live objects have one; takes the object's plain JSON (a KObject's `value` or a live object).
 */
export function templateControllerOf(value: unknown): string | undefined {
  const owner = asArray(getIn(value, ["metadata", "ownerReferences"])).map(asObject).find((r) => r?.controller === true);
  const kind = owner?.kind;
  return typeof kind === "string" && TEMPLATE_CONTROLLERS.includes(kind) ? kind : undefined;
}

/** The pods an object makes, or undefined when it makes none we can know about. */
export function podSourceOf(o: KObject): PodSource | undefined {
  if (o.partial) return undefined;
  const replicasValue = getIn(o.value, ["spec", "replicas"]);
  const written = typeof replicasValue === "number";
  const template = podTemplateOf(o);
  if (template) {
    const selector = o.kind === "Pod" ? undefined : toLabelSelector(getIn(o.value, ["spec", "selector"]));
    let replicas: number | undefined;
    if (o.kind === "Pod") replicas = 1;
    else if (SCALABLE_KINDS.includes(o.kind)) replicas = written ? (replicasValue as number) : 1;
    else if (o.kind === "Job") replicas = typeof getIn(o.value, ["spec", "parallelism"]) === "number" ? (getIn(o.value, ["spec", "parallelism"]) as number) : 1;
    // DaemonSets run one pod per matching node; CronJobs come and go.
    return { object: o, podLabels: template.labels, selector, replicas, replicasWritten: written, template };
  }
  const group = groupOf(o.apiVersion);
  if (group === OPERATOR_GROUP && (o.kind === "Prometheus" || o.kind === "Alertmanager" || o.kind === "ThanosRuler")) {
    return operatorPods(o, written ? (replicasValue as number) : 1, written);
  }
  // Custom workloads with a pod template (Argo Rollouts, OpenKruise ...): labels are known, the count is theirs.
  if (group !== "" && !group.endsWith(".k8s.io") && group !== "apps" && group !== "batch") {
    const labels = asObject(getIn(o.value, ["spec", "template", "metadata", "labels"]));
    if (labels) {
      return {
        object: o, podLabels: stringMap(labels), selector: toLabelSelector(getIn(o.value, ["spec", "selector"])),
        replicas: written ? (replicasValue as number) : undefined, replicasWritten: written, template: undefined,
      };
    }
  }
  return undefined;
}

/** The prometheus-operator labels its StatefulSet pods with `podMetadata.labels` plus its own selector labels. */
function operatorPods(o: KObject, replicas: number, written: boolean): PodSource {
  const name = o.name;
  const own: Record<string, string> = {
    "app.kubernetes.io/managed-by": "prometheus-operator",
    "app.kubernetes.io/instance": name,
  };
  let count = replicas;
  if (o.kind === "Prometheus") {
    Object.assign(own, { "app.kubernetes.io/name": "prometheus", prometheus: name, "operator.prometheus.io/name": name, "operator.prometheus.io/shard": "0" });
    const shards = getIn(o.value, ["spec", "shards"]);
    if (typeof shards === "number" && shards > 1) count = replicas * shards;
  } else if (o.kind === "Alertmanager") {
    Object.assign(own, { "app.kubernetes.io/name": "alertmanager", alertmanager: name });
  } else {
    Object.assign(own, { "app.kubernetes.io/name": "thanos-ruler", "thanos-ruler": name });
  }
  const podLabels = { ...stringMap(getIn(o.value, ["spec", "podMetadata", "labels"])), ...own };
  const nameLabel = o.kind === "Prometheus" ? "prometheus" : o.kind === "Alertmanager" ? "alertmanager" : "thanos-ruler";
  const identity = { "app.kubernetes.io/name": own["app.kubernetes.io/name"], [nameLabel]: name };
  return { object: o, podLabels, selector: undefined, replicas: count, replicasWritten: written, template: undefined, identity };
}

const MEMO = "kubeready.model.workloads";

/** Every pod source of a namespace; recomputed only when an object of that namespace (or a kustomization) changes. */
export function podSourcesIn(index: ObjectIndex, namespace: string): readonly PodSource[] {
  return index.derived(`${MEMO}.podSources|${namespace}`, (ix) => {
    const out: PodSource[] = [];
    for (const o of ix.inNamespaceAll(namespace)) {
      const s = podSourceIn(ix, o);
      if (s) out.push(s);
    }
    return out;
  });
}

const sources = new WeakMap<KObject, { kustomize: Map<string, Record<string, string>>; patched: boolean; source: PodSource | undefined }>();

/**
 * Objects `podSourceOf` never makes a pod source, told from kind and group alone: a pod source needs a pod template
 * kind, the prometheus-operator's group or a custom group. `podSourcesIn` passes every object of a namespace through
 * here, and 100,000 ConfigMaps must not each cost a template read, a patch lookup and two cache entries.
 */
function runsNoPods(o: KObject): boolean {
  if (hasPodTemplate(o.kind)) return false;
  const group = groupOf(o.apiVersion);
  return group === "" || group.endsWith(".k8s.io") || group === "apps" || group === "batch";
}

/**
 * The pod source of an object as the index sees it (kustomize labels and patched replicas applied). It reads only the
 * object, the kustomizations and the object's own patches, so typing in one workload leaves the others' results be;
 * the same object gets the same PodSource instance while none of those change.
 */
export function podSourceIn(index: ObjectIndex, o: KObject): PodSource | undefined {
  // In a cluster snapshot, a Deployment's ReplicaSets and Pods are its pods already: counted once, at the top.
  if (!o.namespace || o.partial || runsNoPods(o) || templateControllerOf(o.value)) return undefined;
  const kustomize = kustomizeCommonLabels(index);
  // A kustomize patch that rewrites replicas makes the count depend on the overlay being built.
  const patched = index.named(o.kind, o.namespace, o.name).some((p) => p.partial && typeof getIn(p.value, ["spec", "replicas"]) === "number");
  const hit = sources.get(o);
  if (hit && hit.kustomize === kustomize && hit.patched === patched) return hit.source;
  let s = podSourceOf(o);
  if (s && patched) s = { ...s, replicas: undefined };
  // Labels of the kustomizations whose builds deploy the file (through bases and components too), then those of a
  // kustomization above the file's folder.
  const fromBuilds = o.builds.reduce<Record<string, string> | undefined>((acc, b) => (b.templateLabels ? { ...acc, ...b.templateLabels } : acc), undefined);
  const fromFolders = s && labelsFromKustomizations(kustomize, o.uri);
  const extra = fromBuilds || fromFolders ? { ...fromFolders, ...fromBuilds } : undefined;
  if (s && extra) s = { ...s, podLabels: { ...s.podLabels, ...extra } };
  sources.set(o, { kustomize, patched, source: s });
  return s;
}

/**
 * The pod sources of a namespace by each label their pods carry (`labelPair`), each list in podSourcesIn order: what a
 * selector can select without trying it on every workload of the namespace (125 Services against 125 Deployments, in
 * each of 100 namespaces, is 1.5 million tries).
 */
function podSourcesByLabel(index: ObjectIndex, namespace: string): ReadonlyMap<string, readonly PodSource[]> {
  return index.derived(`${MEMO}.podSourcesByLabel|${namespace}`, (ix) => {
    const byLabel = new Map<string, PodSource[]>();
    for (const s of podSourcesIn(ix, namespace)) {
      const labels = s.podLabels;
      for (const k in labels) {
        const v: unknown = labels[k];
        if (!Object.prototype.hasOwnProperty.call(labels, k) || typeof v !== "string") continue;
        const pair = labelPair(k, v);
        const list = byLabel.get(pair);
        if (list) list.push(s); else byLabel.set(pair, [s]);
      }
    }
    return byLabel;
  });
}

const NO_SOURCES: readonly PodSource[] = Object.freeze([]);

/**
 * The pod sources of a namespace that can match a selector whose first required pair is `pair` (see firstRequiredPair):
 * those whose pods carry that label, in podSourcesIn order; every source when there is no pair. Callers still match.
 */
export function podSourceCandidates(index: ObjectIndex, namespace: string, pair: string | undefined): readonly PodSource[] {
  return pair === undefined ? podSourcesIn(index, namespace) : podSourcesByLabel(index, namespace).get(pair) ?? NO_SOURCES;
}

/** Pod sources of a namespace whose pods the selector selects. */
export function podSourcesSelectedBy(index: ObjectIndex, namespace: string, sel: LabelSelector): PodSource[] {
  return podSourceCandidates(index, namespace, firstRequiredPair(sel.matchLabels)).filter((s) => selectorMatches(sel, s.podLabels));
}

/**
 * Evidence that pods with these labels exist although no workload in scope makes them: a Service of the
 * namespace selects pods the selector would also select (operators and charts outside the scope make such pods).
 */
export function servicesSuggestPods(index: ObjectIndex, namespace: string, sel: LabelSelector): boolean {
  return index.inNamespace("Service", namespace).some((svc) => {
    const s = stringMap(getIn(svc.value, ["spec", "selector"]));
    return Object.keys(s).length > 0 && selectorMatches(sel, s);
  });
}

// ---- kustomize ---------------------------------------------------------------------------------------

/**
 * Labels a kustomization adds to the pod templates of the resources below its folder: `commonLabels`, and
 * `labels` entries with `includeTemplates`. Without them, a base that leaves labels to kustomize looks unlabelled.
 */
function kustomizeCommonLabels(index: ObjectIndex): Map<string, Record<string, string>> {
  return index.derived(`${MEMO}.kustomizeLabels`, (ix) => {
  const byDir = new Map<string, Record<string, string>>();
  for (const k of [...ix.ofKind("Kustomization"), ...ix.ofKind("Component")]) {
    if (!k.apiVersion.startsWith("kustomize.config.k8s.io/")) continue;
    const labels: Record<string, string> = { ...stringMap(getIn(k.value, ["commonLabels"])) };
    for (const entry of asArray(getIn(k.value, ["labels"]))) {
      if (getIn(entry, ["includeTemplates"]) === true || getIn(entry, ["includeSelectors"]) === true) Object.assign(labels, stringMap(getIn(entry, ["pairs"])));
    }
    if (Object.keys(labels).length) byDir.set(k.uri.slice(0, k.uri.lastIndexOf("/") + 1), labels);
  }
  return byDir;
  }, (a, b) => JSON.stringify([...a]) === JSON.stringify([...b]));
}

function labelsFromKustomizations(byDir: Map<string, Record<string, string>>, uri: string): Record<string, string> | undefined {
  if (byDir.size === 0) return undefined;
  let out: Record<string, string> | undefined;
  for (const [dir, labels] of byDir) if (uri.startsWith(dir)) out = { ...labels, ...out };
  return out;
}

/**
 * Label sets written anywhere inside the custom resources of a namespace (an operator's pod template under
 * some CRD-specific path). Evidence that pods with such labels will exist, although kubeready cannot model them.
 */
export function customResourceLabelSets(index: ObjectIndex, namespace: string): readonly Record<string, string>[] {
  const all = index.derived(`${MEMO}.crLabels`, (ix) => {
    const byNs = new Map<string, Record<string, string>[]>();
    for (const o of ix.all()) {
      const g = groupOf(o.apiVersion);
      if (!o.namespace || BUILT_IN_GROUPS.includes(g) || g.endsWith(".k8s.io") || g.startsWith("kustomize.")) continue;
      // A monitor's selector names the Services or pods it wants to scrape: no evidence that they exist.
      if (g === OPERATOR_GROUP && SCRAPE_SELECTORS.includes(o.kind)) continue;
      const found: Record<string, string>[] = [];
      collectLabelMaps(o.value.spec, found, 0);
      if (!found.length) continue;
      let list = byNs.get(o.namespace);
      if (!list) byNs.set(o.namespace, (list = []));
      list.push(...found);
    }
    return byNs;
  });
  return all.get(namespace) ?? [];
}

/** prometheus-operator kinds whose selectors pick scrape targets. */
const SCRAPE_SELECTORS = ["ServiceMonitor", "PodMonitor", "Probe", "ScrapeConfig"];

/** API groups of Kubernetes itself (besides the *.k8s.io ones): their selectors are no evidence of pods. */
const BUILT_IN_GROUPS = ["", "apps", "batch", "policy", "autoscaling", "extensions"];

function collectLabelMaps(v: unknown, out: Record<string, string>[], depth: number): void {
  if (depth > 12 || v === null || typeof v !== "object") return;
  if (Array.isArray(v)) { for (const x of v) collectLabelMaps(x, out, depth + 1); return; }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === "labels" || k === "matchLabels") { const m = stringMap(x); if (Object.keys(m).length) out.push(m); }
    else collectLabelMaps(x, out, depth + 1);
  }
}

/** Any evidence (Services, custom resources) that pods selected by `sel` exist outside the workloads in scope. */
export function podsLikelyExist(index: ObjectIndex, namespace: string, sel: LabelSelector): boolean {
  if (servicesSuggestPods(index, namespace, sel)) return true;
  return customResourceLabelSets(index, namespace).some((labels) => selectorMatches(sel, labels));
}



// Autoscalers and disruption budgets moved to their own modules; re-exported for code that imported them from here.
export { autoscalerOf, autoscalersIn, autoscalersOf, autoscalerTarget, minimumPods, type Autoscaler } from "./autoscaling.js";
export { alwaysBlocks, budgetsCovering, budgetSelects, disruptionBudgetOf, disruptionBudgetsIn, disruptionsAllowed, scaled, sourcesCoveredBy, type DisruptionBudget } from "./disruption.js";
