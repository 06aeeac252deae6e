// Table tests for model/qos.ts, following the cases of Kubernetes' own qos_test.go (ComputePodQOS after defaulting).
import assert from "node:assert/strict";
import { it } from "node:test";
import { parse } from "yaml";
import type { KObject } from "./object.js";
import { podTemplateOf } from "./podspec.js";
import { qosOf, type QosClass } from "./qos.js";

function qos(spec: string): QosClass {
  const value = parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`);
  const t = podTemplateOf({ apiVersion: "v1", kind: "Pod", value } as unknown as KObject);
  return qosOf(t!).qos;
}
const c = (name: string, resources = "{}") => `    - {name: ${name}, image: i, resources: ${resources}}\n`;

const cases: [string, string, QosClass][] = [
  ["no resources", `  containers:\n${c("a")}`, "BestEffort"],
  ["only resources that do not count", `  containers:\n${c("a", "{requests: {nvidia.com/gpu: 1, ephemeral-storage: 1Gi}, limits: {nvidia.com/gpu: 1}}")}`, "BestEffort"],
  ["zero quantities are ignored", `  containers:\n${c("a", "{requests: {cpu: 0, memory: 0}}")}`, "BestEffort"],
  ["equal requests and limits in two containers", `  containers:\n${c("a", "{requests: {cpu: 100m, memory: 100Mi}, limits: {cpu: 100m, memory: 100Mi}}")}${c("b", "{requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1000m, memory: 1024Mi}}")}`, "Guaranteed"],
  ["limits only: requests default to them", `  containers:\n${c("a", "{limits: {cpu: 100m, memory: 100Mi}}")}`, "Guaranteed"],
  ["one container without a memory limit", `  containers:\n${c("a", "{limits: {cpu: 100m, memory: 100Mi}}")}${c("b", "{limits: {cpu: 100m}}")}`, "Burstable"],
  ["one container without resources", `  containers:\n${c("a", "{limits: {cpu: 100m, memory: 100Mi}}")}${c("b")}`, "Burstable"],
  ["request below limit", `  containers:\n${c("a", "{requests: {cpu: 50m, memory: 100Mi}, limits: {cpu: 100m, memory: 100Mi}}")}`, "Burstable"],
  ["zero request with a limit", `  containers:\n${c("a", "{requests: {cpu: 0, memory: 100Mi}, limits: {cpu: 100m, memory: 100Mi}}")}`, "Burstable"],
  ["an init container without limits", `  initContainers:\n${c("i", "{requests: {cpu: 10m}}")}  containers:\n${c("a", "{limits: {cpu: 100m, memory: 100Mi}}")}`, "Burstable"],
  ["init containers with limits", `  initContainers:\n${c("i", "{limits: {cpu: 10m, memory: 10Mi}}")}  containers:\n${c("a", "{limits: {cpu: 100m, memory: 100Mi}}")}`, "Guaranteed"],
  ["ephemeral containers do not count", `  containers:\n${c("a", "{limits: {cpu: 100m, memory: 100Mi}}")}  ephemeralContainers:\n    - {name: debug, image: busybox}\n`, "Guaranteed"],
  ["pod-level limits decide, containers without resources", `  resources: {limits: {cpu: 1, memory: 1Gi}}\n  containers:\n${c("a")}`, "Guaranteed"],
  ["pod-level requests, containers without limits", `  resources: {requests: {cpu: 1, memory: 1Gi}}\n  containers:\n${c("a", "{requests: {cpu: 1, memory: 1Gi}}")}`, "Burstable"],
  // defaultPodLimits: no pod-level limit, every container has one: the pod limits default to their sum.
  ["pod-level requests, container limits equal to them", `  resources: {requests: {cpu: 1, memory: 1Gi}}\n  containers:\n${c("a", "{limits: {cpu: 1, memory: 1Gi}}")}`, "Guaranteed"],
  ["pod-level requests, one container without limits", `  resources: {requests: {cpu: 1, memory: 1Gi}}\n  containers:\n${c("a", "{limits: {cpu: 1, memory: 1Gi}}")}${c("b")}`, "Burstable"],
  // defaultPodRequests: a pod-level limit with container requests: the pod request is their effective sum, not the limit.
  ["pod-level limits, container requests below them", `  resources: {limits: {cpu: 2, memory: 2Gi}}\n  containers:\n${c("a", "{requests: {cpu: 500m}}")}`, "Burstable"],
  ["pod-level limits, container requests summing to them", `  resources: {limits: {cpu: 1, memory: 2Gi}}\n  containers:\n${c("a", "{requests: {cpu: 500m}}")}${c("b", "{requests: {cpu: 500m}}")}`, "Guaranteed"],
  ["pod-level limits, an init container's larger request wins", `  resources: {limits: {cpu: 1, memory: 1Gi}}\n  initContainers:\n${c("i", "{requests: {cpu: 1}}")}  containers:\n${c("a", "{requests: {cpu: 200m}}")}`, "Guaranteed"],
  ["pod-level resources naming no supported resource are ignored", `  resources: {limits: {ephemeral-storage: 1Gi}}\n  containers:\n${c("a", "{limits: {cpu: 1, memory: 1Gi}}")}`, "Guaranteed"],
];

for (const [name, spec, expected] of cases) {
  it(`model/qos: ${name} -> ${expected}`, () => assert.equal(qos(spec), expected));
}
