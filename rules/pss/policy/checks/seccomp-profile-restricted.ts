// PSA check "seccompProfile_restricted" (check_seccompProfile_restricted.go, policy 1.19+):
// seccompProfile.type must be RuntimeDefault or Localhost, set on the pod or on every container.
import { containersOf, isWindowsPod, joinQuote, obj, podSecurityContext, pluralize, securityContextOf, sortedUnique, str } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";
import { validSeccompType } from "./seccomp-profile-baseline.js";

const seccompProfileRestricted_1_19: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const explicitPaths: Path[] = [];
  let podSeccompSet = false;
  const podProfile = obj(podSecurityContext(spec)?.seccompProfile);
  if (podProfile) {
    if (!validSeccompType(str(podProfile.type))) {
      badSetters.push("pod");
      badValues.push(str(podProfile.type));
      explicitPaths.push(["spec", "securityContext", "seccompProfile", "type"]);
    } else {
      podSeccompSet = true;
    }
  }

  const explicitlyBad: ContainerRef[] = [];
  const implicitlyBad: ContainerRef[] = [];
  const implicitPaths: Path[] = [];
  for (const c of containersOf(spec)) {
    const profile = obj(securityContextOf(c)?.seccompProfile);
    if (profile) {
      if (!validSeccompType(str(profile.type))) {
        explicitlyBad.push(c.ref);
        badValues.push(str(profile.type));
        explicitPaths.push([...c.path, "securityContext", "seccompProfile", "type"]);
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(c.ref);
      implicitPaths.push([...c.path, "securityContext", "seccompProfile"]);
    }
  }

  if (explicitlyBad.length > 0) {
    badSetters.push(`${pluralize("container", "containers", explicitlyBad.length)} ${joinQuote(explicitlyBad.map((r) => r.name))}`);
  }
  if (badSetters.length > 0) {
    return {
      reason: "seccompProfile",
      detail: `${badSetters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
      paths: explicitPaths,
      ...(explicitlyBad.length > 0 ? { containers: explicitlyBad } : {}),
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: "seccompProfile",
      detail: `pod or ${pluralize("container", "containers", implicitlyBad.length)} ${joinQuote(implicitlyBad.map((r) => r.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      paths: implicitPaths,
      containers: implicitlyBad,
    };
  }
  return undefined;
};

/** seccompProfileRestricted_1_25: pods with spec.os.name=windows are exempt. */
const seccompProfileRestricted_1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? undefined : seccompProfileRestricted_1_19(meta, spec));

export const seccompProfileRestrictedCheck: Check = {
  id: "seccompProfile_restricted",
  level: "restricted",
  title: "Seccomp profile (restricted)",
  versions: [
    { minimumVersion: 19, checkPod: seccompProfileRestricted_1_19, overrides: ["seccompProfile_baseline"], upstream: "seccompProfileRestrictedV1Dot19 (OverrideCheckIDs: seccompProfile_baseline)" },
    { minimumVersion: 25, checkPod: seccompProfileRestricted_1_25, overrides: ["seccompProfile_baseline"], upstream: "seccompProfileRestrictedV1Dot25 (Windows exempt)" },
  ],
};
