// Tests for status/backup-stale: live Velero Schedules, their Backups, and the time they are judged at.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const config = { rules: { "status/backup-stale": { severity: "warning", now: "2026-12-07T12:00:00Z" } } };
const [, backup] = fixture("valid").split("---\n");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid"), config },
    { name: "a manifest without status", yaml: "apiVersion: velero.io/v1\nkind: Schedule\nmetadata: {name: daily, namespace: velero}\nspec: {schedule: '0 3 * * *', template: {}}\n", config },
    { name: "a recent lastBackup and no Backups listed", yaml: fixture("invalid").replace("2026-11-30T03:00:00Z", "2026-12-07T03:00:00Z"), config },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: the last backup started a week ago",
      yaml: fixture("invalid"),
      config,
      findings: [{ line: 17, column: 15, severity: "warning", message: 'Velero Schedule "daily-shop" last started a backup 7 days ago: a restore today would lose everything since; check Velero\'s logs.' }],
    },
    {
      name: "backups made but none completed",
      yaml: fixture("invalid").replace("2026-11-30T03:00:00Z", "2026-12-07T03:00:00Z"),
      files: { "file:///test/b.yaml": backup!.replace("phase: Completed", "phase: PartiallyFailed") },
      config,
      findings: [{ line: 17, severity: "warning", message: /has no completed backup among the 1 it made \(the last started 9 hours ago\)/ }],
    },
    {
      name: "failed validation",
      yaml: fixture("invalid").replace("  phase: Enabled\n", "  phase: FailedValidation\n  validationErrors: [\"invalid schedule: expected 5 fields\"]\n"),
      config,
      findings: [{ line: 16, severity: "error", message: /failed validation \(invalid schedule: expected 5 fields\): Velero creates no backups from it/ }],
    },
  ],
});
