// Writes kubeconform's offline schema layout ({kind}-{group}-{version}.json, standalone) from kubeready's bundled schema, so the peer bench never touches the network.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Json = { [k: string]: unknown };

/** Every definition reachable from `root` through `$ref`s. */
function reachable(definitions: Record<string, unknown>, root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const stack = [root];
  while (stack.length) {
    const name = stack.pop()!;
    if (name in out || !(name in definitions)) continue;
    out[name] = definitions[name];
    JSON.stringify(definitions[name], (k, v) => {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/definitions/")) stack.push(v.slice("#/definitions/".length));
      return v;
    });
  }
  return out;
}

/** kubeconform's file name: lower-case kind, then "-" + the first label of the group (if any) + "-" + the version. */
export function kubeconformName(apiVersion: string, kind: string): string {
  const [groupOrVersion, version] = apiVersion.split("/");
  const suffix = `-${groupOrVersion.split(".")[0].toLowerCase()}${version ? `-${version.toLowerCase()}` : ""}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}

export function writeKubeconformSchemas(bundled: string, dir: string): number {
  const schema = JSON.parse(readFileSync(bundled, "utf8")) as { allOf: Json[]; definitions: Record<string, unknown> };
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const branch of schema.allOf) {
    const props = (branch.if as Json | undefined)?.properties as Record<string, { const?: string }> | undefined;
    const ref = (branch.then as Json | undefined)?.$ref;
    const apiVersion = props?.apiVersion?.const, kind = props?.kind?.const;
    if (!apiVersion || !kind || typeof ref !== "string") continue;
    const root = ref.slice("#/definitions/".length);
    writeFileSync(join(dir, kubeconformName(apiVersion, kind)), JSON.stringify({ $ref: ref, definitions: reachable(schema.definitions, root) }));
    n++;
  }
  return n;
}
