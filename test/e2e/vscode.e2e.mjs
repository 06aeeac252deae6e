// The end-to-end suite: the packaged kubeready extension in code-server, driven through the real UI in headless Chromium.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { addFolderExtension, installVsix, killGroupNow, packageExtension, startCodeServer } from "./codeserver.mjs";
import { ensureTools, ROOT } from "./setup.mjs";
import { startStandinIfPresent, treeIsPresent } from "./standin.mjs";
import { launchBrowser, waitForEditorText, Workbench } from "./ui.mjs";
import { BAD_DEPLOYMENT_FIXED, BAD_FINDING, BAD_FIX_TITLE, createWorkspace, WEB_PDB } from "./workspace.mjs";

const ARTIFACTS = join(ROOT, ".artifacts", "e2e");
const DOC_IMAGES = join(ROOT, "docs", "images");
const STEP_TIMEOUT = 120_000;

const s = { tmp: "", workspace: "", codeServer: null, standin: null, browser: null, wb: null };

/** Every process this suite started, ended even when the runner is interrupted. */
function killAllNow() {
  killGroupNow(s.codeServer?.child);
  killGroupNow(s.standin?.child);
  try { s.browser?.process?.()?.kill("SIGKILL"); } catch { /* gone */ }
}
process.once("exit", killAllNow);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.once(sig, () => {
    killAllNow();
    s.codeServer?.removeTmp();
    if (s.tmp) rmSync(s.tmp, { recursive: true, force: true });
    process.exit(130);
  });
}

/** Runs a UI step; on failure saves a screenshot and adds code-server's and the extension's log tails to the error. */
async function step(name, fn) {
  try {
    return await fn();
  } catch (e) {
    let shot = "";
    try { shot = await s.wb?.screenshot(`failure-${name}`); } catch { /* browser gone */ }
    const logs = s.codeServer ? `\n--- code-server log tail (${s.codeServer.logFile}):\n${s.codeServer.logTail(40)}\n${s.codeServer.extensionLogs()}` : "";
    e.message = `${name}: ${e.message}${shot ? `\nscreenshot: ${shot}` : ""}${logs}`;
    throw e;
  }
}

/**
 * Waits until the Problems panel, filtered to one rule, no longer lists `gone` while it still lists bad-deployment.yaml's
 * finding of the same rule: that row proves the filtered list is rendered, so the absence is real.
 */
async function expectCleared(wb, rule, gone) {
  await wb.filterProblems(rule);
  await wb.problemRows(rule).filter({ hasText: 'Deployment "api"' }).first().waitFor();
  await wb.problemRows(rule).filter({ hasText: gone }).first().waitFor({ state: "detached" });
}

/** Copies a screenshot to docs/images/ for the README, when asked to (npm run test:e2e -- --update-docs). */
function publish(file, name) {
  if (process.env.KUBEREADY_E2E_UPDATE_DOCS !== "1") return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  copyFileSync(file, join(DOC_IMAGES, name));
}

