// The extension-host assertions shared by code-server (test/e2e/host) and desktop VS Code (test/e2e/desktop.mjs): diagnostics, quick fix, fix-all, snippet.
const assert = require("node:assert/strict");

const RULE = "hardening/read-only-root-filesystem";
// Hardened but for the read-only root filesystem, so that rule's finding stands alone: with more missing, kubeready groups
// them into one "not hardened" finding (the code-server UI test covers that one).
const BAD = `# Extension-host assertions: the api container does not set a read-only root filesystem.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: host-api
  namespace: e2e
spec:
  replicas: 1
  selector:
    matchLabels:
      app: host-api
  template:
    metadata:
      labels:
        app: host-api
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: api
          image: ghcr.io/example/api:1.2.3
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
`;

// Not hardened at all: the grouped finding's safe part (seccomp profile, no privilege escalation) is what fix-all writes.
const UNHARDENED = BAD.replace(/      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n/, "")
  .replace(/            allowPrivilegeEscalation: false\n            capabilities:\n              drop: \[ALL\]\n/, "");

const codeOf = (d) => (typeof d.code === "object" && d.code !== null ? String(d.code.value) : String(d.code));

/** Resolves when predicate(diagnostics of uri) holds; rejects after timeoutMs with what was there. */
function waitForDiagnostics(vscode, uri, predicate, what, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "kubeready");
      if (predicate(diags)) { done(); resolve(diags); return true; }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === uri.toString())) check(); });
    const timer = setTimeout(() => {
      done();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(", ");
      reject(new Error(`timed out waiting for ${what}; diagnostics now: ${now || "none"}`));
    }, timeoutMs);
    function done() { clearTimeout(timer); sub.dispose(); }
    check();
  });
}

async function writeFile(vscode, folder, name, text) {
  const uri = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, "utf8"));
  return uri;
}

async function openInEditor(vscode, uri) {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The assertions, each independent; returns [{ name, ok, error?, ms }]. */
async function runAssertions(vscode) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const tests = [
    ["the kubeready extension is installed and activates", async () => {
      const ext = vscode.extensions.getExtension("kubeready.kubeready");
      assert.ok(ext, "kubeready.kubeready is installed");
      await ext.activate();
      assert.ok(ext.isActive);
    }],
    ["a bad manifest gets a kubeready diagnostic with the rule id, docs link and the right line", async () => {
      const uri = await writeFile(vscode, folder, "host-bad.yaml", BAD);
      await openInEditor(vscode, uri);
      const diags = await waitForDiagnostics(vscode, uri, (ds) => ds.some((d) => codeOf(d) === RULE), RULE);
      const d = diags.find((x) => codeOf(x) === RULE);
      assert.equal(d.range.start.line + 1, 23, "reported on the container's securityContext key (line 23)");
      assert.equal(d.range.start.character + 1, 11);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(String(d.code.target ?? ""), /read-only-root-filesystem/);
    }],
    ["the quick fix sets readOnlyRootFilesystem: true and clears the diagnostic", async () => {
      const uri = await writeFile(vscode, folder, "host-fix.yaml", BAD.replace(/host-api/g, "host-fix"));
      const doc = await openInEditor(vscode, uri);
      const diags = await waitForDiagnostics(vscode, uri, (ds) => ds.some((d) => codeOf(d) === RULE), RULE);
      const d = diags.find((x) => codeOf(x) === RULE);
      const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => /readOnlyRootFilesystem: true/.test(a.title));
      assert.ok(fix, `a quick fix is offered: ${actions.map((a) => a.title).join(" | ")}`);
      if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      assert.match(doc.getText(), /\n {12}readOnlyRootFilesystem: true\n/);
      assert.ok(doc.getText().startsWith(BAD.replace(/host-api/g, "host-fix").slice(0, -1)), "only added after the existing fields");
      await waitForDiagnostics(vscode, uri, (ds) => !ds.some((x) => codeOf(x) === RULE), `${RULE} to clear`);
      await doc.save();
    }],
    ["fix-all (source.fixAll.kubeready) is offered for the file", async () => {
      const uri = await writeFile(vscode, folder, "host-fixall.yaml", UNHARDENED.replace(/host-api/g, "host-fixall"));
      const doc = await openInEditor(vscode, uri);
      await waitForDiagnostics(vscode, uri, (ds) => ds.some((d) => /not hardened|no securityContext/.test(d.message)), "the grouped hardening finding");
      const whole = new vscode.Range(0, 0, doc.lineCount, 0);
      const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, whole, "source.fixAll.kubeready");
      assert.ok(actions.some((a) => a.kind && a.kind.value.startsWith("source.fixAll")), `fix-all offered: ${actions.map((a) => a.title).join(" | ")}`);
    }],
    ["the shipped Kubernetes schema reports a wrongly typed field (yaml/schema)", async () => {
      const uri = await writeFile(vscode, folder, "host-schema.yaml", BAD.replace(/host-api/g, "host-schema").replace("replicas: 1", "replicas: three"));
      await openInEditor(vscode, uri);
      const diags = await waitForDiagnostics(vscode, uri, (ds) => ds.some((d) => codeOf(d) === "yaml/schema"), "a yaml/schema diagnostic");
      const d = diags.find((x) => codeOf(x) === "yaml/schema");
      assert.equal(d.range.start.line + 1, 8, `on the replicas line: ${d.message}`);
    }],
    ["completion offers the kr-netpol-default-deny snippet in a YAML file", async () => {
      const uri = await writeFile(vscode, folder, "host-snippet.yaml", "kr-net");
      await openInEditor(vscode, uri);
      const list = await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", uri, new vscode.Position(0, 6));
      const item = list.items.find((i) => (typeof i.label === "string" ? i.label : i.label.label) === "kr-netpol-default-deny");
      assert.ok(item, "the snippet is offered");
      assert.equal(item.kind, vscode.CompletionItemKind.Snippet);
      assert.match(typeof item.insertText === "string" ? item.insertText : item.insertText.value, /kind: NetworkPolicy/);
    }],
  ];
  const results = [];
  for (const [name, fn] of tests) {
    const started = Date.now();
    try {
      if (!folder) throw new Error("no workspace folder is open");
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (e) {
      results.push({ name, ok: false, error: String(e && e.stack || e), ms: Date.now() - started });
    }
  }
  return results;
}

module.exports = { runAssertions };
