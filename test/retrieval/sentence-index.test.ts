import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addArticle } from '../../src/corpus/add-article.js';
import { silentLogger } from '../../src/logger.js';
import { createIndexRetriever } from '../../src/retrieval/index-retriever.js';
import { readSnapshot, writeSnapshot } from '../../src/retrieval/index-snapshot.js';
import { SentenceIndex } from '../../src/retrieval/sentence-index.js';
import { queryTerms, stem, stopWords, tokenize } from '../../src/retrieval/tokenize.js';
import { ArticleStore } from '../../src/corpus/article-store.js';
import { openDatabase } from '../../src/store/open-database.js';

const sentences = [
  'The central bank raised interest rates by half a point on Tuesday.',
  'Farmers protested against the new tariffs on grain exports.',
  'The bank said inflation would fall next year, the bank governor added.',
  'Storms flooded the coastal town and closed the port.',
  'Interest in the football final reached record levels.',
  'Grain prices rose after the port closed for a week.',
  'The governor of the central bank spoke to parliament about rates.',
  'A new port terminal will handle grain and coal.',
];

const analysed = new Map<string, { length: number; terms: string[] }>();

/** A sentence's length in words and its stemmed content words. */
function analyse(text: string): { length: number; terms: string[] } {
  let found = analysed.get(text);
  if (!found) {
    const words = tokenize(text);
    found = {
      length: words.length,
      terms: words.filter((word) => !stopWords.has(word) && word.length > 1).map(stem),
    };
    analysed.set(text, found);
  }
  return found;
}

/**
 * A plain bm25 over every sentence, as FTS5 defines it, to check the index against: terms summed in query order,
 * ties to the earlier sentence. `counted` are the sentences document frequencies count (tombstoned ones included
 * until the index is frozen again, never more than
 * the live sentences); ids are positions + 1 unless given.
 */
function bruteForce(
  texts: readonly string[],
  query: string,
  limit: number,
  options: { ids?: readonly number[]; counted?: readonly string[] } = {},
): { id: number; score: number }[] {
  const documents = texts.map(analyse);
  const counted = (options.counted ?? texts).map(analyse);
  const average = documents.reduce((sum, document) => sum + document.length, 0) / documents.length;
  const terms = queryTerms(query);
  const containingCounts = terms.map((term) =>
    Math.min(counted.filter((other) => other.terms.includes(term)).length, documents.length),
  );
  const scores = documents.map((document, index) => {
    let score = 0;
    for (const [position, term] of terms.entries()) {
      const frequency = document.terms.filter((candidate) => candidate === term).length;
      if (frequency === 0) continue;
      const containing = containingCounts[position] ?? 0;
      const idf = Math.max(Math.log((documents.length - containing + 0.5) / (containing + 0.5)), 1e-6);
      score +=
        (idf * (1.2 + 1) * frequency) / (frequency + 1.2 * (1 - 0.75 + (0.75 * document.length) / average));
    }
    return { id: options.ids?.[index] ?? index + 1, score };
  });
  return scores
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score || left.id - right.id)
    .slice(0, limit);
}

/** A corpus large enough for pruning to matter: Zipf-like word choice from a small vocabulary, repeats included. */
function syntheticSentences(count: number): string[] {
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4_294_967_296;
  };
  const vocabulary = Array.from({ length: 300 }, (_, index) => `word${index.toString(36)}x`);
  return Array.from({ length: count }, () => {
    const length = 3 + Math.floor(random() * 25);
    const words = Array.from(
      { length },
      () => vocabulary[Math.floor(random() ** 3 * vocabulary.length)] ?? 'word',
    );
    if (random() < 0.3) words.push('the', 'of');
    return `${words.join(' ')}.`;
  });
}

/** The index as a snapshot file gives it back, or null when the snapshot does not read. */
function roundTrip(index: SentenceIndex): SentenceIndex | null {
  const read = readSnapshot(
    Buffer.concat(writeSnapshot(index, { databaseId: 'test', lastSentence: 0, lastDeletion: 0 })),
  );
  return read.ok ? read.value.index : null;
}

describe('stems', () => {
  it('gives the forms Porter splits one stem, as Porter2 does, and keeps "news" apart from "new"', () => {
    expect(new Set(['die', 'dies', 'died', 'dying'].map(stem))).toEqual(new Set(['die']));
    expect(new Set(['lie', 'lied', 'lying'].map(stem))).toEqual(new Set(['lie']));
    expect(new Set(['try', 'tries', 'tried', 'trying'].map(stem))).toEqual(new Set([stem('try')]));
    expect(new Set(['fly', 'flies', 'flying'].map(stem))).toEqual(new Set([stem('fly')]));
    expect(stem('news')).not.toBe(stem('new'));
    expect(stem('skies')).toBe(stem('sky'));
    expect(stem('sky')).not.toBe(stem('ski'));
    // An irregular verb's past forms are its base form: questions ask "did … withdraw", articles say "withdrew".
    expect(new Set(['withdraw', 'withdrew', 'withdrawn', 'withdrawing'].map(stem))).toEqual(
      new Set(['withdraw']),
    );
    expect(['won', 'led', 'thought', 'went', 'fled'].map(stem)).toEqual([
      'win',
      'lead',
      'think',
      'go',
      'flee',
    ]);
    expect(stem('ground')).toBe('ground');
    expect(['wives', 'children', 'men', 'teeth'].map(stem)).toEqual(['wife', 'child', 'man', 'tooth']);
    expect(stem('lives')).toBe(stem('live'));
    // Everything else is Porter's, as SQLite's FTS5 stems it.
    expect(['running', 'elections', 'happily', 'denied'].map(stem)).toEqual([
      'run',
      'elect',
      'happili',
      'deni',
    ]);
  });
});

