// Finds helm, kustomize and kubectl (configured path, else PATH, else kubeready's own tool cache) and reads their versions.
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { runTool } from "./process.js";

export type ToolName = "helm" | "kustomize" | "kubectl";

export interface Tool {
  name: ToolName;
  path: string;
  /** "v3.21.4", "v5.8.2"; for kubectl, the version of the kustomize it embeds. */
  version: string;
}

/** Where `node scripts/tools.mjs install` puts the pinned tools. */
export function toolCacheDir(env: Record<string, string | undefined> = process.env): string {
  return env.KUBEREADY_TOOLS_DIR || join(homedir(), ".cache", "kubeready", "bin");
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface FindOptions {
  /** A configured path (settings, .kubeready.yaml, CLI flag); a bare name is looked up on PATH. */
  explicit?: string;
  /** Folder relative explicit paths are resolved against. */
  base?: string;
  env?: Record<string, string | undefined>;
}

/** The executable for `name`, or undefined when it is nowhere to be found. */
export function findExecutable(name: ToolName, options: FindOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const wanted = options.explicit || name;
  if (wanted.includes("/") || isAbsolute(wanted)) {
    const p = resolve(options.base ?? process.cwd(), wanted);
    return executable(p) ? p : undefined;
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  // Only when nothing is configured: kubeready's own pinned build is the last resort (tests and CI use it).
  if (!options.explicit) dirs.push(toolCacheDir(env));
  for (const dir of dirs) {
    const p = join(dir, wanted);
    if (executable(p)) return p;
  }
  return undefined;
}

function readStamp(path: string): string | undefined {
  try { return readFileSync(path, "utf8"); } catch { return undefined; }
}

const versions = new Map<string, Promise<string | undefined>>();

/** The tool's version, asked once per executable and modification time. */
export function toolVersion(name: ToolName, path: string): Promise<string | undefined> {
  let mtime = 0;
  try { mtime = statSync(path).mtimeMs; } catch { /* asked anyway; the run reports the error */ }
  const key = `${name}|${path}|${mtime}`;
  let v = versions.get(key);
  if (!v) {
    const args = name === "helm" ? ["version", "--short"] : name === "kustomize" ? ["version"] : ["version", "--client"];
    v = runTool(path, args, { timeoutMs: 10_000 }).then((r) => {
      if (r.code !== 0) return undefined;
      // A build of scripts/tools.mjs (`go install` does not stamp helm's own version) keeps the pinned one beside it.
      const stamp = /@(v[\w.-]+)\s*$/.exec(readStamp(`${path}.version`) ?? "");
      if (stamp) return stamp[1];
      const text = r.stdout + r.stderr;
      const m = name === "kubectl" ? /Kustomize Version:\s*(v?[\d.]+)/.exec(text) : /v?\d+\.\d+\.\d+/.exec(text);
      return m ? (m[1] ?? m[0]).replace(/^(?!v)/, "v") : text.trim().split("\n")[0] || undefined;
    });
    versions.set(key, v);
  }
  return v;
}

/** Finds a tool and its version; undefined when missing or not runnable. */
export async function findTool(name: ToolName, options: FindOptions = {}): Promise<Tool | undefined> {
  const path = findExecutable(name, options);
  if (!path) return undefined;
  const version = await toolVersion(name, path);
  if (!version) return undefined;
  return { name, path, version };
}

/** One sentence on how to get a missing tool, for the information finding. */
export function installHint(name: "helm" | "kustomize"): string {
  return name === "helm"
    ? "install helm v3 (https://helm.sh/docs/intro/install/, or `go install helm.sh/helm/v3/cmd/helm@latest`) or set its path in `render.helm` of .kubeready.yaml or the kubeready.render.helmPath setting"
    : "install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/, or `go install sigs.k8s.io/kustomize/kustomize/v5@latest`) or kubectl, or set its path in `render.kustomize` of .kubeready.yaml or the kubeready.render.kustomizePath setting";
}
