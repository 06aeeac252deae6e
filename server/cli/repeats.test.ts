// Tests for foldRepeats: one root cause said once per run, the other places as related locations.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding } from "../../rules/engine.js";
import { foldRepeats } from "./repeats.js";
import type { LintFinding } from "./result.js";

const at = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 8 } });

function lf(file: string, rule: string, key: string, message: string, object?: Finding["object"], line = 3): LintFinding {
  return { file, finding: { rule, severity: "warning", message, uri: `file:///repo/${file}`, range: at(line), key, fixable: "none", object } };
}

const deploy = (name: string, namespace = "shop") => ({ apiVersion: "apps/v1", kind: "Deployment", namespace, name });
const DENY = "network/missing-default-deny";
const SKIP = "yaml/not-analysed";

const cases: { name: string; input: LintFinding[]; expect: string[]; related?: string[][] }[] = [
  {
    name: "a namespace without default-deny, one workload per file: said once, the other files related",
    input: [lf("a.yaml", DENY, "shop", "Deployment \"a\" is in namespace \"shop\", which has no default-deny", deploy("a")), lf("b.yaml", DENY, "shop", "Deployment \"b\" is in namespace \"shop\", which has no default-deny", deploy("b"))],
    expect: ["a.yaml network/missing-default-deny"],
    related: [["the same namespace, in b.yaml"]],
  },
  {
    name: "a rendered chart's finding (a key of its own) is the same namespace fact",
    input: [lf("a.yaml", DENY, "shop", "shop…", deploy("a")), lf("chart/templates/web.yaml", DENY, `${DENY}|rendered|file:///repo/chart/templates/web.yaml|4:2|Deployment`, "shop…", deploy("web"))],
    expect: ["a.yaml network/missing-default-deny"],
  },
  {
    name: "a rendered chart finding told again on values.yaml (where the value is set) is one finding, the values spot related",
    input: [
      lf("chart/templates/web.yaml", "operations/image-not-pinned", "tpl-key", "Container \"web\" image \"web:latest\" uses the mutable tag \"latest\" (value from .Values.image in values.yaml)", deploy("web"), 22),
      { ...lf("chart/values.yaml", "operations/image-not-pinned", "values-key", "Container \"web\" image \"web:latest\" uses the mutable tag \"latest\" (.Values.image is used in templates/web.yaml:22)", deploy("web"), 4), finding: { ...lf("chart/values.yaml", "operations/image-not-pinned", "values-key", "…", deploy("web"), 4).finding, valuesOf: "tpl-key" } as Finding },
    ],
    expect: ["chart/templates/web.yaml operations/image-not-pinned"],
    related: [["the value is set here, in chart/values.yaml"]],
  },
  {
    name: "a rendered build's finding is not folded into a raw copy met earlier (a docs snippet may come first)",
    input: [
      lf("docs/snippets/op.yaml", "operations/identical-probes", "Deployment.manager", "Container \"manager\" has identical liveness and readiness probes.", deploy("op-controller", "op-system"), 20),
      lf("kustomize/manager.yaml", "operations/identical-probes", `operations/identical-probes|rendered|file:///repo/kustomize/manager.yaml|67:8|Deployment`, "Container \"manager\" has identical liveness and readiness probes.", deploy("op-controller", "op-system"), 68),
    ],
    expect: ["docs/snippets/op.yaml operations/identical-probes", "kustomize/manager.yaml operations/identical-probes"],
  },
  {
    name: "several syntax errors in one file: the first, the others related",
    input: [lf("docs/a.yaml", "yaml/syntax", "yaml/syntax|10", "Invalid YAML: Implicit keys need to be on a single line", undefined, 3), lf("docs/a.yaml", "yaml/syntax", "yaml/syntax|90", "Invalid YAML: Nested mappings are not allowed in compact mappings", undefined, 10), lf("docs/b.yaml", "yaml/syntax", "yaml/syntax|5", "Invalid YAML: x", undefined, 1)],
    expect: ["docs/a.yaml yaml/syntax", "docs/b.yaml yaml/syntax"],
    related: [["the parser also stops here: Invalid YAML: Nested mappings are not allowed in compact mappings"], []],
  },
  {
    name: "two namespaces stay two findings",
    input: [lf("a.yaml", DENY, "shop", "shop…", deploy("a")), lf("b.yaml", DENY, "billing", "billing…", deploy("b", "billing"))],
    expect: ["a.yaml network/missing-default-deny", "b.yaml network/missing-default-deny"],
  },
  {
    name: "the Namespace object is where the fact is kept, even when it comes later in the output",
    input: [lf("a.yaml", DENY, "shop", "workload…", deploy("a")), lf("ns.yaml", DENY, "shop", "Namespace…", { apiVersion: "v1", kind: "Namespace", namespace: "", name: "shop" })],
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
