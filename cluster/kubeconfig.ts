// Kubeconfig loading (explicit path, KUBECONFIG, ~/.kube/config), its contexts, switching context in memory, and a debounced file watcher.
import { existsSync, watch, type FSWatcher } from "node:fs";
import { homedir } from "node:os";
import { basename, delimiter, dirname, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { ClusterError } from "./errors.js";

export interface KubeconfigContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  current: boolean;
}

export type KubeconfigLoad =
  | { ok: true; kc: KubeConfig; paths: string[] }
  | { ok: false; error: ClusterError; paths: string[] };

/** The files kubectl would read, in order: an explicit path, else every KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigPaths(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicitPath) return [explicitPath];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter(Boolean);
  return [join(homedir(), ".kube", "config")];
}

/** Loads and merges kubeconfig files as kubectl does (missing files are skipped); never throws. */
export function loadKubeconfig(options: { path?: string; context?: string; env?: NodeJS.ProcessEnv } = {}): KubeconfigLoad {
  const paths = kubeconfigPaths(options.path, options.env);
  const present = paths.filter((p) => existsSync(p));
  if (present.length === 0) {
    return { ok: false, paths, error: { code: "other", message: `No kubeconfig found (looked at ${paths.join(", ")}).` } };
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(present[0]!);
    for (const p of present.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(p);
      // The first file that sets current-context wins, as with kubectl.
      kc.mergeConfig(more, Boolean(kc.getCurrentContext()));
    }
  } catch (e) {
    return { ok: false, paths: present, error: { code: "other", message: `Cannot read kubeconfig: ${e instanceof Error ? e.message : String(e)}` } };
  }
  if (options.context) {
    const switched = useContext(kc, options.context);
    if (!switched) return { ok: false, paths: present, error: { code: "other", message: `The kubeconfig has no context named "${options.context}".` } };
    return { ok: true, kc: switched, paths: present };
  }
  if (!kc.getCurrentContext() || !kc.getCurrentCluster()) {
    return { ok: false, paths: present, error: { code: "other", message: "The kubeconfig sets no usable current-context." } };
  }
  return { ok: true, kc, paths: present };
}

export function listContexts(kc: KubeConfig): KubeconfigContextInfo[] {
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    ...(c.namespace ? { namespace: c.namespace } : {}),
    ...(kc.getCluster(c.cluster)?.server ? { server: kc.getCluster(c.cluster)!.server } : {}),
    current: c.name === current,
  }));
}

/** A copy of the kubeconfig with another current context; the file on disk is never written. Undefined if there is no such context. */
export function useContext(kc: KubeConfig, name: string): KubeConfig | undefined {
  if (!kc.getContextObject(name)) return undefined;
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: name });
  return copy;
}

/** What a watcher compares to decide that a kubeconfig change matters to the view. */
export function kubeconfigFingerprint(load: KubeconfigLoad): string {
  if (!load.ok) return `error:${load.error.message}`;
  return JSON.stringify(listContexts(load.kc));
}

export interface KubeconfigWatcher {
  close(): void;
}

/**
 * Watches the kubeconfig files (through their folders, since kubectl replaces files rather than writing in place)
 * and calls onChange, debounced, when the contexts or the current context change.
 */
export function watchKubeconfig(
  onChange: (load: KubeconfigLoad) => void,
  options: { path?: string; env?: NodeJS.ProcessEnv; debounceMs?: number } = {},
): KubeconfigWatcher {
  const paths = kubeconfigPaths(options.path, options.env);
  const names = new Map<string, Set<string>>();
  for (const p of paths) {
    const dir = dirname(p);
    if (!names.has(dir)) names.set(dir, new Set());
    names.get(dir)!.add(basename(p));
  }
  const reload = () => loadKubeconfig({ ...(options.path ? { path: options.path } : {}), ...(options.env ? { env: options.env } : {}) });
  let last = kubeconfigFingerprint(reload());
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const load = reload();
      const fingerprint = kubeconfigFingerprint(load);
      if (fingerprint === last) return;
      last = fingerprint;
      onChange(load);
    }, options.debounceMs ?? 250);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, files] of names) {
    try {
      const w = watch(dir, (_event, file) => {
        if (!file || files.has(file.toString())) schedule();
      });
      w.on("error", () => undefined);
      watchers.push(w);
    } catch {
      // A folder that does not exist yet cannot be watched; the other files still are.
    }
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
