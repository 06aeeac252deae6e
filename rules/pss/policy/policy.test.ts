// Version edges of the Pod Security Admission port, each traced to the upstream check revision that causes it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { activeChecks, evaluatePod, parsePssVersion, PSS_CHECKS, PSS_LATEST_MINOR, type PssLevel, type PssVersion } from "./index.js";

type Pod = { metadata?: Record<string, unknown>; spec: Record<string, unknown> };
const v = (minor: number): PssVersion => ({ major: 1, minor });
const ids = (pod: Pod, level: PssLevel, version: PssVersion) => evaluatePod(pod.metadata ?? {}, pod.spec, level, version).map((x) => x.checkId);

/** upstream's minimal valid pods (test/fixtures.go) */
const baselinePod = (): Pod => ({
  spec: {
    initContainers: [{ name: "initcontainer1", image: "registry.k8s.io/pause" }],
    containers: [{ name: "container1", image: "registry.k8s.io/pause" }],
  },
});
const restrictedSecurityContext = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
const restrictedPod = (): Pod => ({
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    initContainers: [{ name: "initcontainer1", image: "registry.k8s.io/pause", securityContext: restrictedSecurityContext() }],
    containers: [{ name: "container1", image: "registry.k8s.io/pause", securityContext: restrictedSecurityContext() }],
  },
});
const withSpec = (pod: Pod, f: (spec: any) => void): Pod => {
  const copy = structuredClone(pod);
  f(copy.spec);
  return copy;
};

interface Edge {
  name: string;
  level: PssLevel;
  pod: Pod;
  /** version -> exactly the checks that must fire, in PSA's order */
  expect: [PssVersion, string[]][];
}

const windowsRestrictedMinimum = withSpec(baselinePod(), (s) => {
  s.os = { name: "windows" };
  s.securityContext = { runAsNonRoot: true };
});
const rootInUserNamespace = (hostUsers: boolean) =>
  withSpec(restrictedPod(), (s) => {
    s.hostUsers = hostUsers;
    delete s.securityContext.runAsNonRoot;
    s.securityContext.runAsUser = 0;
  });
const unmasked = (hostUsers: boolean, base: Pod) =>
  withSpec(base, (s) => {
    s.hostUsers = hostUsers;
    s.containers[0].securityContext = { ...(s.containers[0].securityContext ?? {}), procMount: "Unmasked" };
  });
const sysctl = (name: string) => withSpec(baselinePod(), (s) => (s.securityContext = { sysctls: [{ name, value: "1" }] }));

