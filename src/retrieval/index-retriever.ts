import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { silentLogger, type Logger } from '../logger.js';
import type { Db } from '../store/open-database.js';
import { readSnapshot, writeSnapshot, type SnapshotState } from './index-snapshot.js';
import { hitRows } from './hit-rows.js';
import type { RetrievalQuery, RetrievedSentence, Retriever, TermStats } from './retriever.js';
import { SentenceIndex } from './sentence-index.js';
import { queryTerms } from './tokenize.js';

/** The newsdesk retriever: an in-memory index kept in step with the database, which stays the source of truth. */
export interface IndexRetriever extends Retriever {
  /** Writes the index to its snapshot file (if it has one) so the next start loads instead of rebuilding. */
  saveSnapshot(): void;
  /** Brings the index up to date with sentences added or deleted since it last looked. */
  catchUp(): void;
}

/** Postings added since the last freeze are moved into flat arrays (and a snapshot written) past this many. */
const freezeAfterPostings = 2_000_000;

/**
 * Creates the newsdesk retriever: bm25 over sentences from a compact in-memory inverted index (see `SentenceIndex`),
 * loaded from `snapshotPath` when that file proves it belongs (its checksum matches its content, it names this
 * database's id, and its change-log position is one this database has reached), otherwise rebuilt from the
 * `sentences` table with a log line saying why, and caught up with new and deleted sentences before every search
 * (deletions are read from the `sentence_deletions` log a trigger keeps). Losing or damaging the snapshot only costs
 * a rebuild.
 */
