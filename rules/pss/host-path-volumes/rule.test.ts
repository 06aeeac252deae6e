// Tests for pss/host-path-volumes: the fixtures, and what the rule reports on them.
import { readFileSync } from "node:fs";
import { daemonSetYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

const daemonSet = daemonSetYaml;

testRule(rule, {
  valid: [
    { name: "node-exporter reads the node's /proc and /sys", yaml: daemonSet("node-exporter", "quay.io/prometheus/node-exporter:v1.8.0", "      hostPID: true\n", "        - {name: proc, hostPath: {path: /proc}}\n        - {name: sys, hostPath: {path: /sys/}}\n") },
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "privileged level switches PSS off", yaml: fixture("invalid").replace("enforce: baseline", "enforce: privileged"), config: { pss: { level: "privileged" } } },
  ],
  invalid: [
    {
      name: "a DaemonSet mounting an application folder keeps the finding",
      yaml: daemonSet("cache", "registry.example.com/cache:1", "", "        - {name: data, hostPath: {path: /mnt/cache}}\n"),
      findings: [{ line: 14, message: /is a hostPath volume/ }],
    },
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [{ line: 33, column: 7, message: /^Volume "varlog" is a hostPath volume: / }],
    },
  ],
});
