// LSP round trip against the bundled server over stdio: diagnostics, quick fix, fix-all, cross-file index updates.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { CodeAction, TextDocumentEdit, TextEdit } from "vscode-languageserver-protocol";

const textEdits = (a: CodeAction): TextEdit[] => (a.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
import { applyTextEdits } from "../../rules/model/edit.js";
import { startLspServer, type LspClient } from "./client.js";

/** Every rule a diagnostic stands for: its code, and the rest of a grouped finding's rules (data.rules). */
const rulesOf = (d: { code?: unknown; data?: unknown }): string[] => [String(d.code), ...((d.data as { rules?: string[] } | undefined)?.rules ?? [])];
const ROFS = "hardening/read-only-root-filesystem";

const SERVER = join(import.meta.dirname, "..", "..", "dist", "server.js");

const MANIFEST = `# web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # keep this comment
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
          ports:
            - containerPort: 8080
`;

describe("language server over stdio", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build" }, () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-lsp-"));
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it("publishes diagnostics with code, source, docs link and data", async () => {
    const uri = pathToFileURL(join(dir, "web.yaml")).toString();
    const wait = client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    client.open(uri, MANIFEST);
    const p = await wait;
    // A container without securityContext: the read-only root check is part of one grouped diagnostic (issue 13).
    const rofs = p.diagnostics.find((d) => rulesOf(d).includes(ROFS));
    assert.ok(rofs, `expected ${ROFS} in ${JSON.stringify(p.diagnostics.map(rulesOf))}`);
    assert.equal(rofs.source, "kubeready");
    assert.equal(rofs.code, "pss/allow-privilege-escalation");
    assert.equal(rofs.range.start.line, 11);
    assert.match(String(rofs.codeDescription?.href), /pss-allow-privilege-escalation\.md$/);
    assert.ok((rofs.data as { key: string }).key);
    assert.deepEqual(rofs.relatedInformation?.map((r) => `${r.location.range.start.line} ${r.message}`), ["9 pss/run-as-non-root: runAsNonRoot: true missing; pss/seccomp-profile-restricted: seccompProfile: RuntimeDefault missing"]);
  });

  it("applies a quick fix: the finding goes, the rest of the text is unchanged", async () => {
    const uri = pathToFileURL(join(dir, "web.yaml")).toString();
    const current = client.diagnostics.get(uri)!;
    const diag = current.diagnostics.find((d) => rulesOf(d).includes(ROFS))!;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.kind === "quickfix" && /^Harden the securityContext/.test(a.title));
    assert.ok(fix, `no fix among ${actions.map((a) => a.title).join(", ")}`);
    assert.ok(actions.some((a) => /^Disable .*hardening\/read-only-root-filesystem/.test(a.title)), "offers disable-for-object");
    // As ESLint orders its menu: with every diagnostic of the file asked for, all fixes come before any Disable action.
    const all = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri }, range: diag.range, context: { diagnostics: current.diagnostics },
    })) as CodeAction[];
    const titles = all.filter((a) => a.kind === "quickfix").map((a) => a.title);
    const firstDisable = titles.findIndex((t) => t.startsWith("Disable "));
    assert.ok(firstDisable > 0 && titles.slice(firstDisable).every((t) => t.startsWith("Disable ")), `fixes first, then Disable: ${titles.join(" | ")}`);
    assert.ok(all.some((a) => a.isPreferred && !a.title.startsWith("Disable ")), "one fix is preferred");
    const edits = textEdits(fix);
    const fixed = applyTextEdits(MANIFEST, edits);
    const added = fixed.split("\n").filter((l) => !MANIFEST.split("\n").includes(l));
    assert.deepEqual(added, [
      "          securityContext:", "            allowPrivilegeEscalation: false", "            readOnlyRootFilesystem: true", "            capabilities:", "              drop:", "                - ALL",
      "      securityContext:", "        runAsNonRoot: true", "        seccompProfile:", "          type: RuntimeDefault",
    ]);
    const wait = client.waitForDiagnostics(uri, (p) => p.version === 2);
    client.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })));
    const p = await wait;
    assert.equal(p.diagnostics.filter((d) => rulesOf(d).includes(ROFS) || rulesOf(d).some((r) => r.startsWith("pss/"))).length, 0);
  });

  it("ignores an out-of-order older didChange (version 3 after 5): the newer text stays", async () => {
    const uri = pathToFileURL(join(dir, "stale.yaml")).toString();
    client.open(uri, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", 1);
    const whole = (text: string) => [{ text }];
    const published = client.waitForDiagnostics(uri, (d) => d.version === 5 && d.diagnostics.length > 0);
    client.change(uri, 5, whole(MANIFEST));
    client.change(uri, 3, whole("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"));
    // Requests are handled after the notifications sent before them: the hover sees the document as the server holds it.
    const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 11, character: 12 } })) as { contents: { value: string } } | null;
    // Version 5's container has no securityContext: its grouped hardening finding (led by allow-privilege-escalation).
    assert.ok(hover && /allow-privilege-escalation|read-only-root-filesystem/.test(hover.contents.value), `the version 5 text is analysed: ${JSON.stringify(hover)}`);
    const p = await published;
    assert.ok(p.diagnostics.some((d) => rulesOf(d).includes(ROFS)));
    assert.notEqual(client.diagnostics.get(uri)?.version, 3);
  });

  it("reports broken YAML once and still checks the other documents", async () => {
    const uri = pathToFileURL(join(dir, "broken.yaml")).toString();
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\ndata: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: c:1\n`;
    const wait = client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    client.open(uri, text);
    const p = await wait;
    const syntax = p.diagnostics.filter((d) => d.code === "yaml/syntax");
    assert.ok(syntax.length >= 1 && syntax.length <= 2, JSON.stringify(syntax));
    for (const s of syntax) assert.equal(s.range.start.line, s.range.end.line, "clamped to its line");
    assert.ok(p.diagnostics.some((d) => rulesOf(d).includes(ROFS) && d.range.start.line === 10));
  });

  it("says once, as information, that a Helm template or a CI workflow is not analysed (never a silent 'no problems')", async () => {
    const uri = pathToFileURL(join(dir, "templates-deployment.yaml")).toString();
    const wait = client.waitForDiagnostics(uri);
    client.open(uri, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n`);
    const helm = (await wait).diagnostics;
    assert.deepEqual(helm.map((d) => [d.code, d.severity, d.range.start.line]), [["yaml/not-analysed", 3, 3]]);
    assert.match(String(helm[0].message), /Helm\/Go template/);
    const uri2 = pathToFileURL(join(dir, "ci.yaml")).toString();
    const wait2 = client.waitForDiagnostics(uri2);
    client.open(uri2, "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
    const ci = (await wait2).diagnostics;
    assert.deepEqual(ci.map((d) => [d.code, d.severity]), [["yaml/not-analysed", 3]]);
    assert.match(String(ci[0].message), /GitHub Actions workflow/);
  });

  it("offers source.fixAll.kubeready that applies the safe fixes", async () => {
    const uri = pathToFileURL(join(dir, "fixall.yaml")).toString();
    // Runs as user 1000: the restricted fixes are safe (docs/FIXES.md); the read-only root filesystem one never is.
    const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 1000}\n  containers:\n    - name: a\n      image: a:1\n    - name: b\n      image: b:1\n";
    const wait = client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    client.open(uri, text);
    await wait;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll.kubeready"] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const fixed = applyTextEdits(text, textEdits(actions[0]));
    // The safe part of the hardened block: with a non-root user shown, runAsNonRoot and drop ALL are safe too; a
    // read-only root can stop an application that writes to it and is never applied blind.
    assert.equal((fixed.match(/allowPrivilegeEscalation: false/g) ?? []).length, 2);
    assert.equal((fixed.match(/type: RuntimeDefault/g) ?? []).length, 1);
    assert.equal((fixed.match(/runAsNonRoot: true/g) ?? []).length, 1);
    assert.equal((fixed.match(/- ALL/g) ?? []).length + (fixed.match(/drop: \[ALL\]/g) ?? []).length, 2);
    assert.equal((fixed.match(/readOnlyRootFilesystem/g) ?? []).length, 0);
    assert.ok(fixed.startsWith("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"));
  });

  it("writes the server's cross-file index from disk files (scan) without crashing on junk", async () => {
    writeFileSync(join(dir, "junk.yaml"), Buffer.from([0, 1, 2, 3, 255, 254]));
    const uri = pathToFileURL(join(dir, "junk.yaml")).toString();
    const wait = client.waitForDiagnostics(uri);
    client.open(uri, "\u0000\u0001binary");
    const p = await wait;
    assert.ok(p.diagnostics.every((d) => d.code === "yaml/unreadable"));
  });

  it("reports schema problems (unknown field, wrong type) from the embedded offline schema", async () => {
    const uri = pathToFileURL(join(dir, "schema.yaml")).toString();
    const text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicaz: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1\n          ports:\n            - containerPort: eighty\n";
    const wait = client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "yaml/schema"));
    client.open(uri, text);
    const schema = (await wait).diagnostics.filter((d) => d.code === "yaml/schema");
    const unknown = schema.find((d) => /replicaz/.test(String(d.message)));
    assert.ok(unknown, JSON.stringify(schema));
    assert.equal(unknown.range.start.line, 5);
    const wrongType = schema.find((d) => d.range.start.line === 12);
    assert.ok(wrongType, `expected a type error on line 13: ${JSON.stringify(schema)}`);
  });
});
