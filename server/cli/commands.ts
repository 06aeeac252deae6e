// `kubeready rules`, `kubeready explain RULE` and `kubeready init`: loaded only when one of them runs.
import { existsSync, promises as fs, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { docsUrl, setDocsBase } from "../../rules/index.js";
import type { ExplainArgs, InitArgs, RulesArgs } from "./args.js";
import { catalog, type CatalogEntry } from "./catalog.js";
import { useColor } from "./color.js";
import type { CliIO } from "./main.js";
import { renderMarkdown } from "./terminalMarkdown.js";

export async function runCommand(args: RulesArgs | ExplainArgs | InitArgs, io: CliIO): Promise<number> {
  switch (args.command) {
    case "rules": return listRules(args, io);
    case "explain": return explain(args, io);
    case "init": return init(args, io);
  }
}

export interface RuleListing {
  id: string;
  family: string;
  title: string;
  defaultSeverity: string;
  /** false: runs only when the configuration turns it on. */
  enabledByDefault: boolean;
  /** "safe" (part of --fix; some are safe only when the manifest shows it, see docs/FIXES.md), "unsafe" or "none". */
  fix: string;
  mirrors: { psa?: string; kubeLinter?: readonly string[]; polaris?: readonly string[]; kubeScore?: readonly string[] };
  docs: string;
}

export function ruleListing(e: CatalogEntry): RuleListing {
  return {
    id: e.id,
    family: e.id.split("/")[0],
    title: e.title,
    defaultSeverity: e.defaultSeverity,
    enabledByDefault: e.meta?.enabledByDefault !== false,
    fix: e.meta?.fix ?? "none",
    mirrors: { ...(e.meta?.sources ?? {}) },
    docs: docsUrl(e.id),
  };
}

function listRules(args: RulesArgs, io: CliIO): number {
  const base = args.docsUrl ?? io.env.KUBEREADY_DOCS_URL;
  if (base) setDocsBase(base);
  const rows = catalog().map(ruleListing).sort((a, b) => a.id.localeCompare(b.id));
  if (args.format === "json") {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const mirrors = (r: RuleListing) => [
    r.mirrors.psa && `PSA ${r.mirrors.psa}`,
    r.mirrors.kubeLinter?.length && `kube-linter ${r.mirrors.kubeLinter.join(",")}`,
    r.mirrors.polaris?.length && `Polaris ${r.mirrors.polaris.join(",")}`,
    r.mirrors.kubeScore?.length && `kube-score ${r.mirrors.kubeScore.join(",")}`,
  ].filter(Boolean).join("; ");
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  const lines = [`${"RULE".padEnd(idWidth)}  SEVERITY  FIX     TITLE`];
  for (const r of rows) {
    const m = mirrors(r);
    lines.push(`${r.id.padEnd(idWidth)}  ${(r.enabledByDefault ? r.defaultSeverity : "off").padEnd(8)}  ${r.fix.padEnd(6)}  ${r.title}${m ? `  [${m}]` : ""}`);
  }
  lines.push("", `${rows.length} rules. 'kubeready explain RULE' shows a rule's documentation; docs: ${docsUrl("x/y").replace(/x-y\.md$/, "")}`);
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** The rule pages: docs/rules/ beside the bundle (dist/../docs/rules) or in the source tree. */
function rulePage(id: string): string | undefined {
  const file = `${id.replace("/", "-")}.md`;
  for (const dir of [join(__dirname, "..", "docs", "rules"), join(__dirname, "..", "..", "docs", "rules")]) {
    const p = join(dir, file);
    if (existsSync(p)) return readFileSync(p, "utf8");
  }
  return undefined;
}

function explain(args: ExplainArgs, io: CliIO): number {
  const entries = catalog();
  const wanted = args.rule.toLowerCase();
  const e = entries.find((x) => x.id === wanted) ?? entries.find((x) => x.id.endsWith(`/${wanted}`));
  if (!e) {
    const near = entries.filter((x) => x.id.includes(wanted.split("/").pop() ?? wanted)).map((x) => x.id).slice(0, 5);
    io.stderr.write(`kubeready: no rule '${args.rule}'${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}; 'kubeready rules' lists them\n`);
    return 2;
  }
  const page = rulePage(e.id);
  const text = page
    ? page.replace(/^<!--.*?-->\s*/s, "")
    : `# ${e.id}\n\n**${e.title}**\n\n${e.description ?? ""}\n`;
  // Rendered for reading (headings, indented code, links as "text (url)"); ANSI styles only on a colour terminal.
  const columns = (io.stdout as { columns?: number }).columns;
  const rendered = renderMarkdown(text, { color: useColor(io), base: docsUrl(e.id), width: columns && columns > 40 ? columns : undefined });
  io.stdout.write(`${rendered}\nOnline: ${docsUrl(e.id)}\n`);
  return 0;
}

export const INIT_TEMPLATE = `# kubeready configuration (https://github.com/kubeready/kubeready/blob/main/docs/CLI.md).
# The CLI reads the nearest .kubeready.yaml above the folder it runs in; the editor extension reads it too.
# A JSON schema gives completion and validation in VS Code (schemas/kubeready-config.schema.json).

# Pod Security Standards level and version to check workloads against. A Namespace in scope with a
# pod-security.kubernetes.io/enforce label sets the level for its own workloads.
pss:
  level: restricted          # privileged, baseline or restricted
  version: latest            # v1.N (for example v1.30) or latest

# Per-rule severity (error, warning, info or off), or a mapping with severity and the rule's options
# ('kubeready rules' lists every rule; 'kubeready explain RULE' shows its options).
rules:
  # hardening/read-only-root-filesystem: error
  # availability/missing-pdb: off
  # hardening/namespace-pss-enforce:
  #   severity: warning
  #   ignoreNamespaces: [kube-system, kube-public, kube-node-lease]

# Files the CLI and the editor's workspace scan skip (globs relative to this file). Files that .gitignore
# ignores are skipped too (kubeready lint --no-ignore lints them).
exclude:
  - "**/node_modules/**"
  - "**/.git/**"
  # - "charts/**/templates/**"

# Workloads the guide calls critical (they need Guaranteed QoS and a PodDisruptionBudget):
# name, namespace/name or kind/namespace/name.
criticalWorkloads: []

# Namespace of objects that name none and have no kustomization.yaml with a namespace beside them.
defaultNamespace: default
`;

async function init(args: InitArgs, io: CliIO): Promise<number> {
  const target = resolve(io.cwd, args.output ?? ".kubeready.yaml");
  try {
    await fs.writeFile(target, INIT_TEMPLATE, { flag: args.force ? "w" : "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr.write(code === "EEXIST"
      ? `kubeready: ${args.output ?? ".kubeready.yaml"} already exists (--force overwrites it)\n`
      : `kubeready: cannot write ${args.output ?? ".kubeready.yaml"}: ${code ?? (e as Error).message}\n`);
    return 2;
  }
  io.stdout.write(`Wrote ${args.output ?? ".kubeready.yaml"}: edit it to fit your repository, then run 'kubeready lint'.\n`);
  return 0;
}
