// Hover on a finding: the rule's title, why it matters (from its docs), the guide section and a link to the docs page.
import type { Hover, Position } from "vscode-languageserver";
import type { Rule } from "../../rules/api.js";
import type { Finding } from "../../rules/engine.js";
import { docsUrl } from "../../rules/index.js";
import { RULE_DOCS } from "./ruleDocs.js";

function inside(p: Position, f: Finding): boolean {
  const { start, end } = f.range;
  if (p.line < start.line || p.line > end.line) return false;
  if (p.line === start.line && p.character < start.character) return false;
  if (p.line === end.line && p.character > end.character) return false;
  return true;
}

export function hoverFor(findings: readonly Finding[], position: Position, rules: ReadonlyMap<string, Rule>): Hover | null {
  const hits = findings.filter((f) => inside(position, f));
  if (hits.length === 0) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const f of hits) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    const rule = rules.get(f.rule);
    const lines = [`**kubeready** \`${f.rule}\` — ${rule?.meta.title ?? f.message}`];
    const docs = RULE_DOCS[f.rule];
    if (docs?.why) lines.push("", `*Why it matters:* ${docs.why}`);
    if (docs?.fix) lines.push("", `*Fix:* ${docs.fix}`);
    if (rule?.meta.guide) lines.push("", `Production-readiness guide: ${rule.meta.guide}`);
    lines.push("", `[Rule documentation](${docsUrl(f.rule)})`);
    parts.push(lines.join("\n"));
  }
  return { contents: { kind: "markdown", value: parts.join("\n\n---\n\n") } };
}
