// The cluster readiness report in Markdown, rendered from the same tree the view shows.
import { READINESS_AREAS } from "./areas.js";
import type { ReadinessNode, Verdict } from "./tree.js";

const VERDICT_MARK: Record<Verdict, string> = { error: "🔴 error", warning: "🟠 warning", info: "🔵 info", ok: "🟢 ready" };

/** Markdown cannot hold a raw pipe or newline inside a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function countBySeverity(node: ReadinessNode): Record<"error" | "warning" | "info", number> {
  const counts = { error: 0, warning: 0, info: 0 };
  const walk = (n: ReadinessNode) => {
    if (n.kind === "finding" && n.finding) counts[n.finding.severity]++;
    n.children.forEach(walk);
  };
  walk(node);
  return counts;
}

export function readinessReportMarkdown(tree: ReadinessNode, options: { generatedAt?: Date } = {}): string {
  const out: string[] = [];
  out.push(`# Cluster readiness report: \`${tree.label}\``, "");
  out.push(`- Context: \`${tree.label}\``);
  if (tree.description) out.push(`- ${cell(tree.description)}`);
  out.push(`- Overall verdict: ${VERDICT_MARK[tree.verdict]}`);
  if (options.generatedAt) out.push(`- Generated: ${options.generatedAt.toISOString()}`);
  out.push("");

  const messages = tree.children.filter((n) => n.kind === "message");
  if (messages.length > 0) {
    out.push("## Access problems", "");
    for (const m of messages) out.push(`- ${m.label}${m.tooltip && m.tooltip !== m.label ? ` — ${m.tooltip}` : ""}`);
    out.push("");
  }

  const namespaces = tree.children.filter((n) => n.kind === "namespace");
  if (namespaces.length === 0) return `${out.join("\n")}\n`;
  out.push("## Summary", "", `| Namespace | Verdict | Errors | Warnings | Info | ${READINESS_AREAS.join(" | ")} |`);
  out.push(`|---|---|---:|---:|---:|${READINESS_AREAS.map(() => "---:").join("|")}|`);
  for (const ns of namespaces) {
    const c = countBySeverity(ns);
    const perArea = READINESS_AREAS.map((a) => String(ns.children.find((n) => n.area === a)?.findingCount ?? 0));
    out.push(`| ${cell(ns.label)} | ${VERDICT_MARK[ns.verdict]} | ${c.error} | ${c.warning} | ${c.info} | ${perArea.join(" | ")} |`);
  }
  out.push("");

  for (const ns of namespaces) {
    if (ns.findingCount === 0 && !ns.children.some((a) => a.children.some((c) => c.kind === "message"))) continue;
    out.push(`## Namespace \`${ns.label}\` — ${VERDICT_MARK[ns.verdict]}, ${ns.description ?? ""}`, "");
    for (const area of ns.children) {
      if (area.children.length === 0) continue;
      out.push(`### ${area.label}`, "");
      for (const child of area.children) {
        if (child.kind === "message") {
          out.push(`- _${child.label}_`);
          continue;
        }
        for (const f of child.children) {
          if (!f.finding) continue;
          out.push(`- **${cell(child.label)}** — ${f.finding.severity}: ${cell(f.finding.message)} ([\`${f.finding.rule}\`](${f.finding.docs}))`);
        }
      }
      out.push("");
    }
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
