// Orders a diagnostic's quick fixes as ESLint does: the fixes first (the best one preferred), "Disable … for …" after.
import type { Diagnostic } from "vscode-languageserver";
import type { Fix } from "../../rules/api.js";

export interface OfferedFix { fix: Fix; diagnostic: Diagnostic; preferred: boolean }

/**
 * The quick fixes of the diagnostics under the cursor, in menu order: every real fix of every diagnostic (in the
 * diagnostics' order, each diagnostic's fixes in the rule's order), then every suppression. The first safe fix of
 * each diagnostic is its preferred one; a suppression or an unsafe fix never is (an editor may apply a preferred fix
 * on its own, with "auto fix").
 */
export function orderQuickFixes(perDiagnostic: readonly { diagnostic: Diagnostic; fixes: readonly Fix[] }[]): OfferedFix[] {
  const fixes: OfferedFix[] = [];
  const suppressions: OfferedFix[] = [];
  for (const { diagnostic, fixes: list } of perDiagnostic) {
    let preferredGiven = false;
    for (const fix of list) {
      if (fix.suppression) { suppressions.push({ fix, diagnostic, preferred: false }); continue; }
      const preferred = !preferredGiven && fix.safe;
      if (preferred) preferredGiven = true;
      fixes.push({ fix, diagnostic, preferred });
    }
  }
  return [...fixes, ...suppressions];
}
