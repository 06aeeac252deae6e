// The readiness tree renders snapshots one at a time; of those that arrive meanwhile, only the newest is rendered next.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RenderQueue } from "./renderQueue.js";

/** A render that ends when the test says so, recording what it rendered. */
function controlledRenders() {
  const rendered: string[] = [];
  const finishers: Array<() => void> = [];
  const render = (item: string) => {
    rendered.push(item);
    return new Promise<void>((resolve) => finishers.push(resolve));
  };
  const finishNext = async () => {
    finishers.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { rendered, render, finishNext };
}

describe("RenderQueue", () => {
  it("renders at once when idle, and the newest of what arrived meanwhile when the render in flight ends", async () => {
    const { rendered, render, finishNext } = controlledRenders();
    const queue = new RenderQueue(render, (e) => assert.fail(String(e)));
    queue.push("a");
    queue.push("b");
    queue.push("c");
    assert.deepEqual(rendered, ["a"], "one render at a time");
    await finishNext();
    assert.deepEqual(rendered, ["a", "c"], "b was replaced by c while it waited");
    await finishNext();
    await queue.idle();
    queue.push("d");
    assert.deepEqual(rendered, ["a", "c", "d"], "idle again: renders at once");
    await finishNext();
    await queue.idle();
  });

  it("forgets what waits on clear, and keeps going after a failed render", async () => {
    const errors: unknown[] = [];
    const rendered: string[] = [];
    let fail = true;
    const queue = new RenderQueue(async (item: string) => {
      rendered.push(item);
      await new Promise((r) => setImmediate(r));
      if (fail) { fail = false; throw new Error("boom"); }
    }, (e) => errors.push(e));
    queue.push("a");
    queue.push("stale");
    queue.clear();
    await queue.idle();
    assert.deepEqual(rendered, ["a"]);
    assert.equal(errors.length, 1);
    queue.push("b");
    await queue.idle();
    assert.deepEqual(rendered, ["a", "b"]);
  });
});
