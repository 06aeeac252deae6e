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
import { addedCapabilities, needsPrivilegeEscalation, shownNonRoot } from "../../rules/model/runtime-safety.js";
import { DEFAULT_CONFIG, mergeConfig } from "../../rules/config.js";
import { RULES } from "../../rules/index.js";
import { getIn } from "../../rules/model/object.js";
import { changedPaths } from "./fixall-props.js";

const RULES_DIR = join(__dirname, "..", "..", "rules");
/** Every rule on, those off by default too: a fix of a rule a user turns on is under the same contract. */
const ALL_RULES_ON = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(RULES.filter((r) => r.meta.enabledByDefault === false).map((r) => [r.meta.id, r.meta.defaultSeverity])) }).config;
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
  // Non-root, but it adds capabilities and uses host resources: dropping ALL or removing what it added would break it.
  `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      securityContext: {runAsUser: 10001, runAsNonRoot: true}
      volumes:
      - name: host
        hostPath: {path: /var/run}
      containers:
      - name: agent
        image: agent:1
        ports:
        - containerPort: 9100
          hostPort: 9100
        securityContext:
          capabilities: {add: [NET_ADMIN, SYS_ADMIN]}
          procMount: Unmasked
          seLinuxOptions: {type: spc_t}
          appArmorProfile: {type: Unconfined}
          seccompProfile: {type: Unconfined}
        volumeMounts:
        - {name: host, mountPath: /host}
`,
  // Pod-level runAsNonRoot without a user, a privileged init container, sysctls.
  `apiVersion: v1
kind: Pod
metadata: {name: mixed}
spec:
  securityContext:
    runAsNonRoot: true
    sysctls:
    - {name: net.core.somaxconn, value: "1024"}
  initContainers:
  - name: init
    image: busybox:1
    securityContext: {privileged: true, runAsUser: 0, runAsNonRoot: false}
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
  // What a container showed it needs is never taken away by a safe fix, non-root or not.
  { what: "removes an added capability", test: (p, b) => p.includes("add") && p[p.indexOf("add") - 1] === "capabilities" && b !== undefined },
  { what: "removes a host port", test: (p, b, a) => p.at(-1) === "hostPort" && b !== undefined && a !== b },
  { what: "removes a hostPath volume", test: (p, b, a) => p.includes("hostPath") && b !== undefined && a !== b },
  { what: "changes procMount", test: (p, b, a) => p.at(-1) === "procMount" && b !== undefined && a !== b },
  { what: "removes SELinux options", test: (p, b, a) => p.includes("seLinuxOptions") && b !== undefined && a !== b },
  { what: "removes sysctls", test: (p, b, a) => p.includes("sysctls") && b !== undefined && a !== b },
  { what: "removes hostProcess", test: (p, b, a) => p.at(-1) === "hostProcess" && b === true && a !== true },
  { what: "removes an Unconfined AppArmor profile", test: (p, b, a) => p.includes("appArmorProfile") && b !== undefined && a !== b },
  { what: "sets allowPrivilegeEscalation: false", test: (p, _b, a) => p.at(-1) === "allowPrivilegeEscalation" && a === false },
];
/** Safe whatever the manifest shows (docs/FIXES.md: judgement calls), unless said otherwise below. */
const NEEDS_NON_ROOT = new Set(["sets runAsNonRoot", "sets runAsUser", "drops capabilities"]);

describe("safe fixes keep what runs", () => {
  it("no safe fix makes a container not shown to be non-root run differently", () => {
    const violations: string[] = [];
    let safeFixes = 0, risky = 0, files = 0;
    const fixedRules = new Set<string>();
    for (const { name, text } of fixtureTexts()) {
      files++;
      const { parsed, findings } = analyzeFiles([{ uri: URI, text }], ALL_RULES_ON);
      const before = parsed[0].objects;
      for (const f of findings) {
        if (!f.fixes) continue;
        for (const fix of f.fixes()) {
          if (!fix.safe || fix.suppression) continue;
          safeFixes++;
          fixedRules.add(f.rule);
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
              const at = `${name}: ${f.rule} "${fix.title}" ${r.what} (${p.join(".")})`;
              if (r.what === "sets allowPrivilegeEscalation: false") {
                // Safe (a judgement call, docs/FIXES.md) except where the API server rejects it.
                const rejected = targets.filter((c) => needsPrivilegeEscalation(t, c)).map((c) => c.name);
                if (rejected.length) violations.push(`${at} on ${rejected.join(", ")}, privileged or adding SYS_ADMIN`);
                continue;
              }
              if (!NEEDS_NON_ROOT.has(r.what)) { violations.push(at); continue; }
              const notShown = targets.filter((c) => !shownNonRoot(t, c)).map((c) => c.name);
              if (notShown.length) violations.push(`${at} on ${notShown.join(", ")}, not shown to run as non-root`);
              // Drop ALL is safe only for a container that adds no capability (it showed it needs them).
              const adding = r.what === "drops capabilities" ? targets.filter((c) => addedCapabilities(c).length).map((c) => c.name) : [];
              if (adding.length) violations.push(`${at} on ${adding.join(", ")}, which adds capabilities`);
            }
          });
        }
      }
    }
    console.log(`safe-contract: ${files} fixture files, ${safeFixes} safe fixes applied (of ${fixedRules.size} rules), ${risky} touch a risky field, ${violations.length} violations`);
    assert.deepEqual(violations, []);
    // The enumeration reached every rule that can offer a safe fix: a rule listed as fixable whose fixtures never
    // produce a safe fix here is checked by nothing above.
    const unreached = RULES.filter((r) => r.meta.fix === "safe" && !fixedRules.has(r.meta.id)).map((r) => r.meta.id);
    assert.deepEqual(unreached, [], "rules marked fix: safe whose fixtures offer no safe fix to check");
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
