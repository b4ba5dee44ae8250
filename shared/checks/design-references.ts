/**
 * The references to docs/DESIGN.md that comments and documents make — guarantee ids (`G3`, a range
 * `G1–G3` naming both ends) and sections (`DESIGN §4`, `§4.2`, or a bare `§4`) — and the ids DESIGN.md's
 * headings define (`## §4 …`, `### G3 — …`). A `§` right after an outside document's name (`RFC 9112 §6`,
 * `WHATWG HTML §9.2`) cites that document and is not a reference to DESIGN.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface DesignReference {
  /** `G3` or `§4.2`. */
  id: string;
  file: string;
  line: number;
}

/** Documents whose sections the repository cites besides DESIGN.md. */
const OUTSIDE_DOCUMENT = /(?:RFC\s*\d+|HTML)\s*$/;
const GUARANTEE = /(?<![\w$-])G(\d{1,2})(?![\w$])/g;
const SECTION = /§\s?(\d+(?:\.\d+)*)/g;
const HEADING = /^#{1,6}\s+(§\d+(?:\.\d+)*|G\d{1,2})(?![\w.])/gm;

/** The references one text makes (lines counted from 1). */
export function referencesIn(text: string, file: string): DesignReference[] {
  const found: DesignReference[] = [];
  text.split('\n').forEach((content, i) => {
    for (const m of content.matchAll(GUARANTEE)) found.push({ id: `G${Number(m[1])}`, file, line: i + 1 });
    for (const m of content.matchAll(SECTION)) {
      if (OUTSIDE_DOCUMENT.test(content.slice(0, m.index))) continue;
      found.push({ id: `§${m[1]}`, file, line: i + 1 });
    }
  });
  return found;
}

/** The ids DESIGN.md defines: one per heading that starts with `§n(.m)` or `Gn`. */
export function designIds(designText: string): Set<string> {
  return new Set([...designText.matchAll(HEADING)].map((m) => m[1] as string));
}

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  'dist',
  'dist-electron',
  'out',
  'release',
  'coverage',
  'test-results',
  'playwright-report',
  '.vite',
  '.pos-data',
]);
const SCANNED = /\.(ts|tsx|cts|mts|js|mjs|cjs|md|sql|ya?ml|sh|css|html)$/;
const MAX_BYTES = 1_000_000;

/** Every source and document file of the repository (relative paths, sorted). */
export function repositoryFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path);
      } else if (entry.isFile() && SCANNED.test(entry.name) && statSync(path).size <= MAX_BYTES) {
        files.push(relative(root, path));
      }
    }
  };
  walk(root);
  return files.sort();
}

/** Every reference of the repository's files, except those of `exclude` (files that describe the syntax itself). */
export function repositoryReferences(root: string, exclude: readonly string[] = []): DesignReference[] {
  return repositoryFiles(root)
    .filter((file) => !exclude.includes(file))
    .flatMap((file) => referencesIn(readFileSync(join(root, file), 'utf8'), file));
}
