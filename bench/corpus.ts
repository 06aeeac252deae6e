// Loads the benchmark corpus: ../shared/corpus when present, else a generated one (and says which).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generateManifest } from "./yls/manifest.js";

export const CORPUS_DIR = resolve(process.env.KUBEREADY_CORPUS ?? join(__dirname, "..", "..", "shared", "corpus"));

export interface CorpusFile { path: string; uri: string; text: string }
export interface Corpus { dir: string | null; generated: boolean; files: CorpusFile[]; bytes: number; lines: number; note: string }

const SKIP = new Set(["node_modules", ".git"]);

export function yamlFilesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) { if (!SKIP.has(name)) yamlFilesUnder(p, out); }
    else if (/\.ya?ml$/i.test(name)) out.push(p);
  }
  return out;
}

/** The real corpus, or a generated stand-in of ~200 files when it is missing. */
export function loadCorpus(): Corpus {
  if (existsSync(CORPUS_DIR)) {
    const files = yamlFilesUnder(CORPUS_DIR).map((path) => ({ path, uri: pathToFileURL(path).toString(), text: readFileSync(path, "utf8") }));
    return summarize(CORPUS_DIR, false, files, `corpus: ${CORPUS_DIR} (${files.length} YAML files)`);
  }
  const files: CorpusFile[] = [];
  for (let i = 0; i < 200; i++) {
    const lines = [40, 120, 400, 1500][i % 4];
    const path = `/generated-corpus/app-${i}.yaml`;
    files.push({ path, uri: pathToFileURL(path).toString(), text: generateManifest(lines) });
  }
  return summarize(null, true, files, `CORPUS MISSING (${CORPUS_DIR} not found): using a GENERATED corpus of ${files.length} files instead`);
}

function summarize(dir: string | null, generated: boolean, files: CorpusFile[], note: string): Corpus {
  let bytes = 0, lines = 0;
  for (const f of files) { bytes += Buffer.byteLength(f.text); lines += f.text.split("\n").length; }
  return { dir, generated, files, bytes, lines, note };
}
