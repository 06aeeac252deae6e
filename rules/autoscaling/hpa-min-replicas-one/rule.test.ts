// Tests for autoscaling/hpa-min-replicas-one: a floor of one pod, written or defaulted.
import { fixturesOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);

testRule(rule, {
  valid: [
    fixture.valid(),
    { name: "maxReplicas 1: never meant to run two", yaml: fixture("invalid").replace("maxReplicas: 10", "maxReplicas: 1") },
  ],
  invalid: [
    fixture.invalid([{ line: 11, column: 16, message: 'HorizontalPodAutoscaler "web" sets minReplicas: 1: at low load Deployment "web" runs a single pod, and a node drain, a crash or a rollout takes it down until a new pod is ready.' }], { note: "the fix sets 2 (offered, not safe)", output: fixture("invalid").replace("minReplicas: 1", "minReplicas: 2") }),
    {
      name: "minReplicas left out: its default is 1",
      yaml: fixture("invalid").replace("  minReplicas: 1\n", ""),
      findings: [{ line: 6, column: 1, message: /leaves minReplicas at its default of 1/ }],
    },
    {
      name: "a ScaledObject with minReplicaCount: 1 written",
      yaml: fixture("valid").split("---\n")[1].replace("  maxReplicaCount: 20\n", "  minReplicaCount: 1\n  maxReplicaCount: 20\n"),
      findings: [{ line: 10, column: 20, message: /ScaledObject "worker" sets minReplicaCount: 1/ }],
    },
  ],
});
