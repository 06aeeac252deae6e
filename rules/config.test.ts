// .kubeready.yaml parsing: valid keys are applied, mistakes are reported instead of ignored.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "./config.js";
import { unknownRuleSettings } from "./index.js";

describe(".kubeready.yaml", () => {
  it("applies pss, rule severities and options", () => {
    const { config, problems } = parseConfig("pss: {level: baseline, version: '1.30'}\nrules:\n  operations/image-not-pinned: off\n  resources/qos-not-guaranteed: {severity: warning, cpuLimits: false}\n");
    assert.deepEqual(problems, []);
    assert.deepEqual(config.pss, { level: "baseline", version: "v1.30" });
    assert.equal(config.rules["operations/image-not-pinned"], "off");
    assert.equal(config.rules["resources/qos-not-guaranteed"], "warning");
    assert.deepEqual(config.ruleOptions["resources/qos-not-guaranteed"], { cpuLimits: false });
    assert.deepEqual(unknownRuleSettings(config), []);
  });

  it("reports unknown keys, bad values, unknown rules and unknown options", () => {
    const { config, problems } = parseConfig("pss: {level: strict}\nexlude: [a]\nrules:\n  pss/run-as-root: off\n  resources/qos-not-guaranteed: {requireCpuLimits: false}\n  operations/image-not-pinned: loud\n");
    assert.deepEqual(problems.map((p) => p.message), [
      'unknown key "exlude" (known: pss, rules, exclude, criticalWorkloads, defaultNamespace, render, testFolders, exampleFolders)',
      'pss.level must be baseline, restricted or privileged, not "strict"',
      "rules.operations/image-not-pinned: severity must be error, warning, info or off",
    ]);
    const unknown = unknownRuleSettings(config);
    assert.equal(unknown[0], "rules.pss/run-as-root: no such rule");
    assert.match(unknown[1], /^rules\.resources\/qos-not-guaranteed\.requireCpuLimits: no such option \(known: .*cpuLimits/);
  });

  it("is robust to junk", () => {
    assert.equal(parseConfig("- a\n- b\n").problems[0].message, ".kubeready.yaml must be a mapping");
    assert.match(parseConfig("a: [\n").problems[0].message, /not valid YAML/);
    assert.deepEqual(parseConfig("").problems, []);
  });
});
