// A TypeScript port of k8s.io/pod-security-admission's fixture generator (test/fixtures*.go), for every policy
// version v1.0 and up. Upstream renders these pods into test/testdata/<level>/v1.N/{pass,fail}; only v1.25+ ship
// in ../shared, so older versions are regenerated here. psa-versions.test.ts proves the port reproduces every
// shared fixture byte-for-byte (as objects) before trusting it for the versions that are not shared.

export type Level = "baseline" | "restricted";
// Fixture pods are free-form JSON; `any` keeps the tweaks as terse as the Go they port.
export type Pod = any;

export interface FixtureSet {
  /** The check the pods exercise (the upstream file name prefix, before lowercasing). */
  check: string;
  pass: Pod[];
  fail: Pod[];
}

interface Generator {
  generatePass: (p: Pod, level: Level) => Pod[];
  generateFail: (p: Pod) => Pod[];
}

const clone = <T>(value: T): T => structuredClone(value);
/** tweak: a copy of the pod, changed by f. */
function tweak(p: Pod, f: (copy: Pod) => void): Pod {
  const copy = clone(p);
  f(copy);
  return copy;
}
const c0 = (p: Pod) => p.spec.containers[0];
const ic0 = (p: Pod) => p.spec.initContainers[0];
const eachContainer = (p: Pod, f: (c: Pod) => void) => {
  for (const c of p.spec.containers) f(c);
  for (const c of p.spec.initContainers) f(c);
};

function ensureSecurityContext(p: Pod): Pod {
  p = clone(p);
  p.spec.securityContext ??= {};
  eachContainer(p, (c) => (c.securityContext ??= {}));
  return p;
}
function ensureSELinuxOptions(p: Pod): Pod {
  p = ensureSecurityContext(p);
  p.spec.securityContext.seLinuxOptions ??= {};
  eachContainer(p, (c) => (c.securityContext.seLinuxOptions ??= {}));
  return p;
}
function ensureCapabilities(p: Pod): Pod {
  p = ensureSecurityContext(p);
  eachContainer(p, (c) => (c.securityContext.capabilities ??= {}));
  return p;
}
function ensureWindowsOptions(p: Pod): Pod {
  p = ensureSecurityContext(p);
  p.spec.securityContext.windowsOptions ??= {};
  eachContainer(p, (c) => (c.securityContext.windowsOptions ??= {}));
  return p;
}
function ensureAnnotation(p: Pod): Pod {
  p = clone(p);
  p.metadata ??= {};
  p.metadata.annotations ??= {};
  return p;
}

// ---- minimal valid pods (fixtures.go init) ----

const baseline_1_0: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {},
  spec: {
    initContainers: [{ name: "initcontainer1", image: "registry.k8s.io/pause" }],
    containers: [{ name: "container1", image: "registry.k8s.io/pause" }],
  },
};
const restricted_1_0 = tweak(baseline_1_0, (p) => (p.spec.securityContext = { runAsNonRoot: true }));
const restricted_1_8 = tweak(restricted_1_0, (p) => {
  c0(p).securityContext = { allowPrivilegeEscalation: false };
  ic0(p).securityContext = { allowPrivilegeEscalation: false };
});
const restricted_1_19 = tweak(restricted_1_8, (p) => {
  delete p.metadata.annotations;
  p.spec.securityContext.seccompProfile = { type: "RuntimeDefault" };
});
const restricted_1_22 = tweak(restricted_1_19, (p) => {
  c0(p).securityContext.capabilities = { drop: ["ALL"] };
  ic0(p).securityContext.capabilities = { drop: ["ALL"] };
});

const MINIMAL: Record<Level, [number, Pod][]> = {
  baseline: [[0, baseline_1_0]],
  restricted: [[0, restricted_1_0], [8, restricted_1_8], [19, restricted_1_19], [22, restricted_1_22]],
};

const newestAtOrBelow = <T>(entries: [number, T][], minor: number): T | undefined => {
  let found: T | undefined;
  for (const [v, value] of entries) if (v <= minor) found = value;
  return found;
};

