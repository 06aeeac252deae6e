// The kubeready.* settings: one typed object shared by the extension and the language server; package.json is generated from it.
// No vscode import here: the client reads values with `settingsFrom((key) => configuration.get(key))`,
// the server with `settingsFromSection(await getConfiguration({ section: "kubeready" }))`.

export type PssLevelSetting = "privileged" | "baseline" | "restricted";
export type SeveritySetting = "error" | "warning" | "info" | "off";
export type TraceSetting = "off" | "messages" | "verbose";

/** Unset values (null, empty lists) defer to `.kubeready.yaml`, then to the built-in defaults. */
export interface KubereadySettings {
  enable: boolean;
  pss: { level: PssLevelSetting | null; version: string | null };
  rules: Record<string, SeveritySetting>;
  defaultNamespace: string | null;
  criticalWorkloads: string[];
  exclude: string[];
  trace: { server: TraceSetting };
  schema: { enable: boolean; deferToRedHatYaml: boolean };
  render: { enable: boolean | null; helmPath: string | null; kustomizePath: string | null };
  cluster: { includeNamespaces: string[]; excludeNamespaces: string[] };
}

/** "enable" | "pss.level" | "pss.version" | "rules" | ...: every leaf of KubereadySettings (`rules` is one map-valued leaf). */
type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: K extends "rules" ? `${P}${K}`
    : T[K] extends readonly unknown[] ? `${P}${K}`
    : T[K] extends object ? Leaves<T[K], `${P}${K}.`>
    : `${P}${K}`;
}[keyof T & string];
export type SettingKey = Leaves<KubereadySettings>;

type ValueAt<T, K extends string> = K extends `${infer H}.${infer R}` ? (H extends keyof T ? ValueAt<T[H], R> : never) : K extends keyof T ? T[K] : never;

/** A JSON schema fragment as VS Code reads it in `contributes.configuration`. */
export interface SettingSchema {
  type: string | string[];
  default: unknown;
  markdownDescription: string;
  enum?: unknown[];
  markdownEnumDescriptions?: string[];
  pattern?: string;
  patternErrorMessage?: string;
  items?: Record<string, unknown>;
  additionalProperties?: Record<string, unknown>;
  scope?: "application" | "machine" | "window" | "resource" | "language-overridable" | "machine-overridable";
}

interface SettingSpec<V> {
  schema: Omit<SettingSchema, "default"> & { default: V };
  /** Whether a value from the editor is acceptable; anything else falls back to the default. */
  valid(value: unknown): value is V;
}

const SEVERITIES: SeveritySetting[] = ["error", "warning", "info", "off"];
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
const PSS_VERSION = /^(v?1\.(0|[1-9]\d*)|latest)$/;

