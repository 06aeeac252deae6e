// PSA check "sysctls" (check_sysctls.go): only the "safe" sysctls, a list that grows with the policy version.
import { list, obj, podSecurityContext, str } from "../pod.js";
import type { Check, CheckPodFn, Path } from "../types.js";

/** sysctlsAllowedV1Dot0 */
const ALLOWED_1_0 = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
];
/** sysctlsAllowedV1Dot27 */
const ALLOWED_1_27 = [...ALLOWED_1_0, "net.ipv4.ip_local_reserved_ports"];
/** sysctlsAllowedV1Dot29 */
const ALLOWED_1_29 = [...ALLOWED_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
/** sysctlsAllowedV1Dot32 */
const ALLOWED_1_32 = [...ALLOWED_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
/** sysctlsAllowedV1Dot37 */
const ALLOWED_1_37 = [...ALLOWED_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

/** The safe sysctls per policy minor version they were added at. */
export const SAFE_SYSCTLS: ReadonlyArray<{ minimumVersion: number; names: readonly string[] }> = [
  { minimumVersion: 0, names: ALLOWED_1_0 },
  { minimumVersion: 27, names: ALLOWED_1_27 },
  { minimumVersion: 29, names: ALLOWED_1_29 },
  { minimumVersion: 32, names: ALLOWED_1_32 },
  { minimumVersion: 37, names: ALLOWED_1_37 },
];

function sysctls(allowedNames: readonly string[]): CheckPodFn {
  const allowed = new Set(allowedNames);
  return (_meta, spec) => {
    const forbidden: string[] = [];
    const paths: Path[] = [];
    // Only the pod level: the API has no container-level sysctls.
    list(podSecurityContext(spec)?.sysctls).forEach((entry, i) => {
      const sysctl = obj(entry);
      if (!sysctl) return;
      const name = str(sysctl.name);
      if (!allowed.has(name)) {
        forbidden.push(name);
        paths.push(["spec", "securityContext", "sysctls", i, "name"]);
      }
    });
    if (forbidden.length === 0) return undefined;
    return { reason: "forbidden sysctls", detail: forbidden.join(", "), paths };
  };
}

export const sysctlsCheck: Check = {
  id: "sysctls",
  level: "baseline",
  title: "Sysctls",
  versions: SAFE_SYSCTLS.map(({ minimumVersion, names }) => ({
    minimumVersion,
    checkPod: sysctls(names),
    upstream: `sysctlsV1Dot${minimumVersion} (sysctlsAllowedV1Dot${minimumVersion})`,
  })),
};
