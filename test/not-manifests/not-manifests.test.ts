// Files that are not Kubernetes manifests are recognised and skipped with one information line each (one fixture per class).
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { run } from "../../server/cli/testkit.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

interface JsonOut { findings: { file: string; rule: string; rules?: string[]; severity: string; message: string; related?: { file?: string; message: string }[] }[] }

/** Each class, its fixture and what its one line says. */
const CLASSES: [string, string, RegExp][] = [
  ["GitHub Actions workflow", ".github/workflows/ci.yml", /is a GitHub Actions workflow/],
  ["GitLab CI configuration", ".gitlab-ci.yml", /is a GitLab CI configuration/],
  ["Helm Chart.yaml", "chart/Chart.yaml", /is a Helm chart's Chart\.yaml/],
  ["Helm values file", "chart/values.yaml", /is a Helm values file/],
  ["Helm template (markers in the structure)", "chart/templates/deployment.yaml", /1 document of this file is a Helm template .*line 4.*helm template/],
  ["Helm template (markers only in quoted strings, in a chart's templates/ folder)", "chart/templates/service.yaml", /is a Helm template/],
  ["Jinja/Ansible template", "deployment.yaml.jinja.yaml", /is a Jinja\/Ansible template/],
  ["Ansible playbook", "playbook.yaml", /is an Ansible playbook/],
  ["Terraform template with %{ } directives (Helm values that templatefile() fills in)", "terraform/values/api.yaml", /Terraform template/],
  ["manifest that a .tf file renders with templatefile()", "terraform/manifests/deployment.yaml", /is a Terraform template \(`templatefile\(\)` in terraform\/main\.tf renders it/],
  ["docker-compose", "docker-compose.yaml", /is a Docker Compose file/],
  ["JSON Schema", "settings.schema.yaml", /is a JSON Schema/],
  ["kind cluster configuration", "kind-cluster.yaml", /is a kind cluster configuration/],
  ["k3d cluster configuration", "k3d-cluster.yaml", /is a k3d cluster configuration/],
  ["kustomize JSON 6902 patch", "kustomize/overlay/image-ops.yaml", /is a JSON 6902 patch/],
  ["kustomize strategic-merge patch listed under patches", "kustomize/overlay/replicas.yaml", /Checked as a kustomize patch only/],
];

describe("files that are not manifests", async () => {
  // Raw classification (no helm/kustomize rendering, which would judge the chart and overlay as deployed instead).
  // `.github` is named: a folder walk leaves it out as CI fixtures (testFolders), a named path is always linted.
  const r = await run(["lint", "--format", "json", "--no-render", ".", ".github"], { cwd: FIXTURES });
  const out = JSON.parse(r.stdout) as JsonOut;
  for (const [name, file, message] of CLASSES) {
    it(`${name}: one information line, nothing else`, () => {
      // A folder's notes for one reason are one line (the run folds them): the file is that line's or one of its places.
      const mine = out.findings.filter((f) => f.file === file || (f.rule === "yaml/not-analysed" && f.related?.some((r) => r.file === file || r.file?.endsWith(`/${file}`))));
      assert.deepEqual(mine.map((f) => [f.rule, f.severity]), [["yaml/not-analysed", "info"]], JSON.stringify(mine));
      if (mine[0].file === file) assert.match(mine[0].message, message);
    });
  }

  it("the kustomize base the overlay patches is still analysed", () => {
    assert.ok(out.findings.some((f) => f.file === "kustomize/base/deployment.yaml" && (f.rules ?? [f.rule]).includes("pss/run-as-non-root")));
  });

  it("--strict fails the run on what was not analysed; a listed kustomize patch alone does not", async () => {
    const patchOnly = await run(["lint", "--strict", "--fail-on", "never", "kustomize/overlay/replicas.yaml"], { cwd: FIXTURES });
    assert.equal(patchOnly.code, 0, patchOnly.stdout);
    const workflow = await run(["lint", "--fail-on", "never", ".github/workflows/ci.yml"], { cwd: FIXTURES });
    assert.equal(workflow.code, 0);
    const strict = await run(["lint", "--strict", "--fail-on", "never", ".github/workflows/ci.yml"], { cwd: FIXTURES });
    assert.equal(strict.code, 1, strict.stdout);
  });
});
