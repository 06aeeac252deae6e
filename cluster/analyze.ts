// Analyses a cluster snapshot with the same engine as files: each live object becomes a read-only YAML document, the snapshot the index.
import type { Rule } from "../rules/api.js";
import { DEFAULT_CONFIG, type KubereadyConfig } from "../rules/config.js";
import { analyzeFiles, type Finding } from "../rules/engine.js";
import { RULES } from "../rules/index.js";
import { templateControllerOf } from "../rules/model/workloads.js";
import { rules as statusRules } from "../rules/status/index.js";
import type { ClusterError } from "./errors.js";
import { toBlockYaml } from "./liveYaml.js";
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

/** Server bookkeeping that says nothing about readiness and would drown the document (and leak old spec copies). */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** The live object as YAML, in the field order of `kubectl get -o yaml`, without managedFields and last-applied. */
export function liveObjectYaml(o: LiveObject): string {
  const { apiVersion, kind, metadata, ...rest } = o;
  const { managedFields: _managed, ...meta } = metadata as Record<string, unknown>;
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _applied, ...others } = annotations;
    if (Object.keys(others).length > 0) meta.annotations = others;
    else delete meta.annotations;
  }
  return toBlockYaml({ apiVersion, kind, metadata: meta, ...rest });
}

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
}

/** Runs every rule over every live object, with the whole snapshot as the index for cross-object rules. */
export function analyzeSnapshot(snapshot: ClusterSnapshot, config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = clusterRules): ClusterAnalysis {
  const documents = snapshot.objects.map((object) => ({ uri: liveObjectUri(snapshot.context, object), text: liveObjectYaml(object), object }));
  const { findings } = analyzeFiles(documents.map((d) => ({ uri: d.uri, text: d.text })), config, rules);
  return { context: snapshot.context, server: snapshot.server, documents, findings, errors: snapshot.errors };
}

/**
 * Findings that repeat a controller's own findings on the objects it stamped out: spec findings on the Pods of a
 * ReplicaSet, StatefulSet, DaemonSet or Job, the ReplicaSets of a Deployment, the Jobs of a CronJob. The fix belongs
 * to the controller, which has the same finding. Status findings (a Pod's actual QoS class) are the object's own.
 * The tree, the Markdown report and `kubeready cluster` all leave these out.
 */
export function repeatsController(analysis: Pick<ClusterAnalysis, "documents" | "errors">): (f: Finding) => boolean {
  // A controller whose kind could not be read shows no findings, so what it stamped out keeps its own.
  const unreadable = (kind: string, namespace: string | undefined) =>
    analysis.errors.some((e) => e.kind === kind && (!e.namespace || e.namespace === namespace));
  const controlled = new Set<string>();
  for (const d of analysis.documents) {
    const kind = templateControllerOf(d.object);
    if (kind && !unreadable(kind, d.object.metadata.namespace)) controlled.add(d.uri);
  }
  return (f) => controlled.has(f.uri) && !f.rule.startsWith("status/");
}

/** The findings a readiness review shows: every finding except those that repeat a controller's (see repeatsController). */
export function reviewFindings(analysis: Pick<ClusterAnalysis, "documents" | "errors" | "findings">): Finding[] {
  const repeated = repeatsController(analysis);
  return analysis.findings.filter((f) => !repeated(f));
}
