// PSA checks "procMount" (baseline, check_procMount_baseline.go) and "procMount_restricted"
// (check_procMount_restricted.go): securityContext.procMount must be unset or "Default".
import { containersOf, inUserNamespace, joinQuote, pluralize, securityContextOf, sortedUnique } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

/** procMount_1_0: blocks any non-Default procMount unconditionally. */
const procMount_1_0: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const types: string[] = [];
  const paths: Path[] = [];
  for (const c of containersOf(spec)) {
    const value = securityContextOf(c)?.procMount;
    // *ProcMountType: absent is allowed, and a non-string cannot be decoded, so it counts as absent.
    if (typeof value !== "string") continue;
    if (value !== "Default") {
      bad.push(c.ref);
      types.push(value);
      paths.push([...c.path, "securityContext", "procMount"]);
    }
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "procMount",
    detail: `${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
    paths,
    containers: bad,
  };
};

/** procMount1_35baseline: a pod in a user namespace (hostUsers: false) may use any procMount. */
const procMount1_35baseline: CheckPodFn = (meta, spec) => (inUserNamespace(spec) ? undefined : procMount_1_0(meta, spec));

export const procMountCheck: Check = {
  id: "procMount",
  level: "baseline",
  title: "/proc mount type",
  versions: [
    { minimumVersion: 0, checkPod: procMount_1_0, upstream: "procMount_1_0" },
    { minimumVersion: 35, checkPod: procMount1_35baseline, upstream: "procMount1_35baseline (hostUsers: false relaxes)" },
  ],
};

export const procMountRestrictedCheck: Check = {
  id: "procMount_restricted",
  level: "restricted",
  title: "/proc mount type (restricted)",
  versions: [
    // Restricted keeps the unconditional 1.0 rule once baseline relaxes it, and replaces the baseline check.
    { minimumVersion: 35, checkPod: procMount_1_0, overrides: ["procMount"], upstream: "procMount_1_0 (OverrideCheckIDs: procMount)" },
  ],
};
