// Inputs kubectl accepts are read as Kubernetes reads them: what go-yaml v2 (via sigs.k8s.io/yaml) does with each.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles } from "../engine.js";

/**
 * kubectl and the API server decode manifests with sigs.k8s.io/yaml: `yaml.Unmarshal` of its go-yaml v2 fork
 * (sigs.k8s.io/yaml/goyaml.v2, based on gopkg.in/yaml.v2 v2.4.0) into interface{}, then JSON. The behaviours cited:
 * - resolve.go: plain scalars resolve by YAML 1.1 — y/Y/yes/Yes/YES/on/On/ON (and n/no/off…) are booleans; an int is
 *   parsed with strconv.ParseInt(s, 0, 64) after dropping `_`, so `0755` is octal and `0b101` binary; no sexagesimal
 *   numbers ("base-60 floats … are purposefully not supported", README); timestamps decoded into interface{} stay strings.
 * - decode.go: Unmarshal (not UnmarshalStrict, which YAMLToJSON does not use) lets a later duplicate key win.
 * - parserc.go: a %YAML directive other than 1.1 is "found incompatible YAML document".
 * - scannerc.go: max_flow_level and max_indents are 10000: nesting up to 10,000 levels is accepted.
 * - the scanner ports libyaml, which does not check the indentation of a quoted scalar's continuation lines.
 * - sigs.k8s.io/yaml yaml.go convertToJSONableObject: keys become strings ("true" for a boolean key); other key types
 *   are "Unsupported map key".
 */
interface Case {
  name: string;
  /** The body of a ConfigMap-like object (after `metadata`), or a whole document when `whole`. */
  yaml: string;
  whole?: boolean;
  /** What Kubernetes does with it. */
  kubernetes: string;
  /** The value kubeready must read at `path` (as Kubernetes would). */
  path?: (string | number)[];
  value?: unknown;
  /** Findings of the yaml/ pseudo-rules expected (none by default). */
  yamlFindings?: [string, "error" | "warning" | "info"][];
}

const HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

const CASES: Case[] = [
  { name: "multi-line double-quoted scalar, continuation at the key's indentation", yaml: 'data:\n  a: "first line\n  second line"\n', kubernetes: "accepted (libyaml does not check the indentation of quoted continuations)", path: ["data", "a"], value: "first line second line" },
  { name: "multi-line double-quoted scalar, continuation at column 0", yaml: 'data:\n  a: "first\nsecond"\n', kubernetes: "accepted", path: ["data", "a"], value: "first second" },
  { name: "multi-line single-quoted scalar, continuation less indented than its key", yaml: "data:\n  a: 'it''s\n second'\n", kubernetes: "accepted", path: ["data", "a"], value: "it's second" },
  { name: "multi-line double-quoted scalar, properly indented", yaml: 'data:\n  a: "x\n    y"\n', kubernetes: "accepted", path: ["data", "a"], value: "x y" },
  { name: "yes / on are booleans", yaml: "spec:\n  a: yes\n  b: on\n  c: No\n  d: OFF\n  e: y\n", kubernetes: "YAML 1.1 booleans (resolve.go)", path: ["spec"], value: { a: true, b: true, c: false, d: false, e: true } },
  { name: "a boolean key becomes \"true\"", yaml: "spec:\n  on: 1\n", kubernetes: "key true, converted to the string \"true\"", path: ["spec"], value: { true: 1 } },
  { name: "leading-zero octal", yaml: "spec:\n  defaultMode: 0644\n", kubernetes: "420 (ParseInt base 0)", path: ["spec", "defaultMode"], value: 420 },
  { name: "binary and underscores", yaml: "spec:\n  a: 0b101\n  b: 1_000\n", kubernetes: "5 and 1000", path: ["spec"], value: { a: 5, b: 1000 } },
  { name: "sexagesimal stays a string", yaml: "spec:\n  a: 1:20\n", kubernetes: "\"1:20\" (no base-60 numbers in go-yaml)", path: ["spec", "a"], value: "1:20" },
  { name: "timestamps stay strings", yaml: "spec:\n  a: 2001-12-14\n", kubernetes: "\"2001-12-14\" (decoded into interface{} as a string)", path: ["spec", "a"], value: "2001-12-14" },
  { name: "%YAML 1.1 directive", yaml: `%YAML 1.1\n---\n${HEAD}data:\n  a: yes\n`, whole: true, kubernetes: "accepted", path: ["data", "a"], value: true },
  { name: "%YAML 1.1 directive after an earlier document's end marker", yaml: `${HEAD}...\n%YAML 1.1\n---\n${HEAD.replace("name: c", "name: d")}data: {}\n`, whole: true, kubernetes: "accepted: the directive belongs to the second document", path: ["metadata", "name"], value: "c" },
  { name: "%YAML 1.2 directive", yaml: `%YAML 1.2\n---\n${HEAD}data: {}\n`, whole: true, kubernetes: "rejected: \"found incompatible YAML document\" (go-yaml v2 parserc.go)", yamlFindings: [["yaml/syntax", "error"]] },
  { name: "duplicate keys", yaml: 'data:\n  a: "1"\n  a: "2"\n', kubernetes: "accepted; the last value wins (non-strict Unmarshal)", path: ["data", "a"], value: "2", yamlFindings: [["yaml/duplicate-key", "warning"]] },
  { name: "deep flow nesting (1,500 levels)", yaml: `spec:\n  a: ${"[".repeat(1500)}${"]".repeat(1500)}\n`, kubernetes: "accepted (max_flow_level is 10000)", yamlFindings: [["yaml/not-analysed", "info"]] },
  { name: "deep block nesting (1,200 levels)", yaml: `spec:\n${Array.from({ length: 1200 }, (_, i) => `${" ".repeat(2 * i + 2)}k:`).join("\n")} v\n`, kubernetes: "accepted (max_indents is 10000)", yamlFindings: [["yaml/not-analysed", "info"]] },
];

