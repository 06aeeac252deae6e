// .gitignore semantics for `kubeready lint`'s folder walk, with the `ignore` package (what ESLint and Prettier use):
// every .gitignore from the repository root down to a file's folder applies, deeper files overriding shallower ones,
// plus .git/info/exclude. Outside a git repository, the .gitignore files of the walked folders still apply.
import { promises as fs } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";

export class GitIgnore {
  private readonly perDir = new Map<string, Promise<Ignore | undefined>>();

  private constructor(private readonly root: string, private readonly infoExclude: Ignore | undefined) {}

  /** The rules for the repository holding `start` (or `start`'s own folder when there is no repository). */
  static async forPath(start: string): Promise<GitIgnore> {
    let dir = start;
    try { if (!(await fs.stat(start)).isDirectory()) dir = dirname(start); } catch { dir = dirname(start); }
    for (let d = dir; ; d = dirname(d)) {
      try {
        await fs.stat(join(d, ".git"));
        let info: Ignore | undefined;
        try { info = ignore().add(await fs.readFile(join(d, ".git", "info", "exclude"), "utf8")); } catch { /* none */ }
        return new GitIgnore(d, info);
      } catch { /* keep looking */ }
      if (dirname(d) === d) return new GitIgnore(dir, undefined);
    }
  }

  private rulesOf(dir: string): Promise<Ignore | undefined> {
    let p = this.perDir.get(dir);
    if (!p) {
      p = fs.readFile(join(dir, ".gitignore"), "utf8").then((t) => ignore().add(t), () => undefined);
      this.perDir.set(dir, p);
    }
    return p;
  }

  /** Whether git would ignore `abs` (a folder when `isDir`). Paths outside the root are never ignored. */
  async ignores(abs: string, isDir: boolean): Promise<boolean> {
    const rel = relative(this.root, abs);
    if (!rel || rel.startsWith("..")) return false;
    const parts = rel.split(sep);
    let ignored = false;
    const test = (ig: Ignore | undefined, path: string) => {
      if (!ig) return;
      const r = ig.test(isDir ? `${path}/` : path);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    };
    test(this.infoExclude, parts.join("/"));
    for (let i = 0; i < parts.length; i++) {
      const dir = join(this.root, ...parts.slice(0, i));
      test(await this.rulesOf(dir), parts.slice(i).join("/"));
    }
    return ignored;
  }
}
