// Argo CD Applications and ApplicationSets: where the application spec is, and whether it deploys to production.
import { asObject, getIn, type JsonObject, type KObject } from "./object.js";
import type { Path } from "./position.js";
import { groupOf } from "./workloads.js";

const PRODUCTION = /(^|[-_.\/])prod(uction)?($|[-_.\/])/i;

/** The Application spec (for an ApplicationSet, its template's), with its path; undefined for other objects. */
export function applicationSpecOf(o: KObject): { spec: JsonObject; base: Path } | undefined {
  if (groupOf(o.apiVersion) !== "argoproj.io" || (o.kind !== "Application" && o.kind !== "ApplicationSet")) return undefined;
  const base: Path = o.kind === "ApplicationSet" ? ["spec", "template", "spec"] : ["spec"];
  const spec = asObject(getIn(o.value, base));
  return spec ? { spec, base } : undefined;
}

/** Production is what the name, the project, the destination or an env label says. */
export function deploysToProduction(o: KObject, spec: JsonObject): boolean {
  const hints = [o.name, getIn(spec, ["project"]), getIn(spec, ["destination", "namespace"]), getIn(spec, ["destination", "name"]), o.labels.env, o.labels.environment]
    .filter((v): v is string => typeof v === "string");
  return hints.some((h) => PRODUCTION.test(h));
}
