// PSA check "allowPrivilegeEscalation" (check_allowPrivilegeEscalation.go): every container sets it to false.
import { containersOf, isWindowsPod, joinQuote, optBool, pluralize, securityContextOf } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

/** allowPrivilegeEscalation_1_8: unset counts as true. */
const allowPrivilegeEscalation_1_8: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const paths: Path[] = [];
  for (const c of containersOf(spec)) {
    if (optBool(securityContextOf(c)?.allowPrivilegeEscalation) !== false) {
      bad.push(c.ref);
      paths.push([...c.path, "securityContext", "allowPrivilegeEscalation"]);
    }
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "allowPrivilegeEscalation != false",
    detail: `${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))} must set securityContext.allowPrivilegeEscalation=false`,
    paths,
    containers: bad,
  };
};

/** allowPrivilegeEscalation_1_25: pods with spec.os.name=windows are exempt. */
const allowPrivilegeEscalation_1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? undefined : allowPrivilegeEscalation_1_8(meta, spec));

export const allowPrivilegeEscalationCheck: Check = {
  id: "allowPrivilegeEscalation",
  level: "restricted",
  title: "Privilege escalation",
  versions: [
    // The field exists since Kubernetes 1.8.
    { minimumVersion: 8, checkPod: allowPrivilegeEscalation_1_8, upstream: "allowPrivilegeEscalation_1_8" },
    { minimumVersion: 25, checkPod: allowPrivilegeEscalation_1_25, upstream: "allowPrivilegeEscalation_1_25 (Windows exempt)" },
  ],
};
