// The rules the CLI can report: every registered rule plus the engine's pseudo-rules, with what SARIF and the docs need.
import type { RuleMeta, Severity } from "../../rules/api.js";
import { DUPLICATE_KEY_RULE, FILE_RULE, SKIP_RULE, SYNTAX_RULE } from "../../rules/engine.js";
import { docsUrl, RULES } from "../../rules/index.js";
import { RENDER_FAILED, RENDER_OFFLINE, RENDER_TOOL_MISSING } from "../../render/index.js";

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
    description: "A mapping that sets the same key twice. kubectl accepts it and keeps only the last value (sigs.k8s.io/yaml decodes with go-yaml v2's non-strict Unmarshal), so the earlier value is silently lost; kubeready reads the last value too, as Kubernetes does. Only documents that are Kubernetes objects are checked: a values file or a site config that repeats a key is not what kubectl applies.",
  },
  {
    id: SKIP_RULE,
    title: "Say what was not analysed",
    defaultSeverity: "info",
    description: "One information line for each file, or the documents of a file, that kubeready did not analyse, with the reason: Helm/Go, Jinja or Terraform templates (template markers in the YAML structure — `{{ }}`, `{% %}`, Terraform's `%{ if }`/`%{ for }` directives — or any `{{` in a Helm chart's `templates/` folder; markers inside comments, quoted strings and block scalars do not count; a `${var}` alone is no marker, as envsubst-style manifests use it too), files that Terraform renders (named by a `templatefile()` call in a `*.tf` file the run walks, or named `*.tftpl`/`*.tpl`), files that are not Kubernetes manifests (CI workflows, Docker Compose, JSON Schema, Helm values and `Chart.yaml`, kind/k3d cluster configurations, Ansible playbooks, JSON 6902 patches), and kustomize patches, which are checked as partial objects only — those a kustomization lists under `patches:`, and apps/v1 workloads written as patches that no kustomization lists (no `spec.selector` and no container with an `image`: the API server would reject them as whole objects). `kubeready lint --strict` makes anything not analysed fail the run.",
  },
  {
    id: RENDER_FAILED,
    title: "Helm charts and kustomize overlays must render",
    defaultSeverity: "error",
    description: "`helm template` or `kustomize build` failed on a chart or overlay: what it would deploy cannot be judged. The tool's message is reported on the file it names (a template line, a kustomization), else on the root's `Chart.yaml` or kustomization; the files are then judged one by one. A vendored dependency in `charts/` that is a Git LFS pointer (a checkout made without `git lfs pull`) is named as the cause, with the command that fixes it.",
  },
  {
    id: RENDER_OFFLINE,
    title: "Rendering never uses the network",
    defaultSeverity: "info",
    description: "A kustomization that includes a remote base (`https://`, `github.com/…`, `?ref=`) or a chart whose dependency is not vendored under `charts/` is not rendered, because kubeready never fetches anything while rendering. Vendor the dependency (`helm dependency build`) or the base to have it judged as deployed.",
  },
  {
    id: RENDER_TOOL_MISSING,
    title: "Charts and overlays are judged as rendered when helm and kustomize are installed",
    defaultSeverity: "info",
    description: "`helm` (for a folder with `Chart.yaml`) or `kustomize`/`kubectl` (for a kustomization no other one includes) was not found on PATH or at the configured path (`render:` of `.kubeready.yaml`, `kubeready.render.*` settings, `--helm`/`--kustomize`). One finding per chart or overlay says which tool and how to install it; the files are judged one by one meanwhile (the in-process kustomize model). `--no-render` or `render.enabled: false` turns rendering off.",
  },
];

export function catalog(): CatalogEntry[] {
  return [
    ...RULES.map((r) => ({ id: r.meta.id, title: r.meta.title, defaultSeverity: r.meta.defaultSeverity, meta: r.meta })),
    ...PSEUDO_RULES,
  ];
}

export { docsUrl };
