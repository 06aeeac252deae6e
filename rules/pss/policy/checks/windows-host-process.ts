// PSA check "windowsHostProcess" (check_windowsHostProcess.go): windowsOptions.hostProcess must not be true.
import { containersOf, joinQuote, obj, podSecurityContext, pluralize, securityContextOf } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

const windowsHostProcess_1_0: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const paths: Path[] = [];
  const setters: string[] = [];
  const podForbidden = obj(podSecurityContext(spec)?.windowsOptions)?.hostProcess === true;
  if (podForbidden) {
    setters.push("pod");
    paths.push(["spec", "securityContext", "windowsOptions", "hostProcess"]);
  }
  for (const c of containersOf(spec)) {
    if (obj(securityContextOf(c)?.windowsOptions)?.hostProcess === true) {
      bad.push(c.ref);
      paths.push([...c.path, "securityContext", "windowsOptions", "hostProcess"]);
    }
  }
  if (bad.length > 0) setters.push(`${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))}`);
  if (setters.length === 0) return undefined;
  return {
    reason: "hostProcess",
    detail: `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true`,
    paths,
    ...(bad.length > 0 ? { containers: bad } : {}),
  };
};

export const windowsHostProcessCheck: Check = {
  id: "windowsHostProcess",
  level: "baseline",
  title: "Windows HostProcess",
  versions: [{ minimumVersion: 0, checkPod: windowsHostProcess_1_0, upstream: "windowsHostProcess_1_0" }],
};
