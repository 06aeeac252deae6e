// One finding per root cause across the PSS rules and hardening/read-only-root-filesystem (issue 13, points 1 and 7):
// table tests on shapes seen in public repositories (written here, not copied).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCreate, type TextEdit } from "../api.js";
import { analyzeText, type Finding } from "../engine.js";
import { fixAll } from "../fixall.js";
import { applyTextEdits } from "../model/edit.js";

const URI = "file:///test/app.yaml";

/** A plain Deployment as most quick-start manifests have it: no securityContext anywhere. */
const bare = (containers = ["app"], extraPod = "", extraMeta = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${extraMeta}spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
${extraPod}      containers:
${containers.map((c) => `        - name: ${c}\n          image: registry.example.com/${c}:1.0.0\n`).join("")}`;

const pss = (fs: Finding[]) => fs.filter((f) => (f.rules ?? [f.rule]).some((r) => r.startsWith("pss/") || r === "hardening/read-only-root-filesystem"));
const view = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${(f.rules ?? [f.rule]).join("+")}`;

const HARDENING = "pss/allow-privilege-escalation+pss/capabilities-restricted+pss/run-as-non-root+pss/seccomp-profile-restricted+hardening/read-only-root-filesystem";

interface Case { name: string; yaml: string; expect: string[]; message?: RegExp; related?: string[] }

const cases: Case[] = [
  {
    name: "a container without securityContext: one error listing the five rules, on the container",
    yaml: bare(),
    expect: [`13:11 error ${HARDENING}`],
    message: /^Container "app" sets no securityContext \(missing runAsNonRoot: true, seccompProfile: RuntimeDefault, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true and capabilities.drop: \[ALL\]\): it may run as root, .* Pod Security Standard "restricted" \(set by kubeready's default\) rejects the pod/,
    related: ["11:5 pss/run-as-non-root: runAsNonRoot: true missing; pss/seccomp-profile-restricted: seccompProfile: RuntimeDefault missing"],
  },
  {
    name: "two bare containers (app + sidecar): still one finding, the second container related",
    yaml: bare(["app", "envoy"]),
    expect: [`13:11 error ${HARDENING}`],
    message: /^Containers "app", "envoy" set no securityContext/,
    related: ["11:5 pss/run-as-non-root: runAsNonRoot: true missing; pss/seccomp-profile-restricted: seccompProfile: RuntimeDefault missing", '15:11 container "envoy"'],
  },
  {
    name: "suppressing one rule by annotation removes only that part of the group",
    yaml: bare(["app"], "", "  annotations:\n    kubeready.io/ignore: hardening/read-only-root-filesystem\n"),
    expect: ["15:11 error pss/allow-privilege-escalation+pss/capabilities-restricted+pss/run-as-non-root+pss/seccomp-profile-restricted"],
  },
  {
    name: "suppressing four of five leaves the fifth as its own finding",
    yaml: bare(["app"], "", "  annotations:\n    kubeready.io/ignore: pss/allow-privilege-escalation,pss/capabilities-restricted,pss/run-as-non-root,pss/seccomp-profile-restricted\n"),
    expect: ["15:11 warning hardening/read-only-root-filesystem"],
  },
  {
    name: "an explicit allowPrivilegeEscalation: true is its own root cause, not part of the hardening block",
    yaml: bare(["app"]).replace("          image: registry.example.com/app:1.0.0\n", "          image: registry.example.com/app:1.0.0\n          securityContext:\n            allowPrivilegeEscalation: true\n"),
    expect: [
      "15:11 error pss/capabilities-restricted+pss/run-as-non-root+pss/seccomp-profile-restricted+hardening/read-only-root-filesystem",
      "16:39 error pss/allow-privilege-escalation",
    ],
  },
  {
    name: "a privileged root container keeps its own errors (the gate still fails on them)",
    yaml: bare(["app"]).replace("          image: registry.example.com/app:1.0.0\n", "          image: registry.example.com/app:1.0.0\n          securityContext:\n            privileged: true\n            runAsUser: 0\n"),
    expect: [
      "15:11 error pss/allow-privilege-escalation+pss/capabilities-restricted+pss/run-as-non-root+pss/seccomp-profile-restricted+hardening/read-only-root-filesystem",
      "16:25 error pss/privileged",
      "17:24 error pss/run-as-user",
    ],
  },
  {
    name: "a hardened pod except two containers lacking drop ALL: one finding on the first, the other related",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: app:1
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
    - name: proxy
      image: proxy:1
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
`,
    expect: ["12:7 error pss/capabilities-restricted"],
    message: /^Containers "app", "proxy" must set securityContext.capabilities.drop=\["ALL"\]: /,
    related: ['13:7 container "proxy"'],
  },
  {
    name: "runAsNonRoot missing in every container: one finding at the pod's securityContext",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: app:1
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
    - name: proxy
      image: proxy:1
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`,
    expect: ["6:3 error pss/run-as-non-root"],
    related: ['9:7 container "app"', '12:7 container "proxy"'],
  },
  {
    name: "drop: [all] in lower case: the runtime accepts it, PSA restricted does not, and the message says so",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: app:1
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [all]
`,
    expect: ["16:11 error pss/capabilities-restricted"],
    message: /"app" drops "all" in lower case: the container runtime accepts that, Pod Security admission only accepts "ALL"/,
  },
  {
    name: "a hostPath volume fails baseline and restricted for the same reason: one finding naming both levels",
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: log-shipper
  namespace: logging
spec:
  selector: {matchLabels: {app: ls}}
  template:
    metadata: {labels: {app: ls}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: ls
          image: ls:1
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      volumes:
        - name: varlog
          hostPath: {path: /var/log}
        - name: share
          nfs: {server: nfs.example.com, path: /exports}
`,
    expect: ["18:11 error pss/host-path-volumes+pss/restricted-volumes", "20:11 error pss/restricted-volumes"],
    message: /^Volume "varlog" is a hostPath volume: .*both the baseline and the restricted Pod Security Standard forbid/,
  },
  {
    name: "two hostPath volumes (a Deployment reading /var/log and /proc; a node agent DaemonSet is silent): one finding for the pod, the second related",
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: node-agent
spec:
  selector: {matchLabels: {app: na}}
  template:
    metadata: {labels: {app: na}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: agent
          image: agent:1
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      volumes:
        - {name: varlog, hostPath: {path: /var/log}}
        - {name: proc, hostPath: {path: /proc}}
`,
    expect: ["16:26 error pss/host-path-volumes+pss/restricted-volumes"],
    message: /^Volumes "varlog", "proc" are hostPath volumes: they give the pod the node's files/,
    related: ['17:24 Volume "proc"'],
  },
];

describe("pss grouping: one finding per root cause", () => {
  for (const c of cases) {
    it(c.name, () => {
      const found = pss(analyzeText(c.yaml, URI));
      assert.deepEqual(found.map(view), c.expect);
      if (c.message) assert.match(found[0].message, c.message);
      if (c.related) assert.deepEqual((found[0].related ?? []).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`), c.related);
    });
  }

  it("the grouped fix writes the whole hardened block in one edit and is not safe; the safe part is offered on its own", () => {
    const text = bare(["app", "envoy"]);
    const [f] = pss(analyzeText(text, URI));
    const fixes = f.fixes!().filter((x) => !x.suppression);
    assert.deepEqual(fixes.map((x) => [x.title.split(" (")[0], x.safe]), [["Harden the securityContext", false], ["Set seccompProfile: RuntimeDefault and allowPrivilegeEscalation: false only", true]]);
    const out = applyTextEdits(text, fixes[0].edits.filter((e): e is TextEdit => !isCreate(e)));
    assert.equal(out, `${text.replace("          image: registry.example.com/app:1.0.0\n", `          image: registry.example.com/app:1.0.0
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
`)}          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
`);
    assert.deepEqual(pss(analyzeText(out, URI)).map(view), [], "the hardened block satisfies every grouped rule");
  });

  it("fix-all applies only the safe part: runAsNonRoot, drop ALL and the read-only root stay for a person to decide", () => {
    const { text } = fixAll(URI, bare(), {}, []);
    assert.match(text, /allowPrivilegeEscalation: false/);
    assert.match(text, /type: RuntimeDefault/);
    assert.doesNotMatch(text, /runAsNonRoot|readOnlyRootFilesystem|drop/);
    assert.deepEqual(pss(analyzeText(text, URI)).map(view), ["15:11 error pss/capabilities-restricted+pss/run-as-non-root+hardening/read-only-root-filesystem"]);
  });

  it("a privileged node agent (Falco's shape): no fix writes allowPrivilegeEscalation: false, which the API server would reject beside privileged: true", () => {
    const agent = bare().replace("          image: registry.example.com/app:1.0.0\n", "          image: registry.example.com/app:1.0.0\n          securityContext:\n            privileged: true\n");
    const { text } = fixAll(URI, agent, {}, [], undefined);
    assert.doesNotMatch(text, /allowPrivilegeEscalation: false/);
    for (const f of pss(analyzeText(agent, URI))) {
      for (const fix of (f.fixes?.() ?? []).filter((x) => !x.suppression)) {
        const out = applyTextEdits(agent, fix.edits.filter((e): e is TextEdit => !isCreate(e)));
        assert.ok(!(/privileged: true/.test(out) && /allowPrivilegeEscalation: false/.test(out)), `${fix.title} writes an unappliable pair`);
      }
    }
  });

  it("a disable comment on one member's line removes only that member", () => {
    const text = bare().replace("        - name: app\n", "        # kubeready-disable-next-line pss/allow-privilege-escalation\n        - name: app\n");
    assert.deepEqual(pss(analyzeText(text, URI)).map(view), ["14:11 error pss/capabilities-restricted+pss/run-as-non-root+pss/seccomp-profile-restricted+hardening/read-only-root-filesystem"]);
  });
});
