// PSA check "privileged" (check_privileged.go): no container may set securityContext.privileged=true.
import { containersOf, joinQuote, pluralize, securityContextOf } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

const privileged_1_0: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const paths: Path[] = [];
  for (const c of containersOf(spec)) {
    if (securityContextOf(c)?.privileged === true) {
      bad.push(c.ref);
      paths.push([...c.path, "securityContext", "privileged"]);
    }
  }
  if (bad.length === 0) return undefined;
  return {
    reason: "privileged",
    detail: `${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))} must not set securityContext.privileged=true`,
    paths,
    containers: bad,
  };
};

export const privilegedCheck: Check = {
  id: "privileged",
  level: "baseline",
  title: "Privileged containers",
  versions: [{ minimumVersion: 0, checkPod: privileged_1_0, upstream: "privileged_1_0" }],
};
