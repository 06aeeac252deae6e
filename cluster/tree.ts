// The readiness tree as plain data: context → namespaces → areas → objects → findings, with message nodes and stable ids.
import type { Severity } from "../rules/api.js";
import type { Finding } from "../rules/engine.js";
import { docsUrl } from "../rules/index.js";
import { type ClusterAnalysis, repeatsControllerSteps } from "./analyze.js";
import { areaOfRule, areasOfKind, READINESS_AREAS, type ReadinessArea } from "./areas.js";
import { type ClusterError, isFatal } from "./errors.js";
import { SYSTEM_NAMESPACES } from "./intake.js";

export type Verdict = "error" | "warning" | "info" | "ok";
export type ReadinessNodeKind = "context" | "namespace" | "area" | "object" | "finding" | "message";

/** `contextValue`s for `when` clauses in package.json menus: one list, kept here. */
export const CONTEXT_VALUES = {
  context: "kubeready.context",
  namespace: "kubeready.namespace",
  area: "kubeready.area",
  object: "kubeready.liveObject",
  finding: "kubeready.finding",
  messageError: "kubeready.message.error",
  messageForbidden: "kubeready.message.forbidden",
  messageEmpty: "kubeready.message.empty",
  messageExcluded: "kubeready.message.excluded",
} as const;

export interface ReadinessNode {
  /** Stable across refreshes, so an editor keeps expansion state. */
  id: string;
  kind: ReadinessNodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  verdict: Verdict;
  /** Findings at or below this node. */
  findingCount: number;
  contextValue: string;
  children: ReadinessNode[];
  /** Namespace and area nodes: what "write the fix as a manifest" needs. */
  namespace?: string;
  area?: ReadinessArea;
  /** Object and finding nodes: the read-only live document. */
  uri?: string;
  objectRef?: { apiVersion: string; kind: string; namespace: string; name: string };
  /** Finding nodes. */
  finding?: { rule: string; severity: Severity; message: string; line: number; column: number; docs: string };
  /** Message nodes. */
  error?: ClusterError;
}

export interface TreeOptions {
  /** Hide namespaces and areas without findings ("filter to failing items"). */
  onlyFailing?: boolean;
  /**
   * Also show spec findings on objects a workload controller made (a Deployment's ReplicaSets and Pods, a CronJob's
   * Jobs): they repeat the controller's findings, and the fix belongs to the controller. Status findings always show.
   */
  includeControlledObjects?: boolean;
}

