// Tests for status/restore-test-stale: live Velero Restores and the time they are judged at.
import { fixturesOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);
const config = { rules: { "status/restore-test-stale": { severity: "info", now: "2026-12-07T12:00:00Z" } } };
const [recent] = fixture("valid").split("---\n");

testRule(rule, {
  valid: [
    { ...fixture.valid(), config },
    { name: "a Restore manifest without status", yaml: "apiVersion: velero.io/v1\nkind: Restore\nmetadata: {name: r, namespace: velero}\nspec: {backupName: b}\n", config },
    { name: "a restore still in progress is not judged", yaml: fixture("invalid").replace("phase: Completed", "phase: InProgress"), config },
    { name: "an older restore is silent when a newer one is recent", yaml: fixture("invalid"), files: { "file:///test/recent.yaml": recent! }, config },
  ],
  invalid: [
    fixture.invalid([{ line: 16, column: 24, severity: "info", message: 'The last Velero restore test in this cluster, Restore "drill-2026-04" from "daily-shop-20260401030000", completed 249 days ago: restores are not being tested regularly, so whether the backups still restore is unknown.' }], { config }),
    {
      name: "the newest restore ended PartiallyFailed: a warning that names the last complete one",
      yaml: fixture("invalid").replace("drill-2026-04", "drill-2026-12").replace("phase: Completed", "phase: PartiallyFailed").replace(/2026-04-02/g, "2026-12-06"),
      files: { "file:///test/old.yaml": fixture("invalid") },
      config,
      findings: [{ line: 14, severity: "warning", message: /^The last Velero restore test, Restore "drill-2026-12" from "daily-shop-20260401030000", ended PartiallyFailed 26 hours ago: .* The last complete one ended 249 days ago\.$/ }],
    },
  ],
});
