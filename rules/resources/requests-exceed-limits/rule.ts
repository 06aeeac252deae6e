// resources/requests-exceed-limits: a request above its limit (or unequal, for extended resources) is rejected by the API server.
import { defineRule, type RuleContext } from "../../api.js";
import { setField } from "../../model/edit.js";
import { asObject, type JsonObject, type KObject } from "../../model/object.js";
import { containersOf, POD_KINDS, podTemplateOf } from "../../model/podspec.js";
import type { Path } from "../../model/position.js";
import { compareQuantities, isOvercommitAllowed, quantityOf, quantityText, unquoteQuantities } from "../../model/quantity.js";

export default defineRule({
  meta: {
    id: "resources/requests-exceed-limits",
    title: "Resource requests must not exceed limits",
    defaultSeverity: "error",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe",
    guide: "§3A Quality of Service",
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    if (!t) return;
    const blocks: { who: string; path: Path; resources: JsonObject | undefined }[] = [];
    if (asObject(t.spec.resources)) blocks.push({ who: "the pod-level resources", path: [...t.specPath, "resources"], resources: asObject(t.spec.resources) });
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      blocks.push({ who: `container "${c.name}"`, path: [...c.path, "resources"], resources: asObject(c.value.resources) });
    }
    for (const b of blocks) checkBlock(ctx.report.bind(ctx), o, b.who, b.path, b.resources);
  },
});

type Reporter = RuleContext["report"];

/** ValidateResourceRequirements: request <= limit; non-overcommitable resources need request == limit and a limit. */
function checkBlock(report: Reporter, o: KObject, who: string, path: Path, resources: JsonObject | undefined): void {
  const requests = asObject(resources?.requests) ?? {};
  const limits = asObject(resources?.limits) ?? {};
  for (const [name, reqValue] of Object.entries(requests)) {
    const req = quantityOf(reqValue);
    const limValue = limits[name];
    const reqPath = [...path, "requests", name];
    if (limValue === undefined || limValue === null) {
      if (!isOvercommitAllowed(name)) {
        report({
          message: `${who}: ${name} cannot be overcommitted, so it needs a limit equal to its request (${quantityText(reqValue)}); the API server rejects the pod.`,
          path: reqPath, anchor: "key", key: `${path.join(".")}.${name}`,
          fix: () => {
            const e = setField(o, [...path, "limits", name], reqValue);
            return e && { title: `Set the ${name} limit of ${who} to ${quantityText(reqValue)}`, safe: true, edits: [{ ...e, newText: unquoteQuantities(e.newText) }] };
          },
        });
      }
      continue;
    }
    const lim = quantityOf(limValue);
    if (!req || !lim) continue; // malformed quantities are resources/invalid-quantity's findings
    const cmp = compareQuantities(req, lim);
    const overcommit = isOvercommitAllowed(name);
    if (cmp <= 0 && (overcommit || cmp === 0)) continue;
    report({
      message: overcommit
        ? `${who}: ${name} request ${quantityText(reqValue)} exceeds its limit ${quantityText(limValue)}; the API server rejects the pod.`
        : `${who}: ${name} cannot be overcommitted, so its request ${quantityText(reqValue)} must equal its limit ${quantityText(limValue)}; the API server rejects the pod.`,
      path: reqPath,
      key: `${path.join(".")}.${name}`,
      // Unsafe: which of the two numbers is the mistake is the user's call; the fix assumes the limit is right.
      fix: () => {
        const e = setField(o, reqPath, limValue);
        return e && { title: `Set the ${name} request of ${who} to its limit ${quantityText(limValue)}`, safe: false, edits: [{ ...e, newText: unquoteQuantities(e.newText) }] };
      },
    });
  }
}

