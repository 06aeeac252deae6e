// gitops/application-tracks-head: an Argo CD Application that follows HEAD or a branch deploys whatever is pushed next, unreviewed as a release.
import { defineRule } from "../../api.js";
import { applicationSpecOf, deploysToProduction } from "../../model/argocd.js";
import { asArray, asObject, getIn, type JsonObject, type KObject } from "../../model/object.js";
import type { Path } from "../../model/position.js";
import { isOwnRepositorySource, repositoryIdentity } from "../../model/ownRepo.js";

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

/** Two Git URLs of one repository (scheme, user, `.git` and a trailing slash aside). */
function sameRepo(a: unknown, b: unknown): boolean {
  const x = repositoryIdentity(a);
  return x !== undefined && x === repositoryIdentity(b);
}

/** A moving revision as Argo CD reads it: none (HEAD), HEAD or a branch name. */
function revisionOf(v: unknown): string {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : "HEAD";
}

/** The `git` generators of an ApplicationSet, also inside `matrix` and `merge` generators. */
function gitGenerators(list: unknown, depth = 0): JsonObject[] {
  const out: JsonObject[] = [];
  for (const g of asArray(list)) {
    const gen = asObject(g);
    if (!gen) continue;
    const git = asObject(gen.git);
    if (git) out.push(git);
    if (depth < 3) for (const nested of ["matrix", "merge"]) out.push(...gitGenerators(asObject(gen[nested])?.generators, depth + 1));
  }
  return out;
}

/**
 * An ApplicationSet whose Git generator reads the repository and revision its template deploys: the GitOps
 * configuration repository deploying itself. Which Applications exist already follows that branch, so pinning the
 * template's revision would not pin the release: a reviewed merge to the branch is the release.
 */
function tracksItsOwnGenerator(o: KObject, source: JsonObject): boolean {
  if (o.kind !== "ApplicationSet") return false;
  return gitGenerators(getIn(o.value, ["spec", "generators"])).some((g) => sameRepo(g.repoURL, source.repoURL) && revisionOf(g.revision) === revisionOf(source.targetRevision));
}

export default defineRule({
  meta: {
    id: "gitops/application-tracks-head",
    title: "Argo CD Applications should deploy a pinned revision, not HEAD or a branch",
    defaultSeverity: "warning",
    kinds: ["Application", "ApplicationSet"],
    crossObject: true, // whether a source's path is a folder of this checkout (the config repository deploying itself)
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
      // The configuration repository deploying its own folders (app-of-apps), its own chart folders or its own values
      // files (`ref: values`): a reviewed merge to its branch is the release, so following that branch is GitOps as
      // designed, not an unpinned dependency.
      if (!moving || (!chart && (tracksItsOwnGenerator(o, source) || isOwnRepositorySource(ctx.index, o.uri, source)))) continue;
      const what = text === undefined || text === "" ? (chart ? "no chart version (the latest)" : "no targetRevision (HEAD)") : chart ? `chart version "${text}", a range` : `"${text}", a moving ${text.toUpperCase() === "HEAD" ? "reference" : "branch"}`;
      ctx.report({
        message: `${o.kind} "${o.name}" deploys ${what}${production ? " in production" : ""}: every push (or chart release) goes live without a reviewed release, and a rollback has no version to return to; pin a tag or commit SHA${chart ? " (an exact chart version)" : ""} and change it through Git.`,
        path: text === undefined ? [...path] : [...path, "targetRevision"],
        anchor: text === undefined ? "key" : "value",
        key: path.join("."),
        severity: production ? undefined : "info",
        // Every source of one Application that follows the same moving reference is one fact (one decision to pin).
        fact: { subject: chart ? `chart:${text ?? ""}` : `git:${revisionOf(text)}` },
      });
    }
  },
});
