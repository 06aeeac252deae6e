// The findings that say what was not analysed and why: a run never answers "no problems" about a document it did not read.
import { GO_YAML_MAX_DEPTH, type SourceDocument } from "./model/document.js";
import { isTemplate, type ObjectOptions } from "./model/object.js";
import { toRange } from "./model/position.js";
import { templateMarkerOf } from "./model/template.js";

/** The pseudo-rule of documents and files that are not analysed (templates, files that are not manifests). */
export const SKIP_RULE = "yaml/not-analysed";

export interface Skip {
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Distinguishes the skip findings of one file. */
  key: string;
}

/** The one line for a file that is not a Kubernetes manifest. */
export function notManifestSkip(what: string): Skip {
  const zero = { line: 0, character: 0 };
  return { message: `Not analysed: this file is ${what}, not Kubernetes manifests.`, range: { start: zero, end: zero }, key: `${SKIP_RULE}|file` };
}

/** The line for a file a kustomization lists as a patch: it is merged into its target, so only partial-object rules check it. */
export function patchSkip(): Skip {
  const zero = { line: 0, character: 0 };
  return { message: "Checked as a kustomize patch only: a kustomization lists this file under patches, so it is merged into the resource it targets and the rules that need whole objects do not check it.", range: { start: zero, end: zero }, key: `${SKIP_RULE}|patch` };
}

/** The line for a file whose workloads are written like patches although no kustomization lists it as one. */
export function orphanPatchSkip(names: readonly string[]): Skip {
  const zero = { line: 0, character: 0 };
  const which = names.length === 1 ? names[0] : `${names.length} workloads (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""})`;
  return {
    message: `Checked as a patch only: ${which} ${names.length === 1 ? "has" : "have"} no spec.selector and no container with an image, so the API server would reject ${names.length === 1 ? "it" : "them"} as a whole object; this reads as a kustomize patch that no kustomization lists. List it under patches: in the kustomization that should apply it, or remove it.`,
    range: { start: zero, end: zero }, key: `${SKIP_RULE}|orphan-patch`,
  };
}

/** One line per file for its template documents: how many, where the first marker is, and what to do instead. */
export function templateSkip(chunks: readonly SourceDocument[], options: Pick<ObjectOptions, "chartTemplate">): Skip | undefined {
  let count = 0, jinja = false, terraform = false;
  let first: { chunk: SourceDocument; offset: number } | undefined;
  for (const chunk of chunks) {
    if (!isTemplate(chunk, options)) continue;
    count += Math.max(1, chunk.docs.length);
    const marker = chunk.templateMarker ?? templateMarkerOf(chunk.text, true);
    if (marker?.syntax === "jinja" || /\{%|\{#/.test(chunk.text)) jinja = true;
    else if (marker?.syntax === "terraform") terraform = true;
    first ??= { chunk, offset: marker?.offset ?? 0 };
  }
  if (!first) return undefined;
  const range = toRange(first.chunk, [first.offset, first.offset + 2]);
  const what = jinja ? "Jinja/Ansible template" : terraform ? "Terraform template" : options.chartTemplate ? "Helm template" : "Helm/Go template";
  const docs = count === 1 ? "1 document" : `${count} documents`;
  const how = jinja ? "Lint the rendered output instead."
    : terraform ? "Terraform renders it (`templatefile()`, `%{ }` directives): lint the rendered output instead."
    : "kubeready does not render templates yet: lint the output of `helm template` instead.";
  return { message: `Not analysed: ${docs} of this file ${count === 1 ? "is a" : "are"} ${what}${count === 1 ? "" : "s"} (template markers in the YAML structure, first at line ${range.start.line + 1}). ${how}`, range, key: `${SKIP_RULE}|template` };
}

/** One line per file for documents nested deeper than the parser follows: not analysed, and honestly not invalid YAML. */
export function deepSkip(chunks: readonly SourceDocument[]): Skip | undefined {
  const deep = chunks.filter((c) => c.tooDeep);
  if (deep.length === 0) return undefined;
  const range = toRange(deep[0], [0, 0]);
  const docs = deep.length === 1 ? "1 document" : `${deep.length} documents`;
  return {
    message: `Not analysed: ${docs} of this file ${deep.length === 1 ? "nests" : "nest"} deeper than kubeready's YAML parser can follow (first at line ${range.start.line + 1}). This is valid YAML: Kubernetes' decoder (go-yaml v2) accepts up to ${GO_YAML_MAX_DEPTH.toLocaleString("en")} levels.`,
    range, key: `${SKIP_RULE}|deep`,
  };
}
