// Cron schedules (Velero's, robfig/cron: five fields or a descriptor) and Go durations: the longest gap between two runs.

const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A Go duration (`720h0m0s`, `168h`, `1h30m`, `90s`) in milliseconds; undefined when it is not one. */
export function goDurationMs(v: unknown): number | undefined {
  if (typeof v !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms|us|\u00b5s|ns))+$/.test(v.trim())) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, "\u00b5s": 1e-3, ns: 1e-6 };
  let total = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|\u00b5s|ns)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

/** The values one cron field allows (`*`, lists, ranges, steps, names); undefined when it cannot be read. */
function field(text: string, min: number, max: number, names: readonly string[] = []): boolean[] | undefined {
  const allowed = new Array<boolean>(max + 1).fill(false);
  const value = (s: string): number | undefined => {
    const i = names.indexOf(s.toLowerCase());
    if (i >= 0) return i + (names === MONTHS ? 1 : 0);
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let lo: number | undefined, hi: number | undefined;
    if (range === "*" || range === "?") { lo = min; hi = max; }
    else if (range.includes("-")) { const [a, b] = range.split("-"); lo = value(a); hi = value(b); }
    else { lo = value(range); hi = stepText === undefined ? lo : max; }
    if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) return undefined;
    for (let x = lo; x <= hi; x += step) allowed[x] = true;
  }
  return allowed;
}

/**
 * The longest time between two consecutive runs of a cron schedule, in milliseconds, over a 400-day window (UTC;
 * a `CRON_TZ=`/`TZ=` prefix is dropped: the gap does not depend on the zone). `@every <duration>` is its duration.
 * Undefined when the expression cannot be read or runs fewer than twice in the window.
 */
export function longestCronGapMs(expression: unknown): number | undefined {
  if (typeof expression !== "string") return undefined;
  let text = expression.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, "");
  if (text.startsWith("@every ")) return goDurationMs(text.slice(7));
  text = DESCRIPTORS[text] ?? text;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [minute, hour, dom, month, dow] = [field(parts[0], 0, 59), field(parts[1], 0, 23), field(parts[2], 1, 31), field(parts[3], 1, 12, MONTHS), field(parts[4], 0, 7, DAYS)];
  if (!minute || !hour || !dom || !month || !dow) return undefined;
  if (dow[7]) dow[0] = true; // 7 is Sunday too
  const times: number[] = [];
  for (let h = 0; h < 24; h++) if (hour[h]) for (let m = 0; m < 60; m++) if (minute[m]) times.push((h * 60 + m) * MINUTE_MS);
  // Standard cron: when both day fields are restricted, a day matching either runs.
  const domAny = parts[2] === "*" || parts[2] === "?", dowAny = parts[4] === "*" || parts[4] === "?";
  const start = Date.UTC(2025, 0, 1);
  let previous: number | undefined, longest = 0, runs = 0;
  for (let d = 0; d < 400; d++) {
    const day = new Date(start + d * DAY_MS);
    if (!month[day.getUTCMonth() + 1]) continue;
    const byDom = dom[day.getUTCDate()], byDow = dow[day.getUTCDay()];
    if (!(domAny || dowAny ? byDom && byDow : byDom || byDow)) continue;
    for (const t of times) {
      const at = start + d * DAY_MS + t;
      if (previous !== undefined) longest = Math.max(longest, at - previous);
      previous = at;
      runs++;
    }
  }
  return runs >= 2 ? longest : undefined;
}

/** A duration for messages: `36 hours`, `7 days`, `45 minutes`. */
export function describeDuration(ms: number): string {
  if (ms >= 2 * DAY_MS && ms % DAY_MS === 0) return `${ms / DAY_MS} days`;
  if (ms >= 3_600_000) { const h = Math.round(ms / 360_000) / 10; return `${h} hour${h === 1 ? "" : "s"}`; }
  const m = Math.round(ms / MINUTE_MS);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