describe('SentenceIndex', () => {
  const questions = [
    'central bank interest rates',
    'grain port',
    'what did the governor say about inflation?',
    'storms in the town',
    'football',
  ];

  it('ranks exactly as a brute-force bm25 scorer, before and after freezing', () => {
    const index = new SentenceIndex();
    sentences.forEach((text, position) => index.add(position + 1, 'global', text));
    for (const frozen of [false, true]) {
      if (frozen) index.freeze();
      for (const question of questions) {
        for (const limit of [1, 3, 8]) {
          const hits = index.search(queryTerms(question), ['global'], limit);
          const expected = bruteForce(sentences, question, limit);
          expect(hits.map((hit) => hit.sentenceId)).toEqual(expected.map((entry) => entry.id));
          expect(hits.map((hit) => hit.score)).toEqual(expected.map((entry) => entry.score));
        }
      }
    }
  });

  it('reads a term no sentence has as a slip for the likeliest indexed term, and keeps it when none is near', () => {
    const index = new SentenceIndex();
    [
      'Gandhi led the salt march.',
      'Septicemic plague spreads through the blood.',
      'The governor greeted the governess.',
      'The ferry crossed the channel.',
    ].forEach((text, position) => index.add(position + 1, 'global', text));
    const slips = ['gandi', 'septicemia', 'govrnor', 'quizzical', 'ferri', 'abou', 'gandh1', 'g'.repeat(40)];
    for (const frozen of [false, true]) {
      const current = frozen ? roundTrip(index) : index;
      if (current === null) throw new Error('snapshot did not load');
      // A dropped letter, a longer ending than the stemmer left, another dropped letter; nothing near; known; too short;
      // a code with a digit; a run of letters too long to be a word.
      expect(current.spell(slips.map(stem))).toEqual([
        'gandhi',
        stem('septicemic'),
        stem('governor'),
        stem('quizzical'),
        stem('ferry'),
        'abou',
        'gandh1',
        'g'.repeat(40),
      ]);
      const hits = current.search(current.spell(queryTerms('Who was Gandi?')), ['global'], 3);
      expect(hits.map((hit) => hit.sentenceId)).toEqual([1]);
    }
  });

  it('keeps exact brute-force bm25 scores and order with pruning, a half-frozen index and tombstones', () => {
    const texts = syntheticSentences(3000);
    const index = new SentenceIndex();
    texts.slice(0, 2000).forEach((text, position) => index.add(position + 1, 'global', text));
    index.freeze();
    texts.slice(2000).forEach((text, position) => index.add(position + 2001, 'global', text));
    const queries = Array.from({ length: 40 }, (_, query) =>
      [0, 1, 2, 3, 4]
        .slice(0, 1 + (query % 5))
        .map((offset) => `word${((query * 7 + offset * 13) % 300).toString(36)}x`)
        .join(' '),
    );
    const check = (live: number[], counted: readonly string[]): void => {
      for (const query of queries) {
        for (const limit of [1, 5, 50]) {
          const expected = bruteForce(
            live.map((id) => texts[id - 1] ?? ''),
            query,
            limit,
            { ids: live, counted },
          );
          const hits = index.search(queryTerms(query), ['global'], limit);
          expect(hits.map((hit) => hit.sentenceId)).toEqual(expected.map((entry) => entry.id));
          expect(hits.map((hit) => hit.score)).toEqual(expected.map((entry) => entry.score));
        }
      }
    };
    const all = texts.map((_, position) => position + 1);
    check(all, texts);
    const removed = new Set(all.filter((id) => id % 7 === 0 || (id > 2000 && id % 5 === 0)));
    for (const id of removed) index.remove(id);
    const live = all.filter((id) => !removed.has(id));
    check(live, texts);
    index.freeze();
    check(
      live,
      live.map((id) => texts[id - 1] ?? ''),
    );
  });

  it("never returns a guild's sentence to another guild, and shows global ones to all", () => {
    const index = new SentenceIndex();
    index.add(1, '111111', 'Guild one keeps its secret harvest report.');
    index.add(2, '222222', 'Guild two keeps its own harvest report.');
    index.add(3, 'global', 'A public harvest report for everyone.');
    const ids = (scope: string): number[] =>
      index
        .search(queryTerms('harvest report'), ['global', scope], 10)
        .map((hit) => hit.sentenceId)
        .sort();
    expect(ids('111111')).toEqual([1, 3]);
    expect(ids('222222')).toEqual([2, 3]);
    expect(ids('333333')).toEqual([3]);
  });

  it('forgets removed sentences and survives a snapshot round trip', () => {
    const index = new SentenceIndex();
    sentences.forEach((text, position) => index.add(position + 1, 'global', text));
    index.remove(1);
    const restored = roundTrip(index);
    expect(restored).not.toBeNull();
    const hits = restored?.search(queryTerms('central bank rates'), ['global'], 8) ?? [];
    expect(hits.map((hit) => hit.sentenceId)).not.toContain(1);
    expect(hits.map((hit) => hit.sentenceId)).toEqual(
      index.search(queryTerms('central bank rates'), ['global'], 8).map((hit) => hit.sentenceId),
    );
  });

  it('ranks exactly after a snapshot is loaded, grown with new and known words, and saved and loaded again', () => {
    const texts = syntheticSentences(1500);
    const ids = texts.map((_, position) => position + 1);
    const first = new SentenceIndex();
    texts.slice(0, 1000).forEach((text, position) => first.add(position + 1, 'global', text));
    const loaded = roundTrip(first);
    if (loaded === null) throw new Error('the snapshot did not load');
    // The later sentences bring words the snapshot's vocabulary lacks as well as words it has.
    texts.slice(1000).forEach((text, position) => loaded.add(position + 1001, 'global', `${text} zebra`));
    const grown = texts.map((text, position) => (position < 1000 ? text : `${text} zebra`));
    const reloaded = roundTrip(loaded);
    if (reloaded === null) throw new Error('the second snapshot did not load');
    const queries = [
      'zebra',
      ...Array.from({ length: 20 }, (_, query) => `word${(query * 11).toString(36)}x zebra`),
    ];
    for (const index of [loaded, reloaded]) {
      for (const query of queries) {
        const expected = bruteForce(grown, query, 10, { ids });
        const hits = index.search(queryTerms(query), ['global'], 10);
        expect(hits.map((hit) => hit.sentenceId)).toEqual(expected.map((entry) => entry.id));
        expect(hits.map((hit) => hit.score)).toEqual(expected.map((entry) => entry.score));
      }
      expect(index.documentFrequency('zebra')).toBe(500);
    }
  });
});

