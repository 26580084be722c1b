import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.js';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/** Thrown when the database file cannot be opened or migrated. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

/**
 * Opens (creating if needed) the SQLite file at `path` in WAL mode and brings its schema up to date.
 * `:memory:` is accepted for throwaway stores.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw new DatabaseError(`Cannot open the database at ${path}`, { cause: error });
  }
  // Waiting on another process's lock comes first: switching to WAL and migrating both need a lock.
  db.pragma('busy_timeout = 10000');
  try {
    whileBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`Cannot prepare the database at ${path}`, { cause: error });
  }
  return db;
}

/** How long opening waits for other processes that hold the database's locks. */
const busyWaitMs = 10_000;

/**
 * Runs `work`, trying again while SQLite answers "database is locked": switching a new file to WAL can be refused
 * at once, without waiting on the busy timeout, while another process is creating or switching the same file.
 */
function whileBusy<T>(work: () => T): T {
  const deadline = Date.now() + busyWaitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() >= deadline) throw error;
      // Opening is synchronous (the app is built before anything else runs), so the pause is too.
      Atomics.wait(pause, 0, 0, Math.min(200, 5 * attempt + Math.random() * 20));
    }
  }
}

function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date in ONE `IMMEDIATE` transaction that also reads the version, so any number of
 * processes opening the same new or old database at once agree: the first migrates, the others wait for its lock,
 * then find nothing left to do.
 */
function migrate(db: Db): void {
  if (schemaVersion(db) === migrations.length) return;
  db.transaction(() => {
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new DatabaseError(
        `The database schema (version ${current}) is newer than this newsdesk (version ${migrations.length}); upgrade newsdesk.`,
      );
    }
    for (let version = current; version < migrations.length; version++) db.exec(migrations[version] ?? '');
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
