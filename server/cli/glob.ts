// A small glob matcher for `exclude` patterns (`**`, `*`, `?`, `{a,b}`, `[...]`), with .gitignore-like anchoring.

/**
 * Compiles a pattern matched against a '/'-separated path relative to the configuration's folder.
 * A pattern without '/' matches a file or folder name at any depth (like .gitignore); a trailing '/' or
 * a folder match excludes everything below it.
 */
export function compileGlob(pattern: string): RegExp {
  let p = pattern.trim().replace(/\\/g, "/").replace(/^\.\//, "");
  // Anchored when a '/' appears before the end, as in .gitignore ("vendor/" still matches at any depth).
  const anchored = p.replace(/\/+$/, "").includes("/");
  if (p.endsWith("/")) p = `${p}**`;
  if (p.startsWith("/")) p = p.slice(1);
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "*") {
      if (p[i + 1] === "*") {
        const atStart = i === 0 || p[i - 1] === "/";
        const atEnd = i + 2 === p.length || p[i + 2] === "/";
        if (atStart && atEnd) {
          // "**/" matches zero or more folders; a final "**" matches everything below.
          if (i + 2 === p.length) re += ".*";
          else { re += "(?:.*/)?"; i++; }
          i++;
          continue;
        }
        i++;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const close = p.indexOf("}", i);
      if (close < 0) { re += "\\{"; continue; }
      re += `(?:${p.slice(i + 1, close).split(",").map(escapeRegExp).join("|")})`;
      i = close;
    } else if (c === "[") {
      const close = p.indexOf("]", i + 1);
      if (close < 0) { re += "\\["; continue; }
      const body = p.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
      re += `[${body}]`;
      i = close;
    } else re += escapeRegExp(c);
  }
  // A match on a folder also excludes what is inside it.
  return new RegExp(`${anchored ? "^" : "(?:^|/)"}${re}(?:/.*)?$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+^$()|\\[\]{}*?]/g, "\\$&");
}

export class ExcludeList {
  private readonly patterns: { source: string; re: RegExp }[];
  constructor(patterns: readonly string[]) {
    this.patterns = patterns.filter((p) => p.trim() !== "").map((source) => ({ source, re: compileGlob(source) }));
  }
  /** The pattern that excludes `relPath` ('/'-separated, relative to the configuration's folder), if any. */
  match(relPath: string): string | undefined {
    return this.patterns.find((p) => p.re.test(relPath))?.source;
  }
}
