// Tests for foldRepeats: one root cause said once per run, the other places as related locations.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FactTag } from "../../rules/api.js";
import type { Finding } from "../../rules/engine.js";
import { factKeys, patchFact, valueFact } from "../../rules/facts.js";
import { foldRepeats } from "./repeats.js";
import type { LintFinding } from "./result.js";

const at = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 8 } });

/**
 * A finding as the CLI sees it, with the identity the engine gives it (`fact`: what the rule's report says; `within`:
 * the rule's key in the object, which a rendered finding's own `key` hides) and, for a rendered Helm finding, its value.
 */
function lf(file: string, rule: string, key: string, message: string, object?: Finding["object"], line = 3, fact?: FactTag, within = "k", value?: string, said = message, patchedBy?: string): LintFinding {
  const facts = [...factKeys(rule, object, within, fact, said), ...(value ? [valueFact(rule, "file:///repo/chart", value)] : []), ...(patchedBy ? [patchFact(rule, patchedBy)] : [])];
  return { file, finding: { rule, severity: "warning", message, uri: `file:///repo/${file}`, range: at(line), key, fixable: "none", object, ...(facts.length ? { facts } : {}) } };
}
/** A rendered finding: the render contexts (overlays, chart + values files) it was seen in. */
const rendered = (x: LintFinding, deployments: string[]): LintFinding => ({ ...x, finding: { ...x.finding, deployments } as Finding });
const app = (name: string) => ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: "argocd", name });
/** The same finding told again on the values file (render/judge.ts), for the template finding with key `of`. */
const companion = (x: LintFinding, of: string): LintFinding => ({ ...x, finding: { ...x.finding, valuesOf: of } as Finding });
/** The same finding without its identity: what a finding made without `fact` looks like. */
const bare = (x: LintFinding): LintFinding => ({ ...x, finding: { ...x.finding, facts: undefined } });

const deploy = (name: string, namespace = "shop") => ({ apiVersion: "apps/v1", kind: "Deployment", namespace, name });
const DENY = "network/missing-default-deny";
const SKIP = "yaml/not-analysed";
const POD: FactTag = { subject: "" };
const SHOP: FactTag = { namespace: "shop" };

