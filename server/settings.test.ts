// The shared settings object: defaults, validation of what the editor sends, and the generated package.json schema.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configurationProperties, DEFAULT_SETTINGS, settingsFrom, settingsFromSection } from "./settings.js";

describe("kubeready settings", () => {
  it("defaults defer to .kubeready.yaml (null / empty) and turn features on", () => {
    assert.deepEqual(DEFAULT_SETTINGS, {
      enable: true,
      pss: { level: null, version: null },
      rules: {},
      defaultNamespace: null,
      criticalWorkloads: [],
      exclude: [],
      trace: { server: "off" },
      schema: { enable: true, deferToRedHatYaml: true },
      render: { enable: null, helmPath: null, kustomizePath: null },
      cluster: { includeNamespaces: [], excludeNamespaces: ["kube-system", "kube-public", "kube-node-lease"] },
    });
  });

  it("reads the nested section the server receives, and replaces invalid values with defaults", () => {
    const s = settingsFromSection({
      enable: false,
      pss: { level: "baseline", version: "v1.xx" },
      rules: { "pss/privileged": "warning" },
      criticalWorkloads: ["shop/api", 3],
      trace: { server: "verbose" },
      schema: { deferToRedHatYaml: false },
    });
    assert.equal(s.enable, false);
    assert.deepEqual(s.pss, { level: "baseline", version: null });
    assert.deepEqual(s.rules, { "pss/privileged": "warning" });
    assert.deepEqual(s.criticalWorkloads, [], "a list with a non-string is rejected as a whole");
    assert.equal(s.trace.server, "verbose");
    assert.deepEqual(s.schema, { enable: true, deferToRedHatYaml: false });
  });

  it("reads dotted keys the way vscode.WorkspaceConfiguration.get does", () => {
    const values: Record<string, unknown> = { "pss.level": "restricted", "rules": { "a/b": "loud" } };
    const s = settingsFrom((key) => values[key]);
    assert.equal(s.pss.level, "restricted");
    assert.deepEqual(s.rules, {}, "an unknown severity invalidates the map");
  });

  it("accepts the read-only Proxies VS Code's configuration returns for arrays and objects", () => {
    // WorkspaceConfiguration.get hands out Proxies, which structuredClone refuses: the readiness tree's refresh failed
    // with "#<Object> could not be cloned" in VS Code while every test with plain values passed.
    const readOnly = <T extends object>(v: T): T => new Proxy(v, { set: () => { throw new TypeError("read-only"); } });
    const values: Record<string, unknown> = { "cluster.excludeNamespaces": readOnly(["kube-system", "team-*"]), "rules": readOnly({}) };
    assert.throws(() => structuredClone(values["cluster.excludeNamespaces"]), /could not be cloned/);
    const s = settingsFrom((key) => values[key]);
    assert.deepEqual(s.cluster.excludeNamespaces, ["kube-system", "team-*"]);
    s.cluster.excludeNamespaces.push("x");
    assert.deepEqual(values["cluster.excludeNamespaces"], ["kube-system", "team-*"]);
  });

  it("hands out copies: editing one result does not change the defaults", () => {
    const s = settingsFrom(() => undefined);
    s.exclude.push("x");
    assert.deepEqual(DEFAULT_SETTINGS.exclude, []);
  });

  it("lists each rule under kubeready.rules for completion in settings.json", () => {
    const props = configurationProperties([{ id: "b/two", title: "Two", defaultSeverity: "error" }, { id: "a/one", title: "One", defaultSeverity: "warning" }]);
    const rules = props["kubeready.rules"] as unknown as { properties: Record<string, { enum: string[]; markdownDescription: string }> };
    assert.deepEqual(Object.keys(rules.properties), ["a/one", "b/two"]);
    assert.deepEqual(rules.properties["a/one"].enum, ["error", "warning", "info", "off"]);
    assert.match(rules.properties["a/one"].markdownDescription, /One \(default: `warning`\)/);
    assert.deepEqual(Object.values(props).map((p) => p.order), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});