/** GetMinimalValidPod: the OS-neutral minimal pod that passes the whole level at a version. */
export function minimalValidPod(level: Level, minor: number): Pod {
  return clone(newestAtOrBelow(MINIMAL[level], minor));
}
/** GetMinimalValidLinuxPod / GetMinimalValidWindowsPod: from 1.25 a Windows pod needs none of the 1.8-1.22 additions. */
export function minimalValidOSPod(level: Level, minor: number, os: "linux" | "windows"): Pod {
  const pod = os === "windows" && level === "restricted" && minor >= 25 ? clone(restricted_1_0) : minimalValidPod(level, minor);
  pod.spec.os = { name: os };
  return pod;
}

// ---- per-check generators (fixtures_<check>.go) ----

const BASELINE_CAPS = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
const APPARMOR = "container.apparmor.security.beta.kubernetes.io/";
const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";
const sysctlList = (pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

function sysctlsGenerator(allowed: [string, string][]): Generator {
  return {
    generatePass: (p) => {
      p = clone(p);
      p.spec.securityContext ??= {};
      return [tweak(p, (q) => delete q.spec.securityContext.sysctls), tweak(p, (q) => (q.spec.securityContext.sysctls = sysctlList(allowed)))];
    },
    generateFail: (p) => {
      p = clone(p);
      p.spec.securityContext ??= {};
      return [tweak(p, (q) => (q.spec.securityContext.sysctls = [{ name: "othersysctl", value: "other" }]))];
    },
  };
}

const DROP_EVERYTHING_INDIVIDUALLY = [
  "SYS_TIME", "SYS_MODULE", "SYS_RAWIO", "SYS_PACCT", "SYS_ADMIN", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "AUDIT_WRITE",
  "AUDIT_CONTROL", "MAC_OVERRIDE", "MAC_ADMIN", "NET_ADMIN", "SYSLOG", "CHOWN", "NET_RAW", "DAC_OVERRIDE", "FOWNER", "DAC_READ_SEARCH",
  "FSETID", "KILL", "SETGID", "SETUID", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "IPC_LOCK", "IPC_OWNER", "SYS_CHROOT", "SYS_PTRACE",
  "SYS_BOOT", "LEASE", "SETFCAP", "WAKE_ALARM", "BLOCK_SUSPEND",
];

const RESTRICTED_VOLUME_FAILS: Pod[] = [
  { gcePersistentDisk: { pdName: "test" } },
  { awsElasticBlockStore: { volumeID: "test" } },
  { gitRepo: { repository: "github.com/kubernetes/kubernetes" } },
  { nfs: { server: "test", path: "/test" } },
  { iscsi: { targetPortal: "test", iqn: "iqn.2001-04.com.example:storage.kube.sys1.xyz", lun: 0 } },
  { glusterfs: { endpoints: "test", path: "test" } },
  { rbd: { monitors: ["test"], image: "test" } },
  { flexVolume: { driver: "test" } },
  { cinder: { volumeID: "test" } },
  { cephfs: { monitors: ["test"] } },
  { flocker: { datasetName: "test" } },
  { fc: { wwids: ["test"] } },
  { azureFile: { secretName: "test", shareName: "test" } },
  { vsphereVolume: { volumePath: "test" } },
  { quobyte: { registry: "localhost:1234", volume: "test" } },
  { azureDisk: { diskName: "test", diskURI: "https://test.blob.core.windows.net/test/test.vhd" } },
  { portworxVolume: { volumeID: "test", fsType: "ext4" } },
  // Go serialises ScaleIO's non-omitempty secretRef pointer as null.
  { scaleIO: { gateway: "localhost", system: "test", secretRef: null, volumeName: "test" } },
  { storageos: { volumeName: "test" } },
  { hostPath: { path: "/dev/null" } },
];

type Registration = { level: Level; minor: number; check: string; generator: Generator };

const REGISTRATIONS: Registration[] = [
  {
    level: "baseline", minor: 0, check: "appArmorProfile",
    generator: {
      generatePass: (p) => {
        p = ensureAnnotation(p);
        return [tweak(p, (q) => {
          q.metadata.annotations[APPARMOR + c0(q).name] = "runtime/default";
          // Upstream names the init container's annotation after containers[0], so this overwrites the first.
          q.metadata.annotations[APPARMOR + c0(q).name] = "localhost/foo";
        })];
      },
      generateFail: (p) => {
        p = ensureAnnotation(p);
        return [
          tweak(p, (q) => (q.metadata.annotations[APPARMOR + c0(q).name] = "unconfined")),
          tweak(p, (q) => (q.metadata.annotations[APPARMOR + ic0(q).name] = "unconfined")),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 0, check: "capabilities_baseline",
    generator: {
      generatePass: (p) => {
        if ((c0(p).securityContext?.capabilities?.drop ?? []).includes("ALL")) return [];
        p = ensureCapabilities(p);
        return [tweak(p, (q) => {
          c0(q).securityContext.capabilities.add = [...BASELINE_CAPS];
          ic0(q).securityContext.capabilities.add = [...BASELINE_CAPS];
        })];
      },
      generateFail: (p) => {
        p = ensureCapabilities(p);
        return [
          tweak(p, (q) => (c0(q).securityContext.capabilities.add = ["NET_RAW"])),
          tweak(p, (q) => (ic0(q).securityContext.capabilities.add = ["NET_RAW"])),
          tweak(p, (q) => (c0(q).securityContext.capabilities.add = ["chown"])),
          tweak(p, (q) => (c0(q).securityContext.capabilities.add = ["CAP_CHOWN"])),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 0, check: "hostNamespaces",
    generator: {
      generatePass: () => [],
      generateFail: (p) => [tweak(p, (q) => (q.spec.hostIPC = true)), tweak(p, (q) => (q.spec.hostNetwork = true)), tweak(p, (q) => (q.spec.hostPID = true))],
    },
  },
  {
    level: "baseline", minor: 0, check: "hostPathVolumes",
    generator: {
      generatePass: () => [],
      generateFail: (p) => [
        tweak(p, (q) => (q.spec.volumes = [{ name: "volume-emptydir", emptyDir: {} }, { name: "volume-hostpath", hostPath: { path: "/a" } }])),
        tweak(p, (q) => (q.spec.volumes = [{ name: "volume-hostpath-a", hostPath: { path: "/a" } }, { name: "volume-hostpath-b", hostPath: { path: "/b" } }])),
      ],
    },
  },
  {
    level: "baseline", minor: 0, check: "hostPorts",
    generator: {
      generatePass: (p) => [tweak(p, (q) => {
        c0(q).ports = [{ containerPort: 12345 }];
        ic0(q).ports = [{ containerPort: 12346 }];
      })],
      generateFail: (p) => [
        tweak(p, (q) => (c0(q).ports = [{ containerPort: 12345, hostPort: 12345 }])),
        tweak(p, (q) => (ic0(q).ports = [{ containerPort: 12346, hostPort: 12346 }])),
        tweak(p, (q) => {
          c0(q).ports = [{ containerPort: 12345, hostPort: 12345 }, { containerPort: 12347 }];
          ic0(q).ports = [{ containerPort: 12346, hostPort: 12346 }, { containerPort: 12348 }];
        }),
      ],
    },
  },
  {
    level: "baseline", minor: 34, check: "hostProbesAndHostLifecycle",
    generator: {
      generatePass: (p) => [
        clone(p),
        tweak(p, (q) => (c0(q).livenessProbe = { httpGet: { port: 8080 } })),
        tweak(p, (q) => (c0(q).readinessProbe = { tcpSocket: { port: 8080 } })),
      ],
      generateFail: (p) => [
        tweak(p, (q) => (c0(q).livenessProbe = { httpGet: { host: "bad.host", port: 8080 } })),
        tweak(p, (q) => {
          // a restartable (sidecar) init container is checked like any other
          ic0(q).restartPolicy = "Always";
          ic0(q).readinessProbe = { tcpSocket: { host: "8.8.8.8", port: 8080 } };
        }),
        tweak(p, (q) => (c0(q).lifecycle = { postStart: { httpGet: { host: "bad.host", port: 8080 } } })),
        tweak(p, (q) => (c0(q).livenessProbe = { httpGet: { host: "127.0.0.1", port: 8080 } })),
        tweak(p, (q) => (c0(q).readinessProbe = { tcpSocket: { host: "::1", port: 8080 } })),
      ],
    },
  },
  {
    level: "baseline", minor: 0, check: "privileged",
    generator: {
      generatePass: (p) => {
        p = ensureSecurityContext(p);
        return [tweak(p, (q) => {
          c0(q).securityContext.privileged = false;
          ic0(q).securityContext.privileged = false;
        })];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        // privileged=true with allowPrivilegeEscalation=false fails API validation, so upstream clears the latter
        return [
          tweak(p, (q) => {
            c0(q).securityContext.privileged = true;
            delete c0(q).securityContext.allowPrivilegeEscalation;
          }),
          tweak(p, (q) => {
            ic0(q).securityContext.privileged = true;
            delete ic0(q).securityContext.allowPrivilegeEscalation;
          }),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 0, check: "procMount",
    generator: {
      generatePass: (p) => {
        p = ensureSecurityContext(p);
        return [tweak(p, (q) => {
          c0(q).securityContext.procMount = "Default";
          ic0(q).securityContext.procMount = "Default";
          q.spec.hostUsers = false;
        })];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => {
            c0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = false;
          }),
          tweak(p, (q) => {
            ic0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = false;
          }),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 35, check: "procMount",
    generator: {
      generatePass: (p, level) => {
        p = ensureSecurityContext(p);
        const pods = [tweak(p, (q) => {
          c0(q).securityContext.procMount = "Default";
          ic0(q).securityContext.procMount = "Default";
          q.spec.hostUsers = false;
        })];
        // only baseline relaxes Unmasked for user-namespaced pods
        if (level === "baseline") {
          pods.push(tweak(p, (q) => {
            c0(q).securityContext.procMount = "Unmasked";
            ic0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = false;
          }));
        }
        return pods;
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => {
            c0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = true;
          }),
          tweak(p, (q) => {
            ic0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = true;
          }),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 0, check: "seLinuxOptions",
    generator: {
      generatePass: (p) => {
        p = ensureSELinuxOptions(p);
        return [
          tweak(p, (q) => {
            delete q.spec.securityContext.seLinuxOptions;
            delete c0(q).securityContext.seLinuxOptions;
            ic0(q).securityContext.seLinuxOptions = {};
          }),
          tweak(p, (q) => {
            q.spec.securityContext.seLinuxOptions.type = "container_t";
            c0(q).securityContext.seLinuxOptions.type = "container_init_t";
            ic0(q).securityContext.seLinuxOptions.type = "container_kvm_t";
            c0(q).securityContext.seLinuxOptions.level = "somevalue";
          }),
        ];
      },
      generateFail: (p) => {
        p = ensureSELinuxOptions(p);
        return [
          tweak(p, (q) => (q.spec.securityContext.seLinuxOptions.type = "somevalue")),
          tweak(p, (q) => (c0(q).securityContext.seLinuxOptions.type = "somevalue")),
          tweak(p, (q) => (ic0(q).securityContext.seLinuxOptions.type = "somevalue")),
          tweak(p, (q) => (q.spec.securityContext.seLinuxOptions.user = "somevalue")),
          tweak(p, (q) => (q.spec.securityContext.seLinuxOptions.role = "somevalue")),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 0, check: "seccompProfile_baseline",
    generator: {
      generatePass: (p) => {
        if (p.metadata?.annotations?.[SECCOMP_POD] === "runtime/default") return [];
        p = ensureAnnotation(p);
        return [tweak(p, (q) => {
          q.metadata.annotations[SECCOMP_POD] = "runtime/default";
          q.metadata.annotations[SECCOMP_CONTAINER + c0(q).name] = "localhost/testing";
        })];
      },
      generateFail: (p) => {
        p = ensureAnnotation(p);
        return [
          tweak(p, (q) => (q.metadata.annotations[SECCOMP_POD] = "unconfined")),
          tweak(p, (q) => (q.metadata.annotations[SECCOMP_CONTAINER + c0(q).name] = "unconfined")),
          tweak(p, (q) => (q.metadata.annotations[SECCOMP_CONTAINER + ic0(q).name] = "unconfined")),
        ];
      },
    },
  },
  {
    level: "baseline", minor: 19, check: "seccompProfile_baseline",
    generator: {
      generatePass: (p) => {
        if (p.spec.securityContext?.seccompProfile?.type === "RuntimeDefault") return [];
        p = ensureSecurityContext(p);
        return [tweak(p, (q) => {
          q.spec.securityContext.seccompProfile = { type: "RuntimeDefault" };
          c0(q).securityContext.seccompProfile = { type: "RuntimeDefault" };
        })];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => (q.spec.securityContext.seccompProfile = { type: "Unconfined" })),
          tweak(p, (q) => (c0(q).securityContext.seccompProfile = { type: "Unconfined" })),
          tweak(p, (q) => (ic0(q).securityContext.seccompProfile = { type: "Unconfined" })),
        ];
      },
    },
  },
  { level: "baseline", minor: 0, check: "sysctls", generator: sysctlsGenerator([["kernel.shm_rmid_forced", "0"], ["net.ipv4.ip_local_port_range", "1024 65535"], ["net.ipv4.tcp_syncookies", "0"], ["net.ipv4.ping_group_range", "1 0"], ["net.ipv4.ip_unprivileged_port_start", "1024"]]) },
  { level: "baseline", minor: 27, check: "sysctls", generator: sysctlsGenerator([["kernel.shm_rmid_forced", "0"], ["net.ipv4.ip_local_port_range", "1024 65535"], ["net.ipv4.tcp_syncookies", "0"], ["net.ipv4.ping_group_range", "1 0"], ["net.ipv4.ip_unprivileged_port_start", "1024"], ["net.ipv4.ip_local_reserved_ports", "1024-4999"]]) },
  { level: "baseline", minor: 29, check: "sysctls", generator: sysctlsGenerator([["kernel.shm_rmid_forced", "0"], ["net.ipv4.ip_local_port_range", "1024 65535"], ["net.ipv4.tcp_syncookies", "0"], ["net.ipv4.ping_group_range", "1 0"], ["net.ipv4.ip_unprivileged_port_start", "1024"], ["net.ipv4.ip_local_reserved_ports", "1024-4999"], ["net.ipv4.tcp_keepalive_time", "7200"], ["net.ipv4.tcp_fin_timeout", "60"], ["net.ipv4.tcp_keepalive_intvl", "75"], ["net.ipv4.tcp_keepalive_probes", "9"]]) },
  { level: "baseline", minor: 32, check: "sysctls", generator: sysctlsGenerator([["net.ipv4.tcp_rmem", "4096 87380 16777216"], ["net.ipv4.tcp_wmem", "4096 65536 16777216"]]) },
  { level: "baseline", minor: 37, check: "sysctls", generator: sysctlsGenerator([["net.ipv4.tcp_slow_start_after_idle", "0"], ["net.ipv4.tcp_notsent_lowat", "16384"]]) },
  {
    level: "baseline", minor: 0, check: "windowsHostProcess",
    generator: {
      generatePass: () => [],
      generateFail: (p) => {
        p = ensureWindowsOptions(p);
        // HostProcess pods must use the host network
        return [
          tweak(p, (q) => {
            q.spec.hostNetwork = true;
            q.spec.securityContext.windowsOptions.hostProcess = true;
          }),
          tweak(p, (q) => {
            q.spec.hostNetwork = true;
            c0(q).securityContext.windowsOptions.hostProcess = true;
            ic0(q).securityContext.windowsOptions.hostProcess = true;
          }),
        ];
      },
    },
  },
  {
    level: "restricted", minor: 0, check: "restrictedVolumes",
    generator: {
      generatePass: (p) => [tweak(p, (q) => {
        q.spec.volumes = [
          { name: "volume0" }, // implicit emptyDir
          { name: "volume1", emptyDir: {} },
          { name: "volume2", secret: { secretName: "test" } },
          { name: "volume3", persistentVolumeClaim: { claimName: "test" } },
          { name: "volume4", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
          { name: "volume5", configMap: { name: "test" } },
          { name: "volume6", projected: { sources: [] } },
        ];
      })],
      generateFail: (p) => RESTRICTED_VOLUME_FAILS.map((source) => tweak(p, (q) => (q.spec.volumes = [{ name: "volume1", ...clone(source) }]))),
    },
  },
  {
    level: "restricted", minor: 8, check: "allowPrivilegeEscalation",
    generator: {
      generatePass: () => [],
      generateFail: (p) => {
        if (p.spec.os?.name === "windows") return [];
        return [
          tweak(p, (q) => (c0(q).securityContext.allowPrivilegeEscalation = true)),
          tweak(p, (q) => (ic0(q).securityContext.allowPrivilegeEscalation = true)),
          tweak(p, (q) => delete c0(q).securityContext.allowPrivilegeEscalation),
          tweak(p, (q) => delete c0(q).securityContext),
        ];
      },
    },
  },
  {
    level: "restricted", minor: 0, check: "runAsNonRoot",
    generator: {
      generatePass: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => {
            q.spec.securityContext.runAsNonRoot = true;
            delete c0(q).securityContext.runAsNonRoot;
            delete ic0(q).securityContext.runAsNonRoot;
          }),
          tweak(p, (q) => {
            delete q.spec.securityContext.runAsNonRoot;
            c0(q).securityContext.runAsNonRoot = true;
            ic0(q).securityContext.runAsNonRoot = true;
          }),
        ];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => {
            delete q.spec.securityContext.runAsNonRoot;
            delete c0(q).securityContext.runAsNonRoot;
            delete ic0(q).securityContext.runAsNonRoot;
          }),
          tweak(p, (q) => (q.spec.securityContext.runAsNonRoot = false)),
          tweak(p, (q) => (c0(q).securityContext.runAsNonRoot = false)),
          tweak(p, (q) => (ic0(q).securityContext.runAsNonRoot = false)),
        ];
      },
    },
  },
  {
    level: "restricted", minor: 23, check: "runAsUser",
    generator: {
      generatePass: (p) => {
        p = ensureSecurityContext(p);
        return [tweak(p, (q) => {
          q.spec.securityContext.runAsUser = 1000;
          c0(q).securityContext.runAsUser = 1000;
          ic0(q).securityContext.runAsUser = 1000;
        })];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => (q.spec.securityContext.runAsUser = 0)),
          tweak(p, (q) => (c0(q).securityContext.runAsUser = 0)),
          tweak(p, (q) => (ic0(q).securityContext.runAsUser = 0)),
        ];
      },
    },
  },
  {
    level: "restricted", minor: 19, check: "seccompProfile_restricted",
    generator: {
      generatePass: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => (q.spec.securityContext.seccompProfile = { type: "RuntimeDefault" })),
          tweak(p, (q) => (q.spec.securityContext.seccompProfile = { type: "Localhost", localhostProfile: "testing" })),
          tweak(p, (q) => {
            delete q.spec.securityContext.seccompProfile;
            c0(q).securityContext.seccompProfile = { type: "RuntimeDefault" };
            ic0(q).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "testing" };
          }),
        ];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => delete q.spec.securityContext.seccompProfile),
          tweak(p, (q) => (q.spec.securityContext.seccompProfile = { type: "Unconfined" })),
          tweak(p, (q) => {
            delete q.spec.securityContext.seccompProfile;
            c0(q).securityContext.seccompProfile = { type: "RuntimeDefault" };
          }),
          tweak(p, (q) => {
            delete q.spec.securityContext.seccompProfile;
            ic0(q).securityContext.seccompProfile = { type: "RuntimeDefault" };
          }),
          tweak(p, (q) => {
            delete q.spec.securityContext.seccompProfile;
            c0(q).securityContext.seccompProfile = { type: "RuntimeDefault" };
            ic0(q).securityContext.seccompProfile = { type: "Unconfined" };
          }),
        ];
      },
    },
  },
  {
    level: "restricted", minor: 22, check: "capabilities_restricted",
    generator: {
      generatePass: (p) => {
        p = ensureCapabilities(p);
        return [tweak(p, (q) => {
          c0(q).securityContext.capabilities.drop = ["ALL"];
          ic0(q).securityContext.capabilities.drop = ["ALL"];
          c0(q).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
          ic0(q).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        })];
      },
      generateFail: (p) => {
        p = ensureCapabilities(p);
        return [
          // drop = [] upstream; Capabilities.drop is omitempty, so the rendered fixture has no drop at all
          tweak(p, (q) => delete c0(q).securityContext.capabilities.drop),
          tweak(p, (q) => delete ic0(q).securityContext.capabilities.drop),
          tweak(p, (q) => {
            c0(q).securityContext.capabilities.drop = [...DROP_EVERYTHING_INDIVIDUALLY];
            ic0(q).securityContext.capabilities.drop = [...DROP_EVERYTHING_INDIVIDUALLY];
          }),
          tweak(p, (q) => {
            c0(q).securityContext.capabilities.drop = ["ALL"];
            ic0(q).securityContext.capabilities.drop = ["ALL"];
            c0(q).securityContext.capabilities.add = [...BASELINE_CAPS];
            ic0(q).securityContext.capabilities.add = [...BASELINE_CAPS];
          }),
        ];
      },
    },
  },
  {
    level: "restricted", minor: 35, check: "procMount_restricted",
    generator: {
      generatePass: (p) => {
        p = ensureSecurityContext(p);
        return [tweak(p, (q) => {
          c0(q).securityContext.procMount = "Default";
          ic0(q).securityContext.procMount = "Default";
          q.spec.hostUsers = false;
        })];
      },
      generateFail: (p) => {
        p = ensureSecurityContext(p);
        return [
          tweak(p, (q) => {
            c0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = false;
          }),
          tweak(p, (q) => {
            ic0(q).securityContext.procMount = "Unmasked";
            q.spec.hostUsers = false;
          }),
        ];
      },
    },
  },
];

/** checksForLevelAndVersion: every check registered at or below the version; restricted also gets every baseline one. */
function checksAt(level: Level, minor: number): string[] {
  const ids = new Set<string>();
  for (const r of REGISTRATIONS) {
    if (r.minor > minor) continue;
    if (r.level === level || (level === "restricted" && r.level === "baseline")) ids.add(r.check);
  }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** getFixtures: the newest generator registered at or below the version (a baseline one serves restricted too). */
function generatorFor(level: Level, minor: number, check: string): Generator | undefined {
  let found: Registration | undefined;
  for (const r of REGISTRATIONS) {
    if (r.check !== check || r.minor > minor) continue;
    if (r.level !== level && !(level === "restricted" && r.level === "baseline")) continue;
    if (!found || r.minor >= found.minor) found = r;
  }
  return found?.generator;
}

/** All fixtures upstream renders for a level and version, keyed by check, plus the base pods. */
export function fixturesFor(level: Level, minor: number): FixtureSet[] {
  const sets: FixtureSet[] = [];
  for (const check of checksAt(level, minor)) {
    const generator = generatorFor(level, minor, check)!;
    sets.push({
      check,
      pass: generator.generatePass(minimalValidPod(level, minor), level),
      fail: generator.generateFail(minimalValidPod(level, minor)),
    });
  }
  return sets;
}

/** Upstream's file names: `<lowercased check><index>.yaml` with `name` set to the file stem. */
export function namedFixtures(level: Level, minor: number): { file: string; expect: "pass" | "fail"; check: string; pod: Pod }[] {
  const withName = (pod: Pod, name: string) => {
    const copy = clone(pod);
    copy.metadata = { name, ...(copy.metadata ?? {}) };
    copy.metadata.name = name;
    return copy;
  };
  const out: { file: string; expect: "pass" | "fail"; check: string; pod: Pod }[] = [
    { file: "pass/base.yaml", expect: "pass", check: "", pod: withName(minimalValidPod(level, minor), "base") },
  ];
  for (const set of fixturesFor(level, minor)) {
    const stem = set.check.toLowerCase();
    set.pass.forEach((pod, i) => out.push({ file: `pass/${stem}${i}.yaml`, expect: "pass", check: set.check, pod: withName(pod, `${stem}${i}`) }));
    set.fail.forEach((pod, i) => out.push({ file: `fail/${stem}${i}.yaml`, expect: "fail", check: set.check, pod: withName(pod, `${stem}${i}`) }));
  }
  return out;
}