/** Every setting, in the order the Settings editor shows them. Adding a field to KubereadySettings fails to compile until it is here. */
export const SETTINGS: { readonly [K in SettingKey]: SettingSpec<ValueAt<KubereadySettings, K>> } = {
  "enable": {
    schema: { type: "boolean", default: true, scope: "resource", markdownDescription: "Review Kubernetes YAML with kubeready. Set it to `false` in a folder's settings to turn kubeready off there." },
    valid: isBool,
  },
  "pss.level": {
    schema: {
      type: ["string", "null"], default: null, scope: "resource", enum: ["privileged", "baseline", "restricted", null],
      markdownEnumDescriptions: ["No Pod Security Standards checks.", "The Baseline profile: prevents known privilege escalations.", "The Restricted profile (includes Baseline): current pod hardening best practice.", "Use `pss.level` of `.kubeready.yaml`, else `restricted`."],
      markdownDescription: "Pod Security Standards level to check workloads against. `null` uses `pss.level` of `.kubeready.yaml`, else `restricted`. A Namespace in scope with a `pod-security.kubernetes.io/enforce` label sets the level for its own workloads.",
    },
    valid: (v): v is PssLevelSetting | null => v === null || v === "privileged" || v === "baseline" || v === "restricted",
  },
  "pss.version": {
    schema: {
      type: ["string", "null"], default: null, scope: "resource", pattern: PSS_VERSION.source, patternErrorMessage: "v1.N (for example v1.30) or latest",
      markdownDescription: "Pod Security Standards policy version (`v1.N` or `latest`), as in the `pod-security.kubernetes.io/enforce-version` label. `null` uses `pss.version` of `.kubeready.yaml`, else `latest`.",
    },
    valid: (v): v is string | null => v === null || (typeof v === "string" && PSS_VERSION.test(v)),
  },
  "rules": {
    schema: {
      type: "object", default: {}, scope: "resource", additionalProperties: { type: "string", enum: SEVERITIES },
      markdownDescription: "Severity per rule id (`error`, `warning`, `info` or `off`), overriding `rules` of `.kubeready.yaml`. Example: `{ \"hardening/read-only-root-filesystem\": \"error\" }`.",
    },
    valid: (v): v is Record<string, SeveritySetting> => !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((s) => SEVERITIES.includes(s as SeveritySetting)),
  },
  "defaultNamespace": {
    schema: { type: ["string", "null"], default: null, scope: "resource", markdownDescription: "Namespace of objects that name none and have no `kustomization.yaml` with a `namespace:` beside them. `null` uses `defaultNamespace` of `.kubeready.yaml`, else `default`." },
    valid: (v): v is string | null => v === null || typeof v === "string",
  },
  "criticalWorkloads": {
    schema: { type: "array", default: [], scope: "resource", items: { type: "string" }, markdownDescription: "Workloads the guide calls critical (they need Guaranteed QoS and a PodDisruptionBudget): `name`, `namespace/name` or `kind/namespace/name`. When not empty, replaces `criticalWorkloads` of `.kubeready.yaml`." },
    valid: isStringList,
  },
  "exclude": {
    schema: { type: "array", default: [], scope: "resource", items: { type: "string" }, markdownDescription: "Glob patterns of files the workspace scan skips (relative to the workspace folder), in addition to `exclude` of `.kubeready.yaml`. `node_modules` and `.git` are always skipped." },
    valid: isStringList,
  },
  "trace.server": {
    schema: { type: "string", default: "off", scope: "window", enum: ["off", "messages", "verbose"], markdownDescription: "Traces the messages between VS Code and the kubeready language server in the kubeready output channel." },
    valid: (v): v is TraceSetting => v === "off" || v === "messages" || v === "verbose",
  },
  "schema.enable": {
    schema: { type: "boolean", default: true, scope: "resource", markdownDescription: "Kubernetes schema features of the embedded YAML service: completion, hover and validation of fields, from schemas that ship with the extension (nothing is downloaded)." },
    valid: isBool,
  },
  "schema.deferToRedHatYaml": {
    schema: { type: "boolean", default: true, scope: "resource", markdownDescription: "When Red Hat's YAML extension (`redhat.vscode-yaml`) is active, leave schema completion, hover and validation to it, so they do not show twice." },
    valid: isBool,
  },
  "render.enable": {
    schema: {
      type: ["boolean", "null"], default: null, scope: "resource",
      markdownDescription: "Render Helm charts (`helm template`) and kustomize overlays (`kustomize build`) after a save and judge what is deployed, with each finding on the source line. `null` uses `render.enabled` of `.kubeready.yaml`, else `true`. Never per keystroke, never over the network.",
    },
    valid: (v): v is boolean | null => v === null || typeof v === "boolean",
  },
  "render.helmPath": {
    schema: { type: ["string", "null"], default: null, scope: "machine-overridable", markdownDescription: "The `helm` (v3) executable. `null` uses `render.helm` of `.kubeready.yaml`, else `helm` on PATH." },
    valid: (v): v is string | null => v === null || typeof v === "string",
  },
  "render.kustomizePath": {
    schema: { type: ["string", "null"], default: null, scope: "machine-overridable", markdownDescription: "The `kustomize` executable. `null` uses `render.kustomize` of `.kubeready.yaml`, else `kustomize` on PATH, else `kubectl kustomize`." },
    valid: (v): v is string | null => v === null || typeof v === "string",
  },
  "cluster.includeNamespaces": {
    schema: { type: "array", default: [], scope: "window", items: { type: "string" }, markdownDescription: "Namespaces the Cluster Readiness tree reviews (names or `*` globs such as `team-*`). Empty: every namespace not excluded by `#kubeready.cluster.excludeNamespaces#`. Naming a system namespace here reviews it." },
    valid: isStringList,
  },
  "cluster.excludeNamespaces": {
    schema: { type: "array", default: ["kube-system", "kube-public", "kube-node-lease"], scope: "window", items: { type: "string" }, markdownDescription: "Namespaces the Cluster Readiness tree leaves out (names or `*` globs); the tree lists them as not reviewed. By default the system namespaces, whose control-plane pods cannot meet `restricted`. An empty list reviews every namespace." },
    valid: isStringList,
  },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

function setAt(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let o = target;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts[parts.length - 1]] = value;
}

function getAt(source: unknown, key: string): unknown {
  let o = source;
  for (const p of key.split(".")) {
    if (!o || typeof o !== "object") return undefined;
    o = (o as Record<string, unknown>)[p];
  }
  return o;
}

/**
 * A plain copy of a setting's value. Settings are JSON; VS Code's `WorkspaceConfiguration.get` returns arrays and objects
 * as read-only Proxies, which structuredClone refuses ("#<Object> could not be cloned"), so the copy goes through JSON.
 */
function plainCopy<T>(value: T): T {
  return value === undefined || value === null || typeof value !== "object" ? value : JSON.parse(JSON.stringify(value)) as T;
}

/** Reads every setting through `get` (a dotted key without the `kubeready.` prefix); invalid or missing values take the default. */
export function settingsFrom(get: (key: SettingKey) => unknown): KubereadySettings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key] as SettingSpec<unknown>;
    const value = get(key);
    setAt(out, key, value !== undefined && spec.valid(value) ? plainCopy(value) : plainCopy(spec.schema.default));
  }
  return out as unknown as KubereadySettings;
}

/** The `kubeready` section as `workspace/configuration` returns it (a nested object), typed and defaulted. */
export function settingsFromSection(section: unknown): KubereadySettings {
  return settingsFrom((key) => getAt(section, key));
}

export const DEFAULT_SETTINGS: KubereadySettings = settingsFrom(() => undefined);

export interface RuleSummary { id: string; title: string; defaultSeverity: string }

/**
 * `contributes.configuration.properties` for package.json (written by scripts/gen-docs.ts): every setting under
 * `kubeready.`, with `kubeready.rules` listing each rule id so the Settings JSON editor completes them.
 */
export function configurationProperties(rules: readonly RuleSummary[]): Record<string, SettingSchema & { order: number }> {
  const props: Record<string, SettingSchema & { order: number }> = {};
  SETTING_KEYS.forEach((key, order) => {
    const schema: SettingSchema = { ...SETTINGS[key].schema };
    if (key === "rules") {
      const perRule: Record<string, unknown> = {};
      for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
        perRule[r.id] = { type: "string", enum: SEVERITIES, markdownDescription: `${r.title} (default: \`${r.defaultSeverity}\`)` };
      }
      Object.assign(schema, { properties: perRule });
    }
    props[`kubeready.${key}`] = { ...schema, order };
  });
  return props;
}