describe("YAML as kubectl reads it", () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.kubernetes}`, () => {
      const text = c.whole ? c.yaml : HEAD + c.yaml;
      const { parsed, findings } = analyzeFiles([{ uri: "file:///case.yaml", text }]);
      const yamlFindings = findings.filter((f) => f.rule.startsWith("yaml/")).map((f) => [f.rule, f.severity]);
      assert.deepEqual(yamlFindings, c.yamlFindings ?? [], JSON.stringify(findings.filter((f) => f.rule.startsWith("yaml/")).map((f) => f.message)));
      if (c.path) {
        const object = parsed[0].objects[0];
        assert.ok(object, "the object is read");
        let v: unknown = object.value;
        for (const k of c.path) v = (v as Record<string | number, unknown>)[k];
        assert.deepEqual(v, c.value);
      }
    });
  }

  // Real-world shape: a chart's example values file and a static-site config repeat a key; neither is applied by kubectl.
  it("a duplicate key in a document that is no Kubernetes object is not reported; in an object it is", () => {
    const values = "podLabels:\n  team: a\n  team: b\nreplicas: 2\n";
    assert.deepEqual(analyzeFiles([{ uri: "file:///loki-values.yaml", text: values }]).findings.filter((f) => f.rule === "yaml/duplicate-key"), []);
    const object = `${HEAD}data:\n  team: a\n  team: b\n`;
    assert.equal(analyzeFiles([{ uri: "file:///cm.yaml", text: object }]).findings.filter((f) => f.rule === "yaml/duplicate-key").length, 1);
  });

  it("positions after a re-indented quoted scalar stay on the original text", () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    note: "long\n    text"\nspec:\n  containers:\n    - name: c\n      image: c:1\n      securityContext:\n        privileged: yes\n`;
    const { findings } = analyzeFiles([{ uri: "file:///pod.yaml", text }]);
    const privileged = findings.find((f) => f.rule === "pss/privileged");
    assert.ok(privileged, "privileged: yes is privileged, as Kubernetes reads it");
    assert.equal(privileged.range.start.line, 12);
    const line = text.split("\n")[12];
    assert.equal(privileged.range.start.character, line.indexOf("yes"), "columns are not shifted by the re-indent");
    assert.ok(!findings.some((f) => f.rule === "yaml/syntax"));
  });
});
