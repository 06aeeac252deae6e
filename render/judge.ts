// Judges one rendered deployment with the same engine as plain files, then puts each finding on the source line to edit.
import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { isMap, LineCounter, parse, parseDocument, type Document } from "yaml";
import type { KubereadyConfig } from "../rules/config.js";
import { isCreate, type Fix, type TextEdit } from "../rules/api.js";
import { analyzeFiles, SYNTAX_RULE, type Finding } from "../rules/engine.js";
import { patchFact, valueFact } from "../rules/facts.js";
import { splitDocuments } from "../rules/model/document.js";
import { applyTextEdits, setField, setFields, type Plain } from "../rules/model/edit.js";
import type { KObject } from "../rules/model/object.js";
import type { Range } from "../rules/model/position.js";
import { locateInTemplate, locateInYaml, locateJsonPatch, locateValue, pathAt, type Segment, type SourceSpot } from "./locate.js";
import type { RenderedDocument, RenderOutput } from "./renderers.js";
import type { RenderRoot } from "./roots.js";

/** What the render layer adds to a finding: which deployments it was seen in. */
export interface RenderedFinding extends Finding {
  /** Labels of the deployments (overlay folders, chart + values files) where the rendered object has the problem. */
  deployments: string[];
  /** The finding stands on the root because its source could not be found. */
  unmapped?: boolean;
  /** The same finding told again on the values file that sets the value: the key of the template's finding. */
  valuesOf?: string;
  /** The Helm value (dotted key under .Values) the finding's problem comes from. */
  valuesKey?: string;
}

export interface Deployment {
  root: RenderRoot;
  /** How people name it: "overlays/prod", "charts/web", "charts/web with values-prod.yaml". */
  label: string;
  /** Helm: the values files of this environment in order (the chart's values.yaml first); the last one setting a key wins. */
  valuesFiles: string[];
}

export type ReadFile = (absPath: string) => string | undefined;

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Lines where each document starts in the joined text, and the joined text itself. */
function joinDocuments(docs: readonly RenderedDocument[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = "", line = 0;
  for (const d of docs) {
    const body = d.text.endsWith("\n") ? d.text : `${d.text}\n`;
    text += "---\n";
    line++;
    starts.push(line);
    text += body;
    line += body.split("\n").length - 1;
  }
  return { text, starts };
}

function documentAt(starts: number[], line: number): number {
  let lo = 0, hi = starts.length - 1, ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= line) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

interface ParsedRendered { doc: Document.Parsed; lines: LineCounter; value: unknown }
function parseRendered(text: string): ParsedRendered {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines }) as Document.Parsed;
  return { doc, lines, value: doc.toJS({ maxAliasCount: -1 }) };
}

function offsetOf(lines: LineCounter, text: string, line: number, character: number): number {
  const starts = lines.lineStarts;
  const base = starts[line] ?? text.length;
  return Math.min(base + character, text.length);
}

/**
 * Analyses the rendered objects of one deployment as one file (so cross-object rules see the whole deployment) and
 * maps every finding back to the file, key and line a person edits. A finding that cannot be mapped stands on the
 * root's Chart.yaml or kustomization, never dropped.
 */
export function judgeDeployment(deployment: Deployment, output: RenderOutput, config: KubereadyConfig, readFile: ReadFile): RenderedFinding[] {
  const { root } = deployment;
  const { text, starts } = joinDocuments(output.documents);
  const virtualUri = `kubeready-render:${fileUri(root.dir).slice("file://".length)}/${encodeURIComponent(deployment.label)}.yaml`;
  // A kustomize build's output is what `kustomize build` made: image names it leaves bare (kubebuilder's `controller`)
  // are placeholders a release step sets, as for the raw files of a build. Skaffold configurations above the root
  // say which images a build tool replaces.
  const contexts = root.kind === "kustomize" ? [{ unit: `k:${root.dir}` }] : undefined;
  const inputs = [{ uri: virtualUri, text, defaultNamespace: config.defaultNamespace, contexts }, ...buildToolConfigs(root.dir, readFile)];
  const { findings } = analyzeFiles(inputs, config);
  const parsed = new Map<number, ParsedRendered>();
  const out: RenderedFinding[] = [];
  for (const f of findings) {
    if (f.uri !== virtualUri) continue; // the build-tool configurations are context, judged on their own elsewhere
    if (root.kind === "helm" && isReleaseNamespaceFact(f, config)) continue;
    if (f.rule === SYNTAX_RULE) continue; // the tools print valid YAML; a broken template is the tool's error to report
    const i = documentAt(starts, f.range.start.line);
    const rendered = output.documents[i];
    let p = parsed.get(i);
    if (!p) parsed.set(i, (p = parseRendered(rendered.text)));
    const offset = offsetOf(p.lines, rendered.text, f.range.start.line - starts[i], f.range.start.character);
    const { path, onKey } = pathAt(p.doc, offset);
    const fixContext: FixContext = { virtualText: text, index: i, value: p.value };
    out.push(...mapFinding(f, deployment, rendered, p.value, path, onKey, readFile, fixContext));
  }
  return out;
}

