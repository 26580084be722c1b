import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { openDatabase } from '../../src/store/open-database.js';

const child = fileURLToPath(new URL('../helpers/open-database-child.ts', import.meta.url));
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'newsdesk-open-'));
  folders.push(path);
  return path;
}

function run(path: string, startAt: number, tag: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, path, String(startAt), tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    process_.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.on('close', (code) => resolve({ code, output }));
  });
}

describe('opening the database', () => {
  it('lets several processes open one new database at the same instant, every one of them succeeding', async () => {
    const rounds = 6;
    const processes = 4;
    for (let round = 0; round < rounds; round++) {
      const path = join(folder(), 'newsdesk.db');
      const startAt = Date.now() + 2500;
      const results = await Promise.all(
        Array.from({ length: processes }, (_, index) => run(path, startAt, `${round}-${index}`)),
      );
      for (const result of results)
        expect(result, result.output).toMatchObject({ code: 0, output: 'opened\n' });
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'open'").pluck().get()).toBe(
        processes,
      );
      db.close();
    }
  });

  it('brings an old database up to date while other processes open it too', async () => {
    const path = join(folder(), 'newsdesk.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(migrations[0] ?? '');
    old.pragma('user_version = 1');
    old.close();
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, index) => run(path, startAt, `old-${index}`)),
    );
    for (const result of results) expect(result, result.output).toMatchObject({ code: 0 });
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('refuses a database written by a newer newsdesk, and leaves it as it was', () => {
    const path = join(folder(), 'newsdesk.db');
    const newer = new Database(path);
    newer.pragma(`user_version = ${migrations.length + 1}`);
    newer.close();
    expect(() => openDatabase(path)).toThrow(/newer than this newsdesk/);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    db.close();
  });
});
