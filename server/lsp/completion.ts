// Context-aware completions: a PDB, NetworkPolicies or an HPA for the workload above, hardened blocks in a container, labels in NetworkPolicy selectors.
import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind,
  type CompletionItem, type Position, type Range,
} from "vscode-languageserver";
import type { KubereadyConfig } from "../../rules/config.js";
import { parseFile, type FileOptions, type ParsedFile } from "../../rules/engine.js";
import { renderBlock, renderScalar } from "../../rules/model/edit.js";
import type { ObjectIndex } from "../../rules/model/scope.js";
import { podSourcesIn } from "../../rules/model/workloads.js";
import { documentStartLine, indentStepOf, pathAt, previewOf, seqIndentOf, SORT, Tabstops, type Ctx, type PathAt, type Plain } from "./completion-context.js";
import { documentSite, topLevelItems } from "./completion-documents.js";
import { applicationItems, guideDocumentItems } from "./completion-guide.js";

export { pathAt } from "./completion-context.js";

/**
 * Completions at `position` of `text` (whose parse is `file`, part of `index`). `fileOptions` are the options the
 * file was parsed with (namespace from a kustomization); without them they are inferred from its objects.
 */
export function provideCompletions(index: ObjectIndex, file: ParsedFile, text: string, position: Position, config: KubereadyConfig, fileOptions?: FileOptions): CompletionItem[] {
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
  const options = fileOptions ?? inferredOptions(file, config);
  const clean = word ? cleanParse(file, lines, position.line, wordStart, wordEnd, options) : file;
  const ctx: Ctx = { index, file: clean, lines, line: position.line, column: wordStart, range, config, defaultNamespace: options.defaultNamespace ?? config.defaultNamespace };
  if (wordStart === 0) {
    const site = documentSite(ctx);
    if (!site) return [];
    return [...topLevelItems(ctx, site), ...guideDocumentItems(ctx, site)].map((item, i) => ({ ...item, sortText: `${SORT}${String(i).padStart(3, "0")}` }));
  }
  const path = pathAt(lines, position.line, wordStart, documentStartLine(clean, position.line));
  if (path.item && (path.keys[0] === "containers" || path.keys[0] === "initContainers")) return containerItems(ctx, path);
  if (path.keys[0] === "matchLabels" && (path.keys[1] === "podSelector" || path.keys[1] === "namespaceSelector")) return selectorLabelItems(ctx, path);
  if (path.keys.length === 1 && path.keys[0] === "spec") return applicationItems(ctx, path);
  return [];
}

function cleanParse(file: ParsedFile, lines: string[], line: number, start: number, end: number, options: FileOptions): ParsedFile {
  const copy = lines.slice();
  copy[line] = copy[line].slice(0, start) + copy[line].slice(end);
  // No `previous`: re-using the live parse's documents would move their offsets to this scratch text (unchanged
  // documents still come from the shared parse cache).
  return parseFile(file.uri, copy.join("\n"), options);
}

function inferredOptions(file: ParsedFile, config: KubereadyConfig): FileOptions {
  const implicit = file.objects.find((o) => !o.namespaceExplicit && o.namespace);
  return { defaultNamespace: implicit?.namespace ?? config.defaultNamespace, partial: file.objects.length > 0 && file.objects.every((o) => o.partial) };
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
  return { namespace: namespace ?? ctx.defaultNamespace };
}