const cases: { name: string; input: LintFinding[]; expect: string[]; related?: string[][] }[] = [
  {
    name: "a namespace without default-deny, one workload per file: said once, the other files related",
    input: [lf("a.yaml", DENY, "shop", "Deployment \"a\" is in namespace \"shop\", which has no default-deny", deploy("a"), 3, SHOP), lf("b.yaml", DENY, "shop", "Deployment \"b\" is in namespace \"shop\", which has no default-deny", deploy("b"), 3, SHOP)],
    expect: ["a.yaml network/missing-default-deny"],
    related: [["the same namespace, in b.yaml"]],
  },
  {
    name: "a rendered chart's finding (a key of its own) is the same namespace fact",
    input: [lf("a.yaml", DENY, "shop", "shop…", deploy("a"), 3, SHOP), lf("chart/templates/web.yaml", DENY, `${DENY}|rendered|file:///repo/chart/templates/web.yaml|4:2|Deployment`, "shop…", deploy("web"), 3, SHOP)],
    expect: ["a.yaml network/missing-default-deny"],
  },
  {
    name: "a rendered chart finding told again on values.yaml (where the value is set) is one finding, the values spot related",
    input: [
      lf("chart/templates/web.yaml", "operations/image-not-pinned", "tpl-key", "Container \"web\" image \"web:latest\" uses the mutable tag \"latest\" (value from .Values.image in values.yaml)", deploy("web"), 22, { subject: "web:latest" }, "Deployment.web", "image"),
      companion(lf("chart/values.yaml", "operations/image-not-pinned", "values-key", "…", deploy("web"), 4, { subject: "web:latest" }, "Deployment.web", "image"), "tpl-key"),
    ],
    expect: ["chart/templates/web.yaml operations/image-not-pinned"],
    related: [["where the value is set: chart/values.yaml"]],
  },
  {
    name: "a rendered build's finding and a raw copy met earlier are one finding, kept at the install manifest rather than the docs snippet",
    input: [
      lf("docs/snippets/op.yaml", "operations/identical-probes", "Deployment.manager", "Container \"manager\" has identical liveness and readiness probes.", deploy("op-controller", "op-system"), 20),
      lf("kustomize/manager.yaml", "operations/identical-probes", `operations/identical-probes|rendered|file:///repo/kustomize/manager.yaml|67:8|Deployment`, "Container \"manager\" has identical liveness and readiness probes.", deploy("op-controller", "op-system"), 68),
    ],
    expect: ["kustomize/manager.yaml operations/identical-probes"],
    related: [["the same finding on a copy of this object, in docs/snippets/op.yaml"]],
  },
  {
    name: "several syntax errors in one file: the first, the others related",
    input: [lf("docs/a.yaml", "yaml/syntax", "yaml/syntax|10", "Invalid YAML: Implicit keys need to be on a single line", undefined, 3), lf("docs/a.yaml", "yaml/syntax", "yaml/syntax|90", "Invalid YAML: Nested mappings are not allowed in compact mappings", undefined, 10), lf("docs/b.yaml", "yaml/syntax", "yaml/syntax|5", "Invalid YAML: x", undefined, 1)],
    expect: ["docs/a.yaml yaml/syntax", "docs/b.yaml yaml/syntax"],
    related: [["another syntax error, line 11"], []],
  },
  {
    name: "two namespaces stay two findings",
    input: [lf("a.yaml", DENY, "shop", "shop…", deploy("a"), 3, SHOP), lf("b.yaml", DENY, "billing", "billing…", deploy("b", "billing"), 3, { namespace: "billing" })],
    expect: ["a.yaml network/missing-default-deny", "b.yaml network/missing-default-deny"],
  },
  {
    name: "the Namespace object is where the fact is kept, even when it comes later in the output",
    input: [lf("a.yaml", DENY, "shop", "workload…", deploy("a"), 3, SHOP), lf("ns.yaml", DENY, "shop", "Namespace…", { apiVersion: "v1", kind: "Namespace", namespace: "", name: "shop" }, 3, SHOP)],
    expect: ["ns.yaml network/missing-default-deny"],
  },
  {
    name: "the same finding on a copy of one object (a release bundle beside its source)",
    input: [lf("config/manager.yaml", "operations/missing-probes", "c", "Container \"manager\" has no readiness probe", deploy("manager", "system")), lf("releases/bundle.yaml", "operations/missing-probes", "c", "Container \"manager\" has no readiness probe", deploy("manager", "system"), 900)],
    expect: ["config/manager.yaml operations/missing-probes"],
    related: [["the same finding on a copy of this object, in releases/bundle.yaml"]],
  },
  {
    name: "the same message on two different objects is two findings",
    input: [lf("a.yaml", "operations/missing-probes", "c", "Container \"app\" has no readiness probe", deploy("a")), lf("b.yaml", "operations/missing-probes", "c", "Container \"app\" has no readiness probe", deploy("b"))],
    expect: ["a.yaml operations/missing-probes", "b.yaml operations/missing-probes"],
  },
  {
    name: "nameless fragments are never folded",
    input: [lf("a.yaml", "operations/missing-probes", "c", "same", deploy("")), lf("b.yaml", "operations/missing-probes", "c", "same", deploy(""))],
    expect: ["a.yaml operations/missing-probes", "b.yaml operations/missing-probes"],
  },
  {
    name: "templates of one chart folder: one note; another folder keeps its own",
    input: [
      lf("chart/templates/a.yaml", SKIP, `${SKIP}|template`, "Not analysed: 1 document of this file is a Helm template (line 4)."),
      lf("chart/templates/b.yaml", SKIP, `${SKIP}|template`, "Not analysed: 1 document of this file is a Helm template (line 9)."),
      lf("other/templates/c.yaml", SKIP, `${SKIP}|template`, "Not analysed: 1 document of this file is a Helm template (line 1)."),
    ],
    expect: ["chart/templates/a.yaml yaml/not-analysed", "other/templates/c.yaml yaml/not-analysed"],
    related: [["not analysed either: chart/templates/b.yaml"], []],
  },
  {
    name: "files skipped for different reasons in one folder are not folded together",
    input: [lf(".github/ci.yaml", SKIP, `${SKIP}|file`, "Not analysed: this file is a CI workflow, not Kubernetes manifests."), lf(".github/compose.yaml", SKIP, `${SKIP}|file`, "Not analysed: this file is a docker-compose file, not Kubernetes manifests.")],
    expect: [".github/ci.yaml yaml/not-analysed", ".github/compose.yaml yaml/not-analysed"],
  },
  {
    name: "copies in a Helm render, a plain folder and a kustomize base: the render's provenance note and key do not hide the copy",
    input: [
      lf("chart/templates/web.yaml", "operations/identical-probes", `operations/identical-probes|rendered|file:///repo/chart/templates/web.yaml|40:4|Deployment`, "Container \"server\" has identical liveness and readiness probes.", deploy("web", "default"), 40),
      lf("manifests/web.yaml", "operations/identical-probes", "k1", "Container \"server\" has identical liveness and readiness probes.", deploy("web", "default"), 30),
      // The render layer's provenance note is added to the message after the engine made the finding's identity.
      lf("kustomize/base/web.yaml", "operations/identical-probes", "k2", "Container \"server\" has identical liveness and readiness probes. (in kustomize, kustomize/tests/all)", deploy("web", "default"), 30, undefined, "k", undefined, "Container \"server\" has identical liveness and readiness probes."),
    ],
    expect: ["chart/templates/web.yaml operations/identical-probes"],
    related: [["the same finding on a copy of this object, in manifests/web.yaml", "the same finding on a copy of this object, in kustomize/base/web.yaml"]],
  },
  {
    name: "the same object in two alternative examples with different problems (other volumes) is two findings",
    input: [
      lf("examples/aws.yaml", "pss/host-path-volumes", "h1", "Volume \"ssl-certs\" is a hostPath volume.", { ...deploy("cluster-autoscaler", "kube-system") }, 170),
      lf("examples/azure.yaml", "pss/host-path-volumes", "h2", "Volumes \"ssl-certs\", \"waagent\" are hostPath volumes.", { ...deploy("cluster-autoscaler", "kube-system") }, 214),
    ],
    expect: ["examples/aws.yaml pss/host-path-volumes", "examples/azure.yaml pss/host-path-volumes"],
  },
  {
    name: "the same object in two namespaces (two overlays) is judged in each",
    input: [lf("base/web.yaml", "operations/missing-probes", "c", "Container \"app\" has no readiness probe (in overlays/dev)", deploy("web", "dev")), lf("base/web.yaml", "operations/missing-probes", "c", "Container \"app\" has no readiness probe (in overlays/prod)", deploy("web", "prod"))],
    expect: ["base/web.yaml operations/missing-probes", "base/web.yaml operations/missing-probes"],
  },
  {
    name: "one Helm value behind the same problem in every template: said once, the other objects and the values line related",
    input: [
      lf("chart/templates/a.yaml", "pss/seccomp-profile-restricted", "r1", "Pod or container \"server\" must set seccompProfile. (value from .Values.securityContext.enable in values.yaml)", deploy("a", "default"), 50, undefined, "k", "securityContext.enable"),
      lf("chart/templates/b.yaml", "pss/seccomp-profile-restricted", "r2", "Pod or container \"main\" must set seccompProfile. (value from .Values.securityContext.enable in values.yaml)", deploy("b", "default"), 51, undefined, "k", "securityContext.enable"),
      lf("chart/templates/b.yaml", "operations/missing-probes", "r3", "Container \"main\" has no readiness probe. (value from .Values.probes in values.yaml)", deploy("b", "default"), 60, undefined, "k", "probes"),
      companion(lf("chart/values.yaml", "pss/seccomp-profile-restricted", "r4", "Pod or container \"server\" must set seccompProfile. (.Values.securityContext.enable is used in templates/a.yaml:51)", deploy("a", "default"), 10, undefined, "k", "securityContext.enable"), "r1"),
    ],
    expect: ["chart/templates/a.yaml pss/seccomp-profile-restricted", "chart/templates/b.yaml operations/missing-probes"],
    related: [["the same value leaves Deployment \"b\" with the same problem, in chart/templates/b.yaml", "where the value is set: chart/values.yaml"], []],
  },
  {
    name: "a broken file says its first syntax error, and how many follow",
    input: [lf("broken.yaml", "yaml/syntax", "s1", "Invalid YAML: All mapping items must start at the same column", undefined, 20), lf("broken.yaml", "yaml/syntax", "s2", "Invalid YAML: All mapping items must start at the same column", undefined, 22), lf("broken.yaml", "yaml/syntax", "s3", "Invalid YAML: Missing closing 'quote", undefined, 25), lf("other.yaml", "yaml/syntax", "s4", "Invalid YAML: Missing closing 'quote", undefined, 2)],
    expect: ["broken.yaml yaml/syntax", "other.yaml yaml/syntax"],
    related: [["another syntax error, line 23", "another syntax error, line 26"], []],
  },
  {
    name: "a pod-level fact restated per container or per probe is said once; another subject (port) stays its own",
    input: [
      lf("db.yaml", "resources/qos-not-guaranteed", "q1", "StatefulSet \"db\" must have Guaranteed QoS but is Burstable: container \"init\" sets no cpu request.", deploy("db"), 20, POD),
      lf("db.yaml", "resources/qos-not-guaranteed", "q2", "StatefulSet \"db\" must have Guaranteed QoS but is Burstable: container \"db\" has cpu request 1 but limit 2.", deploy("db"), 40, POD),
      lf("db.yaml", "operations/probe-port-not-declared", "p1", "The livenessProbe of container \"db\" targets port 8081, which no container of the pod declares (declared: 8080); check it.", deploy("db"), 50, { subject: "8081" }),
      lf("db.yaml", "operations/probe-port-not-declared", "p2", "The readinessProbe of container \"db\" targets port 8081, which no container of the pod declares (declared: 8080); check it.", deploy("db"), 55, { subject: "8081" }),
      lf("db.yaml", "operations/probe-port-not-declared", "p3", "The startupProbe of container \"db\" targets port 9000, which no container of the pod declares (declared: 8080); check it.", deploy("db"), 60, { subject: "9000" }),
      lf("db.yaml", "hardening/root-group", "g1", "StatefulSet \"db\" sets runAsGroup: 0 in the pod's securityContext: root group (container \"db\" and every other).", deploy("db"), 70, POD),
      lf("db.yaml", "hardening/root-group", "g2", "StatefulSet \"db\" sets fsGroup: 0: its volumes become owned by the root group.", deploy("db"), 71, POD),
      lf("db.yaml", "hardening/root-group", "g3", "Container \"db\" sets runAsGroup: 0: its processes run with the root group.", deploy("db"), 80, { subject: "db" }),
    ],
    expect: ["db.yaml resources/qos-not-guaranteed", "db.yaml operations/probe-port-not-declared", "db.yaml operations/probe-port-not-declared", "db.yaml hardening/root-group", "db.yaml hardening/root-group"],
  },
  {
    name: "runs as root said by two rules is one finding; another container's own finding stays",
    input: [
      lf("app.yaml", "pss/run-as-non-root", "n1", "Container \"installer\" must not set securityContext.runAsNonRoot=false: root.", deploy("app"), 20, { shared: ["root:installer"] }, "n1"),
      lf("app.yaml", "pss/run-as-user", "u1", "Container \"installer\" must not set runAsUser=0: UID 0 is root.", deploy("app"), 21, { shared: ["root:installer"] }, "u1"),
      lf("app.yaml", "pss/run-as-non-root", "n2", "Container \"web\" is not hardened (missing runAsNonRoot: true).", deploy("app"), 40, { shared: ["root:web"] }, "n2"),
      lf("app.yaml", "pss/capabilities-baseline", "c1", "Container \"web\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add: kernel.", deploy("app"), 50, { shared: ["caps-add:web"] }, "c1"),
      lf("app.yaml", "pss/capabilities-restricted", "c2", "Container \"web\" must set securityContext.capabilities.drop=[\"ALL\"]; container \"web\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add.", deploy("app"), 51, { shared: ["caps-add:web"] }, "c2"),
    ],
    expect: ["app.yaml pss/run-as-non-root", "app.yaml pss/run-as-non-root", "app.yaml pss/capabilities-baseline"],
    related: [["pss/run-as-user says the same, line 22: Container \"installer\" must not set runAsUser=0: UID 0 is root."], [], [`pss/capabilities-restricted says the same, line 52: Container "web" must set securityContext.capabilities.drop=["ALL"]; container "web" must not include "SYS_ADMIN" in securityContext.capabilities.add.`]],
  },
  {
    name: "a base not hardened, seen as a group in one rendering and as one rule in another: the group is kept (its fix writes the whole block)",
    input: [
      rendered(lf("base/bind9.yaml", "pss/seccomp-profile-restricted", "s1", "Pod of Deployment \"bind9\" must set seccompProfile.", deploy("bind9"), 80, { shared: ["hardening:bind9"] }, "s1"), ["overlays/prod"]),
      rendered(lf("base/bind9.yaml", "pss/allow-privilege-escalation", "g1", "Container \"bind9\" sets no securityContext (missing runAsNonRoot: true, …).", deploy("bind9"), 83, { shared: ["hardening:bind9"] }, "g1"), ["overlays/staging"]),
    ].map((x, i) => (i === 1 ? { ...x, finding: { ...x.finding, rules: ["pss/allow-privilege-escalation", "pss/run-as-non-root"] } } : x)),
    expect: ["base/bind9.yaml pss/allow-privilege-escalation"],
    related: [["the same finding on a copy of this object, line 81 (in overlays/prod)"]],
  },
  {
    name: "one container not hardened, seen first only in a comparison-only overlay: kept where a production overlay deploys it",
    input: [
      rendered(lf("base/agent.yaml", "pss/allow-privilege-escalation", "g1", "Container \"agent\" sets no securityContext (missing …). (in examples/old-cluster)", deploy("agent"), 28, { shared: ["hardening:agent"] }, "g1"), ["examples/old-cluster"]),
      // Another overlay, another namespace: the same base file, one edit.
      rendered(lf("base/agent.yaml", "pss/capabilities-restricted", "g2", "Container \"agent\" is not hardened (missing …). (in examples/aws, examples/base)", deploy("agent", "ns-prod"), 49, { shared: ["hardening:agent"] }, "g2"), ["examples/aws", "examples/base"]),
      rendered(lf("base/db.yaml", "resources/best-effort", "b1", "Deployment \"db\" runs BestEffort pods. (in overlays/dev)", deploy("db"), 5, undefined, "k", undefined, "Deployment \"db\" runs BestEffort pods."), ["overlays/dev"]),
      rendered(lf("base/db.yaml", "resources/best-effort", "b2", "Deployment \"db\" runs BestEffort pods. (in overlays/minikube)", deploy("db"), 5, undefined, "k", undefined, "Deployment \"db\" runs BestEffort pods."), ["overlays/minikube"]),
    ],
    expect: ["base/agent.yaml pss/capabilities-restricted", "base/db.yaml resources/best-effort"],
    related: [["the same finding on a copy of this object, line 29 (in examples/old-cluster)"], ["the same finding on a copy of this object, line 6 (in overlays/minikube)"]],
  },
  {
    name: "the sources of one Application that follow one branch: said once; another Application keeps its own",
    input: [
      lf("apps/infra.yaml", "gitops/application-tracks-head", "spec.sources.0", "Application \"infra\" deploys \"main\", a moving branch.", app("infra"), 12, { subject: "git:main" }, "spec.sources.0"),
      lf("apps/infra.yaml", "gitops/application-tracks-head", "spec.sources.1", "Application \"infra\" deploys \"main\", a moving branch.", app("infra"), 17, { subject: "git:main" }, "spec.sources.1"),
      lf("apps/infra.yaml", "gitops/application-tracks-head", "spec.sources.2", "Application \"infra\" deploys chart version \"*\", a range.", app("infra"), 22, { subject: "chart:*" }, "spec.sources.2"),
      lf("apps/dex.yaml", "gitops/application-tracks-head", "spec.sources.0", "Application \"dex\" deploys \"main\", a moving branch.", app("dex"), 14, { subject: "git:main" }, "spec.sources.0"),
    ],
    expect: ["apps/infra.yaml gitops/application-tracks-head", "apps/infra.yaml gitops/application-tracks-head", "apps/dex.yaml gitops/application-tracks-head"],
    related: [["the same fact, line 18: Application \"infra\" deploys \"main\", a moving branch."], [], []],
  },
  {
    name: "a kustomize component that sets root for every service: said once at its first patch, the other objects related",
    input: [
      lf("components/privileged/patches/db.yaml", "pss/run-as-user", "u1", "Pod and container \"db\" must not set runAsUser=0. (in examples/privileged)", deploy("db"), 9, undefined, "u1", undefined, "Pod and container \"db\" must not set runAsUser=0.", "file:///repo/components/privileged"),
      lf("components/privileged/patches/redis.yaml", "pss/run-as-user", "u2", "Pod must not set runAsUser=0. (in examples/privileged)", deploy("redis"), 12, undefined, "u2", undefined, "Pod must not set runAsUser=0.", "file:///repo/components/privileged"),
      lf("components/privileged/patches/web.yaml", "pss/run-as-user", "u3", "Pod must not set runAsUser=0. (in examples/privileged)", deploy("web"), 12, undefined, "u3", undefined, "Pod must not set runAsUser=0.", "file:///repo/components/privileged"),
      lf("components/privileged/patches/web.yaml", "hardening/root-group", "r1", "Deployment \"web\" sets fsGroup: 0. (in examples/privileged)", deploy("web"), 13, undefined, "r1", undefined, "Deployment \"web\" sets fsGroup: 0.", "file:///repo/components/privileged"),
      lf("overlays/prod/patches/web.yaml", "pss/run-as-user", "u4", "Pod must not set runAsUser=0. (in overlays/prod)", deploy("web", "prod"), 7, undefined, "u4", undefined, "Pod must not set runAsUser=0.", "file:///repo/overlays/prod"),
    ],
    expect: ["components/privileged/patches/db.yaml pss/run-as-user", "components/privileged/patches/web.yaml hardening/root-group", "overlays/prod/patches/web.yaml pss/run-as-user"],
    related: [[
      "the same patches leave Deployment \"redis\" with the same problem, in components/privileged/patches/redis.yaml",
      "the same patches leave Deployment \"web\" with the same problem, in components/privileged/patches/web.yaml",
    ], [], []],
  },
  {
    name: "two alternative examples whose pods have one name: a container not hardened in each is two findings",
    input: [
      lf("examples/local/pod.yaml", "pss/allow-privilege-escalation", "g1", "Container \"volume-test\" sets no securityContext.", { apiVersion: "v1", kind: "Pod", namespace: "default", name: "volume-test" }, 7, { shared: ["hardening:volume-test"] }, "g1"),
      lf("examples/subpath/pod.yaml", "pss/allow-privilege-escalation", "g1", "Containers \"volume-test\", \"volume-test-2\" set no securityContext.", { apiVersion: "v1", kind: "Pod", namespace: "default", name: "volume-test" }, 7, { shared: ["hardening:volume-test,volume-test-2"] }, "g1"),
    ],
    expect: ["examples/local/pod.yaml pss/allow-privilege-escalation", "examples/subpath/pod.yaml pss/allow-privilege-escalation"],
  },
  {
    name: "a namespace without a backup, two PVCs: said once",
    input: [
      lf("pvc.yaml", "backup/stateful-namespace-not-backed-up", "b1", "PersistentVolumeClaim \"a\" holds data, but no Velero Schedule in scope backs up namespace \"web\".", { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "web", name: "a" }, 4, { namespace: "web" }),
      lf("pvc.yaml", "backup/stateful-namespace-not-backed-up", "b2", "PersistentVolumeClaim \"b\" holds data, but no Velero Schedule in scope backs up namespace \"web\".", { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "web", name: "b" }, 17, { namespace: "web" }),
    ],
    expect: ["pvc.yaml backup/stateful-namespace-not-backed-up"],
  },
];

