// Drives the VS Code workbench in code-server through its real UI with playwright-core: quick open, command palette, Problems, editor text.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"];

export async function launchBrowser(executablePath) {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A text of the editor's visible lines, spaces normalised (Monaco renders them as U+00A0). */
export async function editorText(page) {
  const lines = await page.locator(".editor-instance .monaco-editor .view-lines .view-line").evaluateAll((els) =>
    els.map((e) => ({ top: parseFloat(e.style.top || "0"), text: e.textContent ?? "" })).sort((a, b) => a.top - b.top).map((l) => l.text));
  return lines.join("\n").replace(/\u00a0/g, " ");
}

export async function waitForEditorText(page, predicate, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let last = "";
  while (Date.now() < deadline) {
    last = await editorText(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(100); // polling the DOM, not waiting for time to pass
  }
  throw new Error(`editor text never showed ${what} within ${timeout / 1000} s; it shows:\n${last}`);
}

export class Workbench {
  constructor(page, artifacts) {
    this.page = page;
    this.artifacts = artifacts;
    mkdirSync(artifacts, { recursive: true });
  }

  async screenshot(name) {
    const file = join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Loads the workbench and waits until the folder is open in the Explorer. */
  async open(url, folderName, timeout = 120_000) {
    await this.page.goto(url, { waitUntil: "domcontentloaded", timeout });
    await this.page.locator(".monaco-workbench").waitFor({ timeout });
    await this.page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout });
    await this.page.locator(`.explorer-folders-view .monaco-list-row:has-text("${folderName}")`).first().waitFor({ timeout: 10_000 }).catch(() => {});
  }

  /** Closes whatever menu, widget or quick input a previous step left open. */
  async reset() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press("Escape");
    await this.quickInput().waitFor({ state: "hidden" }).catch(() => {});
  }

  quickInput() { return this.page.locator(".quick-input-widget"); }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its tab to be active and its editor focused. */
  async openFile(name) {
    const { page } = this;
    await this.reset();
    await page.keyboard.press("Control+P");
    const input = this.quickInput().locator("input");
    await input.waitFor({ state: "visible" });
    await input.fill(name);
    await this.quickInput().locator(".monaco-list-row", { hasText: name }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor();
    await this.quickInput().waitFor({ state: "hidden" });
    await page.locator(".editor-instance .monaco-editor.focused").waitFor();
  }

  /** Runs a command by its palette label (F1). */
  async command(label) {
    const { page } = this;
    await page.keyboard.press("F1");
    const input = this.quickInput().locator("input");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${label}`);
    await this.quickInput().locator(".monaco-list-row", { hasText: label }).first().waitFor();
    await page.keyboard.press("Enter");
    await this.quickInput().waitFor({ state: "hidden" });
  }

  /** Shows the Problems panel. */
  async showProblems() {
    const panel = this.page.locator(".markers-panel");
    if (!(await panel.isVisible())) await this.command("Problems: Focus on Problems View").catch(async () => this.page.keyboard.press("Control+Shift+M"));
    await panel.waitFor({ state: "visible" });
    return panel;
  }

  /** Types into the Problems panel's filter box, so the rows wanted are rendered (the list is virtualised). */
  async filterProblems(text) {
    await this.showProblems();
    const box = this.page.getByPlaceholder(/^Filter \(e\.g\./).first();
    // Clear first: re-entering the same text after Escape reset the filter does not re-apply it.
    // The "Showing N of M" badge is shown only while a filter is applied to the list.
    const badge = this.page.locator(".markers-panel .monaco-list, .panel").getByText(/^Showing \d+ of \d+$/).first();
    await box.fill("");
    await badge.waitFor({ state: "hidden" });
    await box.fill(text);
    await badge.waitFor();
  }

  /** The Problems panel rows (marker rows, not file rows) whose text matches. */
  problemRows(text) {
    return this.page.locator(".markers-panel .monaco-list-row", { hasText: text }).filter({ has: this.page.locator(".marker-message-details, .marker-line, .marker-code, .details-container") });
  }

  async problemsText() {
    return (await this.page.locator(".markers-panel").innerText().catch(() => "")).replace(/\u00a0/g, " ");
  }

  /** Pastes text at the cursor through the clipboard and Ctrl+V, as a user pastes a manifest (no auto-indent on paste). */
  async paste(text) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press("Control+V");
  }

  /** Scrolls a virtualised list until `row` is rendered (the list draws only the rows in view). */
  async scrollTo(list, row, maxSteps = 40) {
    await list.hover();
    for (let i = 0; i < maxSteps; i++) {
      if (await row.first().isVisible()) return row.first();
      await this.page.mouse.wheel(0, 250);
      await row.first().waitFor({ timeout: 500 }).catch(() => {});
    }
    await row.first().waitFor({ timeout: 1000 });
    return row.first();
  }

  /**
   * Opens the quick-fix menu (Ctrl+.) at a 1-based line:column and returns its row containing `hasText`. The menu is
   * asked for again (a few times) instead of waiting for the lightbulb: the lightbulb is drawn only when the code-action
   * answer arrives while the cursor is still there and the editor has focus, and a cold server can answer after the
   * widget gave up; one missed lightbulb was the e2e quick-fix step's timeout on a clean clone.
   */
  async quickFixItem(line, column, hasText, { attempts = 4, perAttemptMs = 15_000 } = {}) {
    const { page } = this;
    let last;
    for (let i = 0; i < attempts; i++) {
      await this.goTo(line, column);
      await page.keyboard.press("Control+.");
      const item = page.locator(".action-widget .monaco-list-row", { hasText }).first();
      try {
        await item.waitFor({ timeout: perAttemptMs });
        return item;
      } catch (e) {
        last = e;
        // "No code actions available", or the menu without the fix yet: close whatever opened and ask again.
        await page.keyboard.press("Escape");
      }
    }
    throw last;
  }

  /** Moves the cursor to a 1-based line:column with Go to Line (Ctrl+G). */
  async goTo(line, column = 1) {
    const { page } = this;
    await page.keyboard.press("Control+G");
    const input = this.quickInput().locator("input");
    await input.waitFor({ state: "visible" });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press("Enter");
    await this.quickInput().waitFor({ state: "hidden" });
  }
}
