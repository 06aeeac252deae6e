// `kubeready explain`'s rendering of a rule page for a terminal: plain text without colour, ANSI styles with it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderMarkdown } from "./terminalMarkdown.js";

const PAGE = `<!-- generated -->

# pss/privileged

**Containers must not run privileged**

| | |
|---|---|
| Rule id | \`pss/privileged\` |
| Default severity | error |

## Example

\`\`\`yaml
securityContext:
  privileged: true   # *not* emphasis, [not](a link)
\`\`\`

See [FIXES.md](../FIXES.md), the [PSS page](https://kubernetes.io/docs/concepts/security/pod-security-standards/) and <https://example.com/x>.

- one *item* with __bold__
`;

const BASE = "https://docs.example/rules/pss-privileged.md";

describe("explain's terminal rendering", () => {
  it("plain: headings underlined, code indented verbatim, links as text (url), tables aligned, no markup left", () => {
    const out = renderMarkdown(PAGE, { color: false, base: BASE });
    assert.doesNotMatch(out, /\u001b/);
    assert.match(out, /^pss\/privileged\n=+\n\nContainers must not run privileged\n/);
    assert.match(out, /\nExample\n-------\n/);
    assert.match(out, /\n {4}securityContext:\n {6}privileged: true {3}# \*not\* emphasis, \[not\]\(a link\)\n/);
    assert.doesNotMatch(out, /```|<!--|\*\*|__/);
    assert.match(out, /See FIXES\.md \(https:\/\/docs\.example\/FIXES\.md\), the PSS page \(https:\/\/kubernetes\.io\/docs\/concepts\/security\/pod-security-standards\/\) and https:\/\/example\.com\/x\./);
    assert.match(out, /\n {2}Rule id {12}`pss\/privileged`\n {2}Default severity {3}error\n/);
    assert.match(out, /\n {2}• one item with bold\n$/);
  });

  it("colour: ANSI styles for headings, code and emphasis; the same words", () => {
    const out = renderMarkdown(PAGE, { color: true, base: BASE });
    assert.match(out, /\u001b\[1m\u001b\[4mpss\/privileged\u001b\[24m\u001b\[22m/);
    assert.match(out, /\u001b\[36mpss\/privileged\u001b\[39m/);
    // eslint-disable-next-line no-control-regex
    const words = (t: string) => t.replace(/\u001b\[[0-9;]*m/g, "").replace(/[`=\-\n ]+/g, " ").trim();
    assert.equal(words(out), words(renderMarkdown(PAGE, { color: false, base: BASE })).replace(/`/g, ""));
  });

  it("wraps a long table value under itself at the terminal width", () => {
    const out = renderMarkdown(`| | |\n|---|---|\n| Fixable | ${"word ".repeat(30).trim()} |\n`, { color: false, width: 60 });
    const lines = out.trimEnd().split("\n");
    assert.ok(lines.length > 1 && lines.every((l) => l.length <= 60), out);
    assert.ok(lines.slice(1).every((l) => l.startsWith(" ".repeat(12))), out);
  });
});