describe("foldRepeats", () => {
  for (const c of cases) {
    it(c.name, () => {
      const out = foldRepeats(c.input);
      assert.deepEqual(out.map((x) => `${x.file} ${x.finding.rule}`), c.expect);
      if (c.related) assert.deepEqual(out.map((x) => (x.finding.related ?? []).map((r) => r.message)), c.related);
      // The kept finding says that it stands for more than one place.
      // (A chart finding's message already names the values file its value comes from.)
      for (const x of out) if ((x.finding.related ?? []).length && !/\(value from \.Values\./.test(x.finding.message)) assert.match(x.finding.message, /related locations/);
    });
  }
});

// Each fold above is made by identity (`Finding.facts`), never by reading messages: a reworded message folds the same,
// and a finding made without its identity is not folded (the test fails if a rule or the engine drops it).
describe("foldRepeats folds by identity, not by message text", () => {
  const byIdentity = cases.filter((c) => c.input.length > c.expect.length && c.input.some((x) => x.finding.facts));
  it("covers every class of fold", () => {
    const kinds = new Set(byIdentity.flatMap((c) => c.input.flatMap((x) => (x.finding.facts ?? []).map((k) => k.split("\u0000")[0]))));
    for (const k of ["namespace", "object", "pod", "rule", "value", "patch"]) assert.ok(kinds.has(k), k);
  });
  for (const c of byIdentity) {
    it(`reworded: ${c.name}`, () => {
      const reworded = c.input.map((x, i) => ({ ...x, finding: { ...x.finding, message: `Reworded finding number ${i}.` } }));
      assert.deepEqual(foldRepeats(reworded).map((x) => `${x.file} ${x.finding.rule}`), c.expect);
    });
    it(`without identity: ${c.name}`, () => {
      assert.equal(foldRepeats(c.input.map(bare)).length, c.input.length);
    });
  }
});
