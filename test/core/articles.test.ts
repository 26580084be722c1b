import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer-question.js';
import type { ArticleInput } from '../../src/corpus/article-input.js';
import { addArticle } from '../../src/corpus/add-article.js';
import { addArticles } from '../../src/corpus/add-articles.js';
import { removeArticle } from '../../src/corpus/remove-article.js';
import { syncDataDir, syncWarnings } from '../../src/corpus/sync-data-dir.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const guild = '111111111111111111';
const otherGuild = '222222222222222222';

function input(lines: string[], extra: Partial<ArticleInput> = {}): ArticleInput {
  return {
    id: null,
    title: 'Harbour reopens after storm',
    source: 'Test Wire',
    url: null,
    published: '2025-09-01T08:00:00+02:00',
    author: null,
    lines,
    ...extra,
  };
}

const harbour = [
  'The harbour of Port Ellis reopened on Monday after the storm.',
  'Mayor Ana Silva said 40 boats were damaged and two piers must be rebuilt.',
];

let app: TestApp | undefined;
afterEach(() => app?.close());

describe('the article store', () => {
  it('ships the seed article with its lines intact, the subheading a line of its own', () => {
    app = createTestApp();
    const seed = app.deps.articles.get('kallas-eu-contribution-security-guarantees', 'global');
    expect(seed).toMatchObject({ source: 'TASS', published: '2025-08-29', lineCount: 9, origin: 'data' });
    const lines = app.deps.articles.lines(seed?.rowid ?? 0);
    expect(lines[7]).toEqual({ line: 8, text: 'Copenhagen talks' });
    expect(lines[4]?.text).toMatch(/^Kallas admitted that there was no single European solution/);
  });

  it('opens the database in WAL mode with the schema migrated', () => {
    app = createTestApp();
    expect(app.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(app.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
  });

  it('reports the same text added twice as a duplicate of the existing id', () => {
    app = createTestApp();
    const first = addArticle(app.deps, input(harbour), { scope: guild, addedBy: 'u1' });
    expect(first.ok).toBe(true);
    const again = addArticle(
      app.deps,
      input(
        harbour.map((line) => `  ${line} `),
        { title: 'Other title' },
      ),
      {
        scope: guild,
        addedBy: 'u2',
      },
    );
    expect(again).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(again.ok ? '' : again.message).toContain(first.ok ? first.value.id : 'x');
    expect(app.deps.articles.count(guild)).toBe(2);
  });

  it('reports the same URL added twice as a duplicate', () => {
    app = createTestApp();
    const url = 'https://news.example/harbour';
    addArticle(app.deps, input(harbour, { url }), { scope: guild, addedBy: 'u1' });
    const again = addArticle(app.deps, input(['Different text entirely, about the harbour.'], { url }), {
      scope: guild,
      addedBy: 'u1',
    });
    expect(again).toMatchObject({ ok: false, reason: 'duplicate' });
  });

  it('refuses bad input with a clear message and stores nothing', () => {
    app = createTestApp();
    const before = app.deps.articles.count(guild);
    const cases: [ArticleInput, string, RegExp][] = [
      [input([]), 'empty', /no text/],
      [input(['   ', '']), 'empty', /no text/],
      [input(harbour, { title: null, source: null }), 'invalid', /title is missing; source is missing/],
      [input(harbour, { published: 'last Tuesday' }), 'invalid', /published must be a date-time with a zone/],
      [input(harbour, { url: 'javascript:alert(1)' }), 'invalid', /url must be an http\(s\) link/],
      [input(['x'.repeat(25_000)]), 'too-large', /Line 1 has 25000 characters/],
      [input(Array.from({ length: 6000 }, (_, index) => `Line ${index}.`)), 'too-large', /too long/],
    ];
    for (const [bad, reason, message] of cases) {
      const result = addArticle(app.deps, bad, { scope: guild, addedBy: 'u1' });
      expect(result).toMatchObject({ ok: false, reason });
      expect(result.ok ? '' : result.message).toMatch(message);
    }
    expect(app.deps.articles.count(guild)).toBe(before);
    expect(app.db.prepare('SELECT count(*) FROM sentences').pluck().get()).toBe(
      app.db.prepare('SELECT count(*) FROM sentences s JOIN articles a ON a.rowid = s.article').pluck().get(),
    );
  });

  it('only ever retrieves an article added in a server within that server', async () => {
    app = createTestApp();
    const added = addArticle(app.deps, input(harbour), { scope: guild, addedBy: 'u1' });
    expect(added.ok).toBe(true);
    const here = await answerQuestion(app.deps, {
      question: 'How many boats were damaged in Port Ellis?',
      scope: guild,
    });
    expect(here.ok && here.value.citations[0]?.quote).toContain('40 boats');
    const elsewhere = await answerQuestion(app.deps, {
      question: 'How many boats were damaged in Port Ellis?',
      scope: otherGuild,
    });
    expect(elsewhere.ok && elsewhere.value.status).toBe('abstained');
    const direct = await answerQuestion(app.deps, {
      question: 'How many boats were damaged in Port Ellis?',
      scope: 'global',
    });
    expect(direct.ok && direct.value.citations).toEqual([]);
    expect(app.deps.articles.get(added.ok ? added.value.id : '', otherGuild)).toBeUndefined();
  });

  it('removes an added article with its sentences and records who did it; curated ones are refused', () => {
    app = createTestApp();
    const added = addArticle(app.deps, input(harbour), { scope: guild, addedBy: 'u1' });
    if (!added.ok) throw new Error(added.message);
    expect(removeArticle(app.deps, added.value.id, otherGuild, 'u9')).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(removeArticle(app.deps, added.value.id, guild, 'u2')).toMatchObject({ ok: true });
    expect(
      app.db.prepare('SELECT count(*) FROM sentences WHERE article = ?').pluck().get(added.value.rowid),
    ).toBe(0);
    const log = app.db
      .prepare('SELECT actor, action FROM audit_log WHERE article_id = ? ORDER BY id')
      .all(added.value.id);
    expect(log).toEqual([
      { actor: 'u1', action: 'add' },
      { actor: 'u2', action: 'remove' },
    ]);
    expect(
      removeArticle(app.deps, 'kallas-eu-contribution-security-guarantees', 'global', 'u2'),
    ).toMatchObject({
      ok: false,
      reason: 'curated',
    });
  });
});

describe('adding articles in bulk', () => {
  const ferry = ['The night ferry to Ostrava resumes on Friday, the operator said.'];
  const budget = ['The city council passed a budget of 12 million euros for schools.'];

  it('stores every good article, reports the rest by position, and the batch is answerable', async () => {
    app = createTestApp();
    const report = addArticles(
      app.deps,
      [
        input(harbour),
        input(ferry, { title: 'Ferry' }),
        input(harbour, { title: 'Again' }),
        input([]),
        input(budget, { title: 'Budget' }),
      ],
      { scope: guild, addedBy: 'u1' },
    );
    expect(report.added.map((article) => article.title)).toEqual([
      'Harbour reopens after storm',
      'Ferry',
      'Budget',
    ]);
    expect(report.failed.map(({ position, reason }) => ({ position, reason }))).toEqual([
      { position: 2, reason: 'duplicate' },
      { position: 3, reason: 'empty' },
    ]);
    for (const article of report.added) {
      expect(app.deps.articles.get(article.id, guild)).toMatchObject({
        id: article.id,
        addedBy: 'u1',
        origin: 'added',
      });
    }
    const answer = await answerQuestion(app.deps, {
      question: 'How much is the school budget?',
      scope: guild,
    });
    expect(answer.ok && answer.value.citations[0]?.quote).toContain('12 million euros');
  });

  it('stores none of the batch when the database fails part way', () => {
    app = createTestApp();
    const count = (): unknown => app?.db.prepare('SELECT count(*) FROM articles').pluck().get();
    const before = count();
    app.db.exec(`CREATE TEMP TRIGGER fail_budget BEFORE INSERT ON articles WHEN NEW.title = 'Budget'
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() =>
      addArticles(
        app?.deps as TestApp['deps'],
        [input(harbour), input(ferry, { title: 'Ferry' }), input(budget, { title: 'Budget' })],
        {
          scope: guild,
          addedBy: 'u1',
        },
      ),
    ).toThrow(/disk full/);
    expect(count()).toBe(before);
  });
});

describe('syncing data/articles', () => {
  it('adds new files, updates changed ones, removes deleted ones, and is idempotent', () => {
    app = createTestApp();
    const directory = join(app.directory, 'articles');
    mkdirSync(directory);
    const file = (name: string, title: string, body: string) =>
      writeFileSync(
        join(directory, name),
        `---\ntitle: ${title}\nsource: Test Wire\npublished: 2025-09-02\n---\n${body}\n`,
      );
    file('a.txt', 'Alpha', 'The alpha line one.\nThe alpha line two.');
    file('b.md', 'Beta', 'The beta line.');
    writeFileSync(join(directory, 'broken.txt'), '---\ntitle: Broken\n---\nNo source or date here.');
    const first = syncDataDir(app.deps, directory);
    expect(first).toMatchObject({ added: 2, updated: 0, removed: 1, unchanged: 0 });
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]?.file).toBe('broken.txt');
    expect(syncDataDir(app.deps, directory)).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 2,
    });
    file('a.txt', 'Alpha', 'The alpha line, rewritten.');
    rmSync(join(directory, 'b.md'));
    expect(syncDataDir(app.deps, directory)).toMatchObject({
      added: 0,
      updated: 1,
      removed: 1,
      unchanged: 0,
    });
    const alpha = app.deps.articles.get('a', 'global');
    expect(alpha && app.deps.articles.lines(alpha.rowid).map((line) => line.text)).toEqual([
      'The alpha line, rewritten.',
    ]);
    expect(app.deps.articles.get('b', 'global')).toBeUndefined();
  });

  it('says why each file was skipped, a binary one as binary, and keeps the curated articles when the folder is missing', () => {
    app = createTestApp();
    expect(app.curated).toMatchObject({ missing: false, problems: [] });
    const directory = join(app.directory, 'articles');
    mkdirSync(directory);
    writeFileSync(
      join(directory, 'scan.txt'),
      Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff]),
    );
    writeFileSync(join(directory, 'notes.md'), '---\ntitle: Notes\nsource: Wire\n---\nBody.\n');
    const report = syncDataDir(app.deps, directory);
    expect(syncWarnings(report)).toEqual([
      `Skipped ${join(directory, 'notes.md')}: The article's details are not usable: published is missing. An article needs a title, a source and a published date, given as options or in its front matter.`,
      `Skipped ${join(directory, 'scan.txt')}: "scan.txt" looks like a binary file, not text. Save the article as text (.txt, .md or .html) and try again.`,
    ]);

    const before = app.deps.articles.dataArticles().length;
    const missing = syncDataDir(app.deps, join(app.directory, 'nowhere'));
    expect(missing).toMatchObject({ missing: true, removed: 0 });
    expect(syncWarnings(missing)[0]).toMatch(/nowhere does not exist, so nothing was synced from it/);
    expect(app.deps.articles.dataArticles()).toHaveLength(before);
  });

  it('keeps everything when a second process opens the same database', () => {
    app = createTestApp();
    const added = addArticle(app.deps, input(harbour), { scope: guild, addedBy: 'u1' });
    const second = openDatabase(app.deps.config.NEWSDESK_DB);
    expect(second.prepare('SELECT rowid FROM articles WHERE scope = ?').pluck().all(guild)).toEqual([
      added.ok ? added.value.rowid : 0,
    ]);
    second.close();
  });
});