describe("kubeready in VS Code (code-server + Chromium)", { concurrency: 1 }, () => {
  before(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const tools = ensureTools();
    const vsix = packageExtension();
    s.tmp = mkdtempSync(join(tmpdir(), "kubeready-e2e-"));
    s.workspace = createWorkspace(join(s.tmp, "workspace"));
    const userDataDir = join(s.tmp, "user-data");
    const extensionsDir = (s.extensionsDir = join(s.tmp, "extensions"));
    installVsix({ tools, vsix, extensionsDir, userDataDir });
    // The test-only extension that runs the extension-host assertions (the same ones desktop.mjs runs), as a folder copy.
    addFolderExtension(extensionsDir, join(ROOT, "test", "e2e", "host"));
    s.hostResults = join(s.tmp, "host-results.json");
    s.standin = await startStandinIfPresent({ dir: s.tmp, logFile: join(ARTIFACTS, "standin.log") });
    s.codeServer = await startCodeServer({
      tools, extensionsDir, userDataDir, workspace: s.workspace, logFile: join(ARTIFACTS, "code-server.log"),
      env: { KUBEREADY_E2E_HOST_RESULTS: s.hostResults, ...(s.standin ? { KUBECONFIG: s.standin.kubeconfig } : {}) },
    });
    s.browser = await launchBrowser(tools.chromium);
    const context = await s.browser.newContext({ viewport: { width: 1400, height: 860 }, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    s.wb = new Workbench(page, ARTIFACTS);
    await step("open-workbench", () => s.wb.open(s.codeServer.url, basename(s.workspace)));
  }, { timeout: 25 * 60_000 });

  after(async () => {
    await s.browser?.close().catch(() => {});
    await s.codeServer?.stop();
    await s.standin?.stop();
    if (s.tmp) rmSync(s.tmp, { recursive: true, force: true });
  });

  it("shows a bad manifest's finding in the Problems panel on the right line", { timeout: STEP_TIMEOUT }, () => step("problems", async () => {
    const { wb } = s;
    await wb.openFile("bad-deployment.yaml");
    // The status bar entry appears once the extension is active and has this file's findings.
    await wb.page.locator(".statusbar-item", { hasText: "kubeready" }).first().waitFor();
    await wb.showProblems();
    const where = `[Ln ${BAD_FINDING.line}, Col ${BAD_FINDING.column}]`;
    const row = wb.problemRows(BAD_FINDING.rule).filter({ hasText: `"${BAD_FINDING.container}"` }).first();
    await row.waitFor();
    const text = (await row.innerText()).replace(/\u00a0/g, " ");
    assert.match(text, /readOnlyRootFilesystem/);
    assert.ok(text.includes(where), `the Problems row should say ${where}: ${text}`);
    publish(await wb.screenshot("01-problems"), "e2e-problems.png");
  }));

  it("applies the quick fix from the Ctrl+. menu, changing the text and clearing the problem", { timeout: STEP_TIMEOUT }, () => step("quick-fix", async () => {
    const { wb } = s;
    const { page } = wb;
    await wb.openFile("bad-deployment.yaml");
    const item = await wb.quickFixItem(BAD_FINDING.line, BAD_FINDING.column, BAD_FIX_TITLE);
    publish(await wb.screenshot("02-quick-fix-menu"), "e2e-quick-fix.png");
    await item.click();
    await waitForEditorText(page, (t) => t.includes("type: RuntimeDefault"), "the hardened securityContext");
    await page.keyboard.press("Control+S");
    await page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "detached" });
    assert.equal(readFileSync(join(s.workspace, "bad-deployment.yaml"), "utf8"), BAD_DEPLOYMENT_FIXED);
    await wb.showProblems();
    // The file's other findings (probes, resources) stay listed: they prove the list is rendered while this one is gone.
    await wb.problemRows("kubeready").filter({ hasText: `"${BAD_FINDING.container}"` }).first().waitFor();
    await wb.problemRows(BAD_FINDING.rule).filter({ hasText: `"${BAD_FINDING.container}"` }).first().waitFor({ state: "detached" });
    await wb.screenshot("03-quick-fix-applied");
  }));

  it("inserts a snippet from completion", { timeout: STEP_TIMEOUT }, () => step("snippet", async () => {
    const { wb } = s;
    const { page } = wb;
    await wb.openFile("snippet-target.yaml");
    await page.keyboard.type("kr-netpol");
    await page.keyboard.press("Control+Space");
    const row = page.locator(".suggest-widget .monaco-list-row", { hasText: "kr-netpol-default-deny" }).first();
    await row.waitFor();
    publish(await wb.screenshot("04-snippet-completion"), "e2e-snippet.png");
    await row.click();
    const text = await waitForEditorText(page, (t) => t.includes("kind: NetworkPolicy"), "the NetworkPolicy snippet");
    assert.match(text, /podSelector: \{\}/);
    assert.doesNotMatch(text, /kr-netpol/);
    await page.keyboard.press("Escape");
    await wb.screenshot("05-snippet-inserted");
  }));

  it("clears a missing-PDB warning when a PodDisruptionBudget is written in another file", { timeout: STEP_TIMEOUT }, async (t) => {
    const rule = pdbRule();
    if (!rule) { t.skip("no registered availability/* PodDisruptionBudget rule yet"); return; }
    await step("cross-file", async () => {
      const { wb } = s;
      const { page } = wb;
      await wb.openFile("web-deployment.yaml");
      await wb.filterProblems(rule);
      const warning = wb.problemRows(rule).filter({ hasText: 'Deployment "web"' }).first();
      await warning.waitFor();
      await wb.screenshot("06-missing-pdb-warning");
      await wb.openFile("web-pdb.yaml");
      await wb.paste(WEB_PDB);
      await waitForEditorText(page, (t) => t.includes("kind: PodDisruptionBudget"), "the pasted PodDisruptionBudget");
      await page.keyboard.press("Control+S");
      await page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "detached" });
      assert.equal(readFileSync(join(s.workspace, "web-pdb.yaml"), "utf8"), WEB_PDB);
      await expectCleared(wb, rule, 'Deployment "web"');
      publish(await wb.screenshot("07-missing-pdb-cleared"), "e2e-cross-file.png");
    });
  });

  it("applies the missing-PDB quick fix and clears the warning", { timeout: STEP_TIMEOUT }, async (t) => {
    const rule = pdbRule();
    if (!rule) { t.skip("no registered availability/* PodDisruptionBudget rule yet"); return; }
    await step("pdb-fix", async () => {
      const { wb } = s;
      const { page } = wb;
      const before = new Set(readdirSync(s.workspace));
      await wb.openFile("worker-deployment.yaml");
      await wb.filterProblems(rule);
      const warning = wb.problemRows(rule).filter({ hasText: 'Deployment "worker"' }).first();
      await warning.waitFor();
      const where = /\[Ln (\d+), Col (\d+)\]/.exec(await warning.innerText());
      assert.ok(where, "the Problems row gives a position");
      await wb.openFile("worker-deployment.yaml");
      const item = await wb.quickFixItem(Number(where[1]), Number(where[2]), "PodDisruptionBudget");
      await wb.screenshot("08-missing-pdb-fix-menu");
      await item.click();
      await wb.command("File: Save All Files");
      await page.locator(".tabs-container .tab.dirty").first().waitFor({ state: "detached" });
      await expectCleared(wb, rule, 'Deployment "worker"');
      const created = readdirSync(s.workspace).filter((f) => !before.has(f));
      const inWorker = readFileSync(join(s.workspace, "worker-deployment.yaml"), "utf8");
      const pdbFile = created.find((f) => /kind: PodDisruptionBudget/.test(readFileSync(join(s.workspace, f), "utf8")));
      assert.ok(pdbFile || /kind: PodDisruptionBudget/.test(inWorker), "the fix wrote a PodDisruptionBudget somewhere");
      t.diagnostic(pdbFile ? `the fix created ${pdbFile}` : "the fix appended the PodDisruptionBudget to worker-deployment.yaml");
      await wb.screenshot("09-missing-pdb-fix-applied");
    });
  });

  it("passes the extension-host assertions (the desktop runner's suite) inside code-server", { timeout: STEP_TIMEOUT }, () => step("host-assertions", async () => {
    const { wb } = s;
    await wb.reset();
    await wb.command("kubeready e2e: Run Extension Host Assertions");
    await wb.page.locator(".notifications-toasts .notification-toast", { hasText: "kubeready host assertions" }).first().waitFor({ timeout: STEP_TIMEOUT - 10_000 });
    const results = JSON.parse(readFileSync(s.hostResults, "utf8"));
    const failed = results.filter((r) => !r.ok);
    assert.ok(results.length >= 5, `all assertions ran: ${results.map((r) => r.name).join("; ")}`);
    assert.deepEqual(failed.map((r) => `${r.name}: ${r.error}`), []);
    await wb.screenshot("11-host-assertions");
  }));

  it("reports kubeready's activation time from Developer: Show Running Extensions", { timeout: STEP_TIMEOUT }, (t) => step("activation-time", async () => {
    const { wb } = s;
    await wb.reset();
    await wb.command("Developer: Show Running Extensions");
    const list = wb.page.locator(".runtime-extensions-editor .monaco-list");
    await list.locator(".monaco-list-row").first().waitFor();
    // Sorted by activation time, so kubeready's row may be below the fold.
    const row = await wb.scrollTo(list, list.locator(".monaco-list-row", { hasText: "kubeready" }).filter({ hasNotText: "end-to-end" }));
    const activation = (await row.locator(".activation-time").innerText()).trim();
    const ms = Number(/([\d.]+)\s*ms/.exec(activation)?.[1]);
    assert.ok(ms > 0, `an activation time is shown: ${activation}`);
    const vsixBytes = statSync(join(ROOT, "kubeready.vsix")).size;
    t.diagnostic(`activation: ${activation}; VSIX: ${(vsixBytes / 1024).toFixed(0)} KiB`);
    writeFileSync(join(ARTIFACTS, "metrics.json"), JSON.stringify({ activationMs: ms, activation, vsixBytes }, null, 2));
    await wb.screenshot("13-running-extensions");
  }));

  it("renders the stand-in cluster's namespaces in the readiness tree and opens a live object", { timeout: STEP_TIMEOUT }, async (t) => {
    if (!treeIsPresent(join(s.extensionsDir, "kubeready.kubeready-0.1.0"))) { t.skip("the readiness tree is not contributed by the extension yet (no kubeready view in package.json)"); return; }
    if (!s.standin) { t.skip("no stand-in API server (test/standin/main.ts)"); return; }
    await step("readiness-tree", async () => {
      const { wb } = s;
      const { page } = wb;
      await wb.reset();
      await wb.command("kubeready: Focus on Cluster Readiness View");
      const rows = page.locator(".part.sidebar .monaco-list-row");
      await rows.first().waitFor();
      const nsRow = (ns) => rows.filter({ has: page.locator(".label-name", { hasText: new RegExp(`^${ns}$`) }) }).first();
      // Context -> namespaces: expand the context node when the namespaces are not shown yet.
      // System namespaces are left out by default (kubeready.cluster.excludeNamespaces) and listed under one node.
      const system = new Set(["kube-system", "kube-public", "kube-node-lease"]);
      const reviewed = s.standin.namespaces.filter((ns) => !system.has(ns));
      if (!(await nsRow(reviewed[0]).isVisible())) await rows.first().click();
      for (const ns of reviewed) await nsRow(ns).waitFor();
      if (s.standin.namespaces.some((ns) => system.has(ns))) await rows.filter({ hasText: "System namespaces not reviewed" }).first().waitFor();
      const verdicts = [];
      for (const ns of reviewed) verdicts.push(`${ns}: ${(await nsRow(ns).locator(".label-description").innerText().catch(() => "")).trim() || "(no description)"}`);
      t.diagnostic(`namespaces: ${verdicts.join("; ")}`);
      assert.ok(verdicts.some((v) => /\d/.test(v.split(": ")[1])), `at least one namespace shows a finding count: ${verdicts.join("; ")}`);
      publish(await wb.screenshot("10-readiness-tree"), "e2e-readiness-tree.png");

      // Namespace -> area -> object (tree levels 2, 3, 4): a click expands a node; a click on an object opens it.
      const worst = reviewed.find((ns) => /legacy/.test(ns)) ?? reviewed.at(-1);
      await nsRow(worst).click();
      const area = rows.and(page.locator('[aria-level="3"]')).first();
      await area.waitFor();
      await area.click();
      const object = rows.and(page.locator('[aria-level="4"]')).first();
      await object.waitFor();
      const objectName = (await object.locator(".label-name").innerText()).trim();
      await object.click();
      // The workspace's files never mention that namespace, so this text can only come from the live object.
      const text = await waitForEditorText(page, (t) => /apiVersion:/.test(t) && new RegExp(`(name|namespace): ${worst}\\b`).test(t), `the live object's YAML (in ${worst})`);
      const title = (await page.locator(".tabs-container .tab.active .label-name").first().innerText()).replace(/\s+/g, "");
      t.diagnostic(`opened live object "${objectName}" of namespace ${worst} as "${title}"`);
      assert.match(text, /kind: /);
      publish(await wb.screenshot("12-live-object"), "e2e-live-object.png");
    });
  });
});

/** The missing-PodDisruptionBudget rule's id, when the installed extension's server bundle has that rule. */
function pdbRule() {
  const bundle = join(s.extensionsDir ?? "", "kubeready.kubeready-0.1.0", "dist", "server.js");
  const id = "availability/missing-pdb";
  return existsSync(bundle) && readFileSync(bundle, "utf8").includes(`"${id}"`) ? id : null;
}
