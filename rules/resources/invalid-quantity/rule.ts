// resources/invalid-quantity: resource quantities the API server rejects (`1Gb`, `500 m`, negative, fractional GPUs) or misreads (`memory: 512m`).
import { defineRule, type Fix } from "../../api.js";
import { setField } from "../../model/edit.js";
import { asArray, asObject, getIn, type Json, type KObject } from "../../model/object.js";
import { containersOf, podTemplateOf } from "../../model/podspec.js";
import type { Path } from "../../model/position.js";
import { isExtendedResource, isWholeNumber, parseQuantity, parseQuantityString, quantityText, unquoteQuantities } from "../../model/quantity.js";

/** A quantity in an object: where it is, and which resource it measures (for resource-specific rules). */
interface QuantityField { path: Path; resource: string; value: Json; list: boolean }

export default defineRule({
  meta: {
    id: "resources/invalid-quantity",
    title: "Resource quantities must be valid Kubernetes quantities",
    defaultSeverity: "error",
    kinds: "*",
    crossObject: false,
    partialObjects: true,
    fix: "unsafe",
    guide: "§3A Quality of Service",
  },
  check(ctx) {
    for (const f of quantityFields(ctx.object)) {
      // envsubst/sed placeholders (`${GPU_COUNT}`, `FILESTORE_CAPACITY`, `<REPLACE_ME>`) are filled in before apply; not a typo.
      if (f.value === null || (typeof f.value === "string" && TEMPLATE_VARIABLE.test(f.value.trim()))) continue;
      const q = parseQuantity(f.value);
      const text = quantityText(f.value);
      const key = f.path.join(".");
      if (!q.ok) {
        ctx.report({
          message: `${f.resource} "${text}" is not a valid quantity (${q.reason}); the API server rejects the object.`,
          path: f.path, key,
          fix: () => suggestions(ctx.object, f, text),
        });
        continue;
      }
      if (f.list && q.nanos < 0n) {
        ctx.report({ message: `${f.resource} ${text} is negative; the API server requires quantities greater than or equal to 0.`, path: f.path, key });
      } else if (f.list && isExtendedResource(f.resource) && !isWholeNumber(q)) {
        ctx.report({ message: `${f.resource} ${text} must be a whole number; extended resources cannot be split.`, path: f.path, key });
      } else if (BYTES.includes(f.resource) && !isWholeNumber(q) && /[mun]$/.test(q.suffix) && q.nanos !== 0n) {
        // Accepted by the API server, but milli-bytes are never what was meant (`512m` reads as 0.512 bytes).
        ctx.report({
          message: `${f.resource} ${text} means ${Number(q.nanos) / 1e9} bytes; "m" is milli, not mega — use ${text.replace(/m$/, "Mi")} or ${text.replace(/m$/, "M")}.`,
          path: f.path, key, severity: "warning",
          fix: () => replaceWith(ctx.object, f, [text.replace(/m$/, "Mi"), text.replace(/m$/, "M")], false),
        });
      }
    }
  },
});

/** `$VAR`, `${VAR}`, `{{VAR}}` or an all-caps identifier with an underscore. */
// `<REPLACE_ME>`-style placeholders (kubeready's own fixes write them) are reported by the QoS rules as "fill in".
const TEMPLATE_VARIABLE = /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{[^}]*\}\}|[A-Z][A-Z0-9]*_[A-Z0-9_]+|<[A-Za-z_][A-Za-z0-9_ -]*>)$/;
const BYTES = ["memory", "ephemeral-storage", "storage", "sizeLimit"];
const POD_LEVEL_LISTS = ["requests", "limits"];

/** Every Quantity-typed field kubeready knows of in an object. */
export function quantityFields(o: KObject): QuantityField[] {
  const out: QuantityField[] = [];
  const list = (path: Path, v: Json | undefined) => {
    const m = asObject(v);
    if (m) for (const [resource, value] of Object.entries(m)) out.push({ path: [...path, resource], resource, value, list: true });
  };
  const requirements = (path: Path) => { for (const k of POD_LEVEL_LISTS) list([...path, k], getIn(o.value, [...path, k])); };
  const t = podTemplateOf(o);
  if (t) {
    requirements([...t.specPath, "resources"]);
    list([...t.specPath, "overhead"], t.spec.overhead);
    for (const c of containersOf(t, ["initContainers", "containers"])) requirements([...c.path, "resources"]);
    asArray(t.spec.volumes).forEach((v, i) => {
      const size = getIn(v, ["emptyDir", "sizeLimit"]);
      if (size !== undefined) out.push({ path: [...t.specPath, "volumes", i, "emptyDir", "sizeLimit"], resource: "sizeLimit", value: size, list: false });
      if (getIn(v, ["ephemeral", "volumeClaimTemplate", "spec", "resources"])) requirements([...t.specPath, "volumes", i, "ephemeral", "volumeClaimTemplate", "spec", "resources"]);
    });
  }
  switch (o.kind) {
    case "StatefulSet":
      asArray(getIn(o.value, ["spec", "volumeClaimTemplates"])).forEach((_, i) => requirements(["spec", "volumeClaimTemplates", i, "spec", "resources"]));
      break;
    case "PersistentVolumeClaim": requirements(["spec", "resources"]); break;
    case "PersistentVolume": list(["spec", "capacity"], getIn(o.value, ["spec", "capacity"])); break;
    case "ResourceQuota": list(["spec", "hard"], getIn(o.value, ["spec", "hard"])); break;
    case "LimitRange":
      asArray(getIn(o.value, ["spec", "limits"])).forEach((_, i) => {
        for (const k of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) list(["spec", "limits", i, k], getIn(o.value, ["spec", "limits", i, k]));
      });
      break;
    case "HorizontalPodAutoscaler":
      asArray(getIn(o.value, ["spec", "metrics"])).forEach((m, i) => {
        for (const source of ["resource", "containerResource", "pods", "object", "external"]) {
          for (const k of ["averageValue", "value"]) {
            const v = getIn(m, [source, "target", k]);
            if (v !== undefined) out.push({ path: ["spec", "metrics", i, source, "target", k], resource: k, value: v, list: false });
          }
        }
      });
      break;
    case "Prometheus": case "Alertmanager": case "ThanosRuler":
      if (o.apiVersion.startsWith("monitoring.coreos.com/")) {
        requirements(["spec", "resources"]);
        if (o.kind === "Prometheus") requirements(["spec", "thanos", "resources"]);
      }
      break;
  }
  return out;
}

/** Likely meant values for common typos: spaces, `Gb`/`GB`/`GiB` for `Gi`, lower-case units. */
function suggestions(o: KObject, f: QuantityField, text: string): Fix[] | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact !== text && parseQuantityString(compact).ok) return replaceWith(o, f, [compact], true);
  const m = /^([+-]?[0-9.]+)\s*([kKmMgGtTpPeE])(i?)[bB]?$/.exec(text);
  if (!m) return undefined;
  const unit = m[2] === "k" || m[2] === "K" ? "K" : m[2].toUpperCase();
  const candidates = [`${m[1]}${unit}i`, `${m[1]}${unit === "K" ? "k" : unit}`].filter((c) => parseQuantityString(c).ok);
  return replaceWith(o, f, [...new Set(candidates)], false);
}

function replaceWith(o: KObject, f: QuantityField, values: string[], safe: boolean): Fix[] {
  const fixes: Fix[] = [];
  for (const v of values) {
    const e = setField(o, f.path, v);
    if (e) fixes.push({ title: `Change ${f.resource} to ${v}`, safe, edits: [{ ...e, newText: unquoteQuantities(e.newText) }] });
  }
  return fixes;
}
