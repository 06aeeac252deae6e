// What rendering is told: tools, values files, --set, time limit; merged from .kubeready.yaml, editor settings and CLI flags.
import type { KubereadyConfig } from "../rules/config.js";

export interface RenderOptions {
  /** False with --no-render or `render.enabled: false`: raw files only. */
  enabled: boolean;
  /** Configured executable paths (else PATH). */
  helm?: string;
  kustomize?: string;
  kubectl?: string;
  /**
   * Values files per chart folder (relative to `base`): each file is one environment, rendered with the chart's
   * values.yaml plus that file. A chart without an entry is rendered once, with its values.yaml.
   */
  values: Record<string, string[]>;
  /** `--values FILE` from the command line: added to every chart's render (relative to the working directory). */
  extraValues: string[];
  /** `--set key=value` from the command line. */
  set: string[];
  timeoutMs: number;
  /** `--kube-version` for helm: the PSS/cluster version setting, when it names one. */
  kubeVersion?: string;
  /** Folder relative paths of the configuration are resolved against (the .kubeready.yaml's folder). */
  base: string;
}

export interface RenderProblem { message: string }

export const DEFAULT_TIMEOUT_MS = 60_000;
/** `--kube-version` when pss.version is `latest`: the Kubernetes minor of the client libraries helm v3.21 is built with. */
export const DEFAULT_KUBE_VERSION = "v1.36.0";

/** Reads the `render:` section of the configuration (unknown keys and wrong types are reported, not thrown). */
export function renderOptionsFrom(config: KubereadyConfig, base: string, problems: RenderProblem[] = []): RenderOptions {
  const raw = config.render ?? {};
  const out: RenderOptions = { enabled: true, values: {}, extraValues: [], set: [], timeoutMs: DEFAULT_TIMEOUT_MS, base };
  for (const [key, v] of Object.entries(raw)) {
    switch (key) {
      case "enabled":
        if (typeof v === "boolean") out.enabled = v; else problems.push({ message: "render.enabled must be true or false" });
        break;
      case "helm": case "kustomize": case "kubectl":
        if (typeof v === "string" && v) out[key] = v; else problems.push({ message: `render.${key} must be a path to the executable` });
        break;
      case "timeout":
        if (typeof v === "number" && v > 0) out.timeoutMs = Math.round(v * 1000); else problems.push({ message: "render.timeout must be a number of seconds" });
        break;
      case "values":
        if (v && typeof v === "object" && !Array.isArray(v)) {
          for (const [chart, files] of Object.entries(v as Record<string, unknown>)) {
            const list = typeof files === "string" ? [files] : Array.isArray(files) ? files.filter((f): f is string => typeof f === "string") : [];
            out.values[chart.replace(/\/+$/, "").replace(/^\.\//, "")] = list;
          }
        } else problems.push({ message: "render.values must map chart folders to lists of values files" });
        break;
      default:
        problems.push({ message: `unknown key "render.${key}" (known: enabled, helm, kustomize, kubectl, timeout, values)` });
    }
  }
  const version = config.pss.version;
  // Always explicit: a helm built with `go install` (no release ldflags) assumes Kubernetes v1.20 and refuses every
  // chart with a `kubeVersion: >=1.23` constraint.
  out.kubeVersion = /^v1\.\d+$/.test(version) ? `${version}.0` : DEFAULT_KUBE_VERSION;
  return out;
}