const RANK: Record<Verdict, number> = { ok: 0, info: 1, warning: 2, error: 3 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = "ok";
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Cluster-scoped objects other than Namespaces are shown under this pseudo-namespace. */
export const CLUSTER_SCOPED_LABEL = "(cluster-scoped)";

/** The namespace a finding belongs to in the tree: a Namespace object's findings belong to that namespace. */
function namespaceOfFinding(f: Finding): string {
  if (!f.object) return CLUSTER_SCOPED_LABEL;
  if (f.object.kind === "Namespace") return f.object.name;
  return f.object.namespace || CLUSTER_SCOPED_LABEL;
}

function messageNode(parentId: string, error: ClusterError, label: string): ReadinessNode {
  const forbidden = error.code === "forbidden";
  return {
    id: `${parentId}/message:${error.code}:${error.kind ?? ""}:${error.namespace ?? ""}`,
    kind: "message",
    label,
    tooltip: error.message,
    verdict: forbidden ? "info" : "error",
    findingCount: 0,
    contextValue: forbidden ? CONTEXT_VALUES.messageForbidden : CONTEXT_VALUES.messageError,
    children: [],
    error,
  };
}

function forbiddenLabel(error: ClusterError, here: boolean): string {
  const what = error.kind ? `${error.kind} objects` : "these objects";
  if (here) return `Not permitted to read ${what} here; this area may be incomplete`;
  return `Not permitted to list ${what}${error.namespace ? ` in ${error.namespace}` : " across the cluster"}`;
}

function findingNode(parentId: string, f: Finding): ReadinessNode {
  return {
    id: `${parentId}/finding:${f.key}`,
    kind: "finding",
    label: f.message,
    description: f.rule,
    tooltip: `${f.severity}: ${f.message} (${f.rule})`,
    verdict: f.severity,
    findingCount: 1,
    contextValue: CONTEXT_VALUES.finding,
    children: [],
    uri: f.uri,
    ...(f.object ? { objectRef: f.object } : {}),
    finding: { rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line + 1, column: f.range.start.character + 1, docs: docsUrl(f.rule) },
  };
}

/** Orders like `String.prototype.localeCompare` (the same default collation), without building a collator per call. */
const collate = new Intl.Collator().compare;

function areaNode(namespaceId: string, namespace: string, area: ReadinessArea, findings: Finding[], forbidden: ClusterError[]): ReadinessNode {
  const id = `${namespaceId}/area:${area}`;
  const byObject = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.object ? `${apiGroupOf(f.object.apiVersion)}/${f.object.kind}/${f.object.name}` : f.uri;
    const list = byObject.get(key);
    if (list) list.push(f);
    else byObject.set(key, [f]);
  }
  const objects: ReadinessNode[] = [...byObject].sort(([a], [b]) => collate(a, b)).map(([key, list]) => {
    const objectId = `${id}/object:${key}`;
    const sorted = [...list].sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.range.start.line - b.range.start.line || collate(a.rule, b.rule));
    const o = list[0]!.object;
    return {
      id: objectId,
      kind: "object",
      label: o ? `${o.kind} ${o.name}` : list[0]!.uri,
      description: plural(list.length, "finding"),
      verdict: worstVerdict(list.map((f) => f.severity)),
      findingCount: list.length,
      contextValue: CONTEXT_VALUES.object,
      children: sorted.map((f) => findingNode(objectId, f)),
      uri: list[0]!.uri,
      ...(o ? { objectRef: o } : {}),
    };
  });
  const messages = forbidden.map((e) => messageNode(id, e, forbiddenLabel(e, true)));
  const verdict = worstVerdict(objects.map((o) => o.verdict));
  return {
    id,
    kind: "area",
    label: area,
    description: findings.length > 0 ? plural(findings.length, "finding") : forbidden.length > 0 ? "incomplete" : "no findings",
    verdict,
    findingCount: findings.length,
    contextValue: CONTEXT_VALUES.area,
    children: [...messages, ...objects],
    namespace,
    area,
  };
}

/** The group part of an apiVersion (`apps` of `apps/v1`, `v1` of core's `v1`), as the object ids of the tree use it. */
function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? apiVersion : apiVersion.slice(0, slash);
}

