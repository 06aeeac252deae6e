// Tests for the pure CRD -> JSON schema conversion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { crdKey, crdToSchemas, structuralToJsonSchema } from "./crdSchemas.js";

const certificateCrd = parse(readFileSync(join(__dirname, "fixtures", "certificate-crd.yaml"), "utf8"));

test("a v1 CRD yields one schema per version keyed by group/version/kind", () => {
  const twoVersions = structuredClone(certificateCrd);
  twoVersions.spec.versions.push({ ...twoVersions.spec.versions[0], name: "v1alpha2", served: false });
  const schemas = crdToSchemas(twoVersions);
  assert.deepEqual(schemas.map(crdKey), ["cert-manager.io/v1/Certificate", "cert-manager.io/v1alpha2/Certificate"]);
  assert.deepEqual(schemas.map((s) => s.apiVersion), ["cert-manager.io/v1", "cert-manager.io/v1alpha2"]);
});

test("apiVersion and kind are pinned, objects with properties are closed, descriptions kept", () => {
  const [s] = crdToSchemas(certificateCrd);
  const props = s.schema.properties as Record<string, any>;
  assert.equal(props.apiVersion.const, "cert-manager.io/v1");
  assert.equal(props.kind.const, "Certificate");
  assert.equal(s.schema.additionalProperties, false);
  assert.equal(props.spec.additionalProperties, false);
  assert.equal(props.spec.properties.issuerRef.additionalProperties, false);
  assert.deepEqual(props.spec.required, ["secretName", "issuerRef"]);
  assert.match(props.spec.properties.secretName.description, /Name of the Secret/);
  assert.deepEqual(props.spec.properties.privateKey.properties.algorithm.enum, ["RSA", "ECDSA", "Ed25519"]);
});

test("x-kubernetes-preserve-unknown-fields keeps an object open; int-or-string becomes a union", () => {
  const [s] = crdToSchemas(certificateCrd);
  const spec = (s.schema.properties as Record<string, any>).spec;
  assert.equal(spec.properties.keystores.additionalProperties, undefined);
  assert.deepEqual(spec.properties.port.type, ["integer", "string", "null"]);
  assert.equal(JSON.stringify(s.schema).includes("x-kubernetes-"), false);
});

test("nullable and optional fields accept null; required ones do not", () => {
  assert.deepEqual(structuralToJsonSchema({ type: "string", nullable: true }), { type: ["string", "null"] });
  const [s] = crdToSchemas(certificateCrd);
  const spec = (s.schema.properties as Record<string, any>).spec;
  assert.deepEqual(spec.properties.secretName.type, "string");
  assert.deepEqual(spec.properties.duration.type, ["string", "null"]);
  assert.deepEqual(spec.properties.dnsNames.type, ["array", "null"]);
});

test("anything that is not a v1 CRD with a schema yields nothing and never throws", () => {
  const cases: unknown[] = [
    null, 42, "x", [], {},
    { apiVersion: "apiextensions.k8s.io/v1beta1", kind: "CustomResourceDefinition", spec: certificateCrd.spec },
    { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" },
    { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", spec: { group: "g", names: {} } },
    { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", spec: { group: "g", names: { kind: "K" }, versions: [{ name: "v1" }, null, 3] } },
  ];
  for (const c of cases) assert.deepEqual(crdToSchemas(c), []);
});