/**
 * A chart is installed into a namespace chosen at install time (`helm install -n`); `helm template` names it
 * "default". Whether that namespace has a default-deny policy is the platform's business, out of the chart's scope:
 * the chart's objects are not evidence about the "default" namespace (issue 13 point 4). Plain manifests that really
 * go to "default" still say it.
 */
function isReleaseNamespaceFact(f: Finding, config: KubereadyConfig): boolean {
  return f.rule === "network/missing-default-deny" && (f.object?.namespace ?? "") === (config.defaultNamespace || "default");
}

/** `skaffold.yaml` files in the root's folder and the folders above it, up to the repository's top (`.git`). */
function buildToolConfigs(dir: string, readFile: ReadFile): { uri: string; text: string; contexts: [] }[] {
  const out: { uri: string; text: string; contexts: [] }[] = [];
  for (let d = dir, i = 0; i < 12; i++) {
    for (const name of ["skaffold.yaml", "skaffold.yml"]) {
      const file = join(d, name);
      const text = readFile(file);
      if (text !== undefined && /^apiVersion:\s*skaffold\//m.test(text)) out.push({ uri: fileUri(file), text, contexts: [] });
    }
    if (existsSync(join(d, ".git")) || dirname(d) === d) break;
    d = dirname(d);
  }
  return out;
}

function base(f: Finding, deployment: Deployment, uri: string, range: Range, message: string, unmapped = false): RenderedFinding {
  return {
    rule: f.rule, severity: f.severity, message, uri, range, object: f.object,
    key: `${f.rule}|rendered|${uri}|${range.start.line}:${range.start.character}|${f.object?.kind ?? ""}`,
    fixable: "none", deployments: [deployment.label], ...(unmapped ? { unmapped } : {}),
    // A grouped finding (several rules, one root cause) stays grouped: each rule can still be suppressed on its own.
    ...(f.rules ? { rules: f.rules } : {}),
    // The rendered object's root cause is the same as a plain copy's: its identity survives the provenance note.
    ...(f.facts ? { facts: f.facts } : {}),
  };
}

function atRoot(f: Finding, deployment: Deployment, why: string): RenderedFinding {
  const o = f.object;
  const what = o ? `${o.kind} ${o.name}` : "a rendered object";
  return base(f, deployment, fileUri(deployment.root.file), ZERO, `${f.message} (in ${what} rendered from ${deployment.label}; ${why})`, true);
}

/** What a values-file fix needs: the rendered text the engine's fix edits, and which document of it. */
interface FixContext { virtualText: string; index: number; value: unknown }

function mapFinding(f: Finding, deployment: Deployment, rendered: RenderedDocument, value: unknown, path: Segment[], onKey: boolean, readFile: ReadFile, fix: FixContext): RenderedFinding[] {
  const origin = rendered.origin;
  if (!origin) return [atRoot(f, deployment, "its source file is not known")];
  const text = readFile(origin);
  if (text === undefined) return [atRoot(f, deployment, `${relativeTo(deployment.root.dir, origin)} cannot be read`)];
  if (rendered.generated) {
    // A generated ConfigMap/Secret: the generator's entry in its kustomization is what a person edits.
    const gen = /^(configMapGenerator|secretGenerator)\s*:/m.exec(text);
    const line = gen ? text.slice(0, gen.index).split("\n").length - 1 : 0;
    return [base(f, deployment, fileUri(origin), { start: { line, character: 0 }, end: { line, character: gen ? gen[1].length : 0 } }, f.message)];
  }
  const kind = f.object?.kind ?? "", name = f.object?.name ?? "";
  if (deployment.root.kind === "helm") return mapToTemplate(f, deployment, origin, text, value, path, readFile, fix);
  const anchor = onKey ? "key" : "value";
  let spot = locateInYaml(text, kind, name, value, path, anchor);
  let file = origin;
  if (!spot) return [atRoot(f, deployment, `no ${kind} ${name} found in ${relativeTo(deployment.root.dir, origin)}`)];
  let byPatch: string | undefined;
  if (spot.depth < path.length || spot.differs) {
    // Not (all) in the resource file: a patch of the overlay set it, or an `images:` entry rewrote it.
    const better = fromPatches(deployment, kind, name, value, path, anchor, readFile, spot);
    if (better) ({ spot, file } = better);
    // The value a patch set: the component or overlay that applies it leaves every object it patches so, one root
    // cause however many objects (and patch files) it spans.
    if (better?.dir && spot.depth === path.length) byPatch = patchFact(f.rule, fileUri(better.dir));
  }
  if (path[path.length - 1] === "image" && deployment.root.kind === "kustomize") {
    const img = fromImages(deployment, value, path, readFile);
    if (img) ({ spot, file } = img);
  }
  const found = base(f, deployment, fileUri(file), spot.range, f.message);
  if (byPatch) found.facts = [...(found.facts ?? []), byPatch];
  return [found];
}

/**
 * A patch target's field as kustomize reads it: a regular expression (`StatefulSet|Deployment`, `db|web`). The rendered
 * name may carry the overlay's namePrefix/nameSuffix, which the target does not: names match anywhere in it.
 */
function targetMatches(pattern: string, value: string, anchored: boolean): boolean {
  try { return new RegExp(anchored ? `^(?:${pattern})$` : pattern).test(value); } catch { return anchored ? pattern === value : value.includes(pattern); }
}

function fromPatches(deployment: Deployment, kind: string, name: string, value: unknown, path: Segment[], anchor: "key" | "value", readFile: ReadFile, current: SourceSpot): { spot: SourceSpot; file: string; dir?: string } | undefined {
  if (deployment.root.kind !== "kustomize") return undefined;
  let best: { spot: SourceSpot; file: string; dir?: string } | undefined;
  for (const patch of deployment.root.patches) {
    if (patch.target?.kind && !targetMatches(patch.target.kind, kind, true)) continue;
    if (patch.target?.name && !targetMatches(patch.target.name, name, false)) continue;
    const text = readFile(patch.file);
    if (text === undefined) continue;
    const spot = /^\s*-\s+op\s*:/m.test(text) ? locateJsonPatch(text, path) : locateInYaml(text, kind, name, value, path, anchor);
    if (!spot) continue;
    // A deeper match wins; at equal depth a patch wins over a resource file whose value it replaced.
    if (current.differs ? spot.depth === path.length && !spot.differs && !best : spot.depth > (best?.spot.depth ?? current.depth)) best = { spot, file: patch.file, dir: patch.dir };
  }
  return best;
}

function fromImages(deployment: Deployment, value: unknown, path: Segment[], readFile: ReadFile): { spot: SourceSpot; file: string } | undefined {
  if (deployment.root.kind !== "kustomize") return undefined;
  let v: unknown = value;
  for (const s of path) v = v && typeof v === "object" ? (v as Record<string | number, unknown>)[s] : undefined;
  if (typeof v !== "string") return undefined;
  // The overlay nearest the root wins in kustomize; `images` lists come in visiting order, root first.
  for (const img of deployment.root.images) {
    const text = readFile(img.file);
    if (text === undefined) continue;
    const doc = parseDocument(text);
    const entry = doc.getIn(["images", img.index]);
    if (!isMap(entry)) continue;
    const newName = entry.get("newName"), repo = v.split("@")[0].replace(/:[^/:]*$/, "");
    if (repo !== img.name && repo !== newName) continue;
    const spot = locateValue(text, ["images", String(img.index)]) ?? undefined;
    const lines = new LineCounter();
    const d2 = parseDocument(text, { lineCounter: lines }) as Document.Parsed;
    const node = d2.getIn(["images", img.index], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const a = lines.linePos(node.range[0]);
      return { spot: { range: { start: { line: a.line - 1, character: a.col - 1 }, end: { line: a.line - 1, character: a.col - 1 + `name: ${img.name}`.length } }, depth: path.length }, file: img.file };
    }
    if (spot) return { spot, file: img.file };
  }
  return undefined;
}

function mapToTemplate(f: Finding, deployment: Deployment, template: string, text: string, value: unknown, path: Segment[], readFile: ReadFile, fix: FixContext): RenderedFinding[] {
  const spot = locateInTemplate(text, value, path);
  const uri = fileUri(template);
  if (spot.depth === 0) return [base(f, deployment, uri, spot.range, f.message)];
  if (!spot.valuesKey) return [base(f, deployment, uri, spot.range, f.message)];
  // The value comes from .Values: name the key, and report it on the values file that sets it too.
  const keyPath = spot.valuesKey.split(".");
  let setIn: { file: string; spot: SourceSpot } | undefined;
  for (const file of deployment.valuesFiles) {
    const vt = readFile(file);
    const at = vt === undefined ? undefined : locateValue(vt, keyPath);
    if (at) setIn = { file, spot: at };
  }
  const where = setIn ? ` in ${relativeTo(deployment.root.dir, setIn.file)}` : "";
  // One value of the chart behind the problem: every template it leaves with the same problem, and the values file
  // that sets it, state one root cause (one edit of the value fixes all).
  const byValue = valueFact(f.rule, fileUri(deployment.root.dir), spot.valuesKey);
  const main: RenderedFinding = { ...base(f, deployment, uri, spot.range, `${f.message} (value from .Values.${spot.valuesKey}${where})`), valuesKey: spot.valuesKey };
  main.facts = [...(main.facts ?? []), byValue];
  if (!setIn) return [main];
  const tpl = relativeTo(deployment.root.dir, template);
  const onValues: RenderedFinding = { ...base(f, deployment, fileUri(setIn.file), setIn.spot.range, `${f.message} (.Values.${spot.valuesKey} is used in ${tpl}:${spot.range.start.line + 1})`), valuesOf: main.key, valuesKey: spot.valuesKey };
  onValues.facts = [...(onValues.facts ?? []), byValue];
  if (f.fixes && f.fixable !== "none") {
    // The engine's fix for the rendered object, carried over to the values file: what it changes under the template
    // line that inserts .Values.x is what x must say.
    const valuesFile = setIn.file;
    const fixes = () => valuesFixes(f, fix, path.slice(0, spot.depth), valuesFile, readFile, keyPath, relativeTo(deployment.root.dir, valuesFile));
    for (const m of [main, onValues]) { m.fixes = fixes; m.fixable = "unsafe"; }
  }
  return [main, onValues];
}

export function relativeTo(dir: string, file: string): string {
  const rel = relative(dir, file);
  return rel.split(sep).join("/") || ".";
}

/** Whether a file lies inside a folder (a finding there needs no "in overlays/…" note). */
export function isInside(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir + sep) || dirname(file) === dir;
}

