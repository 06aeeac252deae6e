// The package as users get it: `npm pack`, installed into an empty folder and run with npx; and the pre-commit hook
// (.pre-commit-hooks.yaml) run by the real `pre-commit` from PyPI against a scratch repository, where a commit adding
// a finding fails. pre-commit is installed into a venv under ~/.cache/kubeready (skipped with one line when it cannot be).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

const ROOT = join(__dirname, "..", "..");
const BUILT = existsSync(join(ROOT, "dist", "cli.js")) && existsSync(join(ROOT, "dist", "server.js"));
const CACHE = process.env.KUBEREADY_CACHE ?? join(homedir(), ".cache", "kubeready");

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata:
  name: priv
  namespace: apps
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      securityContext:
        privileged: true
`;
const CONFIG = "rules:\n  hardening/read-only-root-filesystem: off\npss:\n  level: baseline\n";
const CLEAN = PRIVILEGED.replace("        privileged: true\n", "        privileged: false\n");

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 600_000 });
}

let work: string;
let tarball: string;

describe("the packed package", { skip: !BUILT && "dist/ not built: run npm run build", timeout: 900_000 }, () => {
  before(() => {
    work = realpathSync(mkdtempSync(join(tmpdir(), "kubeready-pack-")));
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" });
    tarball = join(work, out.trim().split("\n").pop()!);
  });
  after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  it("holds the CLI, the language server and the rule pages, and nothing of the sources", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    for (const f of ["package/bin/kubeready.js", "package/bin/kubeready-language-server.js", "package/dist/cli.js", "package/dist/server.js", "package/docs/rules/pss-privileged.md", "package/.pre-commit-hooks.yaml", "package/schemas/kubeready-config.schema.json"]) {
      assert.ok(files.includes(f), `${f} missing from the package`);
    }
    assert.deepEqual(files.filter((f) => /\.map$|\.test\.ts$|^package\/(rules|server|test)\//.test(f)), []);
    const pkg = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as Record<string, unknown>;
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.dependencies, undefined, "everything is bundled: nothing to install at run time");
  });

  it("npx kubeready runs from the tarball installed into an empty folder", () => {
    const app = join(work, "app");
    mkdirSync(app);
    const install = sh("npm", ["install", "--no-audit", "--no-fund", "--offline", "--loglevel=error", tarball], app);
    assert.equal(install.status, 0, install.stderr);
    writeFileSync(join(app, "pod.yaml"), PRIVILEGED);
    const lint = sh("npx", ["--offline", "kubeready", "lint", "pod.yaml"], app);
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /pss\/privileged/);
    assert.equal(lint.stderr, "");
    const version = sh("npx", ["--offline", "kubeready", "--version"], app);
    assert.match(version.stdout, /^kubeready \d+\.\d+\.\d+/);
    const ls = sh("npx", ["--offline", "kubeready-language-server", "--version"], app);
    assert.match(ls.stdout, /^kubeready-language-server \d+/);
  });

  it("the pre-commit hook fails a commit that adds a finding, and passes a clean one", (t) => {
    const venv = join(CACHE, "pre-commit-venv");
    const preCommit = join(venv, "bin", "pre-commit");
    if (!existsSync(preCommit)) {
      mkdirSync(CACHE, { recursive: true });
      const mk = sh("python3", ["-m", "venv", venv], CACHE);
      const pip = mk.status === 0 ? sh(join(venv, "bin", "pip"), ["install", "--quiet", "pre-commit"], CACHE) : mk;
      if (pip.status !== 0 || !existsSync(preCommit)) {
        t.skip(`pre-commit could not be installed from PyPI into ${venv}: SKIPPED (${(pip.stderr || String(pip.error)).split("\n")[0]})`);
        return;
      }
    }
    const git = (cwd: string, ...args: string[]) => {
      const r = sh("git", ["-c", "user.name=kubeready-test", "-c", "user.email=test@kubeready.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], cwd, { PRE_COMMIT_HOME: join(work, "pre-commit-home") });
      return r;
    };
    // The hook repository as a release would publish it: the packed package, committed (no build, no dev tools).
    const hooks = join(work, "hooks");
    mkdirSync(hooks);
    execFileSync("tar", ["-xzf", tarball, "-C", hooks, "--strip-components=1"]);
    const pkg = JSON.parse(readFileSync(join(hooks, "package.json"), "utf8")) as Record<string, unknown>;
    delete pkg.devDependencies;
    delete pkg.scripts;
    writeFileSync(join(hooks, "package.json"), JSON.stringify(pkg, null, 2));
    assert.equal(git(hooks, "init", "-q").status, 0);
    git(hooks, "add", "-A");
    assert.equal(git(hooks, "commit", "-qm", "release").status, 0);
    const rev = sh("git", ["rev-parse", "HEAD"], hooks).stdout.trim();

    const repo = join(work, "repo");
    mkdirSync(repo);
    git(repo, "init", "-q");
    writeFileSync(join(repo, ".pre-commit-config.yaml"), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: kubeready\n`);
    writeFileSync(join(repo, ".kubeready.yaml"), CONFIG);
    const env = { PRE_COMMIT_HOME: join(work, "pre-commit-home"), PATH: `${join(venv, "bin")}:${process.env.PATH}` };
    const install = sh(preCommit, ["install"], repo, env);
    assert.equal(install.status, 0, install.stderr + install.stdout);

    writeFileSync(join(repo, "pod.yaml"), PRIVILEGED);
    git(repo, "add", "-A");
    const bad = sh("git", ["-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false", "commit", "-m", "add a privileged pod"], repo, env);
    assert.notEqual(bad.status, 0, `the commit went through:\n${bad.stdout}\n${bad.stderr}`);
    assert.match(bad.stdout + bad.stderr, /pss\/privileged/);

    writeFileSync(join(repo, "pod.yaml"), CLEAN);
    git(repo, "add", "-A");
    const good = sh("git", ["-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false", "commit", "-m", "add a clean pod"], repo, env);
    assert.equal(good.status, 0, good.stdout + good.stderr);
  });
});
