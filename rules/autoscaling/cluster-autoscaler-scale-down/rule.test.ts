// Tests for autoscaling/cluster-autoscaler-scale-down (off by default): scale-down disabled, or faster than the defaults.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "not the autoscaler", yaml: fixture("invalid").replace(/cluster-autoscaler:v1.31.0/, "example.com/app:1.0").replace("./cluster-autoscaler", "./app") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: one minute unneeded, fixed to the default",
      yaml: fixture("invalid"),
      findings: [{ line: 20, column: 15, severity: "info", message: 'Deployment "cluster-autoscaler" sets --scale-down-unneeded-time=1m0s, shorter than the default 10m that a node must be unneeded before it is removed: nodes are removed as soon as load dips and added again when it returns, and pods are evicted each time; keep 10m or more in production.' }],
      // The edit module quotes a scalar that starts with "-".
      output: fixture("invalid").replace("--scale-down-unneeded-time=1m0s", "\"--scale-down-unneeded-time=10m\""),
    },
    {
      name: "scale-down disabled",
      yaml: fixture("invalid").replace("            - --scale-down-unneeded-time=1m0s\n", "            - --scale-down-enabled=false\n"),
      findings: [{ line: 20, severity: "info", message: /--scale-down-enabled=false: nodes it adds for pending pods are never removed/ }],
    },
    {
      name: "a two-item flag is reported without a fix",
      yaml: fixture("valid").replace("1h]", "30s]"),
      findings: [{ line: 21, severity: "info", message: /--scale-down-delay-after-add=30s, shorter than the default 10m/ }],
    },
  ],
});
