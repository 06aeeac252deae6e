// operations/image-not-pinned: images must name a version (no missing or `latest` tag), optionally a digest (guide §4A GitOps).
import { defineRule } from "../../api.js";
import { isTemplatedImage, parseImageReference, type ImageReference } from "../../model/images.js";
import type { ImageOverride } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

export default defineRule({
  meta: {
    id: "operations/image-not-pinned",
    title: "Container images must be pinned to a version (a tag other than latest, or a digest)",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    // Reads the Kustomizations in scope: their `images:` entries pin what the manifest leaves open.
    crossObject: true,
    fix: "none",
    guide: "§4A Upgrades — GitOps",
    sources: {
      kubeLinter: ["latest-tag"],
      polaris: ["tagNotSpecified"],
      kubeScore: ["container-image-tag"],
    },
    options: {
      requireDigest: {
        type: "boolean",
        default: false,
        description: "Also report images pinned by tag only: a tag can be re-pushed, a digest cannot.",
      },
    },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t) return;
    const requireDigest = ctx.options.requireDigest === true;
    const overrides = ctx.object.builds.flatMap((b) => b.images ?? []);
    // Ephemeral debug containers are attached by hand; they are not what GitOps deploys.
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const image = c.value.image;
      if (typeof image !== "string" || isTemplatedImage(image)) continue;
      const ref = parseImageReference(image);
      // Not a valid reference (a placeholder, a typo): the kubelet rejects it; pinning is not the problem to report.
      if (!ref || ref.digest) continue;
      const at = { path: [...c.path, "image"], key: `${c.kind}.${c.name}` };
      const rewrites = kustomizeRewrites(image, ref, overrides);
      if (rewrites.length) {
        // A kustomization decides what is deployed: judge the tag or digest it sets (any overlay that pins will do).
        if (rewrites.some((r) => r.digest)) continue;
        const pinned = rewrites.find((r) => r.newTag !== undefined && r.newTag !== "latest");
        const where = `Kustomization ${shortPath((pinned ?? rewrites[0]).from)}`;
        if (pinned) {
          if (requireDigest) ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is pinned by tag only (newTag: ${pinned.newTag} in ${where}); a tag can be re-pushed, set digest there.` });
          continue;
        }
        const tag = rewrites.find((r) => r.newTag !== undefined)?.newTag ?? ref.tag;
        if (tag === undefined || tag === "latest") {
          ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is rewritten by ${where} but still ${tag === undefined ? "has no tag" : "uses the mutable tag \"latest\""}; set newTag (a version) or digest there.` });
          continue;
        }
        // The kustomization renames the image only; the manifest's own tag still applies.
        if (requireDigest) ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is pinned by tag only; a tag can be re-pushed, pin it by digest (@sha256:…).` });
        continue;
      }
      if (ref.tag === undefined) {
        ctx.report({ ...at, message: `Container "${c.name}" image "${image}" has no tag, so it runs whatever "latest" is when a node pulls it; pin a version in Git.` });
      } else if (ref.tag === "latest") {
        ctx.report({ ...at, message: `Container "${c.name}" image "${image}" uses the mutable tag "latest"; pin a version in Git so a rollout is a reviewed change.` });
      } else if (requireDigest) {
        ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is pinned by tag only; a tag can be re-pushed, pin it by digest (@sha256:…).` });
      }
    }
  },
});

/** The kustomize `images:` entries that rewrite this image: its name as written, without tag and digest, must match. */
function kustomizeRewrites(image: string, ref: ImageReference, overrides: readonly ImageOverride[]): ImageOverride[] {
  if (overrides.length === 0) return [];
  let name = image.trim().split("@")[0];
  if (ref.tag !== undefined) name = name.slice(0, name.length - ref.tag.length - 1);
  return overrides.filter((o) => o.name === name);
}

/** `file:///repo/overlays/prod/kustomization.yaml` -> `prod/kustomization.yaml`: enough to find it. */
function shortPath(uri: string): string {
  const parts = uri.split("/");
  return decodeURIComponent(parts.slice(-2).join("/"));
}
