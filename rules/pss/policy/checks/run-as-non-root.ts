// PSA check "runAsNonRoot" (check_runAsNonRoot.go): runAsNonRoot=true at pod level or on every container.
import { containersOf, inUserNamespace, joinQuote, optBool, podSecurityContext, pluralize, securityContextOf } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

const runAsNonRoot_1_0: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const explicitPaths: Path[] = [];
  let podRunAsNonRoot = false;
  const podValue = optBool(podSecurityContext(spec)?.runAsNonRoot);
  if (podValue === false) {
    badSetters.push("pod");
    explicitPaths.push(["spec", "securityContext", "runAsNonRoot"]);
  } else if (podValue === true) {
    podRunAsNonRoot = true;
  }

  const explicitlyBad: ContainerRef[] = [];
  const implicitlyBad: ContainerRef[] = [];
  const implicitPaths: Path[] = [];
  for (const c of containersOf(spec)) {
    const value = optBool(securityContextOf(c)?.runAsNonRoot);
    if (value !== undefined) {
      if (!value) {
        explicitlyBad.push(c.ref);
        explicitPaths.push([...c.path, "securityContext", "runAsNonRoot"]);
      }
    } else if (!podRunAsNonRoot) {
      implicitlyBad.push(c.ref);
      implicitPaths.push([...c.path, "securityContext", "runAsNonRoot"]);
    }
  }

  if (explicitlyBad.length > 0) {
    badSetters.push(`${pluralize("container", "containers", explicitlyBad.length)} ${joinQuote(explicitlyBad.map((r) => r.name))}`);
  }
  if (badSetters.length > 0) {
    return {
      reason: "runAsNonRoot != true",
      detail: `${badSetters.join(" and ")} must not set securityContext.runAsNonRoot=false`,
      paths: explicitPaths,
      ...(explicitlyBad.length > 0 ? { containers: explicitlyBad } : {}),
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: "runAsNonRoot != true",
      detail: `pod or ${pluralize("container", "containers", implicitlyBad.length)} ${joinQuote(implicitlyBad.map((r) => r.name))} must set securityContext.runAsNonRoot=true`,
      paths: implicitPaths,
      containers: implicitlyBad,
    };
  }
  return undefined;
};

/** runAsNonRoot_1_35: skipped entirely for pods in a user namespace (hostUsers: false), KEP-127. */
const runAsNonRoot_1_35: CheckPodFn = (meta, spec) => (inUserNamespace(spec) ? undefined : runAsNonRoot_1_0(meta, spec));

export const runAsNonRootCheck: Check = {
  id: "runAsNonRoot",
  level: "restricted",
  title: "Running as non-root",
  versions: [
    { minimumVersion: 0, checkPod: runAsNonRoot_1_0, upstream: "runAsNonRoot_1_0" },
    { minimumVersion: 35, checkPod: runAsNonRoot_1_35, upstream: "runAsNonRoot_1_35 (hostUsers: false relaxes)" },
  ],
};
