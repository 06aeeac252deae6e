// PSA check "capabilities_restricted" (check_capabilities_restricted.go, policy 1.22+):
// every container drops ALL and may add back only NET_BIND_SERVICE.
import { containersOf, isWindowsPod, joinQuote, list, obj, pluralize, securityContextOf, sortedUnique } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

const capabilitiesRestricted_1_22: CheckPodFn = (_meta, spec) => {
  const missingDropAll: ContainerRef[] = [];
  const addingForbidden: ContainerRef[] = [];
  const forbidden: string[] = [];
  const paths: Path[] = [];
  for (const c of containersOf(spec)) {
    const caps = obj(securityContextOf(c)?.capabilities);
    if (!caps) {
      missingDropAll.push(c.ref);
      paths.push([...c.path, "securityContext", "capabilities", "drop"]);
      continue;
    }
    if (!list(caps.drop).some((cap) => cap === "ALL")) {
      missingDropAll.push(c.ref);
      paths.push([...c.path, "securityContext", "capabilities", "drop"]);
    }
    let added = false;
    list(caps.add).forEach((cap, j) => {
      // non-string entries cannot be decoded: absent
      if (typeof cap === "string" && cap !== "NET_BIND_SERVICE") {
        added = true;
        forbidden.push(cap);
        paths.push([...c.path, "securityContext", "capabilities", "add", j]);
      }
    });
    if (added) addingForbidden.push(c.ref);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${pluralize("container", "containers", missingDropAll.length)} ${joinQuote(missingDropAll.map((r) => r.name))} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(`${pluralize("container", "containers", addingForbidden.length)} ${joinQuote(addingForbidden.map((r) => r.name))} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`);
  }
  if (details.length === 0) return undefined;
  const containers = [...missingDropAll, ...addingForbidden.filter((r) => !missingDropAll.includes(r))];
  return { reason: "unrestricted capabilities", detail: details.join("; "), paths, containers };
};

/** capabilitiesRestrictedV1Dot25: pods with spec.os.name=windows are exempt. */
const capabilitiesRestricted_1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? undefined : capabilitiesRestricted_1_22(meta, spec));

export const capabilitiesRestrictedCheck: Check = {
  id: "capabilities_restricted",
  level: "restricted",
  title: "Capabilities (restricted)",
  versions: [
    { minimumVersion: 22, checkPod: capabilitiesRestricted_1_22, overrides: ["capabilities_baseline"], upstream: "capabilitiesRestrictedV1Dot22 (OverrideCheckIDs: capabilities_baseline)" },
    { minimumVersion: 25, checkPod: capabilitiesRestricted_1_25, overrides: ["capabilities_baseline"], upstream: "capabilitiesRestrictedV1Dot25 (Windows exempt)" },
  ],
};
