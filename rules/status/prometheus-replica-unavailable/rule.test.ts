// Tests for status/prometheus-replica-unavailable.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const prometheus = (spec: string, status: string) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: p}\nspec: ${spec}\nstatus: ${status}\n`;

testRule(rule, {
  valid: [
    { name: "fixture: all replicas available, and a manifest without status", yaml: fixture("valid.yaml") },
    { name: "paused at zero replicas", yaml: prometheus("{replicas: 0}", "{availableReplicas: 0}") },
    { name: "two shards of two replicas, all four up", yaml: prometheus("{replicas: 2, shards: 2}", "{availableReplicas: 4}") },
  ],
  invalid: [
    {
      name: "fixture: one replica of the pair down",
      yaml: fixture("invalid.yaml"),
      findings: [{ line: 12, column: 22, severity: "warning", message: /"k8s" has 1 of 2 replicas available: the pair has lost its redundancy/ }],
    },
    {
      name: "a single replica down is an error",
      yaml: prometheus("{}", "{availableReplicas: 0}"),
      findings: [{ line: 5, column: 29, severity: "error", message: /0 of 1 replicas available: nothing is scraping/ }],
    },
  ],
});
