// PSA check "runAsUser" (check_runAsUser.go, policy 1.23+): runAsUser must not be 0 at pod or container level.
import { containersOf, inUserNamespace, joinQuote, optInt, podSecurityContext, pluralize, securityContextOf } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

const runAsUser_1_23: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const paths: Path[] = [];
  if (optInt(podSecurityContext(spec)?.runAsUser) === 0) {
    badSetters.push("pod");
    paths.push(["spec", "securityContext", "runAsUser"]);
  }
  const bad: ContainerRef[] = [];
  for (const c of containersOf(spec)) {
    if (optInt(securityContextOf(c)?.runAsUser) === 0) {
      bad.push(c.ref);
      paths.push([...c.path, "securityContext", "runAsUser"]);
    }
  }
  if (bad.length > 0) badSetters.push(`${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))}`);
  if (badSetters.length === 0) return undefined;
  return {
    reason: "runAsUser=0",
    detail: `${badSetters.join(" and ")} must not set runAsUser=0`,
    paths,
    ...(bad.length > 0 ? { containers: bad } : {}),
  };
};

/** runAsUser_1_35: skipped entirely for pods in a user namespace (hostUsers: false), KEP-127. */
const runAsUser_1_35: CheckPodFn = (meta, spec) => (inUserNamespace(spec) ? undefined : runAsUser_1_23(meta, spec));

export const runAsUserCheck: Check = {
  id: "runAsUser",
  level: "restricted",
  title: "Running as UID 0",
  versions: [
    { minimumVersion: 23, checkPod: runAsUser_1_23, upstream: "runAsUser_1_23" },
    { minimumVersion: 35, checkPod: runAsUser_1_35, upstream: "runAsUser_1_35 (hostUsers: false relaxes)" },
  ],
};
