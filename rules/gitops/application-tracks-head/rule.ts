// gitops/application-tracks-head: an Argo CD Application that follows HEAD or a branch deploys whatever is pushed next, unreviewed as a release.
import { defineRule } from "../../api.js";
import { applicationSpecOf, deploysToProduction } from "../../model/argocd.js";
import { asArray, asObject, type JsonObject } from "../../model/object.js";
import type { Path } from "../../model/position.js";

/** Branch names that move with every merge (a revision that is not pinned). */
const MOVING = /^(HEAD|main|master|trunk|develop|development|dev)$/i;
/** Helm chart versions that float: "*", ranges, x-wildcards. */
const FLOATING_CHART = /[*xX^~<>|]|^\s*$/;

interface Source { source: JsonObject; path: Path }

function sourcesOf(spec: JsonObject, base: Path): Source[] {
  const one = asObject(spec.source);
  const out: Source[] = one ? [{ source: one, path: [...base, "source"] }] : [];
  asArray(spec.sources).forEach((s, i) => { const v = asObject(s); if (v) out.push({ source: v, path: [...base, "sources", i] }); });
  return out;
}

export default defineRule({
  meta: {
    id: "gitops/application-tracks-head",
    title: "Argo CD Applications should deploy a pinned revision, not HEAD or a branch",
    defaultSeverity: "warning",
    kinds: ["Application", "ApplicationSet"],
    crossObject: false,
    fix: "none",
    guide: "§4A Upgrades — GitOps",
  },
  check(ctx) {
    const o = ctx.object;
    const app = applicationSpecOf(o);
    if (!app) return;
    const { spec, base } = app;
    // Production is what the project, the destination or the name says; elsewhere tracking a branch is a choice: information.
    const production = deploysToProduction(o, spec);
    for (const { source, path } of sourcesOf(spec, base)) {
      // A source that only provides values files to another ($ref) follows its own revision, judged the same way.
      const rev = source.targetRevision;
      const chart = typeof source.chart === "string";
      const text = typeof rev === "string" ? rev : typeof rev === "number" ? String(rev) : undefined;
      // Templated ApplicationSet revisions ({{ ... }}) are decided per generated Application.
      if (text?.includes("{{")) continue;
      const moving = chart ? text === undefined || FLOATING_CHART.test(text) : text === undefined || text === "" || MOVING.test(text);
      if (!moving) continue;
      const what = text === undefined || text === "" ? (chart ? "no chart version (the latest)" : "no targetRevision (HEAD)") : chart ? `chart version "${text}", a range` : `"${text}", a moving ${text.toUpperCase() === "HEAD" ? "reference" : "branch"}`;
      ctx.report({
        message: `${o.kind} "${o.name}" deploys ${what}${production ? " in production" : ""}: every push (or chart release) goes live without a reviewed release, and a rollback has no version to return to; pin a tag or commit SHA${chart ? " (an exact chart version)" : ""} and change it through Git.`,
        path: text === undefined ? [...path] : [...path, "targetRevision"],
        anchor: text === undefined ? "key" : "value",
        key: path.join("."),
        severity: production ? undefined : "info",
      });
    }
  },
});
