// gitops/application-sync-policy: an Argo CD Application syncs itself, with prune and selfHeal decided and failed syncs retried (guide §4A).
import { defineRule } from "../../api.js";
import { applicationSpecOf, deploysToProduction } from "../../model/argocd.js";
import { setFields } from "../../model/edit.js";
import { asObject, getIn } from "../../model/object.js";

export default defineRule({
  meta: {
    id: "gitops/application-sync-policy",
    title: "Argo CD Applications should sync automatically, with prune and selfHeal decided and retries on failure",
    defaultSeverity: "warning",
    kinds: ["Application", "ApplicationSet"],
    crossObject: false,
    fix: "unsafe",
    guide: "§4A Upgrades — GitOps",
  },
  check(ctx) {
    const o = ctx.object;
    const app = applicationSpecOf(o);
    if (!app) return;
    const { spec, base } = app;
    // An ApplicationSet's templatePatch may write the sync policy per generated Application: not judged here.
    if (o.kind === "ApplicationSet" && getIn(o.value, ["spec", "templatePatch"]) !== undefined) return;
    const production = deploysToProduction(o, spec);
    // Outside production these are choices: information.
    const severity = production ? undefined : "info" as const;
    const where = production ? " in production" : "";
    const policyPath = [...base, "syncPolicy"];
    const policy = asObject(getIn(spec, ["syncPolicy"]));
    // Templated policies (an ApplicationSet's goTemplate) are decided per generated Application.
    if (policy && JSON.stringify(policy).includes("{{")) return;
    const automated = asObject(policy?.automated);
    if (!automated || automated.enabled === false) {
      // Manual sync is a deliberate choice in many production setups (a release manager presses sync): information only.
      if (!production) return;
      ctx.report({
        message: `${o.kind} "${o.name}" syncs only by hand${where}${automated ? " (automated.enabled: false)" : ""}: a change merged to Git is not deployed until someone syncs, and drift in the cluster is only reported; the guide's GitOps lets Argo CD handle the sync (syncPolicy.automated).`,
        path: automated ? [...policyPath, "automated", "enabled"] : policy ? policyPath : base,
        anchor: "key",
        key: "manual",
        severity: "info",
      });
      return;
    }
    const undecided = ["prune", "selfHeal"].filter((k) => typeof automated[k] !== "boolean");
    if (undecided.length > 0) {
      ctx.report({
        message: `${o.kind} "${o.name}" syncs automatically${where} without deciding ${undecided.join(" and ")} (both default to false): ${undecided.includes("prune") ? "objects removed from Git stay in the cluster" : ""}${undecided.length === 2 ? ", and " : ""}${undecided.includes("selfHeal") ? "changes made by hand in the cluster stay until the next commit" : ""}; write ${undecided.map((k) => `${k}: true or false`).join(" and ")} so the behaviour is a choice.`,
        path: [...policyPath, "automated"],
        anchor: "key",
        key: "undecided",
        severity,
        fix: () => {
          const edits = setFields(o, [...policyPath, "automated"], Object.fromEntries(undecided.map((k) => [k, true])));
          return edits && { title: `Prune and self-heal (${undecided.map((k) => `${k}: true`).join(", ")})`, safe: false, edits };
        },
      });
    }
    const retry = asObject(policy?.retry);
    const limit = retry?.limit;
    if (!retry || limit === 0) {
      ctx.report({
        message: `${o.kind} "${o.name}" syncs automatically${where} without ${retry ? "any retry (retry.limit: 0)" : "a retry policy (syncPolicy.retry)"}: Argo CD does not re-attempt an automated sync that failed for the same commit, so a transient failure (a webhook not ready yet, a CRD applied late) leaves the application out of sync until the next commit.`,
        path: retry ? [...policyPath, "retry", "limit"] : [...policyPath, "automated"],
        anchor: retry ? "value" : "key",
        key: "retry",
        severity,
        fix: () => {
          const edits = setFields(o, policyPath, { retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } } });
          return edits && { title: "Retry failed syncs (limit 5, backoff 5s ×2 up to 3m)", safe: false, edits };
        },
      });
    }
  },
});
