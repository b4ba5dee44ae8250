/**
 * Every G1–G8 and DESIGN § reference in the repository resolves to a heading of docs/DESIGN.md, so a
 * reader who follows one always finds the promise it cites.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { designIds, referencesIn, repositoryFiles, repositoryReferences } from './design-references.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DESIGN = 'docs/DESIGN.md';
/** These two show made-up references on purpose. */
const SELF = ['shared/checks/design-references.ts', 'shared/checks/design-references.test.ts'];
const references = repositoryReferences(ROOT, SELF);
const defined = designIds(readFileSync(`${ROOT}${DESIGN}`, 'utf8'));

describe('references to docs/DESIGN.md', () => {
  it('when the repository cites a guarantee or a section, then DESIGN.md has a heading for it', () => {
    const unresolved = references.filter((r) => !defined.has(r.id)).map((r) => `${r.file}:${r.line} ${r.id}`);
    expect(unresolved, `these references name no heading of ${DESIGN}; add the section or correct the reference`).toEqual([]);
  });

  it('when the scan runs, then it reads the code of every package and finds the references there', () => {
    const files = repositoryFiles(ROOT);
    for (const dir of ['server/src/', 'terminal/src/', 'shared/src/', 'e2e/']) expect(files.some((f) => f.startsWith(dir))).toBe(true);
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
    // About 150 citations at the time of writing: a scan that finds few has stopped reading the code.
    expect(references.filter((r) => !r.file.startsWith('docs/')).length).toBeGreaterThan(100);
  });

  it('when a text cites guarantees, ranges and sections, then each is found with its line; outside documents are not', () => {
    const text = [
      'see G3 and G1–G8 (DESIGN §4)',
      'per RFC 9112 §6 and WHATWG HTML §9.2',
      'DESIGN §7.2, §1–§2; G12 but not GG1 or G1x',
    ].join('\n');
    expect(referencesIn(text, 'f.ts')).toEqual([
      { id: 'G3', file: 'f.ts', line: 1 },
      { id: 'G1', file: 'f.ts', line: 1 },
      { id: 'G8', file: 'f.ts', line: 1 },
      { id: '§4', file: 'f.ts', line: 1 },
      { id: 'G12', file: 'f.ts', line: 3 },
      { id: '§7.2', file: 'f.ts', line: 3 },
      { id: '§1', file: 'f.ts', line: 3 },
      { id: '§2', file: 'f.ts', line: 3 },
    ]);
  });

  it('when DESIGN.md is read, then its headings define §1–§7 and G1–G8 (prose does not define an id)', () => {
    const ids = designIds(`# t\n## §1 Guarantees\n### G1 — Exactly once\n## §4.2 Sub\nG2 in prose\n`);
    expect([...ids]).toEqual(['§1', 'G1', '§4.2']);
    for (const id of ['§1', '§2', '§3', '§4', '§5', '§6', '§7', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8'])
      expect(defined.has(id)).toBe(true);
  });
});
