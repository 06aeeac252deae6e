// The Pod Security level a cluster enforces where a namespace has no label: the PodSecurity admission plugin's
// `defaults.enforce`, from an AdmissionConfiguration (or a bare PodSecurityConfiguration) in scope, or from the rule's
// `clusterDefault` option. Talos, for one, configures `defaults.enforce: baseline` on every cluster it builds.
import { asArray, asObject, type KObject } from "../../model/object.js";
import type { ObjectIndex } from "../../model/scope.js";

export const LEVELS = ["privileged", "baseline", "restricted"] as const;
export type Level = (typeof LEVELS)[number];

export interface ClusterDefault {
  level: Level;
  /** Where it comes from, for the message. */
  from: string;
  /** Namespaces the configuration exempts (they get no default). */
  exempt: readonly string[];
}

function podSecurityConfig(o: KObject): Record<string, unknown> | undefined {
  if (o.kind === "PodSecurityConfiguration" && o.apiVersion.startsWith("pod-security.admission.config.k8s.io/")) return o.value;
  if (o.kind !== "AdmissionConfiguration" || !o.apiVersion.startsWith("apiserver.config.k8s.io/")) return undefined;
  for (const p of asArray(o.value.plugins)) {
    const plugin = asObject(p);
    if (plugin?.name === "PodSecurity") return asObject(plugin.configuration);
  }
  return undefined;
}

/** The PodSecurity defaults written in the repository (the first AdmissionConfiguration in scope that sets one). */
export function clusterDefaultIn(index: ObjectIndex): ClusterDefault | undefined {
  return index.derived("hardening/namespace-pss-enforce:clusterDefault", (ix) => {
    for (const kind of ["AdmissionConfiguration", "PodSecurityConfiguration"]) {
      for (const o of ix.ofKind(kind)) {
        const c = podSecurityConfig(o);
        const level = asObject(c?.defaults)?.enforce;
        if (typeof level !== "string" || !(LEVELS as readonly string[]).includes(level)) continue;
        const exempt = asArray(asObject(c?.exemptions)?.namespaces).filter((x): x is string => typeof x === "string");
        return { level: level as Level, from: `the ${kind} in ${o.uri.split("/").pop()}`, exempt };
      }
    }
    return undefined;
  }, (a, b) => JSON.stringify(a) === JSON.stringify(b));
}
