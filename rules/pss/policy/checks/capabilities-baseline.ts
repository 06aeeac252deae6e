// PSA check "capabilities_baseline" (check_capabilities_baseline.go): capabilities.add only from the default set.
import { containersOf, joinQuote, list, obj, pluralize, securityContextOf, sortedUnique } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

/** capabilities_allowed_1_0 — unchanged since 1.0; NET_RAW is deliberately absent. */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

const capabilitiesBaseline_1_0: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const paths: Path[] = [];
  const forbidden: string[] = [];
  for (const c of containersOf(spec)) {
    const caps = obj(securityContextOf(c)?.capabilities);
    if (!caps) continue;
    let valid = true;
    list(caps.add).forEach((cap, j) => {
      // A Capability is a string; anything else cannot be decoded, so it counts as absent.
      if (typeof cap !== "string") return;
      if (!BASELINE_ALLOWED_CAPABILITIES.has(cap)) {
        valid = false;
        forbidden.push(cap);
        paths.push([...c.path, "securityContext", "capabilities", "add", j]);
      }
    });
    if (!valid) bad.push(c.ref);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "non-default capabilities",
    detail: `${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`,
    paths,
    containers: bad,
  };
};

export const capabilitiesBaselineCheck: Check = {
  id: "capabilities_baseline",
  level: "baseline",
  title: "Capabilities beyond the default set",
  versions: [{ minimumVersion: 0, checkPod: capabilitiesBaseline_1_0, upstream: "capabilitiesBaseline_1_0" }],
};
