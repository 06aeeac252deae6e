// PSA check "hostPorts" (check_hostPorts.go): ports[*].hostPort must be unset or 0.
import { containersOf, joinQuote, list, obj, optInt, pluralize, sortedUnique } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

const hostPorts_1_0: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const paths: Path[] = [];
  const ports: string[] = [];
  for (const c of containersOf(spec)) {
    let valid = true;
    list(c.container.ports).forEach((entry, j) => {
      const hostPort = optInt(obj(entry)?.hostPort);
      if (hostPort !== undefined && hostPort !== 0) {
        valid = false;
        ports.push(String(hostPort));
        paths.push([...c.path, "ports", j, "hostPort"]);
      }
    });
    if (!valid) bad.push(c.ref);
  }
  if (bad.length === 0) return undefined;
  const unique = sortedUnique(ports);
  return {
    reason: "hostPort",
    detail: `${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))} ${pluralize("uses", "use", bad.length)} ${pluralize("hostPort", "hostPorts", unique.length)} ${unique.join(", ")}`,
    paths,
    containers: bad,
  };
};

export const hostPortsCheck: Check = {
  id: "hostPorts",
  level: "baseline",
  title: "Host ports",
  versions: [{ minimumVersion: 0, checkPod: hostPorts_1_0, upstream: "hostPorts_1_0" }],
};
