// The JSON schema of .kubeready.yaml (schemas/kubeready-config.schema.json, contributed to VS Code through
// contributes.yamlValidation): completion and validation of the configuration file, with every rule and its options.
import type { RuleOption } from "../../rules/api.js";
import { RULES } from "../../rules/index.js";

const SEVERITY = { type: "string", enum: ["error", "warning", "info", "off"] };

function optionSchema(o: RuleOption): Record<string, unknown> {
  const type = o.type === "string[]" ? { type: "array", items: { type: "string" } } : { type: o.type };
  return { ...type, description: o.description, default: o.default };
}

export function configSchema(): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const r of [...RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const options = Object.entries(r.meta.options ?? {});
    const withOptions = {
      type: "object",
      additionalProperties: false,
      properties: { severity: { ...SEVERITY, description: "Severity, or off." }, ...Object.fromEntries(options.map(([k, o]) => [k, optionSchema(o)])) },
    };
    rules[r.meta.id] = {
      description: `${r.meta.title} (default: ${r.meta.defaultSeverity}; fix: ${r.meta.fix})`,
      oneOf: [SEVERITY, withOptions],
    };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/kubeready/kubeready/blob/main/schemas/kubeready-config.schema.json",
    title: "kubeready configuration (.kubeready.yaml)",
    type: "object",
    additionalProperties: false,
    properties: {
      pss: {
        type: "object",
        description: "Pod Security Standards level and version to check workloads against.",
        additionalProperties: false,
        properties: {
          level: { type: "string", enum: ["privileged", "baseline", "restricted"], default: "restricted" },
          version: { type: "string", pattern: "^(v?1\\.(0|[1-9]\\d*)|latest)$", default: "latest", description: "v1.N (for example v1.30) or latest" },
        },
      },
      rules: {
        type: ["object", "null"],
        description: "Per-rule severity (error, warning, info or off), or a mapping with severity and the rule's options. A family wildcard (pss/*) sets a whole family.",
        properties: rules,
        patternProperties: { "^[a-z]+/\\*$": SEVERITY },
        additionalProperties: false,
      },
      exclude: { type: "array", items: { type: "string" }, description: "Glob patterns (relative to this file) of files to skip.", default: ["**/node_modules/**", "**/.git/**"] },
      criticalWorkloads: { type: "array", items: { type: "string" }, description: "Workloads the guide calls critical: name, namespace/name or kind/namespace/name.", default: [] },
      defaultNamespace: { type: "string", description: "Namespace of objects that name none.", default: "default" },
      testFolders: { type: ["array", "null"], items: { type: "string", pattern: "^[^/]+$" }, description: "Folder names a folder walk skips as test data, said once in the run (kubeready lint --include-tests lints them); [] lints every folder.", default: ["test", "tests", "testdata", "e2e", "fixtures", "hack"] },
      exampleFolders: { type: ["array", "null"], items: { type: "string", pattern: "^[^/]+$" }, description: "Folder names a folder walk treats as documentation and examples: their files are left out, said once in the run, unless they install something (a workload with its RBAC in the same file, or a CustomResourceDefinition); kubeready lint --include-examples lints them; [] lints every folder.", default: ["docs", "doc", "examples", "example", "samples", "sample", "snippets", "tutorials", "tutorial", "demo", "demos"] },
    },
  };
}

export function configSchemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}
