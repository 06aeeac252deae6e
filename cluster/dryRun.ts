// Server-side dry runs of manifests against a kubeconfig context ("Validate against cluster"): each object is sent as a
// create with dryRun=All (a server-side apply with dryRun=All when it exists), so validation, defaulting and every
// admission plugin and webhook judge it and nothing is stored. Opt-in only: the readiness tree never imports this module
// (cluster/transport.ts stays GET-only), and every write here carries dryRun=All or is refused before it is sent.
import * as http from "node:http";
import * as https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { clusterWideCodes, ClusterRequestError, errorFromException, errorFromStatus, type ClusterErrorCode } from "./errors.js";
import { getJson, requestTarget, type RequestTarget } from "./transport.js";

/** The field manager a dry-run apply names (it is never recorded: nothing is stored). */
export const FIELD_MANAGER = "kubeready-validate";

export interface StatusCause { field?: string; message: string; reason?: string }

/** Who said no: admission (Pod Security, quota, webhooks, policies), object validation, RBAC, or a missing namespace. */
export type RejectedBy = "admission" | "validation" | "rbac" | "namespace" | "other";

export type DryRunOutcome =
  | { result: "accepted"; operation: "create" | "apply"; namespace?: string; warnings: string[] }
  | {
    result: "rejected"; operation: "create" | "apply"; namespace?: string; by: RejectedBy;
    status: number; reason: string; message: string; causes: StatusCause[]; warnings: string[];
  }
  | { result: "not-sent"; why: "kind-not-served" | "cluster-error"; message: string };

export interface DryRunReport {
  context: string;
  server: string;
  outcomes: DryRunOutcome[];
  /** The cluster could not be used at all (credentials, unreachable, TLS, the deadline): the objects after it were not sent. */
  fatal?: { code: ClusterErrorCode; message: string };
}

export interface DryRunOptions {
  /** Namespace for namespaced objects that name none (else the context's namespace, else `default`), as kubectl -n. */
  namespace?: string;
  /** The deadline of the whole run, credentials, discovery and every dry run included. */
  timeoutMs: number;
  signal?: AbortSignal;
}

interface Served { plural: string; namespaced: boolean }

interface Answer { status: number; body: Record<string, unknown> | undefined; warnings: string[] }

/** The API path of a group-version's discovery document. */
function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/**
 * Warning headers (RFC 7234 `299 - "text"`, one per header or several joined by commas), as kube-apiserver sends
 * Pod Security `warn` results, deprecations and unknown fields.
 */
export function parseWarnings(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== "warning") continue;
    const re = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(rawHeaders[i + 1]!))) out.push(m[1]!.replace(/\\(.)/g, "$1"));
  }
  return out;
}

/** Sends one write; refuses anything that is not a dry run. */
function sendWrite(target: RequestTarget, method: "POST" | "PATCH", path: string, body: unknown, contentType: string, signal: AbortSignal): Promise<Answer> {
  if (!/[?&]dryRun=All(&|$)/.test(path)) return Promise.reject(new Error(`refusing to send ${method} ${path} without dryRun=All`));
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = (target.secure ? https : http).request(new URL(target.server + path), {
      ...target.options,
      method,
      headers: { ...(target.options.headers ?? {}), accept: "application/json", "content-type": contentType, "content-length": Buffer.byteLength(text) },
      signal,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.once("end", () => {
        let parsed: Record<string, unknown> | undefined;
        try {
          const raw = Buffer.concat(chunks).toString("utf8");
          parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: response.statusCode ?? 0, body: parsed, warnings: parseWarnings(response.rawHeaders) });
      });
      response.on("error", reject);
      response.once("aborted", () => reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
    });
    request.on("error", reject);
    request.end(text);
  });
}

function statusOf(answer: Answer): { reason: string; message: string; causes: StatusCause[]; detailsKind?: string } {
  const b = answer.body ?? {};
  const details = (b.details ?? {}) as { kind?: string; causes?: Array<{ field?: string; message?: string; reason?: string }> };
  return {
    reason: typeof b.reason === "string" ? b.reason : "",
    message: typeof b.message === "string" ? b.message : `answered ${answer.status}`,
    causes: (details.causes ?? []).map((c) => ({ ...(c.field ? { field: c.field } : {}), message: String(c.message ?? ""), ...(c.reason ? { reason: c.reason } : {}) })),
    ...(details.kind ? { detailsKind: details.kind } : {}),
  };
}

/** Who rejected a request, from the status code and the Status kube-apiserver sends with it. */
export function rejectedBy(status: number, reason: string, message: string, detailsKind?: string): RejectedBy {
  if (/admission webhook .* denied the request|failed calling webhook|ValidatingAdmissionPolicy|violates PodSecurity|exceeded quota|must specify limits|LimitRange/i.test(message)) return "admission";
  if (status === 403) return /\bcannot \w+ resource\b/.test(message) ? "rbac" : "admission";
  if (status === 404 && detailsKind === "namespaces") return "namespace";
  if (status === 422 || status === 400 || reason === "Invalid" || reason === "BadRequest") return "validation";
  return "other";
}

