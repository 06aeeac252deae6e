// Context-aware completions: a PDB, NetworkPolicies or an HPA for the workload above, hardened blocks in a container, labels in NetworkPolicy selectors.
import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind,
  type CompletionItem, type Position, type Range, type TextEdit,
} from "vscode-languageserver";
import type { KubereadyConfig } from "../../rules/config.js";
import { parseFile, type ParsedFile } from "../../rules/engine.js";
import { removeField, renderBlock, renderScalar } from "../../rules/model/edit.js";
import { defaultDenyIn } from "../../rules/model/netpol.js";
import { renderDocument } from "../../rules/model/new-document.js";
import { asArray, asObject, getIn, isClusterScoped, type JsonObject, type KObject } from "../../rules/model/object.js";
import { containersOf } from "../../rules/model/podspec.js";
import type { ObjectIndex } from "../../rules/model/scope.js";
import { autoscalersOf, budgetsCovering, groupOf, podSourceOf, podSourcesIn, type PodSource } from "../../rules/model/workloads.js";

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/** Kinds a PodDisruptionBudget protects (a DaemonSet's pods are not evicted by drains; Jobs finish). */
const BUDGET_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Prometheus", "Alertmanager", "ThanosRuler"];
/** Kinds an HPA can scale through the scale subresource. */
const SCALABLE = ["Deployment", "StatefulSet", "ReplicaSet"];
/** Workloads offered when nothing is above the cursor: enough to choose from, not a wall. */
const MAX_NAMESPACE_WORKLOADS = 20;
/** Ranks our items above generic schema completions. */
const SORT = "0";

