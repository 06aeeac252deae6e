// The one typed configuration shared by the CLI (.kubeready.yaml) and the language server (settings override it).
import { parse } from "yaml";

export type Severity = "error" | "warning" | "info";
export type SeveritySetting = Severity | "off";
export type PssLevelSetting = "privileged" | "baseline" | "restricted";

export interface KubereadyConfig {
  pss: { level: PssLevelSetting; version: string };
  /** Per-rule severity override or "off"; keys are rule ids. */
  rules: Record<string, SeveritySetting>;
  /** Per-rule options (see each rule's docs: Options). */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** Glob patterns (relative to the config file) the CLI and the workspace scan skip. */
  exclude: string[];
  /** Workloads the guide calls critical: "namespace/name", "name", or "kind/namespace/name". */
  criticalWorkloads: string[];
  /** Namespace for objects that name none and have no kustomization.yaml beside them. */
  defaultNamespace: string;
  /** Folder names a CLI folder walk skips as test data (`test`, `testdata`, `hack` …); [] lints them all. */
  testFolders: string[];
  /**
   * Folder names a CLI folder walk treats as documentation and examples (`docs`, `examples`, `tutorials` …): their files
   * are left out unless they install something (a workload with its RBAC, or a CRD); [] lints them all.
   */
  exampleFolders: string[];
  /** The `render:` section (tool paths, values files, timeout), read and validated by render/config.ts. */
  render?: Record<string, unknown>;
}

export const DEFAULT_CONFIG: KubereadyConfig = {
  pss: { level: "restricted", version: "latest" },
  rules: {},
  ruleOptions: {},
  exclude: ["**/node_modules/**", "**/.git/**"],
  criticalWorkloads: [],
  defaultNamespace: "default",
  testFolders: ["test", "tests", "testdata", "e2e", "fixtures", "hack"],
  exampleFolders: ["docs", "doc", "examples", "example", "samples", "sample", "snippets", "tutorials", "tutorial", "demo", "demos"],
};

export interface ConfigProblem { message: string }

const KNOWN_KEYS = ["pss", "rules", "exclude", "criticalWorkloads", "defaultNamespace", "render", "testFolders", "exampleFolders"];

/** Reads a `.kubeready.yaml` text into a config, collecting problems instead of throwing. */
export function parseConfig(text: string, base: KubereadyConfig = DEFAULT_CONFIG): { config: KubereadyConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    return { config: base, problems: [{ message: `.kubeready.yaml is not valid YAML: ${(e as Error).message.split("\n")[0]}` }] };
  }
  if (raw === null || raw === undefined) return { config: base, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) return { config: base, problems: [{ message: ".kubeready.yaml must be a mapping" }] };
  return mergeConfig(base, raw as Record<string, unknown>, problems);
}

/** Overlays a partial config (from YAML or VS Code settings) on a base, validating each field. */
export function mergeConfig(base: KubereadyConfig, raw: Record<string, unknown>, problems: ConfigProblem[] = []): { config: KubereadyConfig; problems: ConfigProblem[] } {
  const config: KubereadyConfig = structuredClone(base);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) problems.push({ message: `unknown key "${key}" (known: ${KNOWN_KEYS.join(", ")})` });
  }
  const pss = raw.pss as Record<string, unknown> | undefined;
  if (pss && typeof pss === "object") {
    if (pss.level !== undefined) {
      if (pss.level === "baseline" || pss.level === "restricted" || pss.level === "privileged") config.pss.level = pss.level;
      else problems.push({ message: `pss.level must be baseline, restricted or privileged, not ${JSON.stringify(pss.level)}` });
    }
    if (pss.version !== undefined) {
      const v = String(pss.version);
      if (/^v?1\.\d+$/.test(v) || v === "latest") config.pss.version = v.startsWith("v") || v === "latest" ? v : `v${v}`;
      else problems.push({ message: `pss.version must look like v1.30 or latest, not ${JSON.stringify(pss.version)}` });
    }
  }
  const rules = raw.rules as Record<string, unknown> | undefined;
  if (rules && typeof rules === "object") {
    for (const [id, setting] of Object.entries(rules)) {
      if (typeof setting === "string") {
        if (["error", "warning", "info", "off"].includes(setting)) config.rules[id] = setting as SeveritySetting;
        else problems.push({ message: `rules.${id}: severity must be error, warning, info or off` });
      } else if (setting && typeof setting === "object") {
        const s = setting as Record<string, unknown>;
        if (typeof s.severity === "string") {
          if (["error", "warning", "info", "off"].includes(s.severity)) config.rules[id] = s.severity as SeveritySetting;
          else problems.push({ message: `rules.${id}.severity must be error, warning, info or off` });
        }
        const { severity: _s, ...options } = s;
        if (Object.keys(options).length) config.ruleOptions[id] = { ...config.ruleOptions[id], ...options };
      } else if (setting === false) config.rules[id] = "off";
    }
  }
  if (Array.isArray(raw.exclude)) config.exclude = [...base.exclude, ...raw.exclude.map(String)];
  if (Array.isArray(raw.criticalWorkloads)) config.criticalWorkloads = raw.criticalWorkloads.map(String);
  if (typeof raw.defaultNamespace === "string" && raw.defaultNamespace) config.defaultNamespace = raw.defaultNamespace;
  // Replaces the list (so a repository can lint `hack/` again, or add `examples`); null or [] lints every folder.
  if (raw.testFolders === null) config.testFolders = [];
  else if (Array.isArray(raw.testFolders)) config.testFolders = raw.testFolders.map(String).filter((s) => s && !s.includes("/"));
  else if (raw.testFolders !== undefined) problems.push({ message: "testFolders must be a list of folder names (for example [test, testdata, e2e]), or [] to lint every folder" });
  if (raw.exampleFolders === null) config.exampleFolders = [];
  else if (Array.isArray(raw.exampleFolders)) config.exampleFolders = raw.exampleFolders.map(String).filter((s) => s && !s.includes("/"));
  else if (raw.exampleFolders !== undefined) problems.push({ message: "exampleFolders must be a list of folder names (for example [docs, examples]), or [] to lint every folder" });
  if (raw.render !== undefined) {
    if (raw.render && typeof raw.render === "object" && !Array.isArray(raw.render)) config.render = { ...base.render, ...(raw.render as Record<string, unknown>) };
    else problems.push({ message: "render must be a mapping (helm, kustomize, kubectl, values, timeout, enabled)" });
  }
  return { config, problems };
}
