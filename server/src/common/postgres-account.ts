/**
 * Running the embedded PostgreSQL as root. PostgreSQL refuses to run as root, so it runs as the
 * system account `postgres` (created when missing). That account must be able to reach its
 * binaries and its data folder; a clone inside a private folder (a home directory with mode 700,
 * the usual case in a container) denies it both. Then:
 *   - the binaries are copied once per version into a shared folder the account can reach;
 *   - the data folder moves to that shared folder, owned by `postgres`, and the requested place
 *     becomes a symbolic link to it — so the data stays where the user looks for it, and a second
 *     start finds the same data.
 * Where that is impossible it throws an EmbeddedPostgresError naming the folder and what to do.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';
import { type Account, firstBlockedFolder } from './folder-access.ts';

export const POSTGRES_ACCOUNT = 'postgres';
const SHARED_FOLDER_CANDIDATES = ['/var/lib/pos-embedded-postgres', join(tmpdir(), 'pos-embedded-postgres')];
const COPY_COMPLETE = '.copy-complete';

export const runsAsRoot = (): boolean => process.getuid?.() === 0;

function idOf(flag: '-u' | '-g'): number | null {
  try {
    return Number.parseInt(execFileSync('id', [flag, POSTGRES_ACCOUNT], { encoding: 'utf8', stdio: 'pipe' }), 10);
  } catch {
    return null;
  }
}

/** The `postgres` system account, created when it does not exist yet. */
export function postgresAccount(): Account {
  if (idOf('-u') === null) {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_ACCOUNT], {
        stdio: 'pipe',
      });
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root and the system account "${POSTGRES_ACCOUNT}" could not be created (${(error as Error).message.split('\n')[0]}): create it with "useradd --system ${POSTGRES_ACCOUNT}", or run as a non-root user.`,
      );
    }
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === null || gid === null) throw new EmbeddedPostgresError(`The system account "${POSTGRES_ACCOUNT}" has no user or group id.`);
  return { uid, gid };
}

/** A folder every account may enter, for what PostgreSQL's account must reach. */
function sharedFolder(account: Account): string {
  for (const candidate of SHARED_FOLDER_CANDIDATES) {
    try {
      mkdirSync(candidate, { recursive: true, mode: 0o755 });
      chmodSync(candidate, 0o755);
      if (firstBlockedFolder(candidate, account) === null) return candidate;
    } catch {
      // try the next one
    }
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL runs as the account "${POSTGRES_ACCOUNT}", and none of ${SHARED_FOLDER_CANDIDATES.join(', ')} can be created where it may reach them: make one of them a folder with mode 755, or run as a non-root user.`,
  );
}

/**
 * The folder of PostgreSQL's binaries (`bin/`, `lib/`, `share/`) that `account` can run: the
 * package's own when reachable, otherwise a copy per version in the shared folder.
 */
export function reachableBinaries(nativeDir: string, version: string, account: Account): string {
  if (firstBlockedFolder(join(nativeDir, 'bin'), account) === null) return nativeDir;
  const target = join(sharedFolder(account), `postgres-${version}`);
  if (existsSync(join(target, COPY_COMPLETE))) return target;
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(partial, COPY_COMPLETE), `copied from ${nativeDir}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return target;
}

export interface DataFolder {
  /** Where PostgreSQL keeps the cluster (may differ from the requested path). */
  path: string;
  /** Set when the data lives elsewhere than requested: why, in a sentence for the start output. */
  relocatedBecause?: string;
}

function ownedByAccount(path: string, account: Account): void {
  if (existsSync(path) && readdirSync(path).length > 0 && !existsSync(join(path, 'PG_VERSION')))
    throw new EmbeddedPostgresError(
      `${path} is not empty and holds no PostgreSQL data: point POS_DATA_DIR at an empty folder or at the stack's own data.`,
    );
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chownSync(path, account.uid, account.gid);
  chmodSync(path, 0o700);
}

/**
 * Makes `requested` usable as PostgreSQL's data folder by `account`: owned by it when reachable;
 * otherwise moved into the shared folder with `requested` left as a symbolic link to it.
 */
export function reachableDataFolder(requested: string, account: Account): DataFolder {
  const path = resolve(requested);
  if (existsSync(path) && lstatSync(path).isSymbolicLink()) {
    const target = resolve(join(path, '..'), readlinkSync(path));
    const blocked = firstBlockedFolder(dirname(target), account);
    if (blocked) throw blockedError(target, blocked);
    ownedByAccount(target, account);
    return { path: target, relocatedBecause: `${path} links there` };
  }
  // The data folder itself is handed to the account; only the folders above it must let it in.
  const blocked = firstBlockedFolder(dirname(path), account);
  if (blocked === null) {
    ownedByAccount(path, account);
    return { path };
  }
  if (existsSync(path) && readdirSync(path).length > 0) throw blockedError(path, blocked);
  const digest = createHash('sha256').update(path).digest('hex').slice(0, 16);
  const target = join(sharedFolder(account), `data-${digest}`);
  ownedByAccount(target, account);
  rmSync(path, { recursive: true, force: true });
  mkdirSync(join(path, '..'), { recursive: true });
  symlinkSync(target, path);
  return {
    path: target,
    relocatedBecause: `${blocked} is private to root, so ${path} links there`,
  };
}

function blockedError(path: string, blocked: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `PostgreSQL runs as the account "${POSTGRES_ACCOUNT}", which cannot enter ${blocked} to reach its data in ${path}: move that data to a folder it may reach and point POS_DATA_DIR there, or give it access with "chmod o+x ${blocked}".`,
  );
}
