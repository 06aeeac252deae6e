// Completions at the top level of a new YAML document: a PDB, NetworkPolicies and an HPA for the workload above the cursor (the guide's custom resources: completion-guide.ts).
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type TextEdit } from "vscode-languageserver";
import { removeField } from "../../rules/model/edit.js";
import { defaultDenyIn, allowDnsEgressPolicy } from "../../rules/model/netpol.js";
import { renderDocument } from "../../rules/model/new-document.js";
import { asArray, asObject, getIn, isClusterScoped, type JsonObject, type KObject } from "../../rules/model/object.js";
import { containersOf } from "../../rules/model/podspec.js";
import { autoscalersOf, budgetsCovering, groupOf, podSourceOf, podSourcesIn, type PodSource } from "../../rules/model/workloads.js";
import { documentStartLine, isBlank, previewOf, Tabstops, type Ctx, type Plain } from "./completion-context.js";

/** Kinds a PodDisruptionBudget protects (a DaemonSet's pods are not evicted by drains; Jobs finish). */
const BUDGET_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Prometheus", "Alertmanager", "ThanosRuler"];
/** Kinds an HPA can scale through the scale subresource. */
const SCALABLE = ["Deployment", "StatefulSet", "ReplicaSet"];
/** Workloads offered when nothing is above the cursor: enough to choose from, not a wall. */
const MAX_NAMESPACE_WORKLOADS = 20;

/** Where a new document can be completed: the separator it needs, the workloads it is for, and the object just above. */
export interface DocumentSite {
  prefix: string;
  sources: PodSource[];
  /** The last object above the cursor in this file (an Ingress, a Certificate, a workload), if any. */
  above?: KObject;
}

/** The site of a new document at the cursor, or undefined when text below the cursor in the same document would be split. */
export function documentSite(ctx: Ctx): DocumentSite | undefined {
  const { lines, line, file } = ctx;
  const start = documentStartLine(file, line);
  let end = lines.length;
  for (const c of file.chunks) if (c.line > line) { end = c.line; break; }
  // Text below the cursor in the same document: a new object here would split it.
  for (let i = line + 1; i < end; i++) if (!isBlank(lines[i])) return undefined;
  let separator = false;
  for (let i = start; i < line; i++) if (!isBlank(lines[i]) && !/^(---|\.\.\.)(\s|$)/.test(lines[i])) separator = true;
  const prefix = separator ? "---\n" : "";

  const objectsAbove = file.objects.filter((o) => o.source.chunk.line <= line);
  const above = objectsAbove.map(podSourceOf).filter((s): s is PodSource => !!s);
  const nearest = above[above.length - 1];
  let sources: PodSource[];
  if (nearest) sources = [nearest];
  else {
    const namespaces = new Set(file.objects.filter((o) => !isClusterScoped(o.kind) && o.namespace).map((o) => o.namespace));
    if (namespaces.size === 0) namespaces.add(ctx.defaultNamespace);
    sources = [...namespaces].flatMap((ns) => podSourcesIn(ctx.index, ns))
      .filter((s) => !s.object.partial)
      .sort((a, b) => a.object.name.localeCompare(b.object.name))
      .slice(0, MAX_NAMESPACE_WORKLOADS);
  }
  return { prefix, sources, above: objectsAbove[objectsAbove.length - 1] };
}

export function topLevelItems(ctx: Ctx, site: DocumentSite): CompletionItem[] {
  const { prefix, sources } = site;
  const items: CompletionItem[] = [];
  const denied = new Set<string>();
  for (const s of sources) {
    const o = s.object;
    if (BUDGET_KINDS.includes(o.kind) && budgetsCovering(ctx.index, s).length === 0) items.push(budgetItem(ctx, s, prefix));
    items.push(allowIngressItem(ctx, s, prefix));
    if (!denied.has(o.namespace)) {
      denied.add(o.namespace);
      const deny = defaultDenyIn(ctx.index, o.namespace);
      if (deny.Ingress.length === 0 || deny.Egress.length === 0) items.push(defaultDenyItem(ctx, s, prefix));
    }
    if (SCALABLE.includes(o.kind) && ["apps", "extensions"].includes(groupOf(o.apiVersion)) && autoscalersOf(ctx.index, o).length === 0) items.push(autoscalerItem(ctx, s, prefix));
  }
  return items;
}

/** The selector that means "this workload's pods": its own spec.selector, else its pod labels (operator resources). */
export function selectorOf(s: PodSource): JsonObject {
  const written = asObject(getIn(s.object.value, ["spec", "selector"]));
  if (written && (asObject(written.matchLabels) || asArray(written.matchExpressions).length)) {
    const out: JsonObject = {};
    if (asObject(written.matchLabels)) out.matchLabels = written.matchLabels;
    if (asArray(written.matchExpressions).length) out.matchExpressions = written.matchExpressions;
    return out;
  }
  return { matchLabels: { ...s.podLabels } };
}

/** metadata of a new object beside `o`: its namespace is written when `o` writes its own (kustomize sets it otherwise). */
export function metadataFor(o: KObject, name: string): JsonObject {
  const md: JsonObject = { name };
  if (o.namespaceExplicit && o.namespace) md.namespace = o.namespace;
  return md;
}

function budgetItem(ctx: Ctx, s: PodSource, prefix: string): CompletionItem {
  const o = s.object;
  const t = new Tabstops();
  const doc = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadataFor(o, t.stop(1, o.name)),
    // AlwaysAllow: a drain may evict pods that never became ready (availability/pdb-unhealthy-pod-eviction).
    spec: { maxUnavailable: t.stop(2, "1"), selector: selectorOf(s), unhealthyPodEvictionPolicy: "AlwaysAllow" },
  } as JsonObject;
  return documentItem(ctx, {
    label: `kr-pdb ${o.name}`,
    detail: `PodDisruptionBudget for ${o.kind} ${o.name}${where(o)}`,
    why: `A node drain evicts at most one pod of ${o.kind} \`${o.name}\` at a time (guide §3B). The selector is the workload's own.`,
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain }, o)),
  });
}

