// "Validate against cluster": the objects of YAML files sent as server-side dry runs (cluster/dryRun.ts), and the
// cluster's answers — admission rejections and warnings, validation errors, RBAC refusals — as findings at the
// object (or the field) they are about. Shared by `kubeready validate` and the editor command; vscode-free.
import type { KubeConfig } from "@kubernetes/client-node";
import type { Finding } from "../rules/engine.js";
import { objectsOf, rangeOf, type KObject } from "../rules/model/object.js";
import { splitDocuments } from "../rules/model/document.js";
import { locate, type Path, type Range } from "../rules/model/position.js";
import { dryRunManifests, type DryRunOutcome, type DryRunReport } from "./dryRun.js";

/** The pseudo-rules of a validation: not checks of kubeready's, but what the cluster answered. */
export const DRY_RUN_RULES = {
  /** Admission said no: Pod Security enforce, ResourceQuota, LimitRanger, a webhook, a ValidatingAdmissionPolicy. */
  rejected: "dry-run/rejected",
  /** Object validation or decoding said no (422 Invalid, 400 BadRequest), at the field the cluster names. */
  invalid: "dry-run/invalid",
  /** A Warning header: Pod Security `warn`, deprecated APIs, unknown fields. */
  warning: "dry-run/warning",
  /** The object could not be judged: RBAC, a missing namespace, a kind the cluster does not serve, a cluster error. */
  notValidated: "dry-run/not-validated",
} as const;

export interface ValidateInput { uri: string; text: string; chartTemplate?: boolean }

export interface ValidateSummary {
  context: string;
  server: string;
  /** Objects sent as dry runs. */
  sent: number;
  accepted: number;
  rejected: number;
  notValidated: number;
  /** Documents that were not objects to send (templates, syntax errors, fragments): said once each as not validated. */
  skipped: number;
}

export interface ValidateResult {
  findings: Finding[];
  summary: ValidateSummary;
  fatal?: DryRunReport["fatal"];
}

interface Planned { object: KObject; manifest: Record<string, unknown> }

/** The objects of a file, in file order; documents that cannot be sent become not-validated findings. */
function plan(input: ValidateInput, skipped: Finding[]): Planned[] {
  const out: Planned[] = [];
  for (const chunk of splitDocuments(input.text)) {
    const at = (message: string) => {
      const line = chunk.line;
      skipped.push(finding(input.uri, DRY_RUN_RULES.notValidated, "info", message, { start: { line, character: 0 }, end: { line, character: 0 } }, undefined, `skip|${chunk.offset}`));
    };
    if (chunk.template) { at("Not sent to the cluster: this document is a template (render it first, e.g. `helm template … | kubeready validate -`)."); continue; }
    if (chunk.errors.some((e) => e.severity !== "warning")) { at("Not sent to the cluster: this document is not valid YAML."); continue; }
    for (const object of objectsOf(chunk, { uri: input.uri, ...(input.chartTemplate ? { chartTemplate: true } : {}) })) {
      if (object.partial) { at(`Not sent to the cluster: this ${object.kind} is a patch or fragment (no metadata.name), not an object to create.`); continue; }
      out.push({ object, manifest: object.value as Record<string, unknown> });
    }
  }
  return out;
}

function finding(uri: string, rule: string, severity: Finding["severity"], message: string, range: Range, object: KObject | undefined, key: string, ns?: string): Finding {
  return {
    rule, severity, message, uri, range, key: `${rule}|${key}`, fixable: "none",
    ...(object ? { object: { apiVersion: object.apiVersion, kind: object.kind, namespace: ns ?? object.namespace, name: object.name } } : {}),
  };
}

/** The object's place: its name, else its kind line. */
function objectRange(o: KObject): Range {
  const md = o.value.metadata as Record<string, unknown> | undefined;
  return rangeOf(o, md && (typeof md.name === "string" || typeof md.generateName === "string") ? ["metadata", typeof md.name === "string" ? "name" : "generateName"] : ["kind"]);
}

