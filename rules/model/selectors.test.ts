// model/selectors.ts and the label indexes built on it (workloads.ts, services.ts): the indexes pick exactly what trying every candidate picks.
import assert from "node:assert/strict";
import { it } from "node:test";
import { parseFile } from "../engine.js";
import { getIn, stringMap } from "./object.js";
import { WorkspaceIndex } from "./scope.js";
import { firstRequiredPair, mapSelectorMatches, selectorMatches, type LabelSelector } from "./selectors.js";
import { anyServiceSelects, podSourcesOfService, serviceOf } from "./services.js";
import { podSourcesIn, podSourcesSelectedBy } from "./workloads.js";

it("model/selectors: matchLabels and map selectors read own keys only, as Object.entries did", () => {
  const inherited = Object.create({ tier: "db" }) as Record<string, string>;
  inherited.app = "web";
  assert.equal(selectorMatches({ matchLabels: inherited }, { app: "web" }), true);
  assert.equal(mapSelectorMatches(inherited, { app: "web" }), true);
  const onlyInherited = Object.create({ app: "web" }) as Record<string, string>;
  assert.equal(mapSelectorMatches(onlyInherited, { app: "web" }), false, "a map selector with no pair of its own selects nothing");
  assert.equal(selectorMatches({ matchLabels: onlyInherited }, { app: "db" }), true, "no own pair: matchLabels requires nothing");
  const bare = Object.assign(Object.create(null) as Record<string, string>, { app: "web" });
  assert.equal(mapSelectorMatches(bare, { app: "web", x: "y" }), true);
  assert.equal(mapSelectorMatches(bare, Object.assign(Object.create(null) as Record<string, string>, { app: "db" })), false);
  assert.equal(mapSelectorMatches({}, { app: "web" }), false);
  assert.equal(selectorMatches({}, { app: "web" }), true);
});

it("model/selectors: firstRequiredPair names the first own pair with a text value", () => {
  assert.equal(firstRequiredPair({ app: "web", tier: "db" }), "app\u0000web");
  assert.equal(firstRequiredPair({}), undefined);
  assert.equal(firstRequiredPair(undefined), undefined);
  assert.equal(firstRequiredPair(Object.create({ app: "web" }) as Record<string, string>), undefined);
  assert.equal(firstRequiredPair({ app: 1 } as unknown as Record<string, string>), undefined);
});

/** A namespace of workloads and Services with overlapping, missing and odd labels (a key holding the index's separator). */
const NAMESPACE = [
  ...["web", "db", "cache", "a\u0000b"].flatMap((app, i) => [
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}, namespace: ns}\nspec:\n  selector: {matchLabels: {app: ${JSON.stringify(app)}}}\n  template:\n    metadata: {labels: {app: ${JSON.stringify(app)}, tier: ${i % 2 ? "back" : "front"}${i === 2 ? ", extra: \"1\"" : ""}}}\n    spec: {containers: [{name: c, image: x}]}`,
  ]),
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, namespace: ns}\nspec:\n  template:\n    metadata: {labels: {"a": "b\\0c", tier: front}}\n    spec: {containers: [{name: c, image: x}]}`,
  `apiVersion: v1\nkind: Pod\nmetadata: {name: bare, namespace: ns}\nspec: {containers: [{name: c, image: x}]}`,
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other, namespace: elsewhere}\nspec:\n  template:\n    metadata: {labels: {app: web, tier: front}}\n    spec: {containers: [{name: c, image: x}]}`,
  ...[
    "{app: web}", "{tier: front}", "{tier: front, app: cache}", "{app: cache, extra: 1}", "{app: nothing}", "{}", "null", "{app: {nested: 1}}",
    "{app: \"a\\0b\"}", "{a: \"b\\0c\"}", "{tier: back, app: db}",
  ].map((sel, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: svc${i}, namespace: ns}\nspec:\n  selector: ${sel}\n  ports: [{port: 80}]`),
].join("\n---\n");

