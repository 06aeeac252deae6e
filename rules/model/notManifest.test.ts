// Files named as templates are not manifests, whatever they hold.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitDocuments } from "./document.js";
import { notAManifest } from "./notManifest.js";

const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

describe("notAManifest", () => {
  it("a .tftpl file is a Terraform template even when it holds objects", () => {
    assert.match(notAManifest("file:///r/k8s/deployment.yaml.tftpl", splitDocuments(DEPLOYMENT)) ?? "", /Terraform template/);
  });
  it("a .tpl file is a template", () => {
    assert.match(notAManifest("file:///r/k8s/deployment.yaml.tpl", splitDocuments(DEPLOYMENT)) ?? "", /template \(`\.tpl`/);
  });
  it("the same objects in a .yaml file are a manifest", () => {
    assert.equal(notAManifest("file:///r/k8s/deployment.yaml", splitDocuments(DEPLOYMENT)), undefined);
  });
});