/** `spec.containers[0].securityContext.privileged` (a Status cause's field, an unknown-field warning) as a path. */
export function fieldPath(field: string): Path {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) out.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : m[3]!);
  return out;
}

/** The range of a field the cluster named, as deep as the file has it (a field the server defaulted: its parent); else the object's place. */
function fieldRange(o: KObject, field: string | undefined): Range {
  if (!field) return objectRange(o);
  const path = fieldPath(field);
  return locate(o.source.doc, path).depth > 0 ? rangeOf(o, path, "key") : objectRange(o);
}

/**
 * Strings of the files that must never come back out (a validation error quotes the value it rejects): Secret data
 * (as written and decoded), ConfigMap data and literal env values. Each is masked wherever a message quotes it whole or
 * in part.
 */
function sensitiveValues(manifests: readonly Record<string, unknown>[]): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v !== "string" || v.length < 4) return;
    out.add(v);
    if (/^[A-Za-z0-9+/=\s]+$/.test(v)) {
      const decoded = Buffer.from(v, "base64").toString("utf8");
      if (decoded.length >= 4 && !decoded.includes("\uFFFD")) out.add(decoded);
    }
  };
  const walkEnv = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walkEnv);
    if (!v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "env" && Array.isArray(x)) for (const e of x) add((e as { value?: unknown } | null)?.value);
      else walkEnv(x);
    }
  };
  for (const m of manifests) {
    if (m.kind === "Secret" || m.kind === "ConfigMap") {
      for (const field of ["data", "stringData", "binaryData"]) for (const v of Object.values((m[field] ?? {}) as Record<string, unknown>)) add(v);
    }
    walkEnv(m.spec);
  }
  return [...out];
}

export function redact(message: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return message;
  let out = message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) =>
    inner.length >= 4 && secrets.some((s) => s.includes(inner) || inner.includes(s)) ? '"…"' : whole);
  for (const s of secrets) out = out.split(s).join("…");
  return out;
}

function describe(o: KObject, ns: string | undefined): string {
  return `${o.kind} ${ns ? `${ns}/` : ""}${o.name}`;
}

