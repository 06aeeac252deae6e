// Mapping rendered values back to source without the tools: template lines, values keys, patch ops, list items by name.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseDocument } from "yaml";
import { mergeDeployments, type RenderedFinding } from "./index.js";
import { locateInTemplate, locateInYaml, locateJsonPatch, locateValue, pathAt } from "./locate.js";
import { splitHelmOutput } from "./renderers.js";
import type { ChartRoot } from "./roots.js";
import { FIXTURES } from "./testkit.js";

const template = readFileSync(join(FIXTURES, "helm/web/templates/deployment.yaml"), "utf8");
const lineNo = (text: string, needle: string, from = 0) => text.split("\n").findIndex((l, i) => i >= from && l.includes(needle));
const rendered = {
  spec: { replicas: 1, template: { spec: { containers: [{ name: "web", image: "nginx:1.25", resources: {}, securityContext: { runAsNonRoot: true } }] } } },
};
const containers = ["spec", "template", "spec", "containers", 0];

describe("Helm templates", () => {
  it("follows a key path by indentation to the template line, naming the .Values key used there", () => {
    const spot = locateInTemplate(template, rendered, [...containers, "securityContext", "readOnlyRootFilesystem"]);
    assert.equal(spot.range.start.line, lineNo(template, "securityContext:", 20));
    assert.equal(spot.depth, 6);
    assert.equal(spot.valuesKey, "securityContext");
  });

  it("an inline value names its key; a missing field stops at the deepest line that exists", () => {
    assert.deepEqual([locateInTemplate(template, rendered, ["spec", "replicas"]).range.start.line, locateInTemplate(template, rendered, ["spec", "replicas"]).valuesKey], [lineNo(template, "replicas:"), "replicaCount"]);
    const probe = locateInTemplate(template, rendered, [...containers, "livenessProbe"]);
    assert.equal(probe.range.start.line, lineNo(template, "- name: web"));
    assert.equal(probe.depth, 5);
  });

  it("a `with .Values.x` block just above names its key", () => {
    const spot = locateInTemplate(template, { spec: { template: { spec: { securityContext: { runAsUser: 0 } } } } }, ["spec", "template", "spec", "securityContext", "runAsUser"]);
    assert.equal(spot.range.start.line, lineNo(template, "securityContext:"));
    assert.equal(spot.valuesKey, "podSecurityContext");
  });

  it("splits helm output by `# Source:` into files of the chart, subcharts included", () => {
    const chart = { kind: "helm", dir: "/c/web", file: "/c/web/Chart.yaml", name: "web", missingDependencies: [] } as ChartRoot;
    const docs = splitHelmOutput("---\n# Source: web/templates/a.yaml\nkind: A\n---\n# Source: web/charts/common/templates/b.yaml\nkind: B\n---\n# Source: web/templates/empty.yaml\n# nothing\n", chart);
    assert.deepEqual(docs.map((d) => d.origin), ["/c/web/templates/a.yaml", "/c/web/charts/common/templates/b.yaml"]);
  });
});

describe("YAML sources", () => {
  const base = readFileSync(join(FIXTURES, "kustomize/base/deployment.yaml"), "utf8");

  it("finds the object by kind and the name kustomize prefixed, and list items by name, not position", () => {
    // An overlay put a sidecar first: the rendered index 1 is the source's index 0.
    const value = { spec: { template: { spec: { containers: [{ name: "sidecar" }, { name: "web", securityContext: {} }] } } } };
    const spot = locateInYaml(base, "Deployment", "prod-web", value, ["spec", "template", "spec", "containers", 1, "securityContext"], "key")!;
    assert.equal(spot.range.start.line, lineNo(base, "securityContext:"));
    assert.equal(locateInYaml(base, "Service", "prod-web", value, ["spec"], "key"), undefined);
    // The sidecar is not in this file at all: only the list is found.
    assert.equal(locateInYaml(base, "Deployment", "web", value, ["spec", "template", "spec", "containers", 0, "image"], "value")!.depth, 4);
  });

  it("a JSON6902 op whose path covers the finding points at its value", () => {
    const patch = "- op: add\n  path: /metadata/labels/x\n  value: y\n- op: replace\n  path: /spec/replicas\n  value: 3\n";
    assert.equal(locateJsonPatch(patch, ["spec", "replicas"])!.range.start.line, 5);
    assert.equal(locateJsonPatch(patch, ["spec", "template"]), undefined);
  });

  it("values keys are found by path; a key that is not set is not found", () => {
    const values = readFileSync(join(FIXTURES, "helm/web/values.yaml"), "utf8");
    assert.equal(locateValue(values, ["image", "tag"])!.range.start.line, lineNo(values, "tag:"));
    assert.equal(locateValue(values, ["nope"]), undefined);
  });

  it("pathAt gives the key path of a rendered offset", () => {
    const text = "spec:\n  containers:\n  - name: web\n    image: x\n";
    const doc = parseDocument(text) as Parameters<typeof pathAt>[0];
    assert.deepEqual(pathAt(doc, text.indexOf("x\n")), { path: ["spec", "containers", 0, "image"], onKey: false });
    assert.deepEqual(pathAt(doc, text.indexOf("image")), { path: ["spec", "containers", 0, "image"], onKey: true });
  });
});

describe("merging deployments", () => {
  const f = (label: string, uri = "file:///r/base/d.yaml", line = 3): RenderedFinding => ({
    rule: "x/y", severity: "warning", message: "m", uri, range: { start: { line, character: 2 }, end: { line, character: 5 } }, key: "k", fixable: "none", deployments: [label],
  });
  const results = [
    { label: "overlays/a", root: { dir: "/r/overlays/a" } }, { label: "overlays/b", root: { dir: "/r/overlays/b" } },
  ] as unknown as Parameters<typeof mergeDeployments>[1];

  it("one finding per place names every overlay it came from; a finding inside its own overlay names none", () => {
    const merged = mergeDeployments([f("overlays/b"), f("overlays/a"), f("overlays/a", "file:///r/overlays/a/p.yaml")], results);
    assert.deepEqual(merged.map((m) => m.message), ["m (in overlays/a, overlays/b)", "m"]);
  });
});
