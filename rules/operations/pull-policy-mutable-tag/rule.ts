// operations/pull-policy-mutable-tag: an image on a moving tag (main, dev, nightly…) must be pulled on every start, or nodes run different builds.
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { looksLikePatch } from "../../model/intent.js";
import { isTemplatedImage, parseImageReference, type ImageReference } from "../../model/images.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

/** Tags that name a branch or a channel, not a release: the registry moves them to every new build. */
const MOVING = new Set(["main", "master", "dev", "develop", "development", "edge", "nightly", "stable", "canary", "snapshot", "head",
  "trunk", "next", "unstable", "testing", "rolling", "current"]);

/** Whether a tag is re-pushed by design: `latest`, a branch or channel name, `latest-alpine`, `1.2-SNAPSHOT`, `nightly-2`. */
export function isMovingTag(tag: string | undefined): boolean {
  if (tag === undefined) return true;
  const t = tag.toLowerCase();
  if (t === "latest" || MOVING.has(t)) return true;
  if (t.endsWith("-snapshot")) return true;
  // `latest-alpine`, `alpine-latest`, `main-debian`: a moving channel of a variant (but not `1.2-main-abc123`, a build).
  const parts = t.split(/[-_.]/);
  return parts.length === 2 && parts.some((p) => p === "latest" || p === "nightly" || p === "edge" || p === "main" || p === "master" || p === "dev");
}

export default defineRule({
  meta: {
    id: "operations/pull-policy-mutable-tag",
    title: "Images on a moving tag must be pulled on every start (imagePullPolicy: Always)",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe", // Always changes what runs (the newest build at every start) and makes starts depend on the registry
    guide: "§4A Upgrades — GitOps",
    sources: { polaris: ["pullPolicyNotAlways"], kubeScore: ["container-image-pull-policy"] },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t || looksLikePatch(ctx.object)) return;
    const overrides = ctx.object.builds.flatMap((b) => b.images ?? []);
    const notPinnedReported = ctx.config.rules["operations/image-not-pinned"] !== "off";
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const image = c.value.image;
      if (typeof image !== "string" || isTemplatedImage(image)) continue;
      const ref = parseImageReference(image);
      if (!ref || ref.digest) continue;
      // What a kustomize build deploys: its `images:` entry for this name may pin a digest or another tag.
      const rewrite = overrides.find((r) => r.name === nameOf(image, ref));
      if (rewrite?.digest) continue;
      const tag = rewrite?.newTag ?? ref.tag;
      if (!isMovingTag(tag)) continue;
      const policy = c.value.imagePullPolicy;
      // `Never` runs what was loaded onto the node by hand (kind load, air-gapped nodes): a deliberate local setup.
      if (policy === "Always" || policy === "Never") continue;
      const latest = tag === undefined || tag.toLowerCase() === "latest";
      // Unset with `latest` or no tag defaults to Always; explicit IfNotPresent on `latest` is one root cause with the
      // missing pin, which operations/image-not-pinned reports (the pin fixes both) — said here only when that rule is off.
      if (latest && (policy === undefined || notPinnedReported)) continue;
      const shown = tag === undefined ? "no tag (latest)" : `the moving tag "${tag}"`;
      const why = policy === undefined ? "imagePullPolicy defaults to IfNotPresent for it" : `imagePullPolicy is ${String(policy)}`;
      ctx.report({
        message: `Container "${c.name}" runs image "${image}" with ${shown}${rewrite?.newTag ? " (set by its kustomization)" : ""} but ${why}: each node keeps whichever build it pulled first, so replicas run different code; pin a version or set imagePullPolicy: Always.`,
        path: policy === undefined ? [...c.path, "image"] : [...c.path, "imagePullPolicy"],
        key: `${c.kind}.${c.name}`,
        fix: () => {
          const edit = setField(ctx.object, [...c.path, "imagePullPolicy"], "Always");
          return edit && { title: `Pull image "${image}" on every start (imagePullPolicy: Always) in container "${c.name}"`, safe: false, edits: [edit] };
        },
      });
    }
  },
});

/** The image's name as written, without tag and digest. */
function nameOf(image: string, ref: ImageReference): string {
  let name = image.trim().split("@")[0];
  if (ref.tag !== undefined) name = name.slice(0, name.length - ref.tag.length - 1);
  return name;
}
