// The rules the CLI can report: every registered rule plus the engine's pseudo-rules, with what SARIF and the docs need.
import type { RuleMeta, Severity } from "../../rules/api.js";
import { DUPLICATE_KEY_RULE, FILE_RULE, SKIP_RULE, SYNTAX_RULE } from "../../rules/engine.js";
import { docsUrl, RULES } from "../../rules/index.js";

export interface CatalogEntry {
  id: string;
  title: string;
  defaultSeverity: Severity;
  /** Set for registered rules; undefined for the engine's pseudo-rules. */
  meta?: RuleMeta;
  /** What the pseudo-rules check (registered rules have their docs.md). */
  description?: string;
}

/** `yaml/syntax`, `yaml/unreadable` and `yaml/not-analysed`: reported by the engine itself, documented like rules. */
export const PSEUDO_RULES: readonly CatalogEntry[] = [
  {
    id: SYNTAX_RULE,
    title: "Files must be valid YAML",
    defaultSeverity: "error",
    description: "A YAML document that kubectl would not accept: it does not parse, it is not UTF-8, it has a `%YAML` directive other than 1.1, or a mapping key is itself a mapping or list. It is reported once per line, at the place the parser gave up; the other documents of the file are still checked. What kubectl's YAML decoder (go-yaml v2) accepts is never reported: YAML 1.1 booleans and octal numbers (read as Kubernetes reads them), quoted scalars continued at their key's indentation, deep nesting. Template documents are reported as `yaml/not-analysed` instead.",
  },
  {
    id: FILE_RULE,
    title: "Files must be readable text of a reasonable size",
    defaultSeverity: "info",
    description: "A file that is not analysed at all: it contains binary data (NUL characters), or it is larger than the size limit (8 MB in the editor; `--max-file-size`, default 64 MB, for the CLI, where a larger input is an error with exit code 2).",
  },
  {
    id: DUPLICATE_KEY_RULE,
    title: "A key appears once in a mapping",
    defaultSeverity: "warning",
    description: "A mapping that sets the same key twice. kubectl accepts it and keeps only the last value (sigs.k8s.io/yaml decodes with go-yaml v2's non-strict Unmarshal), so the earlier value is silently lost; kubeready reads the last value too, as Kubernetes does.",
  },
  {
    id: SKIP_RULE,
    title: "Say what was not analysed",
    defaultSeverity: "info",
    description: "One information line for each file, or the documents of a file, that kubeready did not analyse, with the reason: Helm/Go or Jinja templates (template markers in the YAML structure, or any `{{` in a Helm chart's `templates/` folder; markers inside comments, quoted strings and block scalars do not count), files that are not Kubernetes manifests (CI workflows, Docker Compose, JSON Schema, Helm values and `Chart.yaml`, kind/k3d cluster configurations, Ansible playbooks, JSON 6902 patches), and kustomize patches, which are checked as partial objects only. `kubeready lint --strict` makes anything not analysed fail the run.",
  },
];

export function catalog(): CatalogEntry[] {
  return [
    ...RULES.map((r) => ({ id: r.meta.id, title: r.meta.title, defaultSeverity: r.meta.defaultSeverity, meta: r.meta })),
    ...PSEUDO_RULES,
  ];
}

export { docsUrl };
