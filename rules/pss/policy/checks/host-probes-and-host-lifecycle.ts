// PSA check "hostProbesAndHostLifecycle" (check_hostProbesAndhostLifecycle.go, policy 1.34+):
// probes and lifecycle handlers must not set httpGet.host or tcpSocket.host.
import { containersOf, joinQuote, obj, pluralize, sortedUnique, str, type Obj } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

/** Non-empty httpGet.host / tcpSocket.host of one probe or handler, with their paths. */
function forbiddenHosts(handler: Obj | undefined, base: Path): { hosts: string[]; paths: Path[] } {
  const hosts: string[] = [];
  const paths: Path[] = [];
  if (!handler) return { hosts, paths };
  for (const action of ["httpGet", "tcpSocket"]) {
    const host = str(obj(handler[action])?.host);
    if (host !== "") {
      hosts.push(host);
      paths.push([...base, action, "host"]);
    }
  }
  return { hosts, paths };
}

const hostProbesAndHostLifecycleV1Dot34: CheckPodFn = (_meta, spec) => {
  const bad: ContainerRef[] = [];
  const forbidden: string[] = [];
  const paths: Path[] = [];
  for (const c of containersOf(spec)) {
    let containerBad = false;
    const record = (found: { hosts: string[]; paths: Path[] }) => {
      if (found.hosts.length === 0) return;
      containerBad = true;
      forbidden.push(...found.hosts);
      paths.push(...found.paths);
    };
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      record(forbiddenHosts(obj(c.container[probe]), [...c.path, probe]));
    }
    const lifecycle = obj(c.container.lifecycle);
    if (lifecycle) {
      for (const hook of ["postStart", "preStop"]) {
        record(forbiddenHosts(obj(lifecycle[hook]), [...c.path, "lifecycle", hook]));
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
