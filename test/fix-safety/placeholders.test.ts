// Placeholder fixes (`<REPLACE_ME…>`) over every rule's invalid fixture: each one is unsafe, and no batch ever writes
// one — fix-all with unsafe fixes leaves them for a person and keeps every property of fixall-props.ts.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEFAULT_CONFIG, type KubereadyConfig } from "../../rules/config.js";
import { analyzeFiles } from "../../rules/engine.js";
import { RULES } from "../../rules/index.js";
import { placeholdersOf } from "../../rules/model/placeholder.js";
import { checkFixAll } from "./fixall-props.js";

const RULES_DIR = join(__dirname, "..", "..", "rules");
/** Every rule on, so the fixtures' placeholder fixes are offered whatever the defaults. */
const ALL_ON: KubereadyConfig = { ...DEFAULT_CONFIG, rules: Object.fromEntries(RULES.map((r) => [r.meta.id, r.meta.defaultSeverity])) };

function fixtures(): { id: string; uri: string; text: string }[] {
  const out = [];
  for (const r of RULES) {
    const file = join(RULES_DIR, r.meta.id, "fixtures", "invalid.yaml");
    if (existsSync(file)) out.push({ id: r.meta.id, uri: `file:///fixtures/${r.meta.id.replace("/", "-")}.yaml`, text: readFileSync(file, "utf8") });
  }
  return out;
}

describe("placeholder fixes", () => {
  const files = fixtures();
  const withPlaceholders = new Set<string>();

  it("are never safe", () => {
    for (const f of files) {
      const { findings } = analyzeFiles([{ uri: f.uri, text: f.text }], ALL_ON);
      for (const finding of findings) {
        for (const fix of finding.fixes?.() ?? []) {
          if (!placeholdersOf(fix).length) continue;
          withPlaceholders.add(finding.rule);
          assert.equal(fix.safe, false, `${finding.rule} "${fix.title}" writes ${placeholdersOf(fix).join(", ")} and is marked safe`);
        }
      }
    }
    // The fixtures hold the placeholder fixes the brief names: the test above can fail.
    for (const id of ["resources/best-effort", "secrets/literal-secret-env", "operations/ingress-tls-unmanaged"]) assert.ok(withPlaceholders.has(id), `${id} offers no placeholder fix on its fixture`);
  });

  it("are left out of fix-all with unsafe fixes, which keeps its properties on every fixture", () => {
    let left = 0;
    for (const f of files) {
      const { result, failures } = checkFixAll(f.uri, f.text, [], ALL_ON, true);
      assert.deepEqual(failures, [], f.id);
      left += result.leftForPerson.length;
      for (const l of result.leftForPerson) assert.ok(l.placeholders.length > 0);
    }
    assert.ok(left >= withPlaceholders.size, `${left} fixes left for a person`);
  });
});