/** Builds the tree for one analysed snapshot; pure, so the view, the CLI report and the tests share it. */
export function buildReadinessTree(analysis: ClusterAnalysis, options: TreeOptions = {}): ReadinessNode {
  const steps = readinessTreeSteps(analysis, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `buildReadinessTree` for an editor's main thread: the same tree, built a namespace at a time, giving the event
 * loop a turn whenever a slice has run for `sliceMs`. Rejects with the signal's reason when aborted.
 */
export async function buildReadinessTreeSliced(analysis: ClusterAnalysis, options: TreeOptions = {}, slicing: { sliceMs?: number; signal?: AbortSignal } = {}): Promise<ReadinessNode> {
  const sliceMs = slicing.sliceMs ?? 5;
  const steps = readinessTreeSteps(analysis, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      slicing.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
}

/** The tree, built step by step: each `yield` is a point where the builder may pause (between namespaces). */
function* readinessTreeSteps(analysis: ClusterAnalysis, options: TreeOptions): Generator<void, ReadinessNode, void> {
  const rootId = `context:${analysis.context}`;
  const root: ReadinessNode = {
    id: rootId,
    kind: "context",
    label: analysis.context,
    description: analysis.server,
    verdict: "ok",
    findingCount: 0,
    contextValue: CONTEXT_VALUES.context,
    children: [],
  };
  const fatal = analysis.errors.find(isFatal);
  if (fatal) {
    root.children = [messageNode(rootId, fatal, fatal.message)];
    root.verdict = "error";
    root.description = "not available";
    return root;
  }

  const hidden = options.includeControlledObjects ? () => false : yield* repeatsControllerSteps(analysis);
  // Findings per namespace, and within it per area (in READINESS_AREAS order), each list in analysis order.
  const findingsByNamespace = new Map<string, Finding[][]>();
  const areaIndex = new Map<ReadinessArea, number>(READINESS_AREAS.map((a, i) => [a, i]));
  let shownCount = 0;
  let seen = 0;
  for (const f of analysis.findings) {
    if (++seen % 2000 === 0) yield;
    if (hidden(f)) continue;
    shownCount++;
    const ns = namespaceOfFinding(f);
    let perArea = findingsByNamespace.get(ns);
    if (!perArea) findingsByNamespace.set(ns, (perArea = READINESS_AREAS.map(() => [])));
    perArea[areaIndex.get(areaOfRule(f.rule))!]!.push(f);
  }
  yield;
  const namespaces = new Set<string>(findingsByNamespace.keys());
  for (const d of analysis.documents) if (d.object.kind === "Namespace") namespaces.add(d.object.metadata.name);
  for (const d of analysis.documents) if (d.object.metadata.namespace) namespaces.add(d.object.metadata.namespace);

  const clusterForbidden = analysis.errors.filter((e) => e.code === "forbidden" && !e.namespace);
  const topMessages = analysis.errors
    .filter((e) => !e.namespace || !namespaces.has(e.namespace))
    .map((e) => messageNode(rootId, e, e.code === "forbidden" ? forbiddenLabel(e, false) : e.message));

  const namespaceNodes: ReadinessNode[] = [];
  const noFindings: Finding[][] = READINESS_AREAS.map(() => []);
  for (const ns of [...namespaces].sort((a, b) => (a === CLUSTER_SCOPED_LABEL ? 1 : b === CLUSTER_SCOPED_LABEL ? -1 : collate(a, b)))) {
    yield;
    const id = `${rootId}/namespace:${ns}`;
    const perArea = findingsByNamespace.get(ns) ?? noFindings;
    const findingCount = perArea.reduce((n, list) => n + list.length, 0);
    if (options.onlyFailing && findingCount === 0) continue;
    const forbiddenHere = [...clusterForbidden, ...analysis.errors.filter((e) => e.code === "forbidden" && e.namespace === ns)];
    const areas = READINESS_AREAS.map((area, i) =>
      areaNode(id, ns, area, perArea[i]!, forbiddenHere.filter((e) => areasOfKind(e.kind ?? "").includes(area))),
    ).filter((a) => !options.onlyFailing || a.findingCount > 0 || a.children.length > 0);
    const verdict = worstVerdict(areas.map((a) => a.verdict));
    namespaceNodes.push({
      id,
      kind: "namespace",
      label: ns,
      description: findingCount > 0 ? plural(findingCount, "finding") : "ready",
      verdict,
      findingCount,
      contextValue: CONTEXT_VALUES.namespace,
      children: areas,
      namespace: ns,
    });
  }

  root.children = [...topMessages, ...namespaceNodes];
  if (namespaceNodes.length === 0 && topMessages.length === 0) {
    const empty = options.onlyFailing ? "Nothing is failing in this context." : "No namespaces are visible in this context.";
    root.children.push({ id: `${rootId}/message:empty`, kind: "message", label: empty, verdict: "ok", findingCount: 0, contextValue: CONTEXT_VALUES.messageEmpty, children: [] });
  }
  if (analysis.excludedNamespaces && analysis.excludedNamespaces.length > 0) root.children.push(excludedNode(rootId, analysis.excludedNamespaces));
  root.findingCount = shownCount;
  root.verdict = worstVerdict(namespaceNodes.map((n) => n.verdict));
  root.description = `${analysis.server} · ${plural(root.findingCount, "finding")}`;
  return root;
}

/** The namespaces the namespace filter left out: listed, so a review never hides that it skipped them. */
function excludedNode(rootId: string, names: readonly string[]): ReadinessNode {
  const system = names.every((n) => SYSTEM_NAMESPACES.includes(n));
  return {
    id: `${rootId}/message:excluded`,
    kind: "message",
    label: `${system ? "System namespaces" : "Namespaces"} not reviewed: ${names.join(", ")}`,
    description: "excluded",
    tooltip: `Left out by the namespace filter (${system ? "system namespaces are excluded by default" : "excluded or not included"}). Change it with the kubeready.cluster.excludeNamespaces / includeNamespaces settings, or --exclude-namespaces / --include-namespaces of \`kubeready cluster\`.`,
    verdict: "ok",
    findingCount: 0,
    contextValue: CONTEXT_VALUES.messageExcluded,
    children: [],
  };
}

/** Depth-first search by id (for the view's getParent/reveal and for tests). */
export function findNode(root: ReadinessNode, id: string): ReadinessNode | undefined {
  if (root.id === id) return root;
  for (const child of root.children) {
    const hit = findNode(child, id);
    if (hit) return hit;
  }
  return undefined;
}
