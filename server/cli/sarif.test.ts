// SARIF output against the constraints of SARIF 2.1.0 and GitHub code scanning, checked by hand (no schema download here).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULES } from "../../rules/index.js";
import { FINGERPRINT_KEY, SARIF_SCHEMA } from "./formatSarif.js";
import { isolatedConfig, PRIVILEGED_POD, project, run, WARN_ONLY_POD } from "./testkit.js";
import { VERSION } from "./version.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed SARIF log, checked field by field below
type Json = Record<string, any>;

const LEVELS = ["none", "note", "warning", "error"];
const isAbsoluteUri = (s: unknown) => typeof s === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
const isText = (m: unknown) => !!m && typeof (m as Json).text === "string" && (m as Json).text.length > 0;

/** Every violation of the SARIF 2.1.0 / GitHub code scanning rules this tool could plausibly break; empty when valid. */
export function sarifProblems(log: Json): string[] {
  const p: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) p.push(what); };
  check(log.version === "2.1.0", "version must be \"2.1.0\"");
  check(typeof log.$schema === "string" && /sarif-2\.1\.0/.test(log.$schema), "$schema must name the 2.1.0 schema");
  check(Array.isArray(log.runs) && log.runs.length === 1, "exactly one run");
  const run = log.runs?.[0] ?? {};
  const driver = run.tool?.driver ?? {};
  check(typeof driver.name === "string" && driver.name.length > 0, "tool.driver.name required");
  check(typeof driver.version === "string", "tool.driver.version");
  check(isAbsoluteUri(driver.informationUri), "tool.driver.informationUri must be an absolute URI");
  const rules: Json[] = Array.isArray(driver.rules) ? driver.rules : [];
  check(rules.length > 0, "tool.driver.rules");
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const at = `rules[${i}] (${r.id})`;
    check(typeof r.id === "string" && r.id.length > 0, `${at}.id`);
    check(!ids.has(r.id), `${at}.id must be unique`);
    ids.add(r.id);
    check(typeof r.name === "string" && /^[A-Za-z][A-Za-z0-9]*$/.test(r.name), `${at}.name`);
    check(isText(r.shortDescription) && r.shortDescription.text.length <= 1024, `${at}.shortDescription.text`);
    check(isText(r.fullDescription), `${at}.fullDescription.text`);
    check(isAbsoluteUri(r.helpUri), `${at}.helpUri absolute`);
    check(LEVELS.includes(r.defaultConfiguration?.level), `${at}.defaultConfiguration.level`);
    const tags = r.properties?.tags;
    check(Array.isArray(tags) && tags.length > 0 && tags.every((t: unknown) => typeof t === "string"), `${at}.properties.tags`);
    const sev = r.properties?.["security-severity"];
    check(sev === undefined || (typeof sev === "string" && Number(sev) >= 0 && Number(sev) <= 10), `${at}.properties.security-severity is a numeric string 0-10`);
  });
  const results: Json[] = Array.isArray(run.results) ? run.results : [];
  check(Array.isArray(run.results), "runs[0].results must be an array (empty when nothing is found)");
  results.forEach((r, i) => {
    const at = `results[${i}]`;
    check(typeof r.ruleId === "string" && ids.has(r.ruleId), `${at}.ruleId must name a rule of the driver`);
    check(Number.isInteger(r.ruleIndex) && rules[r.ruleIndex]?.id === r.ruleId, `${at}.ruleIndex must point at the rule with the same id`);
    check(["note", "warning", "error"].includes(r.level), `${at}.level`);
    check(isText(r.message), `${at}.message.text`);
    check(Array.isArray(r.locations) && r.locations.length >= 1, `${at}.locations (code scanning needs one)`);
    for (const loc of r.locations ?? []) {
      const art = loc.physicalLocation?.artifactLocation ?? {};
      check(typeof art.uri === "string" && art.uri.length > 0 && !/^[a-z]+:/i.test(art.uri) && !art.uri.startsWith("/"), `${at} artifactLocation.uri must be relative`);
      check(!/[\\ <>]/.test(art.uri ?? ""), `${at} artifactLocation.uri must be a URI reference (forward slashes, percent-encoded)`);
      check(art.uriBaseId === "%SRCROOT%", `${at} uriBaseId`);
      const g = loc.physicalLocation?.region ?? {};
      check(Number.isInteger(g.startLine) && g.startLine >= 1, `${at} region.startLine >= 1`);
      if (g.startColumn !== undefined) check(Number.isInteger(g.startColumn) && g.startColumn >= 1, `${at} region.startColumn >= 1`);
      if (g.endLine !== undefined) check(g.endLine >= g.startLine, `${at} region.endLine >= startLine`);
      if (g.endColumn !== undefined) check(g.endColumn >= 1 && (g.endLine !== g.startLine || g.endColumn >= g.startColumn), `${at} region.endColumn`);
    }
    const fp = r.partialFingerprints;
    check(!!fp && Object.keys(fp).length > 0 && Object.values(fp).every((v) => typeof v === "string" && v.length > 0), `${at}.partialFingerprints`);
  });
  return p;
}

