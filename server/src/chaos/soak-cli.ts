/**
 * `pnpm test:chaos` — the randomized soak (soak.ts) against a fresh embedded PostgreSQL.
 *
 *   --seed <n>        the fault schedule's seed (default: random; always printed, replay with it)
 *   --duration <s>    seconds of selling under faults (default 60: the CI soak)
 *   --long            a long soak: 600 s unless --duration says otherwise
 *   --tills <n>       tills (default 3; the real till core, headless-till.ts)
 *   --history <path>  where the JSON-lines history goes (default: the temp folder; printed)
 *   --bound <s>       liveness bound: every queue drained and every saga final this long after the
 *                     faults healed (default 20; soak-checker.ts)
 *
 * Exit code 0 when the checker found no violation; 1 otherwise, with the seed to replay.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../common/embedded-postgres.ts';
import { freePort } from '../stack/free-port.ts';
import { LIVENESS_BOUNDS } from './soak-checker.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    duration: { type: 'string' },
    long: { type: 'boolean', default: false },
    tills: { type: 'string', default: '3' },
    history: { type: 'string' },
    bound: { type: 'string', default: String(LIVENESS_BOUNDS.drainAfterHealMs / 1000) },
  },
});
const positiveInt = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${raw}`);
    process.exit(2);
  }
  return n;
};
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positiveInt('seed', values.seed);
const durationS = values.duration === undefined ? (values.long ? 600 : 60) : positiveInt('duration', values.duration);
const historyPath = values.history ?? join(tmpdir(), `pos-soak-${seed}-${Date.now()}.jsonl`);

console.log(`soak: seed ${seed}, ${durationS} s, ${values.tills} tills — replay with --seed ${seed}`);
console.log(`soak: history → ${historyPath}`);

const dataDir = mkdtempSync(join(tmpdir(), 'pos-soak-pg-'));
// Run as root, PostgreSQL runs as its own system user, which must be able to enter this folder.
chmodSync(dataDir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
process.env.POS_TEST_DATABASE_URL = pg.url('postgres');
let exitCode = 1;
try {
  const { runSoak } = await import('./soak.ts');
  const report = await runSoak({
    seed,
    durationMs: durationS * 1000,
    tills: positiveInt('tills', values.tills),
    historyPath,
    livenessBoundMs: positiveInt('bound', values.bound) * 1000,
    log: (line) => console.log(`soak: ${line}`),
  });
  const { violations, ...summary } = report;
  console.log(JSON.stringify({ ...summary, violations: violations.length }, null, 2));
  if (violations.length === 0) {
    console.log(`soak: PASS (seed ${seed})`);
    exitCode = 0;
  } else {
    for (const v of violations.slice(0, 50)) console.log(`soak: ${v.guarantee}: ${v.message}`);
    if (violations.length > 50) console.log(`soak: … ${violations.length - 50} more`);
    console.log(`soak: FAIL — ${violations.length} violations; replay with --seed ${seed}; history ${historyPath}`);
  }
} catch (error) {
  console.error(error);
  console.log(`soak: FAIL — the run broke; replay with --seed ${seed}; history ${historyPath}`);
} finally {
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
