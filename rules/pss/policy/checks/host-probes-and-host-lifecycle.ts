// PSA check "hostProbesAndHostLifecycle" (check_hostProbesAndhostLifecycle.go, policy 1.34+):
// probes and lifecycle handlers must not set httpGet.host or tcpSocket.host.
import { containersOf, joinQuote, obj, pluralize, sortedUnique, str, type Obj } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

/**
 * Records the non-empty httpGet.host / tcpSocket.host of one probe or handler and their paths (the container's path,
 * then `where`); returns whether it found any.
 */
function forbiddenHosts(handler: Obj | undefined, container: Path, where: readonly string[], hosts: string[], paths: Path[]): boolean {
  if (!handler) return false;
  let found = false;
  for (const action of ["httpGet", "tcpSocket"]) {
    const host = str(obj(handler[action])?.host);
    if (host !== "") {
      found = true;
      hosts.push(host);
      paths.push([...container, ...where, action, "host"]);
    }
  }
  return found;
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];
const HOOKS = ["postStart", "preStop"];
const PROBE_PATHS = PROBES.map((probe) => [probe]);
const HOOK_PATHS = HOOKS.map((hook) => ["lifecycle", hook]);

const hostProbesAndHostLifecycleV1Dot34: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const forbidden: string[] = [];
  const paths: Path[] = [];
  for (const c of containersOf(spec)) {
    // Paths are built only for a host found: nearly every pod has probes, almost none set a host.
    let containerBad = false;
    for (let i = 0; i < PROBES.length; i++) {
      if (forbiddenHosts(obj(c.container[PROBES[i]]), c.path, PROBE_PATHS[i], forbidden, paths)) containerBad = true;
    }
    const lifecycle = obj(c.container.lifecycle);
    if (lifecycle) {
      for (let i = 0; i < HOOKS.length; i++) {
        if (forbiddenHosts(obj(lifecycle[HOOKS[i]]), c.path, HOOK_PATHS[i], forbidden, paths)) containerBad = true;
      }
    }
    if (containerBad) bad.push(c.ref);
  }
  if (bad.length === 0) return undefined;
  // Upstream keeps the container names in a set, so the detail lists them sorted and unique.
  const names = sortedUnique(bad.map((r) => r.name));
  const hosts = sortedUnique(forbidden);
  return {
    reason: "probe or lifecycle host",
    detail: `${pluralize("container", "containers", names.length)} ${joinQuote(names)} ${pluralize("uses", "use", names.length)} ${pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.length)} ${joinQuote(hosts)}`,
    paths,
    containers: bad,
  };
};

export const hostProbesAndHostLifecycleCheck: Check = {
  id: "hostProbesAndHostLifecycle",
  level: "baseline",
  title: "Host in probes and lifecycle hooks",
  versions: [{ minimumVersion: 34, checkPod: hostProbesAndHostLifecycleV1Dot34, upstream: "hostProbesAndHostLifecycleV1Dot34" }],
};