async function sarif(cwd: string, ...paths: string[]): Promise<Json> {
  const r = await run(["lint", "--format", "sarif", ...paths], { cwd });
  return JSON.parse(r.stdout) as Json;
}

describe("--format sarif", () => {
  const root = project({
    ".kubeready.yaml": isolatedConfig(),
    "k8s/priv.yaml": PRIVILEGED_POD,
    "k8s/with space.yaml": WARN_ONLY_POD,
    "k8s/broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  name: z\n",
  });

  it("is valid SARIF 2.1.0 for code scanning", async () => {
    const log = await sarif(root, "k8s");
    assert.deepEqual(sarifProblems(log), []);
    assert.equal(log.$schema, SARIF_SCHEMA);
    assert.equal(log.runs[0].tool.driver.version, VERSION);
    assert.equal(log.runs[0].results.length, 3);
  });

  it("describes every registered rule and the engine's pseudo-rules", async () => {
    const log = await sarif(root, "k8s");
    const ids = log.runs[0].tool.driver.rules.map((r: Json) => r.id);
    assert.deepEqual(ids, [...RULES.map((r) => r.meta.id), "yaml/syntax", "yaml/unreadable", "yaml/duplicate-key", "yaml/not-analysed", "render/failed", "render/not-rendered", "render/tool-missing"]);
    const priv = log.runs[0].tool.driver.rules.find((r: Json) => r.id === "pss/privileged");
    assert.equal(priv.helpUri, "https://github.com/kubeready/kubeready/blob/main/docs/rules/pss-privileged.md");
    assert.equal(priv.defaultConfiguration.level, "error");
    assert.ok(priv.properties.tags.includes("security"));
  });

  it("maps severities to levels and positions to 1-based regions with relative, encoded URIs", async () => {
    const log = await sarif(root, "k8s");
    const simple = log.runs[0].results.map((r: Json) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]);
    assert.deepEqual(simple, [
      ["yaml/duplicate-key", "warning", "k8s/broken.yaml", { startLine: 5, startColumn: 3, endLine: 5, endColumn: 4 }],
      ["pss/privileged", "error", "k8s/priv.yaml", { startLine: 17, startColumn: 21, endLine: 17, endColumn: 25 }],
      ["hardening/read-only-root-filesystem", "warning", "k8s/with%20space.yaml", { startLine: 14, startColumn: 7, endLine: 14, endColumn: 22 }],
    ]);
  });

  it("info findings are notes", async () => {
    const infoRoot = project({ ".kubeready.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: info"]), "w.yaml": WARN_ONLY_POD });
    const log = await sarif(infoRoot, ".");
    assert.deepEqual(log.runs[0].results.map((r: Json) => r.level), ["note"]);
    assert.deepEqual(sarifProblems(log), []);
  });

  it("an empty result is still a valid log", async () => {
    const clean = project({ ".kubeready.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: off"]), "w.yaml": WARN_ONLY_POD });
    const log = await sarif(clean, ".");
    assert.deepEqual(log.runs[0].results, []);
    assert.deepEqual(sarifProblems(log), []);
  });

  it("fingerprints are stable when the finding moves, and differ between findings", async () => {
    const before = project({ ".kubeready.yaml": isolatedConfig(), "k8s/priv.yaml": PRIVILEGED_POD, "k8s/warn.yaml": WARN_ONLY_POD });
    const after = project({ ".kubeready.yaml": isolatedConfig(), "k8s/priv.yaml": `# moved down by a comment\n\n${PRIVILEGED_POD}`, "k8s/warn.yaml": WARN_ONLY_POD });
    const fp = (log: Json) => log.runs[0].results.map((r: Json) => [r.ruleId, r.locations[0].physicalLocation.region.startLine, r.partialFingerprints[FINGERPRINT_KEY]]);
    const a = fp(await sarif(before, "k8s"));
    const b = fp(await sarif(after, "k8s"));
    assert.notEqual(a[0][1], b[0][1], "the finding moved");
    assert.equal(a[0][2], b[0][2], "its fingerprint did not");
    assert.equal(a[1][2], b[1][2]);
    assert.notEqual(a[0][2], a[1][2]);
  });

  it("the validator itself catches broken logs", () => {
    const broken = { version: "2.1.0", $schema: SARIF_SCHEMA, runs: [{ tool: { driver: { name: "x", version: "1", informationUri: "https://x", rules: [{ id: "a/b", name: "AB", shortDescription: { text: "t" }, fullDescription: { text: "t" }, helpUri: "https://x", defaultConfiguration: { level: "error" }, properties: { tags: ["k"] } }] } },
      results: [{ ruleId: "a/b", ruleIndex: 1, level: "info", message: { text: "m" }, locations: [{ physicalLocation: { artifactLocation: { uri: "/abs/f.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 0 } } }], partialFingerprints: {} }] }] };
    const problems = sarifProblems(broken);
    for (const want of [/ruleIndex/, /level/, /must be relative/, /startLine/, /partialFingerprints/]) assert.ok(problems.some((p) => want.test(p)), `${want} not caught: ${problems.join("; ")}`);
  });
});
