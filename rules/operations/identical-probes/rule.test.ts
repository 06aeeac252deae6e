// Tests for operations/identical-probes: the liveness probe of a container whose readiness probe is the same.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    // Real-world shape: a node agent (DaemonSet) or an operator that no Service selects; readiness routes no traffic.
    { name: "no Service sends traffic to the pods", yaml: fixture("invalid").split("\n---\n")[0] },
    { name: "a Service of another namespace does not count", yaml: fixture("invalid").replace("  name: api\n  namespace: shop\nspec:\n  selector: {app: api}", "  name: api\n  namespace: other\nspec:\n  selector: {app: api}") },
    { name: "same endpoint, different thresholds", yaml: fixture("invalid").replace("            periodSeconds: 10\n          readinessProbe", "            periodSeconds: 10\n            failureThreshold: 5\n          readinessProbe") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: equal whatever the key order",
      yaml: fixture("invalid"),
      findings: [{ line: 18, column: 11, message: /^Container "api" has identical liveness and readiness probes: when it is overloaded/ }],
    },
  ],
});
