// Tests for backup/schedule-ttl-too-short.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesOf, testRule } from "../../testing.js";
import { goDurationMs, longestCronGapMs } from "../../model/cron.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);
const schedule = (cron: string, ttl: string, extra = "") => `apiVersion: velero.io/v1\nkind: Schedule\nmetadata: {name: s, namespace: velero}\nspec:\n${extra}  schedule: "${cron}"\n  template:\n    ttl: ${ttl}\n`;

describe("model/cron", () => {
  for (const [cron, hours] of [["0 2 * * *", 24], ["@daily", 24], ["@every 6h", 6], ["0 */6 * * *", 6], ["0 3 * * 6", 168], ["0 2 * * 1-5", 72], ["0 0 1 * *", 744], ["CRON_TZ=Europe/Paris 30 1 * * *", 24]] as const) {
    it(`"${cron}" runs at least every ${hours}h`, () => assert.equal(longestCronGapMs(cron), hours * 3_600_000));
  }
  it("unreadable expressions and durations are undefined", () => {
    assert.equal(longestCronGapMs("every night"), undefined);
    assert.equal(longestCronGapMs("0 25 * * *"), undefined);
    assert.equal(goDurationMs("30 days"), undefined);
    assert.equal(goDurationMs("720h0m0s"), 720 * 3_600_000);
  });
});

testRule(rule, {
  valid: [
    fixture.valid(),
    { name: "no ttl: the server's default (30 days unless changed) is not judged", yaml: schedule("0 2 * * *", "null") },
    { name: "a paused Schedule", yaml: schedule("0 2 * * *", "1h", "  paused: true\n") },
    { name: "an expression that cannot be read", yaml: schedule("nightly", "1h") },
    { name: "kept longer than the interval", yaml: schedule("@every 6h", "7h") },
  ],
  invalid: [
    fixture.invalid([{ line: 11, column: 10, message: 'Velero Schedule "nightly-orders" keeps each backup for 12 hours (ttl 12h0m0s), but runs only every 24 hours at the longest ("0 2 * * *"): its backups expire before the next one is made, so for part of every cycle there is nothing to restore from.' }], {
      output: fixture("invalid").replace("ttl: 12h0m0s", "ttl: \"48h0m0s\""),
    }),
    { name: "weekdays only: the weekend gap counts", yaml: schedule("0 2 * * 1-5", "48h"), findings: [{ line: 7, message: /every 3 days at the longest/ }] },
    { name: "a ttl equal to the interval", yaml: schedule("@weekly", "168h"), findings: [{ line: 7 }] },
  ],
});
