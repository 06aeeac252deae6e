// Converts engine findings and fixes into LSP diagnostics and workspace edits.
import { CodeActionKind, DiagnosticSeverity, DiagnosticTag, type CodeAction, type Diagnostic, type WorkspaceEdit, type TextDocumentEdit, type CreateFile as LspCreateFile } from "vscode-languageserver";
import { isCreate, type Fix, type TextEdit } from "../../rules/api.js";
import type { Finding } from "../../rules/engine.js";
import { docsUrl } from "../../rules/index.js";
import { PLACEHOLDER_PATTERN, placeholdersIn } from "../../rules/model/placeholder.js";

export const SOURCE = "kubeready";
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeready`;

export interface DiagnosticData {
  key: string;
  fixable: string;
  /** Every rule of a finding that stands for several (one root cause); `code` is the first. */
  rules?: string[];
}

const SEVERITY: Record<Finding["severity"], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const converted = new WeakMap<Finding, Diagnostic>();

/**
 * The diagnostic of a finding. The engine hands back the same Finding objects for documents a keystroke did not
 * touch, so each is converted once, not once per keystroke.
 */
export function toDiagnostic(f: Finding): Diagnostic {
  let d = converted.get(f);
  if (!d) converted.set(f, (d = makeDiagnostic(f)));
  return d;
}

function makeDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    message: f.message,
    data: (f.rules ? { key: f.key, fixable: f.fixable, rules: f.rules } : { key: f.key, fixable: f.fixable }) satisfies DiagnosticData,
  };
  if (f.rule === "hardening/deprecated-api") d.tags = [DiagnosticTag.Deprecated];
  // The other containers with the same problem, the other workloads of a namespace: one diagnostic, its places linked.
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  // Several rules' findings shown as one: the code names the first, the message lists them all for the reader.
  if (f.rules && f.rules.length > 1) d.message = `${f.message} [${f.rules.join(", ")}]`;
  return d;
}

/**
 * A fix as a WorkspaceEdit; file creations become CreateFile + an edit that fills it. With `snippets` (the client
 * announced workspaceEdit.snippetEditSupport), an edit that writes placeholders is a snippet edit whose tab stops are
 * the placeholders: the cursor lands on the first value to fill in, Tab goes to the next.
 */
export function toWorkspaceEdit(fix: Fix, versions: (uri: string) => number | null, snippets = false): WorkspaceEdit {
  const documentChanges: (TextDocumentEdit | LspCreateFile)[] = [];
  const byUri = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    if (isCreate(e)) {
      documentChanges.push({ kind: "create", uri: e.uri, options: { ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri: e.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: e.text }] });
    } else {
      const list = byUri.get(e.uri);
      if (list) list.push(e); else byUri.set(e.uri, [e]);
    }
  }
  for (const [uri, edits] of byUri) {
    const stops = { next: 1 };
    const lspEdits = edits.map((e) => (snippets && placeholdersIn(e.newText).length
      ? { range: e.range, snippet: { kind: "snippet" as const, value: asSnippet(e.newText, stops) } }
      : { range: e.range, newText: e.newText }));
    documentChanges.unshift({ textDocument: { uri, version: versions(uri) }, edits: lspEdits });
  }
  return { documentChanges };
}

/**
 * A snippet inserting `text` literally, each placeholder a tab stop of its own (numbered on from `stops.next`, across
 * the edits of one document): two `<REPLACE_ME>` (a cpu and a memory request) are two values, not one mirrored.
 */
export function asSnippet(text: string, stops: { next: number }): string {
  const escape = (t: string) => t.replace(/[\\$}]/g, (c) => `\\${c}`);
  let out = "", at = 0;
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    out += `${escape(text.slice(at, m.index))}\${${stops.next++}:${escape(m[0])}}`;
    at = m.index + m[0].length;
  }
  return out + escape(text.slice(at));
}

export function toCodeAction(fix: Fix, diagnostic: Diagnostic | undefined, versions: (uri: string) => number | null, preferred: boolean, snippets = false): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: preferred && fix.safe && !fix.suppression,
    edit: toWorkspaceEdit(fix, versions, snippets),
  };
}
