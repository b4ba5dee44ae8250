/** Size-based rotation of the services' log files (issue #19 §4), on a real folder. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logFilePath, rotatingFileDestination } from './log-destination.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('rotating log file', () => {
  it('when more is written than fits, then the newest lines are in the current file, older ones shifted up, at most `keep` kept, no line split', () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-log-rotation-'));
    const destination = rotatingFileDestination({ dir, name: 'svc', maxBytes: 100, keep: 3 });
    const line = (i: number) => `${JSON.stringify({ i, pad: 'x'.repeat(20) })}\n`; // 40 bytes: two per file
    for (let i = 0; i < 20; i++) destination.write(line(i));

    expect(readdirSync(dir).sort()).toEqual(['svc.1.log', 'svc.2.log', 'svc.3.log', 'svc.log']);
    const read = (index: number) =>
      readFileSync(logFilePath(dir, 'svc', index), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { i: number }).i);
    // Oldest kept first: .3, .2, .1, then the current file; lines 0–11 were rotated away.
    expect([3, 2, 1, 0].flatMap(read)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    for (const index of [0, 1, 2, 3]) expect(readFileSync(logFilePath(dir, 'svc', index), 'utf8').length).toBeLessThanOrEqual(100);
  });

  it('when the folder already holds a file, then lines are appended to it and its size counts', () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-log-rotation-'));
    rotatingFileDestination({ dir, name: 'svc', maxBytes: 100 }).write('{"first":true}\n');
    const again = rotatingFileDestination({ dir, name: 'svc', maxBytes: 100 });
    again.write(`${JSON.stringify({ pad: 'y'.repeat(90) })}\n`);
    expect(readFileSync(logFilePath(dir, 'svc', 1), 'utf8')).toBe('{"first":true}\n');
    expect(readFileSync(logFilePath(dir, 'svc'), 'utf8')).toContain('yyyy');
  });
});