const SELECTORS: LabelSelector[] = [
  {}, { matchLabels: { app: "web" } }, { matchLabels: { tier: "front" } }, { matchLabels: { tier: "front", app: "cache" } },
  { matchLabels: { app: "a\u0000b" } }, { matchLabels: { a: "b\u0000c" } }, { matchLabels: { app: "nothing" } },
  { matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] },
  { matchLabels: { tier: "front" }, matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] },
  { matchLabels: { tier: "front" }, matchExpressions: [{ key: "extra", operator: "Exists" }] },
];


for (const incremental of [false, true]) {
  it(`model/workloads: podSourcesSelectedBy and podSourcesOfService pick what trying every source picks (${incremental ? "editor" : "one-shot"} index)`, () => {
    const index = new WorkspaceIndex(incremental);
    index.setFile("file:///ns.yaml", parseFile("file:///ns.yaml", NAMESPACE).objects);
    const all = podSourcesIn(index, "ns");
    assert.ok(all.length >= 5);
    for (const sel of SELECTORS) {
      assert.deepEqual(podSourcesSelectedBy(index, "ns", sel), all.filter((s) => selectorMatches(sel, s.podLabels)), JSON.stringify(sel));
    }
    let selecting = 0;
    for (const o of index.inNamespace("Service", "ns")) {
      const s = serviceOf(o)!;
      const expected = s.selector && Object.keys(s.selector).length ? all.filter((p) => mapSelectorMatches(s.selector!, p.podLabels)) : [];
      assert.deepEqual(podSourcesOfService(index, s), expected, o.name);
      if (expected.length) selecting++;
    }
    assert.ok(selecting >= 5, "the table has Services that select something");
  });

  it(`model/services: anyServiceSelects answers as trying every Service does (${incremental ? "editor" : "one-shot"} index)`, () => {
    const index = new WorkspaceIndex(incremental);
    index.setFile("file:///ns.yaml", parseFile("file:///ns.yaml", NAMESPACE).objects);
    const services = index.inNamespace("Service", "ns");
    const labelSets = [
      ...podSourcesIn(index, "ns").map((s) => s.podLabels),
      {}, { app: "nothing" }, { tier: "back" }, { app: "db", tier: "back" }, { a: "b\u0000c" }, { "a\u0000b": "c" },
    ];
    for (const labels of labelSets) {
      const expected = services.some((svc) => mapSelectorMatches(stringMap(getIn(svc.value, ["spec", "selector"])), labels));
      assert.equal(anyServiceSelects(index, "ns", labels), expected, JSON.stringify(labels));
      assert.equal(anyServiceSelects(index, "elsewhere", labels), false);
    }
  });
}

it("model/services: the Service index follows an editor's changes", () => {
  const index = new WorkspaceIndex(true);
  index.setFile("file:///ns.yaml", parseFile("file:///ns.yaml", NAMESPACE).objects);
  assert.equal(anyServiceSelects(index, "ns", { app: "new" }), false);
  index.setFile("file:///svc.yaml", parseFile("file:///svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: n, namespace: ns}\nspec: {selector: {app: new}}").objects);
  assert.equal(anyServiceSelects(index, "ns", { app: "new" }), true);
  index.removeFile("file:///svc.yaml");
  assert.equal(anyServiceSelects(index, "ns", { app: "new" }), false);
  const before = podSourcesSelectedBy(index, "ns", { matchLabels: { app: "late" } });
  assert.deepEqual(before, []);
  index.setFile("file:///d.yaml", parseFile("file:///d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: late, namespace: ns}\nspec:\n  template:\n    metadata: {labels: {app: late}}\n    spec: {containers: [{name: c, image: x}]}").objects);
  assert.deepEqual(podSourcesSelectedBy(index, "ns", { matchLabels: { app: "late" } }).map((s) => s.object.name), ["late"]);
});