function getAt(v: unknown, path: readonly Segment[]): unknown {
  for (const s of path) v = v && typeof v === "object" ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}

/** What `after` adds or changes compared with `before`: nested maps are descended into, anything else taken whole. */
function changes(before: unknown, after: unknown): Plain | undefined {
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  const isMap = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);
  if (!isMap(before) || !isMap(after)) return after as Plain;
  const out: Record<string, Plain> = {};
  for (const [k, v] of Object.entries(after)) {
    const c = changes(before[k], v);
    if (c !== undefined) out[k] = c;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Carries the engine's fix over to a values file: applies it to the rendered text, reads what changed under the
 * template line's path, and sets that under the values key, keeping the file's comments and layout. Never safe (the
 * value may be shared by other templates). Empty when the fix does not translate.
 */
function valuesFixes(f: Finding, ctx: FixContext, at: readonly Segment[], valuesFile: string, readFile: ReadFile, keyPath: string[], display: string): Fix[] {
  const engineFix = f.fixes?.().find((x) => !x.suppression && x.edits.length > 0 && x.edits.every((e) => !isCreate(e)));
  if (!engineFix) return [];
  const fixedText = applyTextEdits(ctx.virtualText, engineFix.edits as TextEdit[]);
  const fixedDoc = fixedText.split(/^---\n/m)[ctx.index + 1];
  if (fixedDoc === undefined) return [];
  let fixedValue: unknown;
  try { fixedValue = parse(fixedDoc); } catch { return []; }
  const diff = changes(getAt(ctx.value, at), getAt(fixedValue, at));
  if (diff === undefined) return [];
  const text = readFile(valuesFile);
  if (text === undefined) return [];
  const chunk = splitDocuments(text)[0];
  const doc = chunk?.docs[0];
  if (!chunk || !doc) return [];
  const target = { uri: fileUri(valuesFile), source: { chunk, doc } } as unknown as KObject;
  const edits = diff && typeof diff === "object" && !Array.isArray(diff) ? setFields(target, keyPath, diff as { [k: string]: Plain }) : [setField(target, keyPath, diff)];
  if (!edits || edits.some((e) => !e)) return [];
  return [{ title: `${engineFix.title} in ${display} (.Values.${keyPath.join(".")})`, safe: false, edits: edits as TextEdit[] }];
}
