// Tests for the in-process kustomize model: which builds deploy a file, in which namespace, with which images.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles } from "../engine.js";
import { deploymentsByFile, readKustomization, resolveIn } from "./kustomize.js";

const build = (files: Record<string, string>) => deploymentsByFile(new Map(Object.entries(files).map(([k, v]) => [k, readKustomization(v)])));
const summary = (files: Record<string, string>) =>
  Object.fromEntries([...build(files)].map(([f, d]) => [f, `${d.contexts.map((c) => `${c.unit.slice(2)}>${c.namespace ?? "-"}`).join(" ")}${d.partial ? " (patch)" : ""}`]));

describe("model/kustomize", () => {
  it("resolves entries against a folder, never above the root", () => {
    assert.equal(resolveIn("file:///r/overlays/prod", "../../base"), "file:///r/base");
    assert.equal(resolveIn("/r/a", "./b/../c.yaml"), "/r/a/c.yaml");
    assert.equal(resolveIn("file:///r", "../../x"), "file:///x");
  });

  const cases: { name: string; files: Record<string, string>; expect: Record<string, string> }[] = [
    {
      name: "a base reached through two overlays is deployed twice, in each overlay's namespace",
      files: {
        "/r/base/kustomization.yaml": "resources: [deploy.yaml]\n",
        "/r/overlays/dev/kustomization.yaml": "namespace: dev\nresources: [../../base]\n",
        "/r/overlays/prod/kustomization.yaml": "namespace: prod\nbases: [../../base]\n",
      },
      expect: { "/r/base/deploy.yaml": "/r/overlays/dev>dev /r/overlays/prod>prod" },
    },
    {
      name: "the outermost namespace wins over the base's own",
      files: {
        "/r/base/kustomization.yaml": "namespace: base-ns\nresources: [deploy.yaml]\n",
        "/r/mid/kustomization.yaml": "resources: [../base]\n",
        "/r/top/kustomization.yaml": "namespace: top\nresources: [../mid]\n",
      },
      expect: { "/r/base/deploy.yaml": "/r/top>top" },
    },
    {
      name: "a base without overlay keeps its own namespace; components are part of the build; patches are partial",
      files: {
        "/r/app/kustomization.yaml": "namespace: app\nresources: [deploy.yaml]\ncomponents: [../comp]\npatches: [{path: patch.yaml}]\n",
        "/r/comp/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n",
      },
      expect: { "/r/app/deploy.yaml": "/r/app>app", "/r/comp/np.yaml": "/r/app>app", "/r/app/patch.yaml": "/r/app>app (patch)" },
    },
    {
      name: "a resource cycle ends; a remote base is not followed",
      files: {
        "/r/a/kustomization.yaml": "resources: [../b, a.yaml, 'https://github.com/org/repo//deploy?ref=v1']\n",
        "/r/b/kustomization.yaml": "resources: [../a, b.yaml]\n",
        "/r/c/kustomization.yaml": "resources: [../a]\n",
      },
      expect: { "/r/a/a.yaml": "/r/c>-", "/r/b/b.yaml": "/r/c>-" },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(summary(c.files), c.expect));

  it("order of the kustomizations does not change the result", () => {
    const files = cases[0].files;
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    assert.deepEqual(summary(reversed), summary(files));
  });

  it("images of every level and Helm charts of the build are carried to the file", () => {
    const d = build({
      "/r/base/kustomization.yaml": "resources: [deploy.yaml]\nimages: [{name: web, newName: reg/web}]\n",
      "/r/prod/kustomization.yaml": "resources: [../base]\nimages: [{name: reg/web, newTag: '1.2'}]\nhelmCharts: [{name: redis}]\n",
    }).get("/r/base/deploy.yaml")!;
    assert.deepEqual(d.contexts[0].images?.map((i) => `${i.name} ${i.newName ?? ""}${i.newTag ?? ""} ${i.from}`), ["reg/web 1.2 /r/prod/kustomization.yaml", "web reg/web /r/base/kustomization.yaml"]);
    assert.equal(d.contexts[0].unseen, true);
  });

  it("the engine makes one object per namespace a file is deployed in", () => {
    const { index } = analyzeFiles([
      { uri: "file:///r/base/deploy.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n" },
      { uri: "file:///r/base/kustomization.yaml", text: "resources: [deploy.yaml]\n" },
      { uri: "file:///r/dev/kustomization.yaml", text: "namespace: dev\nresources: [../base]\n" },
      { uri: "file:///r/prod/kustomization.yaml", text: "namespace: prod\nresources: [../base]\n" },
    ]);
    assert.deepEqual(index.all().filter((o) => o.kind !== "Kustomization").map((o) => `${o.kind} ${o.namespace} ${o.namespacePinned} ${o.units.join(",")}`), [
      "ConfigMap dev true k:file:///r/dev",
      "ConfigMap prod true k:file:///r/prod",
      "Namespace  false k:file:///r/dev,k:file:///r/prod",
    ]);
  });
});
