// Analyses a cluster snapshot with the same engine as files: each live object becomes a read-only YAML document, the snapshot the index.
import type { Rule } from "../rules/api.js";
import { DEFAULT_CONFIG, type KubereadyConfig } from "../rules/config.js";
import { checkFile, type Finding, type ParsedFile } from "../rules/engine.js";
import { RULES } from "../rules/index.js";
import { WorkspaceIndex } from "../rules/model/scope.js";
import { templateControllerOf } from "../rules/model/workloads.js";
import { rules as statusRules } from "../rules/status/index.js";
import type { ClusterError } from "./errors.js";
import { leanLiveFile, liveObjectYaml } from "./liveSource.js";
import type { ClusterSnapshot, LiveObject } from "./snapshot.js";

/** URI scheme of live objects; the extension serves these documents read-only. */
export const LIVE_SCHEME = "kubeready-live";

/** The rules for live objects: everything registered, plus the status-aware family (whether or not the registry lists it yet). */
export const clusterRules: readonly Rule[] = (() => {
  const byId = new Map<string, Rule>();
  for (const r of [...RULES, ...statusRules]) if (!byId.has(r.meta.id)) byId.set(r.meta.id, r);
  return [...byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
})();

export interface LiveObjectRef {
  context: string;
  namespace: string; // "" for cluster-scoped objects
  apiVersion: string;
  kind: string;
  name: string;
}

/** `kubeready-live://<context>/<namespace or _>/<group or core>/<version>/<Kind>/<name>.yaml`, every segment URI-encoded. */
export function liveObjectUri(context: string, o: LiveObject): string {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["core", o.apiVersion];
  const segments = [o.metadata.namespace || "_", group!, version!, o.kind, `${o.metadata.name}.yaml`];
  return `${LIVE_SCHEME}://${encodeURIComponent(context)}/${segments.map(encodeURIComponent).join("/")}`;
}

export function parseLiveObjectUri(uri: string): LiveObjectRef | undefined {
  const prefix = `${LIVE_SCHEME}://`;
  if (!uri.startsWith(prefix)) return undefined;
  const parts = uri.slice(prefix.length).split("/").map(decodeURIComponent);
  if (parts.length !== 6 || !parts[5]!.endsWith(".yaml")) return undefined;
  const [context, namespace, group, version, kind, file] = parts as [string, string, string, string, string, string];
  return {
    context,
    namespace: namespace === "_" ? "" : namespace,
    apiVersion: group === "core" ? version : `${group}/${version}`,
    kind,
    name: file.slice(0, -".yaml".length),
  };
}

export { liveObjectYaml };

export interface LiveDocument {
  uri: string;
  text: string;
  object: LiveObject;
}

export interface ClusterAnalysis {
  context: string;
  server: string;
  documents: LiveDocument[];
  findings: Finding[];
  errors: ClusterError[];
  /** Namespaces left out by the namespace filter (shown as such in the tree). */
  excludedNamespaces?: string[];
}

/** How an analysis is used, for what it may leave out. */
export interface AnalysisOptions {
  /**
   * Check the objects a workload controller stamped out (see repeatsController) with the status rules only: their
   * spec findings repeat the controller's, and a review that leaves those out anyway (`kubeready cluster`, the
   * Markdown report) need not find them — for a cluster of 50,000 pods, most of the work. Default: every rule (the
   * editor's tree can be asked to show them).
   */
  skipControllerRepeats?: boolean;
  /**
   * Keep each finding's `fixes` thunk (default true). A report that never fixes anything (`kubeready cluster`) drops
   * them as they are made: each holds what its rule saw, and with it the analysis of the whole snapshot.
   */
  fixes?: boolean;
}

/** Runs every rule over every live object, with the whole snapshot as the index for cross-object rules. */
export function analyzeSnapshot(snapshot: ClusterSnapshot, config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = clusterRules, options: AnalysisOptions = {}): ClusterAnalysis {
  const steps = analysisSteps(snapshot, config, rules, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The status-aware rules of a rule list (what objects a controller made are checked with when their repeats are skipped). */
const statusRulesOf = new WeakMap<readonly Rule[], readonly Rule[]>();
function statusOnly(rules: readonly Rule[]): readonly Rule[] {
  let only = statusRulesOf.get(rules);
  if (!only) statusRulesOf.set(rules, (only = rules.filter((r) => isStatusRule(r.meta.id))));
  return only;
}

/**
 * `analyzeSnapshot` step by step: each `yield` (after every object is read, and after every object is checked) is a
 * point where a caller on an editor's main thread may give the event loop a turn. Objects are read without writing or
 * parsing their YAML (see leanLiveFile): a syntax tree is built only for an object a finding is reported on, and only
 * for as long as its findings are made; documents write their YAML when read.
 */
export function* analysisSteps(snapshot: ClusterSnapshot, config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = clusterRules, options: AnalysisOptions = {}): Generator<void, ClusterAnalysis, void> {
  const files: ParsedFile[] = [];
  for (const object of snapshot.objects) {
    files.push(leanLiveFile(liveObjectUri(snapshot.context, object), object, { defaultNamespace: config.defaultNamespace }));
    yield;
  }
  const documents: LiveDocument[] = files.map((f, i) => new LazyLiveDocument(f.uri, snapshot.objects[i]!));
  const index = new WorkspaceIndex(false);
  for (const f of files) {
    index.setFile(f.uri, f.objects);
    yield;
  }
  const repeats = options.skipControllerRepeats ? controllerMade(snapshot.errors) : undefined;
  const findings: Finding[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const checked = repeats?.(snapshot.objects[i]!) ? statusOnly(rules) : rules;
    for (const finding of checkFile(f, index, config, checked)) {
      if (options.fixes === false) delete finding.fixes;
      findings.push(finding);
    }
    yield;
  }
  return {
    context: snapshot.context,
    server: snapshot.server,
    documents,
    findings,
    errors: snapshot.errors,
    ...(snapshot.excludedNamespaces ? { excludedNamespaces: snapshot.excludedNamespaces } : {}),
  };
}

/**
 * A live document whose YAML is written when something reads it (opening it in the editor): an analysis made on
 * another thread brings back only findings, and the tree needs only each document's URI and object.
 */
export class LazyLiveDocument implements LiveDocument {
  private written: string | undefined;
  constructor(readonly uri: string, readonly object: LiveObject) {}
  get text(): string {
    return (this.written ??= liveObjectYaml(this.object));
  }
}

/**
 * Findings that repeat a controller's own findings on the objects it stamped out: spec findings on the Pods of a
 * ReplicaSet, StatefulSet, DaemonSet or Job, the ReplicaSets of a Deployment, the Jobs of a CronJob. The fix belongs
 * to the controller, which has the same finding. Status findings (a Pod's actual QoS class) are the object's own.
 * The tree, the Markdown report and `kubeready cluster` all leave these out.
 */
export function repeatsController(analysis: Pick<ClusterAnalysis, "documents" | "errors">): (f: Finding) => boolean {
  const steps = repeatsControllerSteps(analysis);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Status findings (a Pod's actual QoS class) are an object's own, never a repeat of its controller's. */
function isStatusRule(id: string): boolean {
  return id.startsWith("status/");
}

/**
 * Whether a workload controller stamped the object out: a Pod of a ReplicaSet, StatefulSet, DaemonSet or Job, a
 * ReplicaSet of a Deployment, a Job of a CronJob — unless the controller's kind could not be read (it then shows no
 * findings, so what it stamped out keeps its own).
 */
function controllerMade(errors: readonly ClusterError[]): (o: LiveObject) => boolean {
  const unreadable = (kind: string, namespace: string | undefined) => errors.some((e) => e.kind === kind && (!e.namespace || e.namespace === namespace));
  return (o) => {
    const kind = templateControllerOf(o);
    return kind !== undefined && !unreadable(kind, o.metadata.namespace);
  };
}

/** `repeatsController` step by step, pausing every thousand documents (for the tree built on an editor's main thread). */
export function* repeatsControllerSteps(analysis: Pick<ClusterAnalysis, "documents" | "errors">): Generator<void, (f: Finding) => boolean, void> {
  const made = controllerMade(analysis.errors);
  const controlled = new Set<string>();
  let n = 0;
  for (const d of analysis.documents) {
    if (made(d.object)) controlled.add(d.uri);
    if (++n % 1000 === 0) yield;
  }
  return (f) => controlled.has(f.uri) && !isStatusRule(f.rule);
}

/** The findings a readiness review shows: every finding except those that repeat a controller's (see repeatsController). */
export function reviewFindings(analysis: Pick<ClusterAnalysis, "documents" | "errors" | "findings">): Finding[] {
  const repeated = repeatsController(analysis);
  return analysis.findings.filter((f) => !repeated(f));
}