describe('createIndexRetriever', () => {
  let directory = '';
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  /** A new database file with a retriever snapshotted beside it, and a way to add one-line-per-text articles. */
  function openIndexedDatabase() {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-index-'));
    const path = join(directory, 'news.db');
    const db = openDatabase(path);
    const deps = {
      articles: new ArticleStore(db),
      clock: { now: () => new Date('2025-01-01') },
      logger: silentLogger,
    };
    const retriever = createIndexRetriever(db, { snapshotPath: `${path}.index` });
    const add = (id: string, scope: string, ...lines: string[]) => {
      const stored = addArticle(
        deps,
        { id, title: id, source: 'Test', url: null, published: '2025-01-01', author: null, lines },
        { scope, addedBy: null },
      );
      if (!stored.ok) throw new Error(stored.message);
      return stored.value;
    };
    return { path, db, deps, retriever, add };
  }

  it('follows articles added and removed in the database and reloads the same index from its snapshot', () => {
    const { path, db, deps, retriever, add } = openIndexedDatabase();
    add('harbour', 'global', 'The harbour reopened after the storm.');
    const guild = add('guild-note', '123456', 'The guild harbour plan stays private.');
    const search = (scope: string) =>
      retriever.search({ text: 'harbour', scope, limit: 10 }).map((hit) => hit.text);
    expect(search('123456')).toHaveLength(2);
    expect(search('999999')).toEqual(['The harbour reopened after the storm.']);
    deps.articles.remove(guild, null, new Date());
    expect(search('123456')).toEqual(['The harbour reopened after the storm.']);
    retriever.saveSnapshot();
    add('harbour-two', 'global', 'A second harbour story arrived later.');
    db.close();

    const reopened = openDatabase(path);
    const again = createIndexRetriever(reopened, { snapshotPath: `${path}.index` });
    expect(
      again
        .search({ text: 'harbour', scope: '123456', limit: 10 })
        .map((hit) => hit.text)
        .sort(),
    ).toEqual(['A second harbour story arrived later.', 'The harbour reopened after the storm.']);
    reopened.close();
  });

  it('saves the index on persist only when it changed, so the next start loads it without re-indexing', () => {
    const { path, db, retriever, add } = openIndexedDatabase();
    const snapshot = `${path}.index`;
    add('late', 'global', 'The late ferry story.', 'It came last.');
    expect(existsSync(snapshot)).toBe(false);
    retriever.persist();
    const lastSentence = db.prepare('SELECT max(id) FROM sentences').pluck().get();
    const saved = readSnapshot(readFileSync(snapshot));
    expect(saved.ok && saved.value.state).toMatchObject({ lastSentence });
    utimesSync(snapshot, new Date(0), new Date(0));
    retriever.persist();
    expect(statSync(snapshot).mtimeMs).toBe(0);
    db.close();
  });
});