export function provideCompletions(index: ObjectIndex, file: ParsedFile, text: string, position: Position, config: KubereadyConfig): CompletionItem[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const line = lines[position.line];
  if (line === undefined) return [];
  const at = Math.min(position.character, line.length);
  const before = line.slice(0, at);
  const wordStart = at - /[^\s:{}[\],#]*$/.exec(before)![0].length;
  const wordEnd = at + /^[^\s:{}[\],#]*/.exec(line.slice(at))![0].length;
  const indent = line.slice(0, wordStart);
  // Only at the start of a line's content (`  sec|`): anywhere else we would be completing a value.
  if (!/^ *$/.test(indent) || !/^\s*(#.*)?$/.test(line.slice(wordEnd))) return [];
  const word = line.slice(wordStart, wordEnd);
  if (/^(---|\.\.\.)/.test(word)) return [];
  const range: Range = { start: { line: position.line, character: wordStart }, end: { line: position.line, character: wordEnd } };
  // The half-typed word breaks the YAML of its document; parse the file without it to see the objects as they are.
  const clean = word ? cleanParse(file, lines, position.line, wordStart, wordEnd, config) : file;
  const ctx: Ctx = { index, file: clean, lines, line: position.line, column: wordStart, range, config };
  if (wordStart === 0) return topLevelItems(ctx);
  const path = pathAt(lines, position.line, wordStart, documentStartLine(clean, position.line));
  if (path.item && (path.keys[0] === "containers" || path.keys[0] === "initContainers")) return containerItems(ctx, path);
  if (path.keys[0] === "matchLabels" && (path.keys[1] === "podSelector" || path.keys[1] === "namespaceSelector")) return selectorLabelItems(ctx, path);
  return [];
}

interface Ctx {
  index: ObjectIndex;
  /** The file as parsed without the word being typed. */
  file: ParsedFile;
  lines: string[];
  line: number;
  /** Column where the word being completed starts (where the inserted text starts). */
  column: number;
  range: Range;
  config: KubereadyConfig;
}

function cleanParse(file: ParsedFile, lines: string[], line: number, start: number, end: number, config: KubereadyConfig): ParsedFile {
  const copy = lines.slice();
  copy[line] = copy[line].slice(0, start) + copy[line].slice(end);
  const implicit = file.objects.find((o) => !o.namespaceExplicit && o.namespace);
  return parseFile(file.uri, copy.join("\n"), { defaultNamespace: implicit?.namespace ?? config.defaultNamespace, partial: file.objects.some((o) => o.partial) }, file);
}

function documentStartLine(file: ParsedFile, line: number): number {
  let start = 0;
  for (const c of file.chunks) if (c.line <= line) start = c.line;
  return start;
}

/** A line that carries no YAML content. */
function isBlank(l: string): boolean {
  return /^\s*(#.*)?$/.test(l);
}

// ---- top level: new documents for the workload above ---------------------------------------------------------

function topLevelItems(ctx: Ctx): CompletionItem[] {
  const { lines, line, file } = ctx;
  const start = documentStartLine(file, line);
  let end = lines.length;
  for (const c of file.chunks) if (c.line > line) { end = c.line; break; }
  // Text below the cursor in the same document: a new object here would split it.
  for (let i = line + 1; i < end; i++) if (!isBlank(lines[i])) return [];
  let separator = false;
  for (let i = start; i < line; i++) if (!isBlank(lines[i]) && !/^(---|\.\.\.)(\s|$)/.test(lines[i])) separator = true;
  const prefix = separator ? "---\n" : "";

  const above = file.objects.filter((o) => o.source.chunk.line <= line).map(podSourceOf).filter((s): s is PodSource => !!s);
  const nearest = above[above.length - 1];
  let sources: PodSource[];
  if (nearest) sources = [nearest];
  else {
    const namespaces = new Set(file.objects.filter((o) => !isClusterScoped(o.kind) && o.namespace).map((o) => o.namespace));
    if (namespaces.size === 0) namespaces.add(file.objects.find((o) => o.namespace)?.namespace ?? ctx.config.defaultNamespace);
    sources = [...namespaces].flatMap((ns) => podSourcesIn(ctx.index, ns))
      .filter((s) => !s.object.partial)
      .sort((a, b) => a.object.name.localeCompare(b.object.name))
      .slice(0, MAX_NAMESPACE_WORKLOADS);
  }
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
  return items.map((item, i) => ({ ...item, sortText: `${SORT}${String(i).padStart(3, "0")}` }));
}

/** The selector that means "this workload's pods": its own spec.selector, else its pod labels (operator resources). */
function selectorOf(s: PodSource): JsonObject {
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
function metadataFor(o: KObject, name: string): JsonObject {
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
    spec: { maxUnavailable: t.stop(2, "1"), selector: selectorOf(s) },
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
  const dns = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: metadataFor(o, "allow-dns-egress"),
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
      }],
    },
  };
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

function where(o: KObject): string {
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

interface DocumentItem { label: string; detail: string; why: string; text: string; additionalTextEdits?: TextEdit[] }

function documentItem(ctx: Ctx, d: DocumentItem): CompletionItem {
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

// ---- snippet text -------------------------------------------------------------------------------------------

/**
 * Placeholders inside rendered YAML: values are replaced by plain-scalar markers before rendering, the rendered
 * text is escaped for the snippet syntax, then the markers become `${n:default}`.
 */
class Tabstops {
  private defaults = new Map<string, string>();
  private seq = 0;

  stop(index: number, value: string): string {
    const marker = `KRTABSTOP${++this.seq}X${index}X`;
    this.defaults.set(marker, `\${${index}:${escapeSnippet(value)}}`);
    return marker;
  }

  render(yaml: string): string {
    let out = escapeSnippet(yaml);
    for (const [marker, stop] of this.defaults) out = out.split(marker).join(stop);
    return out.endsWith("\n") ? `${out}$0` : `${out}\n$0`;
  }
}

export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** The text with every placeholder at its default, for the documentation preview. */
function previewOf(snippet: string): string {
  const out = snippet.replace(/\$\{\d+:((?:[^\\}]|\\.)*)\}/g, "$1").replace(/\$\d+/g, "").replace(/\\([\\$}])/g, "$1");
  return out.endsWith("\n") ? out : `${out}\n`;
}

// ---- where the cursor is: keys above it, by indentation -----------------------------------------------------

interface PathAt {
  /** Keys from the innermost map outwards: for a container field, ["containers", "spec", "template", "spec"]. */
  keys: string[];
  /** The map at the cursor is an item of a block sequence. */
  item: boolean;
  /** Keys already present in the map at the cursor. */
  siblings: Set<string>;
}

interface LineShape { content: number; dash: number | undefined; key: string | undefined }

function shapeOf(l: string): LineShape {
  const m = /^( *)(- +)?/.exec(l)!;
  const content = m[0].length;
  const k = /^("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(\s|$)/.exec(l.slice(content));
  return { content, dash: m[2] ? m[1].length : undefined, key: k ? k[1].replace(/^["']|["']$/g, "") : undefined };
}

/** The block structure around (line, column), read from indentation so that it works while the YAML is half typed. */
export function pathAt(lines: string[], line: number, column: number, docStart: number): PathAt {
  const keys: string[] = [];
  const siblings = new Set<string>();
  let item = false;
  let col = column;
  let inSeqAt: number | undefined; // scanning the items of a sequence whose dashes are at this column
  let innermost = true;
  for (let i = line - 1; i >= docStart; i--) {
    const l = lines[i];
    if (isBlank(l) || /^(---|\.\.\.)(\s|$)/.test(l)) continue;
    const s = shapeOf(l);
    if (inSeqAt !== undefined) {
      if (s.dash === inSeqAt) continue; // an earlier item of the same sequence
      if (s.content > inSeqAt) continue; // inside an earlier item
      if (s.key !== undefined && s.dash === undefined && s.content <= inSeqAt) {
        keys.push(s.key);
        col = s.content;
        inSeqAt = undefined;
        innermost = false;
        continue;
      }
      if (s.dash !== undefined && s.content <= inSeqAt) {
        // `- key:` whose value is our sequence (a map item holding a list): the key, then its own item.
        if (s.key !== undefined) keys.push(s.key);
        inSeqAt = s.dash;
        continue;
      }
      break;
    }
    if (s.content > col) continue; // deeper lines of an earlier sibling
    if (s.content === col) {
      if (innermost && s.key !== undefined) siblings.add(s.key);
      if (s.dash !== undefined) {
        if (innermost) item = true;
        innermost = false;
        inSeqAt = s.dash;
      }
      continue;
    }
    // s.content < col: the key whose value is the map we are in.
    if (s.key === undefined) break;
    keys.push(s.key);
    innermost = false;
    if (s.dash !== undefined) inSeqAt = s.dash;
    else col = s.content;
    if (s.content === 0) break;
  }
  // Keys of the same map below the cursor.
  for (let i = line + 1; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(l)) break;
    const s = shapeOf(l);
    if (s.content < column || (s.dash !== undefined && s.dash < column)) break;
    if (s.content === column && s.dash === undefined && s.key !== undefined) siblings.add(s.key);
  }
  return { keys, item, siblings };
}

// ---- inside a container ------------------------------------------------------------------------------------

const HARDENED_CONTAINER: Plain = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

function containerItems(ctx: Ctx, path: PathAt): CompletionItem[] {
  const step = indentStepOf(ctx.lines);
  const seq = seqIndentOf(ctx.lines);
  const block = (key: string, value: Plain, t: Tabstops) => {
    const rendered = renderBlock([key], value, ctx.column, step, seq).slice(ctx.column).replace(/\n$/, "");
    return t.render(rendered).replace(/\n\$0$/, "$0");
  };
  const items: CompletionItem[] = [];
  if (!path.siblings.has("securityContext")) {
    const t = new Tabstops();
    items.push(blockItem(ctx, "securityContext", block("securityContext", HARDENED_CONTAINER, t),
      "Hardened container securityContext (restricted Pod Security Standard)",
      "Runs as non-root without privilege escalation, with a read-only root filesystem, no capabilities and the RuntimeDefault seccomp profile (guide §2B). Mount an `emptyDir` where the program must write."));
  }
  if (!path.siblings.has("resources")) {
    const t = new Tabstops();
    const cpu = t.stop(1, "500m"), memory = t.stop(2, "512Mi");
    // The same tabstop twice: editing the request edits the limit, so they stay equal (Guaranteed).
    const value: Plain = { requests: { cpu, memory }, limits: { cpu, memory } };
    items.push(blockItem(ctx, "resources", block("resources", value, t),
      "Guaranteed resources (requests equal limits)",
      "CPU and memory requests equal to the limits give the pod the Guaranteed QoS class, the last to be evicted under node pressure (guide §3A). Each value is typed once and used for both."));
  }
  return items;
}

function blockItem(ctx: Ctx, key: string, text: string, detail: string, why: string): CompletionItem {
  return {
    label: key,
    kind: CompletionItemKind.Property,
    detail: `kubeready: ${detail}`,
    documentation: { kind: MarkupKind.Markdown, value: `${why}\n\n\`\`\`yaml\n${previewOf(text)}\`\`\`` },
    filterText: key,
    sortText: `${SORT}${key}`,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.range, newText: text },
  };
}

/** The file's indentation step, from its first nested mapping (2 when it has none). */
function indentStepOf(lines: string[]): number {
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = /^( *)[^\s#-][^#]*:\s*(#.*)?$/.exec(lines[i]);
    if (!a) continue;
    let j = i + 1;
    while (j < lines.length && isBlank(lines[j])) j++;
    const b = /^( *)[^\s-]/.exec(lines[j] ?? "");
    if (!b) continue;
    const step = b[1].length - a[1].length;
    if (step >= 2 && step <= 8) return step;
  }
  return 2;
}

/** Whether the file indents block sequences under their key (`  - a`) or not (`- a`, kubectl's style). */
function seqIndentOf(lines: string[]): boolean {
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = /^( *)[^\s#][^#]*:\s*$/.exec(lines[i]);
    const b = /^( *)- /.exec(lines[i + 1]);
    if (a && b) return b[1].length > a[1].length;
  }
  return true;
}

// ---- inside a NetworkPolicy selector --------------------------------------------------------------------------

function selectorLabelItems(ctx: Ctx, path: PathAt): CompletionItem[] {
  const policy = policyAt(ctx);
  if (!policy) return [];
  const namespace = policy.namespace;
  const present = path.siblings;
  const offers = new Map<string, { key: string; value: string; from: string[] }>();
  const offer = (key: string, value: string, from: string) => {
    if (present.has(key)) return;
    const id = `${key}\u0000${value}`;
    const o = offers.get(id) ?? { key, value, from: [] };
    if (!o.from.includes(from)) o.from.push(from);
    offers.set(id, o);
  };
  if (path.keys[1] === "namespaceSelector") {
    for (const ns of ctx.index.namespaces()) offer("kubernetes.io/metadata.name", ns, `namespace ${ns}`);
    for (const ns of ctx.index.ofKind("Namespace")) {
      for (const [k, v] of Object.entries(ns.labels)) offer(k, v, `Namespace ${ns.name}`);
    }
  } else {
    for (const s of podSourcesIn(ctx.index, namespace)) {
      if (s.object.partial) continue;
      for (const [k, v] of Object.entries(s.podLabels)) offer(k, v, `${s.object.kind} ${s.object.name}`);
    }
  }
  const sorted = [...offers.values()].sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value));
  return sorted.map((o, i) => {
    const text = `${renderScalar(o.key)}: ${renderScalar(o.value)}`;
    const whose = path.keys[1] === "namespaceSelector" ? "Label of" : `Pod label in namespace ${namespace} of`;
    return {
      label: `${o.key}: ${o.value}`,
      kind: CompletionItemKind.Value,
      detail: `${whose} ${o.from.slice(0, 3).join(", ")}${o.from.length > 3 ? ` and ${o.from.length - 3} more` : ""}`,
      documentation: { kind: MarkupKind.Markdown, value: `Selects the pods of ${o.from.map((f) => `\`${f}\``).join(", ")}.` },
      filterText: `${o.key}: ${o.value}`,
      sortText: `${SORT}${String(i).padStart(4, "0")}`,
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: ctx.range, newText: text },
    } satisfies CompletionItem;
  });
}

/** The NetworkPolicy the cursor is in and its namespace, from the parse without the word being typed. */
function policyAt(ctx: Ctx): { namespace: string } | undefined {
  const start = documentStartLine(ctx.file, ctx.line);
  const o = ctx.file.objects.find((x) => x.source.chunk.line === start);
  if (o) return o.kind === "NetworkPolicy" ? { namespace: o.namespace } : undefined;
  // The document does not parse yet: read kind and namespace from its lines.
  let kind: string | undefined, namespace: string | undefined;
  for (let i = start; i < ctx.lines.length; i++) {
    if (i > start && /^(---|\.\.\.)(\s|$)/.test(ctx.lines[i])) break;
    kind ??= /^kind:\s*(\S+)/.exec(ctx.lines[i])?.[1];
    namespace ??= /^ +namespace:\s*(\S+)/.exec(ctx.lines[i])?.[1];
  }
  if (kind !== "NetworkPolicy") return undefined;
  return { namespace: namespace ?? ctx.file.objects.find((x) => x.namespace)?.namespace ?? ctx.config.defaultNamespace };
}

