// status/certificate-expiring: a live cert-manager Certificate whose current certificate expires within 30 days, or has expired (guide §4B).
import { defineRule } from "../../api.js";
import { getIn } from "../../model/object.js";

const DAY_MS = 86_400_000;

export default defineRule({
  meta: {
    id: "status/certificate-expiring",
    title: "Certificates must not be close to expiry",
    defaultSeverity: "warning",
    kinds: ["Certificate"],
    crossObject: false,
    fix: "none",
    guide: "§4B Certificate Rotation",
    options: {
      withinDays: { type: "number", default: 30, description: "Report certificates whose status.notAfter is less than this many days away." },
      now: { type: "string", default: "", description: "The time to judge against (RFC 3339); empty means the current time. For reproducible reports and tests." },
    },
  },
  check(ctx) {
    if (!ctx.object.apiVersion.startsWith("cert-manager.io/")) return;
    const notAfter = getIn(ctx.object.value, ["status", "notAfter"]);
    if (typeof notAfter !== "string") return;
    const expiry = Date.parse(notAfter);
    if (Number.isNaN(expiry)) return;
    const now = typeof ctx.options.now === "string" && ctx.options.now ? Date.parse(ctx.options.now) : Date.now();
    const withinDays = typeof ctx.options.withinDays === "number" ? ctx.options.withinDays : 30;
    const left = expiry - now;
    if (left >= withinDays * DAY_MS) return;
    const name = `Certificate "${ctx.object.name}"`;
    if (left <= 0) {
      ctx.report({
        message: `${name} expired on ${notAfter}: clients are refusing it. Check the issuer and the cert-manager logs; renewal has been failing.`,
        path: ["status", "notAfter"],
        severity: "error",
      });
      return;
    }
    const days = Math.floor(left / DAY_MS);
    ctx.report({
      message: `${name} expires in ${days === 0 ? "less than a day" : `${days} day${days === 1 ? "" : "s"}`} (${notAfter}) and has not been renewed: cert-manager normally renews well before this, so renewal is probably failing.`,
      path: ["status", "notAfter"],
    });
  },
});
