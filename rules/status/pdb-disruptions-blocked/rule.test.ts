// Tests for status/pdb-disruptions-blocked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");

testRule(rule, {
  valid: [
    { name: "fixture: a budget with room, and one without status", yaml: fixture("valid.yaml") },
    {
      name: "a budget that selects no pods",
      yaml: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1}\nstatus: {disruptionsAllowed: 0, expectedPods: 0}\n",
    },
  ],
  invalid: [
    {
      name: "fixture: minAvailable equal to the replicas",
      yaml: fixture("invalid.yaml"),
      findings: [{ line: 14, column: 23, message: /"payments-db" allows no disruption right now \(1 healthy, 1 required\)/ }],
    },
    {
      // Bare pods under maxUnavailable: the controller leaves them out of expectedPods (an UnmanagedPods event).
      name: "healthy pods without a controller",
      yaml: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {maxUnavailable: 1}\nstatus: {disruptionsAllowed: 0, expectedPods: 0, currentHealthy: 3, desiredHealthy: 0}\n",
      findings: [{ line: 5, column: 30, message: /"p" allows no disruption: its 3 healthy pods have no controller/ }],
    },
    {
      name: "neither minAvailable nor maxUnavailable",
      yaml: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {selector: {}}\nstatus: {disruptionsAllowed: 0, expectedPods: 0, currentHealthy: 2, desiredHealthy: 0}\n",
      findings: [{ line: 5, column: 30, message: /"p" allows no disruption: it sets neither minAvailable nor maxUnavailable, .* its 2 healthy pods; set maxUnavailable/ }],
    },
    {
      // A DaemonSet's pods under maxUnavailable: the sync fails and failSafe leaves the counts at 0.
      name: "a failed sync",
      yaml: [
        "apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata: {name: p}", "spec: {maxUnavailable: 1}", "status:",
        "  disruptionsAllowed: 0", "  expectedPods: 0", "  conditions:",
        "  - {type: DisruptionAllowed, status: \"False\", reason: SyncFailed, message: daemonsets.apps does not implement the scale subresource}", "",
      ].join("\n"),
      findings: [{ line: 6, column: 23, message: /"p" allows no disruption: the disruption controller cannot compute it \(daemonsets\.apps does not implement the scale subresource\)/ }],
    },
    {
      name: "status without the counts",
      yaml: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {maxUnavailable: 0}\nstatus: {disruptionsAllowed: 0}\n",
      findings: [{ line: 5, column: 30, message: /"p" allows no disruption right now: node drains/ }],
    },
  ],
});