/**
 * Sends each manifest as a server-side dry run, in order (Namespaces first is the caller's choice), and returns one
 * outcome per manifest. Never throws for cluster problems: a cluster-wide failure is `fatal`, and the manifests it kept
 * from being sent are `not-sent`.
 */
export async function dryRunManifests(kc: KubeConfig, manifests: readonly Record<string, unknown>[], options: DryRunOptions): Promise<DryRunReport> {
  const context = kc.getCurrentContext();
  const server = kc.getCurrentCluster()?.server ?? "";
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const outcomes: DryRunOutcome[] = [];
  const notSent = (message: string) => ({ result: "not-sent" as const, why: "cluster-error" as const, message });
  let target: RequestTarget;
  try {
    target = await requestTarget(kc, { timeoutMs: options.timeoutMs, signal });
  } catch (e) {
    const err = e instanceof ClusterRequestError ? e : new ClusterRequestError("other", String(e));
    return { context, server, outcomes: manifests.map(() => notSent(err.message)), fatal: { code: err.code, message: err.message } };
  }
  const contextNamespace = kc.getContextObject(context)?.namespace;
  const namespace = options.namespace ?? contextNamespace ?? "default";
  const discovery = new Map<string, Promise<Map<string, Served> | undefined>>();
  const served = async (apiVersion: string): Promise<Map<string, Served> | undefined> => {
    let p = discovery.get(apiVersion);
    if (!p) {
      p = (async () => {
        try {
          const list = (await getJson(target, groupVersionPath(apiVersion), { timeoutMs: options.timeoutMs, signal })) as { resources?: Array<{ name: string; kind: string; namespaced: boolean }> };
          const kinds = new Map<string, Served>();
          for (const r of list.resources ?? []) if (!r.name.includes("/")) kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
          return kinds;
        } catch (e) {
          if (e instanceof ClusterRequestError && e.code === "notFound") return undefined;
          throw e;
        }
      })();
      discovery.set(apiVersion, p);
    }
    return p;
  };

  let fatal: DryRunReport["fatal"];
  for (const manifest of manifests) {
    if (fatal) {
      outcomes.push(notSent(`not sent: ${fatal.message}`));
      continue;
    }
    const apiVersion = String(manifest.apiVersion ?? "");
    const kind = String(manifest.kind ?? "");
    try {
      const kinds = await served(apiVersion);
      const resource = kinds?.get(kind);
      if (!resource) {
        outcomes.push({ result: "not-sent", why: "kind-not-served", message: `${server} serves no kind ${kind} in ${apiVersion}${kinds ? "" : ` (no API ${apiVersion} at all)`}: is its CustomResourceDefinition installed?` });
        continue;
      }
      const metadata = (manifest.metadata ?? {}) as Record<string, unknown>;
      const ns = resource.namespaced ? (typeof metadata.namespace === "string" && metadata.namespace ? metadata.namespace : namespace) : undefined;
      const collection = `${groupVersionPath(apiVersion)}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ""}/${resource.plural}`;
      const created = await sendWrite(target, "POST", `${collection}?dryRun=All&fieldManager=${FIELD_MANAGER}`, manifest, "application/json", signal);
      let answer = created;
      let operation: "create" | "apply" = "create";
      // It exists: what an apply would do to it is the question, so ask that (server-side apply, conflicts forced: a
      // dry run takes no fields from their managers).
      if (created.status === 409 && statusOf(created).reason === "AlreadyExists" && typeof metadata.name === "string") {
        operation = "apply";
        answer = await sendWrite(target, "PATCH", `${collection}/${encodeURIComponent(metadata.name)}?dryRun=All&fieldManager=${FIELD_MANAGER}&force=true`, manifest, "application/apply-patch+yaml", signal);
      }
      const base = { operation, ...(ns ? { namespace: ns } : {}) };
      if (answer.status >= 200 && answer.status <= 299) {
        outcomes.push({ result: "accepted", ...base, warnings: answer.warnings });
        continue;
      }
      if (answer.status === 401) {
        const err = errorFromStatus(401, answer.body, target.server);
        fatal = { code: err.code, message: err.message };
        outcomes.push(notSent(err.message));
        continue;
      }
      const s = statusOf(answer);
      outcomes.push({ result: "rejected", ...base, by: rejectedBy(answer.status, s.reason, s.message, s.detailsKind), status: answer.status, reason: s.reason, message: s.message, causes: s.causes, warnings: answer.warnings });
    } catch (e) {
      let err = e instanceof ClusterRequestError ? e : errorFromException(e, target.server, false, options.timeoutMs);
      // The run's own deadline aborts whatever request is in flight: say so, not "cancelled".
      if (deadline.aborted && !options.signal?.aborted) err = new ClusterRequestError("timeout", `${target.server} did not answer all dry runs within ${Math.round(options.timeoutMs / 100) / 10} s.`);
      else if (options.signal?.aborted) err = new ClusterRequestError("cancelled", "The validation was cancelled.");
      if (clusterWideCodes.has(err.code)) fatal = { code: err.code, message: err.message };
      outcomes.push(notSent(err.message));
    }
  }
  return { context, server, outcomes, ...(fatal ? { fatal } : {}) };
}
