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
      name: "status without the counts",
      yaml: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {maxUnavailable: 0}\nstatus: {disruptionsAllowed: 0}\n",
      findings: [{ line: 5, column: 30, message: /"p" allows no disruption right now: node drains/ }],
    },
  ],
});