export function createIndexRetriever(
  db: Db,
  options: { snapshotPath?: string | null; logger?: Logger } = {},
): IndexRetriever {
  const snapshotPath = options.snapshotPath ?? null;
  const logger = options.logger ?? silentLogger;
  const databaseId = db.prepare('SELECT id FROM database_identity').pluck().get() as string;
  const statements = {
    maxDeletion: db.prepare('SELECT coalesce(max(seq), 0) FROM sentence_deletions').pluck(),
    // One statement for both, as every search asks: max(id) and max(seq) are each one b-tree seek.
    latest: db
      .prepare(
        'SELECT (SELECT coalesce(max(seq), 0) FROM sentence_deletions), (SELECT coalesce(max(id), 0) FROM sentences)',
      )
      .raw(),
    count: db.prepare('SELECT count(*) FROM sentences').pluck(),
    newer: db.prepare(
      'SELECT s.id, s.text, a.scope FROM sentences s JOIN articles a ON a.rowid = s.article WHERE s.id > ? ORDER BY s.id',
    ),
    deletions: db.prepare('SELECT seq, sentence FROM sentence_deletions WHERE seq > ? ORDER BY seq'),
    one: db.prepare(
      'SELECT s.id, s.text, a.scope FROM sentences s JOIN articles a ON a.rowid = s.article WHERE s.id = ?',
    ),
  };
  // The rows of a search's hits in one statement with a parameter per hit, prepared once per hit count.
  const rowsOf = hitRows(db);
  /** Where an index built from nothing starts: no sentence indexed, every deletion so far already behind it. */
  const empty = (): SnapshotState => ({
    databaseId,
    lastSentence: 0,
    lastDeletion: statements.maxDeletion.get() as number,
  });
  let index = new SentenceIndex();
  let state = empty();
  /** The state the snapshot file was last written or read with. */
  let savedAt: SnapshotState = { ...state };

  /** Loads the snapshot if it proves it belongs to this database; otherwise says why not (null when loaded). */
  function load(): string | null {
    if (snapshotPath === null) return 'there is no snapshot file for an in-memory database';
    if (!existsSync(snapshotPath)) return 'there is no snapshot yet';
    let bytes: Buffer;
    try {
      bytes = readFileSync(snapshotPath);
    } catch (error) {
      return `the snapshot could not be read (${(error as Error).message})`;
    }
    const loaded = readSnapshot(bytes);
    if (!loaded.ok) return loaded.message;
    const saved = loaded.value.state;
    if (saved.databaseId !== databaseId) return 'the snapshot belongs to another database';
    const [lastDeletion, lastSentence] = statements.latest.get() as [number, number];
    if (saved.lastSentence > lastSentence || saved.lastDeletion > lastDeletion) {
      return 'the snapshot is ahead of the database (was the database restored from an older copy?)';
    }
    index = loaded.value.index;
    state = { ...saved };
    savedAt = { ...saved };
    return null;
  }

  function index_(row: { id: number; text: string; scope: string }): void {
    index.add(row.id, row.scope, row.text);
  }

  function catchUp(): void {
    const [lastDeletion, lastSentence] = statements.latest.get() as [number, number];
    if (lastDeletion > state.lastDeletion) {
      const reinserted: number[] = [];
      for (const row of statements.deletions.iterate(state.lastDeletion) as Iterable<{
        seq: number;
        sentence: number;
      }>) {
        index.remove(row.sentence);
        if (row.sentence <= state.lastSentence) reinserted.push(row.sentence);
        state.lastDeletion = row.seq;
      }
      // SQLite may hand a deleted sentence's id to a new sentence; index any that now exist again.
      for (const id of reinserted) {
        const row = statements.one.get(id) as { id: number; text: string; scope: string } | undefined;
        if (row) index_(row);
      }
    }
    if (lastSentence > state.lastSentence) {
      for (const row of statements.newer.iterate(state.lastSentence) as Iterable<{
        id: number;
        text: string;
        scope: string;
      }>) {
        index_(row);
        // A first build from a large database moves postings into flat arrays as it goes, to stay compact.
        if (index.pendingPostings > freezeAfterPostings * 2) index.freeze();
      }
      state.lastSentence = lastSentence;
    }
    // Each snapshot rewrites the whole index, so a growing index waits for a growing tail (a quarter of it) first.
    if (index.pendingPostings > Math.max(freezeAfterPostings, index.frozenPostings / 4)) saveSnapshot();
  }

  function saveSnapshot(): void {
    if (snapshotPath === null) return;
    savedAt = { ...state };
    // A name of its own, so two processes saving at once never write into each other's file; the rename is atomic.
    const temporary = `${snapshotPath}.${process.pid}-${randomUUID()}.tmp`;
    try {
      const file = openSync(temporary, 'w');
      try {
        for (const part of writeSnapshot(index, state))
          for (let written = 0; written < part.length;) written += writeSync(file, part, written);
      } finally {
        closeSync(file);
      }
      renameSync(temporary, snapshotPath);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /**
   * How the index read each term lately, while it has not changed: a search and the ranking of its candidates read the
   * same question, and a slip of spelling costs a few hundred look-ups to read.
   */
  const spellings = new Map<string, string>();
  let spelledAt = '';
  const maximumSpellings = 1000;
  function spell(terms: readonly string[]): string[] {
    catchUp();
    const at = `${state.lastSentence}:${state.lastDeletion}`;
    if (at !== spelledAt || spellings.size > maximumSpellings) {
      spellings.clear();
      spelledAt = at;
    }
    return terms.map((term) => {
      let spelled = spellings.get(term);
      if (spelled === undefined) {
        spelled = index.spell([term])[0] ?? term;
        spellings.set(term, spelled);
      }
      return spelled;
    });
  }

  const notLoaded = load();
  catchUp();
  let rebuildReason = notLoaded;
  if (notLoaded === null && index.size !== (statements.count.get() as number)) {
    rebuildReason = 'the snapshot missed changes to the database';
    index = new SentenceIndex();
    state = empty();
    catchUp();
  }
  if (rebuildReason !== null && snapshotPath !== null) {
    const fields = { reason: rebuildReason, snapshot: snapshotPath, sentences: index.size };
    if (notLoaded === 'there is no snapshot yet') logger.info('search index built from the database', fields);
    else logger.warn('search index snapshot not used; rebuilt from the database', fields);
    if (index.size > 0) saveSnapshot();
  }

  return {
    search(query: RetrievalQuery): RetrievedSentence[] {
      const terms = spell(queryTerms(query.text));
      if (terms.length === 0) return [];
      const hits = index.search(terms, ['global', query.scope], query.limit);
      return rowsOf(hits);
    },
    termStats(terms: readonly string[]): TermStats {
      catchUp();
      return {
        sentences: index.size,
        documentFrequency: new Map(terms.map((term) => [term, index.documentFrequency(term)])),
      };
    },
    spell,
    persist(): void {
      catchUp();
      if (state.lastSentence !== savedAt.lastSentence || state.lastDeletion !== savedAt.lastDeletion)
        saveSnapshot();
    },
    saveSnapshot,
    catchUp,
  };
}