const EDGES: Edge[] = [
  {
    // check_allowPrivilegeEscalation.go / check_seccompProfile_restricted.go / check_capabilities_restricted.go:
    // the *_1_25 revisions return Allowed for spec.os.name == "windows"
    name: "1.25 Windows exemption from allowPrivilegeEscalation, seccompProfile and capabilities",
    level: "restricted",
    pod: windowsRestrictedMinimum,
    expect: [
      [v(24), ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"]],
      [v(25), []],
      ["latest", []],
    ],
  },
  {
    name: "the Windows exemption does not cover runAsNonRoot",
    level: "restricted",
    pod: withSpec(windowsRestrictedMinimum, (s) => delete s.securityContext.runAsNonRoot),
    expect: [[v(25), ["runAsNonRoot"]]],
  },
  {
    name: "the Windows exemption compares os.name exactly (corev1.Windows is \"windows\")",
    level: "restricted",
    pod: withSpec(windowsRestrictedMinimum, (s) => (s.os.name = "Windows")),
    expect: [[v(25), ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"]]],
  },
  {
    // runAsNonRoot_1_35 / runAsUser_1_35: relaxPolicyForUserNamespacePod; the 1.0 / 1.23 revisions no longer relax
    name: "1.35 hostUsers: false skips runAsNonRoot and runAsUser",
    level: "restricted",
    pod: rootInUserNamespace(false),
    expect: [
      [v(23), ["runAsNonRoot", "runAsUser"]],
      [v(34), ["runAsNonRoot", "runAsUser"]],
      [v(35), []],
      ["latest", []],
    ],
  },
  {
    name: "hostUsers: true is not a relaxation",
    level: "restricted",
    pod: rootInUserNamespace(true),
    expect: [[v(35), ["runAsNonRoot", "runAsUser"]]],
  },
  {
    // check_procMount_baseline.go: procMount1_35baseline relaxes for hostUsers: false
    name: "1.35 baseline allows Unmasked procMount in a user namespace",
    level: "baseline",
    pod: unmasked(false, baselinePod()),
    expect: [[v(0), ["procMount"]], [v(34), ["procMount"]], [v(35), []], ["latest", []]],
  },
  {
    // check_procMount_restricted.go: procMount_1_0 at 1.35 with OverrideCheckIDs: procMount
    name: "1.35 restricted keeps forbidding it through procMount_restricted, which replaces procMount",
    level: "restricted",
    pod: unmasked(false, restrictedPod()),
    expect: [[v(34), ["procMount"]], [v(35), ["procMount_restricted"]], ["latest", ["procMount_restricted"]]],
  },
  {
    name: "Unmasked procMount outside a user namespace fails both levels at 1.35",
    level: "baseline",
    pod: unmasked(true, baselinePod()),
    expect: [[v(35), ["procMount"]]],
  },
  // check_sysctls.go: sysctlsAllowedV1Dot0 / V1Dot27 / V1Dot29 / V1Dot32 / V1Dot37
  { name: "kernel.shm_rmid_forced is safe from 1.0", level: "baseline", pod: sysctl("kernel.shm_rmid_forced"), expect: [[v(0), []]] },
  { name: "net.ipv4.ip_local_reserved_ports is safe from 1.27", level: "baseline", pod: sysctl("net.ipv4.ip_local_reserved_ports"), expect: [[v(26), ["sysctls"]], [v(27), []]] },
  { name: "net.ipv4.tcp_keepalive_time is safe from 1.29", level: "baseline", pod: sysctl("net.ipv4.tcp_keepalive_time"), expect: [[v(28), ["sysctls"]], [v(29), []]] },
  { name: "net.ipv4.tcp_fin_timeout is safe from 1.29", level: "baseline", pod: sysctl("net.ipv4.tcp_fin_timeout"), expect: [[v(28), ["sysctls"]], [v(29), []]] },
  { name: "net.ipv4.tcp_rmem is safe from 1.32", level: "baseline", pod: sysctl("net.ipv4.tcp_rmem"), expect: [[v(31), ["sysctls"]], [v(32), []]] },
  { name: "net.ipv4.tcp_wmem is safe from 1.32", level: "restricted", pod: withSpec(restrictedPod(), (s) => (s.securityContext.sysctls = [{ name: "net.ipv4.tcp_wmem", value: "1" }])), expect: [[v(31), ["sysctls"]], [v(32), []]] },
  {
    name: "net.ipv4.tcp_slow_start_after_idle is safe from 1.37 (and so at latest)",
    level: "baseline",
    pod: sysctl("net.ipv4.tcp_slow_start_after_idle"),
    expect: [[v(36), ["sysctls"]], [v(37), []], ["latest", []], [v(99), []]],
  },
  { name: "net.ipv4.tcp_notsent_lowat is safe from 1.37", level: "baseline", pod: sysctl("net.ipv4.tcp_notsent_lowat"), expect: [[v(36), ["sysctls"]], [v(37), []]] },
  { name: "an unknown sysctl is never safe", level: "baseline", pod: sysctl("kernel.msgmax"), expect: [[v(0), ["sysctls"]], ["latest", ["sysctls"]]] },
  {
    // check_seccompProfile_baseline.go: seccompProfileBaseline_1_0 reads the alpha annotations, _1_19 the fields
    name: "seccomp annotations are judged before 1.19 and ignored from 1.19",
    level: "baseline",
    pod: { metadata: { annotations: { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" } }, spec: baselinePod().spec },
    expect: [[v(0), ["seccompProfile_baseline"]], [v(18), ["seccompProfile_baseline"]], [v(19), []]],
  },
  {
    name: "a container seccomp annotation is matched by container name",
    level: "baseline",
    pod: { metadata: { annotations: { "container.seccomp.security.alpha.kubernetes.io/initcontainer1": "unconfined", "container.seccomp.security.alpha.kubernetes.io/other": "unconfined" } }, spec: baselinePod().spec },
    expect: [[v(18), ["seccompProfile_baseline"]]],
  },
  {
    name: "docker/default and localhost/* annotations are allowed",
    level: "baseline",
    pod: { metadata: { annotations: { "seccomp.security.alpha.kubernetes.io/pod": "docker/default", "container.seccomp.security.alpha.kubernetes.io/container1": "localhost/p" } }, spec: baselinePod().spec },
    expect: [[v(0), []]],
  },
  {
    name: "seccompProfile fields are judged from 1.19",
    level: "baseline",
    pod: withSpec(baselinePod(), (s) => (s.securityContext = { seccompProfile: { type: "Unconfined" } })),
    expect: [[v(18), []], [v(19), ["seccompProfile_baseline"]]],
  },
  {
    // seccompProfileRestricted 1.19 with OverrideCheckIDs seccompProfile_baseline
    name: "restricted requires a seccomp profile from 1.19, replacing the baseline check",
    level: "restricted",
    pod: withSpec(restrictedPod(), (s) => (s.securityContext.seccompProfile = { type: "Unconfined" })),
    expect: [[v(18), []], [v(19), ["seccompProfile_restricted"]]],
  },
  {
    // check_appArmorProfile.go: one revision at 1.0 reading the fields and the annotations
    name: "appArmorProfile fields are judged at every version",
    level: "baseline",
    pod: withSpec(baselinePod(), (s) => (s.containers[0].securityContext = { appArmorProfile: { type: "Unconfined" } })),
    expect: [[v(0), ["appArmorProfile"]], ["latest", ["appArmorProfile"]]],
  },
  {
    name: "AppArmor beta annotations are still judged at latest",
    level: "baseline",
    pod: { metadata: { annotations: { "container.apparmor.security.beta.kubernetes.io/container1": "unconfined" } }, spec: baselinePod().spec },
    expect: [[v(0), ["appArmorProfile"]], ["latest", ["appArmorProfile"]]],
  },
  {
    name: "RuntimeDefault / Localhost AppArmor fields and runtime/default, localhost/* annotations are allowed",
    level: "baseline",
    pod: {
      metadata: { annotations: { "container.apparmor.security.beta.kubernetes.io/container1": "runtime/default", "container.apparmor.security.beta.kubernetes.io/initcontainer1": "localhost/x" } },
      spec: withSpec(baselinePod(), (s) => (s.securityContext = { appArmorProfile: { type: "Localhost", localhostProfile: "x" } })).spec,
    },
    expect: [[v(0), []]],
  },
  {
    // check_seLinuxOptions.go: selinuxAllowedTypes1_31 adds container_engine_t
    name: "SELinux type container_engine_t is allowed from 1.31",
    level: "baseline",
    pod: withSpec(baselinePod(), (s) => (s.securityContext = { seLinuxOptions: { type: "container_engine_t" } })),
    expect: [[v(30), ["seLinuxOptions"]], [v(31), []]],
  },
  {
    // check_hostProbesAndhostLifecycle.go: MinimumVersion 1.34, absent before
    name: "probe and lifecycle hosts are forbidden from 1.34",
    level: "baseline",
    pod: withSpec(baselinePod(), (s) => (s.containers[0].livenessProbe = { httpGet: { host: "10.0.0.1", port: 80 } })),
    expect: [[v(0), []], [v(33), []], [v(34), ["hostProbesAndHostLifecycle"]], ["latest", ["hostProbesAndHostLifecycle"]]],
  },
  {
    name: "the v1.0 restricted profile is baseline plus runAsNonRoot and volume types",
    level: "restricted",
    pod: withSpec(baselinePod(), (s) => (s.securityContext = { runAsNonRoot: true })),
    expect: [[v(0), []], [v(7), []], [v(8), ["allowPrivilegeEscalation"]]],
  },
  {
    // capabilities_restricted 1.22 with OverrideCheckIDs capabilities_baseline
    name: "before 1.22 restricted judges added capabilities with the baseline check",
    level: "restricted",
    pod: withSpec(restrictedPod(), (s) => (s.containers[0].securityContext.capabilities = { add: ["NET_RAW"] })),
    expect: [[v(21), ["capabilities_baseline"]], [v(22), ["capabilities_restricted"]]],
  },
  {
    name: "runAsUser=0 is judged from 1.23",
    level: "restricted",
    pod: withSpec(restrictedPod(), (s) => (s.securityContext.runAsUser = 0)),
    expect: [[v(22), []], [v(23), ["runAsUser"]]],
  },
  {
    // check_restrictedVolumes.go: OverrideCheckIDs hostPathVolumes
    name: "restricted reports hostPath through restrictedVolumes, baseline through hostPathVolumes",
    level: "restricted",
    pod: withSpec(restrictedPod(), (s) => (s.volumes = [{ name: "h", hostPath: { path: "/" } }])),
    expect: [[v(0), ["restrictedVolumes"]], ["latest", ["restrictedVolumes"]]],
  },
  {
    name: "image volumes and sourceless volumes (defaulted to emptyDir) are allowed at every version",
    level: "restricted",
    pod: withSpec(restrictedPod(), (s) => (s.volumes = [{ name: "img", image: { reference: "r" } }, { name: "bare" }, { name: "csi", csi: { driver: "d" } }, { name: "e", ephemeral: {} }])),
    expect: [[v(0), []], [v(25), []], ["latest", []]],
  },
  {
    name: "several violations come in PSA order: baseline IDs sorted, then restricted IDs sorted",
    level: "restricted",
    pod: withSpec(restrictedPod(), (s) => {
      s.hostPID = true;
      s.containers[0].securityContext.privileged = true;
      s.securityContext.runAsUser = 0;
      s.volumes = [{ name: "n", nfs: { server: "s", path: "/" } }];
      s.containers[0].ports = [{ containerPort: 80, hostPort: 80 }];
    }),
    expect: [["latest", ["hostNamespaces", "hostPorts", "privileged", "restrictedVolumes", "runAsUser"]]],
  },
];

describe("version edges", () => {
  for (const edge of EDGES) {
    test(edge.name, () => {
      for (const [version, expected] of edge.expect) {
        const label = version === "latest" ? "latest" : `v1.${version.minor}`;
        assert.deepEqual(ids(edge.pod, edge.level, version), expected, `${edge.level} ${label}`);
      }
    });
  }

  test("the privileged level never forbids anything", () => {
    const pod = withSpec(baselinePod(), (s) => {
      s.hostNetwork = true;
      s.containers[0].securityContext = { privileged: true };
    });
    assert.deepEqual(ids(pod, "privileged", "latest"), []);
    assert.deepEqual(ids(pod, "privileged", v(0)), []);
  });
});

describe("registry", () => {
  test("all 19 checks: 12 baseline, 7 restricted, with upstream IDs", () => {
    assert.equal(PSS_CHECKS.length, 19);
    assert.deepEqual(PSS_CHECKS.filter((c) => c.level === "baseline").map((c) => c.id).sort(), [
      "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes", "hostPorts", "hostProbesAndHostLifecycle",
      "privileged", "procMount", "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
    ]);
    assert.deepEqual(PSS_CHECKS.filter((c) => c.level === "restricted").map((c) => c.id).sort(), [
      "allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes", "runAsNonRoot", "runAsUser", "seccompProfile_restricted",
    ]);
  });

  test("overrides are restricted -> baseline twins", () => {
    const overrides = Object.fromEntries(PSS_CHECKS.filter((c) => c.overrides).map((c) => [c.id, c.overrides]));
    assert.deepEqual(overrides, {
      capabilities_restricted: ["capabilities_baseline"],
      procMount_restricted: ["procMount"],
      restrictedVolumes: ["hostPathVolumes"],
      seccompProfile_restricted: ["seccompProfile_baseline"],
    });
  });

  test("latest is the newest MinimumVersion (1.37) and newer versions clamp to it", () => {
    assert.equal(PSS_LATEST_MINOR, 37);
    const names = (version: PssVersion) => activeChecks("restricted", version).map((a) => `${a.check.id}@${a.revision.minimumVersion}`);
    assert.deepEqual(names("latest"), names(v(37)));
    assert.deepEqual(names(v(120)), names(v(37)));
  });

  test("checks in force per version (a check is absent before its first MinimumVersion)", () => {
    const count = (level: PssLevel, minor: number) => activeChecks(level, v(minor)).length;
    assert.equal(count("baseline", 0), 11);
    assert.equal(count("baseline", 34), 12);
    assert.equal(count("restricted", 0), 12); // 11 baseline - hostPathVolumes + restrictedVolumes + runAsNonRoot
    assert.equal(count("restricted", 8), 13); // + allowPrivilegeEscalation
    assert.equal(count("restricted", 19), 13); // + seccompProfile_restricted - seccompProfile_baseline
    assert.equal(count("restricted", 22), 13); // + capabilities_restricted - capabilities_baseline
    assert.equal(count("restricted", 23), 14); // + runAsUser
    assert.equal(count("restricted", 34), 15); // + hostProbesAndHostLifecycle
    assert.equal(count("restricted", 35), 15); // + procMount_restricted - procMount
  });

  test("parsePssVersion follows api.ParseVersion", () => {
    assert.deepEqual(parsePssVersion("latest"), "latest");
    assert.deepEqual(parsePssVersion("v1.0"), v(0));
    assert.deepEqual(parsePssVersion("v1.25"), v(25));
    for (const bad of ["", "v1", "v1.", "1.25", "v1.025", "v2.0", "V1.25", "v1.25.0", "v1.-1", " latest"]) {
      assert.equal(parsePssVersion(bad), undefined, bad);
    }
  });
});

describe("violations read like upstream", () => {
  test("reason, detail, paths and containers", () => {
    const pod = withSpec(restrictedPod(), (s) => {
      delete s.securityContext.runAsNonRoot;
      s.ephemeralContainers = [{ name: "debug", image: "busybox", securityContext: { privileged: true } }];
    });
    const found = evaluatePod({}, pod.spec, "restricted", "latest");
    const privileged = found.find((x) => x.checkId === "privileged")!;
    assert.equal(privileged.reason, "privileged");
    assert.equal(privileged.detail, 'container "debug" must not set securityContext.privileged=true');
    assert.deepEqual(privileged.paths, [["spec", "ephemeralContainers", 0, "securityContext", "privileged"]]);
    assert.deepEqual(privileged.containers, [{ kind: "ephemeralContainers", index: 0, name: "debug" }]);

    const nonRoot = found.find((x) => x.checkId === "runAsNonRoot")!;
    assert.equal(nonRoot.reason, "runAsNonRoot != true");
    assert.equal(nonRoot.detail, 'pod or containers "initcontainer1", "container1", "debug" must set securityContext.runAsNonRoot=true');
    assert.deepEqual(nonRoot.paths, [
      ["spec", "initContainers", 0, "securityContext", "runAsNonRoot"],
      ["spec", "containers", 0, "securityContext", "runAsNonRoot"],
      ["spec", "ephemeralContainers", 0, "securityContext", "runAsNonRoot"],
    ]);
  });

  test("host namespaces and capabilities", () => {
    const pod = withSpec(restrictedPod(), (s) => {
      s.hostNetwork = true;
      s.hostIPC = true;
      s.containers[0].securityContext.capabilities = { add: ["SYS_ADMIN", "NET_BIND_SERVICE"] };
    });
    const found = evaluatePod({}, pod.spec, "restricted", "latest");
    const hostNamespaces = found.find((x) => x.checkId === "hostNamespaces")!;
    assert.equal(hostNamespaces.detail, "hostIPC, hostNetwork");
    assert.deepEqual(hostNamespaces.paths, [["spec", "hostNetwork"], ["spec", "hostIPC"]]);
    const caps = found.find((x) => x.checkId === "capabilities_restricted")!;
    assert.equal(caps.reason, "unrestricted capabilities");
    assert.equal(caps.detail, 'container "container1" must set securityContext.capabilities.drop=["ALL"]; container "container1" must not include "SYS_ADMIN" in securityContext.capabilities.add');
    assert.deepEqual(caps.paths, [
      ["spec", "containers", 0, "securityContext", "capabilities", "drop"],
      ["spec", "containers", 0, "securityContext", "capabilities", "add", 0],
    ]);
  });

  test("annotation paths point into metadata (joinQuote does not escape, as upstream)", () => {
    const found = evaluatePod({ annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" } }, { containers: [{ name: "app" }] }, "baseline", "latest");
    assert.deepEqual(found.map((x) => [x.checkId, x.reason, x.detail, x.paths]), [
      ["appArmorProfile", "forbidden AppArmor profile", 'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined""', [["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]]],
    ]);
  });
});

describe("includeOverridden", () => {
  test("reports the replaced baseline twin only when its replacement fired", () => {
    const netRaw = withSpec(restrictedPod(), (s) => (s.containers[0].securityContext.capabilities.add = ["NET_RAW"]));
    const found = evaluatePod({}, netRaw.spec, "restricted", "latest", { includeOverridden: true });
    assert.deepEqual(found.map((x) => [x.checkId, x.overriddenBy]), [["capabilities_baseline", ["capabilities_restricted"]], ["capabilities_restricted", undefined]]);
    assert.deepEqual(ids(netRaw, "restricted", "latest"), ["capabilities_restricted"]);
  });

  test("never changes the verdict: a Windows pod with Unconfined seccomp passes restricted 1.25+", () => {
    // seccompProfile_restricted exempts Windows and replaces seccompProfile_baseline, so PSA admits this pod
    const pod = withSpec(windowsRestrictedMinimum, (s) => (s.securityContext.seccompProfile = { type: "Unconfined" }));
    assert.deepEqual(evaluatePod({}, pod.spec, "restricted", v(25), { includeOverridden: true }), []);
    assert.deepEqual(ids(pod, "restricted", v(24)), ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"]);
  });
});

describe("robustness", () => {
  test("wrong types are treated as absent", () => {
    const spec = {
      hostNetwork: "true",
      containers: [null, 5, "x", { name: 7, securityContext: "nope", ports: "80" }, { name: "c", securityContext: { privileged: "true", capabilities: { add: "NET_RAW", drop: "ALL" }, runAsUser: "0" } }],
      initContainers: { name: "not-a-list" },
      volumes: [null, { name: "v", hostPath: "/" }],
      securityContext: { sysctls: "kernel.x", seLinuxOptions: [] },
    };
    assert.deepEqual(ids({ spec }, "baseline", "latest"), []);
    // the restricted requirements still apply to the containers that exist
    assert.deepEqual(ids({ spec }, "restricted", "latest"), ["allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot", "seccompProfile_restricted"]);
    assert.deepEqual(evaluatePod(null, null, "restricted", "latest"), []);
    assert.deepEqual(evaluatePod("x", 42, "baseline", v(0)), []);
  });

  test("never throws on arbitrary input", () => {
    const level = fc.constantFrom<PssLevel>("privileged", "baseline", "restricted");
    const version = fc.oneof(fc.constant<PssVersion>("latest"), fc.integer({ min: 0, max: 60 }).map(v));
    const container = fc.record({ name: fc.anything(), securityContext: fc.anything(), ports: fc.anything(), livenessProbe: fc.anything(), lifecycle: fc.anything() }, { requiredKeys: [] });
    const spec = fc.oneof(
      fc.anything(),
      fc.record({ containers: fc.array(fc.oneof(container, fc.anything())), initContainers: fc.anything(), securityContext: fc.anything(), volumes: fc.anything(), hostUsers: fc.anything(), os: fc.anything() }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(fc.anything(), spec, level, version, (meta, podSpec, l, ver) => {
        evaluatePod(meta, podSpec, l, ver);
      }),
      { numRuns: 2000, seed: 1126 },
    );
  });
});
