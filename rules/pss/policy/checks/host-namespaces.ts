// PSA check "hostNamespaces" (check_hostNamespaces.go): hostNetwork, hostPID and hostIPC must not be true.
import type { Check, CheckPodFn, Path } from "../types.js";

const hostNamespaces_1_0: CheckPodFn = (_meta, spec) => {
  const set: string[] = [];
  const paths: Path[] = [];
  // Go's sets.List() sorts: hostIPC, hostNetwork, hostPID.
  for (const field of ["hostIPC", "hostNetwork", "hostPID"]) {
    if (spec[field] === true) {
      set.push(field);
      paths.push(["spec", field]);
    }
  }
  if (set.length === 0) return undefined;
  // Report paths in manifest order (network, PID, IPC) for readability; the detail keeps Go's order.
  const order = ["hostNetwork", "hostPID", "hostIPC"];
  paths.sort((a, b) => order.indexOf(String(a[1])) - order.indexOf(String(b[1])));
  return { reason: "host namespaces", detail: set.join(", "), paths };
};

export const hostNamespacesCheck: Check = {
  id: "hostNamespaces",
  level: "baseline",
  title: "Host namespaces",
  versions: [{ minimumVersion: 0, checkPod: hostNamespaces_1_0, upstream: "hostNamespaces_1_0" }],
};
