// The Cluster Autoscaler as a repository deploys it: its Deployment and the flags that decide which pods block removing a node.
import { asArray, type KObject } from "./object.js";
import { containersOf, podTemplateOf } from "./podspec.js";
import type { Path } from "./position.js";
import type { ObjectIndex } from "./scope.js";

const MEMO = "kubeready.model.cluster-autoscaler";

export const SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
export const SAFE_TO_EVICT_LOCAL_VOLUMES = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes";

export interface ClusterAutoscaler {
  readonly object: KObject;
  /** Flags as written (`--name=value`, `--name value`, or a bare `--name` meaning true), by name without dashes. */
  readonly flags: ReadonlyMap<string, { value: string; path: Path }>;
}

/** The command line of the cluster-autoscaler container of a workload, if it runs one. */
export function clusterAutoscalerOf(o: KObject): ClusterAutoscaler | undefined {
  if (o.kind !== "Deployment" || o.partial) return undefined;
  const t = podTemplateOf(o);
  if (!t) return undefined;
  for (const c of containersOf(t)) {
    const image = typeof c.value.image === "string" ? c.value.image : "";
    const command = asArray(c.value.command).filter((x): x is string => typeof x === "string");
    if (!/(^|\/)cluster-autoscaler(:|@|$)/.test(image) && !command.some((x) => /(^|\/)cluster-autoscaler$/.test(x))) continue;
    const flags = new Map<string, { value: string; path: Path }>();
    for (const field of ["command", "args"] as const) {
      const list = asArray(c.value[field]);
      list.forEach((item, i) => {
        if (typeof item !== "string" || !item.startsWith("--")) return;
        const eq = item.indexOf("=");
        const name = item.slice(2, eq < 0 ? undefined : eq);
        const next = list[i + 1];
        const value = eq >= 0 ? item.slice(eq + 1) : typeof next === "string" && !next.startsWith("-") ? next : "true";
        flags.set(name, { value, path: [...c.path, field, i] });
      });
    }
    return { object: o, flags };
  }
  return undefined;
}

/** The Cluster Autoscalers in scope (usually one). */
export function clusterAutoscalers(index: ObjectIndex): readonly ClusterAutoscaler[] {
  return index.derived(`${MEMO}.all`, (ix) => ix.ofKind("Deployment").map(clusterAutoscalerOf).filter((c): c is ClusterAutoscaler => !!c));
}

/** A boolean flag with its default: "false"/"0" are false, anything else written is true. */
export function flagIsTrue(ca: ClusterAutoscaler, name: string, byDefault: boolean): boolean {
  const f = ca.flags.get(name);
  if (!f) return byDefault;
  return !/^(false|0)$/i.test(f.value.trim());
}

const GO_DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
const GO_UNIT_MS: Record<string, number> = { h: 3600e3, m: 60e3, s: 1e3, ms: 1 };

/** Parses a Go duration flag value (`10m`, `1m0s`, `90s`, `1h30m`) into milliseconds; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(GO_DURATION_PART)) ms += Number(m[1]) * GO_UNIT_MS[m[2]!]!;
  return ms;
}
