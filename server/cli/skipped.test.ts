// Template markers decide nothing by themselves: where they are does; and a skipped document is visible in every format.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isolatedConfig, PRIVILEGED_POD, project, run } from "./testkit.js";

/** The privileged pod with markers only in a comment, an annotation (Vault agent) and an Argo-style parameter string. */
const PRIVILEGED_WITH_MARKERS = PRIVILEGED_POD
  .replace("metadata:\n", "metadata:\n  # rendered by {{ .Values.nothing }} (a comment)\n  annotations:\n    vault.hashicorp.com/agent-inject-template-db: |\n      {{- with secret \"db/creds\" -}}{{ .Data.username }}{{- end }}\n    workflows.argoproj.io/param: \"{{inputs.parameters.message}}\"\n");

const HELM_DOC = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata: {}\n";

describe("template markers", () => {
  const root = project({ ".kubeready.yaml": isolatedConfig(), "priv.yaml": PRIVILEGED_WITH_MARKERS, "mixed.yaml": `${HELM_DOC}---\n${PRIVILEGED_POD}` });

  it("a privileged pod with {{ }} only in a comment and in annotation strings is analysed and fails the run", async () => {
    const r = await run(["lint", "--format", "json", "priv.yaml"], { cwd: root });
    assert.equal(r.code, 1, r.stdout);
    const rules = (JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    assert.ok(rules.includes("pss/privileged"), rules.join());
    assert.ok(!rules.includes("yaml/not-analysed"), rules.join());
  });

  it("a template document is said to be skipped in text, JSON and SARIF, and the file's other documents are analysed", async () => {
    const text = await run(["lint", "mixed.yaml"], { cwd: root });
    assert.match(text.stdout, /mixed\.yaml\n {2}4:9 +info +Not analysed: 1 document of this file is a Helm\/Go template .* yaml\/not-analysed/);
    assert.match(text.stdout, /pss\/privileged/);
    const json = JSON.parse((await run(["lint", "--format", "json", "mixed.yaml"], { cwd: root })).stdout) as { findings: { rule: string; severity: string; line: number }[]; summary: { infos: number } };
    assert.deepEqual(json.findings.filter((f) => f.rule === "yaml/not-analysed").map((f) => [f.severity, f.line]), [["info", 4]]);
    const sarif = JSON.parse((await run(["lint", "--format", "sarif", "mixed.yaml"], { cwd: root })).stdout) as { runs: { results: { ruleId: string; level: string; message: { text: string } }[] }[] };
    const skipped = sarif.runs[0].results.filter((r) => r.ruleId === "yaml/not-analysed");
    assert.deepEqual(skipped.map((r) => r.level), ["note"]);
    assert.match(skipped[0].message.text, /Helm\/Go template/);
  });

  it("--strict makes a skipped document fail the gate", async () => {
    const root2 = project({ ".kubeready.yaml": isolatedConfig(), "helm.yaml": HELM_DOC });
    assert.equal((await run(["lint", "helm.yaml"], { cwd: root2 })).code, 0);
    const strict = await run(["lint", "--strict", "helm.yaml"], { cwd: root2 });
    assert.equal(strict.code, 1, strict.stdout);
  });
});