/** The findings one outcome makes. */
function findingsOf(p: Planned, outcome: DryRunOutcome, index: number, context: string, secrets: readonly string[], createdNamespaces: ReadonlySet<string>): Finding[] {
  const o = p.object;
  const uri = o.uri;
  const clean = (s: string) => redact(s, secrets);
  if (outcome.result === "not-sent") {
    return [finding(uri, DRY_RUN_RULES.notValidated, "warning", `Not validated against ${context}: ${clean(outcome.message)}`, objectRange(o), o, `${index}`)];
  }
  const ns = outcome.namespace;
  const out: Finding[] = [];
  outcome.warnings.forEach((w, k) => {
    const unknown = /^unknown field "([^"]+)"/.exec(w);
    out.push(finding(uri, DRY_RUN_RULES.warning, "warning", `${context} warns (dry run of ${describe(o, ns)}): ${clean(w)}`, unknown ? fieldRange(o, unknown[1]) : objectRange(o), o, `${index}|w${k}`, ns));
  });
  if (outcome.result === "accepted") return out;
  const what = `${outcome.operation === "apply" ? "server-side apply" : "create"} of ${describe(o, ns)}`;
  switch (outcome.by) {
    case "admission":
      out.push(finding(uri, DRY_RUN_RULES.rejected, "error", `${context} rejects the ${what} (admission, ${outcome.status} ${outcome.reason}): ${clean(outcome.message)}`, objectRange(o), o, `${index}`, ns));
      break;
    case "validation": {
      const located = outcome.causes.filter((c) => c.field);
      if (located.length === 0) {
        out.push(finding(uri, DRY_RUN_RULES.invalid, "error", `${context} rejects the ${what} (${outcome.status} ${outcome.reason}): ${clean(outcome.message)}`, objectRange(o), o, `${index}`, ns));
      } else {
        located.forEach((c, k) => out.push(finding(uri, DRY_RUN_RULES.invalid, "error", `${context} rejects the ${what}: ${c.field}: ${clean(c.message)}`, fieldRange(o, c.field), o, `${index}|c${k}`, ns)));
      }
      break;
    }
    case "rbac":
      out.push(finding(uri, DRY_RUN_RULES.notValidated, "warning", `Not validated against ${context}: ${clean(outcome.message)} (a dry run needs the permission a real ${outcome.operation === "apply" ? "patch" : "create"} needs; nothing was judged)`, objectRange(o), o, `${index}`, ns));
      break;
    case "namespace":
      out.push(createdNamespaces.has(ns ?? "")
        ? finding(uri, DRY_RUN_RULES.notValidated, "info", `Not validated against ${context}: namespace ${ns} does not exist yet; this file creates it, but a dry run creates nothing, so the ${describe(o, ns)} can be judged only once the namespace exists.`, objectRange(o), o, `${index}`, ns)
        : finding(uri, DRY_RUN_RULES.notValidated, "warning", `Not validated against ${context}: namespace ${ns} does not exist there (${clean(outcome.message)}).`, objectRange(o), o, `${index}`, ns));
      break;
    default:
      out.push(finding(uri, DRY_RUN_RULES.rejected, "error", `${context} rejects the ${what} (${outcome.status}${outcome.reason ? ` ${outcome.reason}` : ""}): ${clean(outcome.message)}`, objectRange(o), o, `${index}`, ns));
  }
  return out;
}

/**
 * Sends every object of the inputs to the kubeconfig's current context as a server-side dry run (Namespaces first, then
 * the rest in file order) and returns the cluster's answers as findings. Never throws for cluster problems.
 */
export async function validateAgainstCluster(kc: KubeConfig, inputs: readonly ValidateInput[], options: { namespace?: string; timeoutMs: number; signal?: AbortSignal }): Promise<ValidateResult> {
  const skipped: Finding[] = [];
  const planned = inputs.flatMap((i) => plan(i, skipped));
  // A Namespace of the file goes first, so the objects in it meet the answer for it (a dry run stores nothing, though).
  const order = planned.map((p, i) => i).sort((a, b) => Number(planned[b]!.object.kind === "Namespace") - Number(planned[a]!.object.kind === "Namespace") || a - b);
  const report = await dryRunManifests(kc, order.map((i) => planned[i]!.manifest), options);
  const secrets = sensitiveValues(planned.map((p) => p.manifest));
  const outcomes = new Array<DryRunOutcome>(planned.length);
  order.forEach((i, k) => (outcomes[i] = report.outcomes[k]!));
  const createdNamespaces = new Set(planned.filter((p, i) => p.object.kind === "Namespace" && outcomes[i]!.result === "accepted").map((p) => p.object.name));
  const findings = [...skipped, ...planned.flatMap((p, i) => findingsOf(p, outcomes[i]!, i, report.context, secrets, createdNamespaces))];
  const count = (pred: (o: DryRunOutcome) => boolean) => outcomes.filter(pred).length;
  return {
    findings,
    summary: {
      context: report.context,
      server: report.server,
      sent: count((o) => o.result !== "not-sent"),
      accepted: count((o) => o.result === "accepted"),
      rejected: count((o) => o.result === "rejected" && o.by !== "rbac" && o.by !== "namespace"),
      notValidated: count((o) => o.result === "not-sent" || (o.result === "rejected" && (o.by === "rbac" || o.by === "namespace"))),
      skipped: skipped.length,
    },
    ...(report.fatal ? { fatal: { ...report.fatal, message: redact(report.fatal.message, secrets) } } : {}),
  };
}
