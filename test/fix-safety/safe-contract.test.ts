// The safe-fix contract (docs/FIXES.md): no fix marked safe makes a container run as non-root, sets its user, makes its
// root filesystem read-only, drops its capabilities or removes a privilege, unless the manifest already shows the
// container runs as non-root. Walks every rule's fixtures (valid and invalid) plus shapes written here, applies each
// safe fix alone and compares the parsed objects before and after.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isCreate, type TextEdit } from "../../rules/api.js";
import { analyzeFiles } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { parseFile } from "../../rules/engine.js";
import { podTemplateOf, containersOf } from "../../rules/model/podspec.js";
import { shownNonRoot } from "../../rules/model/runtime-safety.js";
import { getIn } from "../../rules/model/object.js";
import { changedPaths } from "./fixall-props.js";

const RULES_DIR = join(__dirname, "..", "..", "rules");
const URI = "file:///contract/manifest.yaml";

/** Shapes that tempt a fix to be too bold: root images, privileged sidecars, a pod-level user that does not cover all. */
const SHAPES = [
  `apiVersion: v1
kind: Pod
metadata: {name: postgres}
spec:
  containers:
  - name: db
    image: postgres:16
`,
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1000
      containers:
      - name: app
        image: registry.example/app:1
        securityContext: {privileged: true}
      - name: proxy
        image: envoy:1
        securityContext:
          runAsUser: 0
          capabilities: {add: [NET_ADMIN]}
`,
  `apiVersion: v1
kind: Pod
metadata: {name: host}
spec:
  hostNetwork: true
  hostPID: true
  containers:
  - name: agent
    image: agent:1
    securityContext:
      runAsNonRoot: false
      allowPrivilegeEscalation: true
`,
  `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext: {runAsUser: 10001}
  containers:
  - name: app
    image: app:1
`,
];

function fixtureTexts(): { name: string; text: string }[] {
  const out = SHAPES.map((text, i) => ({ name: `shape ${i + 1}`, text }));
  const walk = (dir: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\/fixtures\/[^/]+\.ya?ml$/.test(p)) out.push({ name: p.slice(RULES_DIR.length + 1), text: readFileSync(p, "utf8") });
    }
  };
  if (existsSync(RULES_DIR)) walk(RULES_DIR);
  return out;
}

type Path = (string | number)[];
const RISKY: { what: string; test: (p: Path, before: unknown, after: unknown) => boolean }[] = [
  { what: "sets runAsNonRoot", test: (p, _b, a) => p.at(-1) === "runAsNonRoot" && a === true },
  { what: "sets runAsUser", test: (p) => p.at(-1) === "runAsUser" },
  { what: "sets readOnlyRootFilesystem", test: (p, _b, a) => p.at(-1) === "readOnlyRootFilesystem" && a === true },
  { what: "drops capabilities", test: (p) => p.includes("drop") && p[p.indexOf("drop") - 1] === "capabilities" },
  { what: "removes privileged", test: (p, b, a) => p.at(-1) === "privileged" && b === true && a !== true },
  { what: "removes a host namespace", test: (p, b, a) => ["hostNetwork", "hostPID", "hostIPC"].includes(String(p.at(-1))) && b === true && a !== true },
];

describe("safe fixes keep what runs", () => {
  it("no safe fix makes a container not shown to be non-root run differently", () => {
    const violations: string[] = [];
    let safeFixes = 0, risky = 0, files = 0;
    for (const { name, text } of fixtureTexts()) {
      files++;
      const { parsed, findings } = analyzeFiles([{ uri: URI, text }]);
      const before = parsed[0].objects;
      for (const f of findings) {
        if (!f.fixes) continue;
        for (const fix of f.fixes()) {
          if (!fix.safe || fix.suppression) continue;
          safeFixes++;
          const edits = fix.edits.filter((e): e is TextEdit => !isCreate(e) && e.uri === URI);
          if (!edits.length) continue;
          const after = parseFile(URI, applyTextEdits(text, edits)).objects;
          before.forEach((o, i) => {
            const a = after[i];
            if (!a) return;
            const t = podTemplateOf(o);
            if (!t) return;
            for (const p of changedPaths(o.value, a.value)) {
              const r = RISKY.find((x) => x.test(p, getIn(o.value, p), getIn(a.value, p)));
              if (!r) continue;
              risky++;
              // The containers the change applies to: the one its path is in, or all of them for a pod-level field.
              const affected = containersOf(t).filter((c) => c.path.every((s, k) => p[k] === s));
              const targets = affected.length ? affected : containersOf(t);
              const alwaysUnsafe = r.what === "sets readOnlyRootFilesystem" || r.what.startsWith("removes");
              const notShown = targets.filter((c) => !shownNonRoot(t, c)).map((c) => c.name);
              if (alwaysUnsafe || notShown.length) violations.push(`${name}: ${f.rule} "${fix.title}" ${r.what} (${p.join(".")})${notShown.length ? ` on ${notShown.join(", ")}, not shown to run as non-root` : ""}`);
            }
          });
        }
      }
    }
    console.log(`safe-contract: ${files} fixture files, ${safeFixes} safe fixes applied, ${risky} of them harden a container shown to run as non-root, ${violations.length} violations`);
    assert.deepEqual(violations, []);
  });

  it("the risky fixes stay available, with the risk in their title", () => {
    // A container without a securityContext draws one grouped finding (issue 13); its whole-block fix carries the risk.
    const { findings } = analyzeFiles([{ uri: URI, text: SHAPES[0] }]);
    const titles = findings.flatMap((f) => (f.fixes?.() ?? []).filter((x) => !x.suppression).map((x) => `${x.safe ? "safe" : "unsafe"}: ${x.title}`));
    assert.ok(titles.some((t) => /^unsafe: .*runAsNonRoot.*may stop images that run as root/.test(t)), titles.join("\n"));
    assert.ok(titles.some((t) => /^unsafe: .*capabilities\.drop: \[ALL\]/.test(t)), titles.join("\n"));
    assert.ok(titles.some((t) => /^unsafe: .*readOnlyRootFilesystem: true/.test(t)), titles.join("\n"));
    assert.ok(!titles.some((t) => /^safe: .*(runAsNonRoot|readOnlyRootFilesystem|drop)/.test(t)), titles.join("\n"));
  });

  it("a pod-level numeric non-root user makes runAsNonRoot and drop ALL safe", () => {
    const { findings } = analyzeFiles([{ uri: URI, text: SHAPES[3] }]);
    const safe = findings.flatMap((f) => (f.fixes?.() ?? []).filter((x) => !x.suppression && x.safe).map((x) => x.title));
    assert.ok(safe.some((t) => /runAsNonRoot: true/.test(t) || /drop/.test(t)), safe.join("\n"));
    assert.ok(!safe.some((t) => /readOnlyRootFilesystem/.test(t)), safe.join("\n"));
  });
});
