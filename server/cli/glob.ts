// `exclude` patterns of .kubeready.yaml (picomatch globs: `**`, `*`, `?`, `{a,b}`, `[...]`) with .gitignore-like anchoring.
import picomatch from "picomatch";

export interface Glob { test(relPath: string): boolean }

/**
 * Compiles a pattern matched against a '/'-separated path relative to the configuration's folder.
 * A pattern without '/' matches a file or folder name at any depth (like .gitignore); a trailing '/' or
 * a folder match excludes everything below it.
 */
export function compileGlob(pattern: string): Glob {
  let p = pattern.trim().replace(/\\/g, "/").replace(/^\.\//, "");
  // Anchored when a '/' appears before the end, as in .gitignore ("vendor/" still matches at any depth).
  const anchored = p.replace(/\/+$/, "").includes("/");
  p = p.replace(/\/+$/, "").replace(/^\//, "");
  if (!anchored && !p.startsWith("**/")) p = `**/${p}`;
  // The pattern itself, and everything below what it matches (a match on a folder excludes its content).
  const isMatch = picomatch([p, `${p}/**`], { dot: true });
  return { test: (relPath) => isMatch(relPath) };
}

export class ExcludeList {
  private readonly patterns: { source: string; glob: Glob }[];
  constructor(patterns: readonly string[]) {
    this.patterns = patterns.filter((p) => p.trim() !== "").map((source) => ({ source, glob: compileGlob(source) }));
  }
  /** The pattern that excludes `relPath` ('/'-separated, relative to the configuration's folder), if any. */
  match(relPath: string): string | undefined {
    return this.patterns.find((p) => p.glob.test(relPath))?.source;
  }
}
