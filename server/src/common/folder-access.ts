/**
 * Whether another account can use a path, read from the permission bits of the path and every
 * folder above it (owner, group, others; supplementary groups and ACLs are not consulted, so the
 * answer errs towards "no"). Used as root, to know whether PostgreSQL — which refuses to run as
 * root and runs as its own account — can reach its binaries and its data folder.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Account {
  uid: number;
  gid: number;
}

const EXECUTE = { owner: 0o100, group: 0o010, other: 0o001 };

function canSearch(path: string, account: Account): boolean {
  const stat = statSync(path);
  if (stat.uid === account.uid) return (stat.mode & EXECUTE.owner) !== 0;
  if (stat.gid === account.gid) return (stat.mode & EXECUTE.group) !== 0;
  return (stat.mode & EXECUTE.other) !== 0;
}

/**
 * The first folder on the way to `path` (itself included when it is a folder) that `account` may
 * not enter, or null when every existing one can be entered. Parts that do not exist yet are not
 * judged: whoever creates them decides their mode.
 */
export function firstBlockedFolder(path: string, account: Account): string | null {
  const folders: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    folders.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of folders) {
    let blocked: boolean;
    try {
      blocked = statSync(folder).isDirectory() && !canSearch(folder, account);
    } catch {
      return null;
    }
    if (blocked) return folder;
  }
  return null;
}
