// Grouped findings and related locations in the CLI's JSON, SARIF and text output (issue 13, point 1).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isolatedConfig, PRIVILEGED_POD, project, run, webDeployment } from "./testkit.js";

/** A quick-start Deployment with an app and a sidecar container, neither with a securityContext. */
const BARE = webDeployment(`        - name: app
          image: app:1.0.0
        - name: proxy
          image: proxy:1.0.0
`);

const root = project({ ".kubeready.yaml": isolatedConfig(), "deploy/web.yaml": BARE });

interface Related { file: string; line: number; column: number; message: string }

describe("grouped findings in the CLI output", () => {
  it("JSON: one finding listing every rule, with the other places in `related`", async () => {
    const r = await run(["lint", "--format", "json", "deploy"], { cwd: root });
    const out = JSON.parse(r.stdout) as { findings: { rule: string; rules?: string[]; severity: string; line: number; related?: Related[] }[] };
    assert.equal(out.findings.length, 1);
    const [f] = out.findings;
    assert.equal(f.rule, "pss/allow-privilege-escalation");
    assert.equal(f.severity, "error");
    assert.deepEqual(f.rules, ["pss/allow-privilege-escalation", "pss/capabilities-restricted", "pss/run-as-non-root", "pss/seccomp-profile-restricted", "hardening/read-only-root-filesystem"]);
    assert.equal(f.line, 14);
    assert.deepEqual(f.related?.map((x) => `${x.file}:${x.line}:${x.column} ${x.message}`), [
      "deploy/web.yaml:12:5 pss/run-as-non-root: runAsNonRoot: true missing; pss/seccomp-profile-restricted: seccompProfile: RuntimeDefault missing",
      'deploy/web.yaml:16:11 container "proxy"',
    ]);
    assert.equal(r.code, 1, "still fails the gate");
  });

  it("SARIF: relatedLocations and the rule list in properties", async () => {
    const r = await run(["lint", "--format", "sarif", "deploy"], { cwd: root });
    const result = (JSON.parse(r.stdout) as { runs: { results: Record<string, unknown>[] }[] }).runs[0].results[0] as {
      ruleId: string; properties?: { rules: string[] }; relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }[];
    };
    assert.equal(result.ruleId, "pss/allow-privilege-escalation");
    assert.equal(result.properties?.rules.length, 5);
    assert.deepEqual(result.relatedLocations?.map((l) => `${l.id} ${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine} ${l.message.text}`), [
      "1 deploy/web.yaml:12 pss/run-as-non-root: runAsNonRoot: true missing; pss/seccomp-profile-restricted: seccompProfile: RuntimeDefault missing",
      '2 deploy/web.yaml:16 container "proxy"',
    ]);
  });

  it("text: the rule column names every rule of a grouped finding", async () => {
    const r = await run(["lint", "deploy"], { cwd: root });
    assert.match(r.stdout, /^deploy\/web\.yaml$/m);
    assert.match(r.stdout, /^ {2}14:11 +error +Containers "app", "proxy" set no securityContext .+ {2}pss\/allow-privilege-escalation, pss\/capabilities-restricted, pss\/run-as-non-root, pss\/seccomp-profile-restricted, hardening\/read-only-root-filesystem$/m);
  });

  it("suppressing one rule in the configuration removes it from the group, not the finding", async () => {
    const dir = project({ ".kubeready.yaml": isolatedConfig("", ["hardening/read-only-root-filesystem: off"]), "deploy/web.yaml": BARE });
    const out = JSON.parse((await run(["lint", "--format", "json", "deploy"], { cwd: dir })).stdout) as { findings: { rules?: string[] }[] };
    assert.deepEqual(out.findings.map((f) => f.rules?.length), [4]);
  });

  it("related places in other files are named relative to the run's working directory, not the process's", async () => {
    // A copy of one object in two files: one finding, the copy as a related location in another file.
    const dir = project({ ".kubeready.yaml": isolatedConfig(), "base/pod.yaml": PRIVILEGED_POD, "release/pod.yaml": PRIVILEGED_POD });
    assert.notEqual(process.cwd(), dir);
    const json = JSON.parse((await run(["lint", "--format", "json", "."], { cwd: dir })).stdout) as { findings: { file: string; related?: Related[] }[] };
    assert.deepEqual(json.findings.map((f) => [f.file, f.related?.map((x) => x.file)]), [["base/pod.yaml", ["release/pod.yaml"]]]);
    const sarif = JSON.parse((await run(["lint", "--format", "sarif", "."], { cwd: dir })).stdout) as { runs: { results: { relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.deepEqual(sarif.runs[0].results[0].relatedLocations?.map((l) => l.physicalLocation.artifactLocation.uri), ["release/pod.yaml"]);
    const text = (await run(["lint", "."], { cwd: dir })).stdout;
    assert.match(text, /↳ .*\(release\/pod\.yaml:\d+:\d+\)/);
    assert.doesNotMatch(text, /\.\.\//);
    // From a subfolder, the same places read relative to it.
    const sub = JSON.parse((await run(["lint", "--format", "json", ".."], { cwd: `${dir}/base` })).stdout) as { findings: { file: string; related?: Related[] }[] };
    assert.deepEqual(sub.findings.map((f) => [f.file, f.related?.map((x) => x.file)]), [["../release/pod.yaml", ["pod.yaml"]]]);
  });
});
