import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer-question.js';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { addArticle } from '../../src/corpus/add-article.js';
import type { Logger } from '../../src/logger.js';
import { silentLogger } from '../../src/logger.js';
import { createIndexRetriever } from '../../src/retrieval/index-retriever.js';
import { ArticleStore } from '../../src/corpus/article-store.js';
import { openDatabase } from '../../src/store/open-database.js';

interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, to check the reason given for a rebuild. */
function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      entries.push({ level, message, fields });
    };
  return { entries, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

const towns = ['Arvik', 'Belmora', 'Corran', 'Dunsel', 'Estrava', 'Falkirr', 'Gorran', 'Hallow'];

let directory = '';
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** Creates a database file of `count` one-town articles (town names offset by `from`) and saves its snapshot. */
function createDatabase(name: string, count: number, from = 0): string {
  const path = join(directory, name);
  const db = openDatabase(path);
  const deps = {
    articles: new ArticleStore(db),
    clock: { now: () => new Date('2025-01-01') },
    logger: silentLogger,
  };
  for (let index = 0; index < count; index++) {
    const town = `${towns[(index + from) % towns.length]}${Math.floor((index + from) / towns.length)}`;
    const stored = addArticle(
      deps,
      {
        id: null,
        title: `News from ${town}`,
        source: 'Test Wire',
        url: null,
        published: '2025-01-01',
        author: null,
        lines: [
          `The ferry to ${town} was cancelled on Monday after a storm.`,
          `The harbour master of ${town} said ${index + 3} boats were damaged.`,
        ],
      },
      { scope: 'global', addedBy: null },
    );
    if (!stored.ok) throw new Error(stored.message);
  }
  createIndexRetriever(db, { snapshotPath: `${path}.index` }).persist();
  db.close();
  return path;
}

/** Opens the database with a fresh retriever, returning what it logged and how many articles it can find. */
function reopen(path: string): { entries: LogEntry[]; found: number; articles: number } {
  const logger = recordingLogger();
  const db = openDatabase(path);
  const retriever = createIndexRetriever(db, { snapshotPath: `${path}.index`, logger });
  const titles = db.prepare('SELECT title FROM articles').pluck().all() as string[];
  const found = titles.filter((title) => {
    const town = title.replace('News from ', '');
    return retriever
      .search({ text: `harbour master ${town}`, scope: 'global', limit: 5 })
      .some((hit) => hit.text.includes(town));
  }).length;
  db.close();
  return { entries: logger.entries, found, articles: titles.length };
}

/** Turns one byte of `bytes` into another. */
function flip(bytes: Buffer, at: number): void {
  bytes.writeUInt8((bytes.readUInt8(at) ^ 0x5a) & 0xff, at);
}

function rebuildReasons(entries: readonly LogEntry[]): unknown[] {
  return entries.filter((entry) => entry.level === 'warn').map((entry) => entry.fields.reason);
}

describe('the search index snapshot', () => {
  it('loads a snapshot that belongs to its database without a word', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 60);
    const again = reopen(path);
    expect(again.entries).toEqual([]);
    expect(again.found).toBe(60);
  });

  it.each([
    [
      'a few flipped bytes',
      (bytes: Buffer) => [0.3, 0.55, 0.9].forEach((at) => flip(bytes, Math.floor(bytes.length * at))),
    ],
    [
      'a zeroed block',
      (bytes: Buffer) => bytes.fill(0, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 512),
    ],
    ['a flipped byte in the header', (bytes: Buffer) => flip(bytes, 70)],
  ])('detects %s, says so, rebuilds and finds every article again', (_, damage) => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 60);
    const bytes = readFileSync(`${path}.index`);
    damage(bytes);
    writeFileSync(`${path}.index`, bytes);
    const damaged = reopen(path);
    expect(rebuildReasons(damaged.entries)).toEqual([expect.stringMatching(/checksum/)]);
    expect(damaged.found).toBe(60);
    // The rebuilt snapshot was saved and is trusted next time.
    expect(reopen(path).entries).toEqual([]);
  });

  it('rebuilds a snapshot of an older format (its terms were stemmed otherwise) and says why', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 60);
    const bytes = readFileSync(`${path}.index`);
    bytes.writeUInt32LE(0x4e445834, 0); // "NDX4": before "died" and "die" shared a stem
    writeFileSync(`${path}.index`, bytes);
    const older = reopen(path);
    expect(rebuildReasons(older.entries)).toEqual([expect.stringMatching(/older newsdesk/)]);
    expect(older.found).toBe(60);
    expect(reopen(path).entries).toEqual([]);
  });

  it('rebuilds when the snapshot is cut short', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 60);
    const bytes = readFileSync(`${path}.index`);
    writeFileSync(`${path}.index`, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const cut = reopen(path);
    expect(rebuildReasons(cut.entries)).toHaveLength(1);
    expect(cut.found).toBe(60);
  });

  it("refuses another database's snapshot, rebuilds, and answers from its own articles", async () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 60);
    const other = createDatabase('other.db', 80, 3);
    copyFileSync(`${other}.index`, `${path}.index`);
    const articlesDirectory = join(directory, 'no-curated-articles');
    mkdirSync(articlesDirectory);
    const logger = recordingLogger();
    const app = createApp(
      loadConfig({ NEWSDESK_DB: path, NEWSDESK_ARTICLES_DIR: articlesDirectory }, { dotenv: false }),
      { logger, chatModel: null },
    );
    const { deps } = app;
    try {
      expect(rebuildReasons(logger.entries)).toEqual(['the snapshot belongs to another database']);
      const result = await answerQuestion(deps, {
        question: 'How many boats were damaged in Arvik0?',
        scope: 'global',
      });
      expect(result.ok && result.value.citations[0]?.quote).toBe(
        'The harbour master of Arvik0 said 3 boats were damaged.',
      );
    } finally {
      app.db.close();
    }
    expect(reopen(path).found).toBe(60);
  });

  it('rebuilds when the database is older than its snapshot (restored from a copy)', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 20);
    copyFileSync(path, join(directory, 'backup.db'));
    const db = openDatabase(path);
    const deps = {
      articles: new ArticleStore(db),
      clock: { now: () => new Date('2025-01-01') },
      logger: silentLogger,
    };
    addArticle(
      deps,
      {
        id: null,
        title: 'Late news',
        source: 'Test',
        url: null,
        published: '2025-01-01',
        author: null,
        lines: ['A late ferry story.'],
      },
      { scope: 'global', addedBy: null },
    );
    createIndexRetriever(db, { snapshotPath: `${path}.index` }).persist();
    db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    copyFileSync(join(directory, 'backup.db'), path);
    const restored = reopen(path);
    expect(rebuildReasons(restored.entries)).toEqual([expect.stringMatching(/ahead of the database/)]);
    expect(restored).toMatchObject({ found: 20, articles: 20 });
  });

  it("writes through a temporary file of its own, never another process's", () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-snapshot-'));
    const path = createDatabase('news.db', 10);
    writeFileSync(`${path}.index.tmp`, 'another process is writing here');
    const db = openDatabase(path);
    const retriever = createIndexRetriever(db, { snapshotPath: `${path}.index` });
    retriever.saveSnapshot();
    retriever.saveSnapshot();
    db.close();
    expect(readFileSync(`${path}.index.tmp`, 'utf8')).toBe('another process is writing here');
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual(['news.db.index.tmp']);
    expect(reopen(path).entries).toEqual([]);
  });
});