function allowIngressItem(ctx: Ctx, s: PodSource, prefix: string): CompletionItem {
  const o = s.object;
  const t = new Tabstops();
  const ports = tcpPortsOf(s);
  const doc = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: metadataFor(o, t.stop(1, `allow-${o.name}-ingress`)),
    spec: {
      podSelector: selectorOf(s),
      policyTypes: ["Ingress"],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": t.stop(2, "ingress-nginx") } } }],
        ports: ports.length ? ports.map((port) => ({ protocol: "TCP", port })) : [{ protocol: "TCP", port: t.stop(3, "8080") }],
      }],
    },
  } as JsonObject;
  return documentItem(ctx, {
    label: `kr-netpol-allow ${o.name}`,
    detail: `NetworkPolicy allowing ingress to ${o.kind} ${o.name}${where(o)}`,
    why: `Lets the pods of another namespace (the ingress controller's, by default) reach ${o.kind} \`${o.name}\` on ${ports.length ? `its port${ports.length > 1 ? "s" : ""} ${ports.join(", ")}` : "a port"} once a default-deny is in place (guide §2A).`,
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain }, o)),
  });
}

function defaultDenyItem(ctx: Ctx, s: PodSource, prefix: string): CompletionItem {
  const o = s.object;
  const deny = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: metadataFor(o, "default-deny-all"), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
  const dns = allowDnsEgressPolicy(metadataFor(o, "allow-dns-egress"));
  const t = new Tabstops();
  return documentItem(ctx, {
    label: `kr-netpol-default-deny ${o.namespace}`,
    detail: `Default-deny NetworkPolicy for namespace ${o.namespace}, with DNS egress`,
    why: `Denies all ingress and egress of every pod in namespace \`${o.namespace}\` (the guide's default-deny, §2A) and lets them resolve names through kube-dns; add allow policies for the traffic each workload needs.`,
    text: prefix + t.render(`${renderDocument(deny, o)}---\n${renderDocument(dns as { [k: string]: Plain }, o)}`),
  });
}

function autoscalerItem(ctx: Ctx, s: PodSource, prefix: string): CompletionItem {
  const o = s.object;
  const t = new Tabstops();
  const replicas = typeof s.replicas === "number" ? s.replicas : 1;
  const doc = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: metadataFor(o, t.stop(1, o.name)),
    spec: {
      scaleTargetRef: { apiVersion: o.apiVersion, kind: o.kind, name: o.name },
      minReplicas: t.stop(2, String(Math.max(2, replicas))),
      maxReplicas: t.stop(3, String(Math.max(10, replicas * 2))),
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: t.stop(4, "70") } } }],
    },
  } as JsonObject;
  // The HPA owns the replica count: a written spec.replicas would reset it on every apply (autoscaling/replicas-with-hpa).
  const removal = s.replicasWritten && o.uri === ctx.file.uri ? removeField(o, ["spec", "replicas"]) : undefined;
  const missingRequests = s.template ? containersOf(s.template, ["containers"]).filter((c) => getIn(c.value, ["resources", "requests", "cpu"]) === undefined && getIn(c.value, ["resources", "limits", "cpu"]) === undefined).map((c) => c.name) : [];
  return documentItem(ctx, {
    label: `kr-hpa ${o.name}`,
    detail: `HorizontalPodAutoscaler (autoscaling/v2) for ${o.kind} ${o.name}${where(o)}`,
    why: [
      `Scales ${o.kind} \`${o.name}\` on CPU utilisation between a minimum and a maximum (guide §3C).`,
      removal ? "Also removes its `spec.replicas`: the autoscaler owns the replica count (with client-side `kubectl apply`, see the rule autoscaling/replicas-with-hpa)." : "",
      missingRequests.length ? `Container${missingRequests.length > 1 ? "s" : ""} ${missingRequests.map((n) => `\`${n}\``).join(", ")} set${missingRequests.length > 1 ? "" : "s"} no CPU request; utilisation is measured against it.` : "",
    ].filter(Boolean).join(" "),
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain }, o)),
    additionalTextEdits: removal ? [{ range: removal.range, newText: removal.newText }] : undefined,
  });
}

export function where(o: KObject): string {
  return o.namespace ? ` (namespace ${o.namespace})` : "";
}

function tcpPortsOf(s: PodSource): number[] {
  if (!s.template) return [];
  const ports = new Set<number>();
  for (const c of containersOf(s.template, ["containers"])) {
    for (const p of asArray(c.value.ports).map(asObject)) {
      if (p && (p.protocol === undefined || p.protocol === "TCP") && typeof p.containerPort === "number") ports.add(p.containerPort);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

export interface DocumentItem { label: string; detail: string; why: string; text: string; additionalTextEdits?: TextEdit[] }

export function documentItem(ctx: Ctx, d: DocumentItem): CompletionItem {
  return {
    label: d.label,
    kind: CompletionItemKind.Snippet,
    detail: d.detail,
    documentation: { kind: MarkupKind.Markdown, value: `${d.why}\n\n\`\`\`yaml\n${previewOf(d.text)}\`\`\`` },
    filterText: d.label,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.range, newText: d.text },
    ...(d.additionalTextEdits ? { additionalTextEdits: d.additionalTextEdits } : {}),
  };
}
