import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/open-database.js';
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

interface SnapshotState {
  lastSentence: number;
  lastDeletion: number;
}

/** Postings added since the last freeze are moved into flat arrays (and a snapshot written) past this many. */
const freezeAfterPostings = 2_000_000;

/**
 * Creates the newsdesk retriever: bm25 over sentences from a compact in-memory inverted index (see `SentenceIndex`),
 * loaded from `snapshotPath` when that file matches the database, otherwise rebuilt from the `sentences` table, and
 * caught up with new and deleted sentences before every search (deletions are read from the `sentence_deletions` log
 * a trigger keeps). Losing or corrupting the snapshot only costs a rebuild.
 */
export function createIndexRetriever(db: Db, options: { snapshotPath?: string | null } = {}): IndexRetriever {
  const snapshotPath = options.snapshotPath ?? null;
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
  const rowStatements = new Map<number, Statement>();
  function rowsOf(ids: readonly number[]): Omit<RetrievedSentence, 'score'>[] {
    let statement = rowStatements.get(ids.length);
    if (statement === undefined) {
      statement =
        db.prepare(`SELECT s.id AS sentenceId, s.article AS articleRowid, s.line, s.start, s.end, s.text,
          l.text AS storedLine
        FROM sentences s JOIN lines l ON l.article = s.article AND l.line = s.line
        WHERE s.id IN (${ids.map(() => '?').join(', ')})`);
      rowStatements.set(ids.length, statement);
    }
    return statement.all(...ids) as Omit<RetrievedSentence, 'score'>[];
  }
  let index = new SentenceIndex();
  let state: SnapshotState = { lastSentence: 0, lastDeletion: 0 };
  /** The state the snapshot file was last written or read with. */
  let savedAt: SnapshotState = { ...state };

  function load(): void {
    if (snapshotPath === null || !existsSync(snapshotPath)) return;
    try {
      const loaded = SentenceIndex.readSnapshot(readFileSync(snapshotPath));
      const saved = loaded?.meta as Partial<SnapshotState> | null | undefined;
      if (loaded && typeof saved?.lastSentence === 'number' && typeof saved.lastDeletion === 'number') {
        index = loaded.index;
        state = { lastSentence: saved.lastSentence, lastDeletion: saved.lastDeletion };
        savedAt = { ...state };
      }
    } catch {
      // A damaged snapshot is rebuilt from the database.
    }
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
    const temporary = `${snapshotPath}.tmp`;
    const file = openSync(temporary, 'w');
    try {
      for (const part of index.toBuffers(state))
        for (let written = 0; written < part.length;) written += writeSync(file, part, written);
    } finally {
      closeSync(file);
    }
    renameSync(temporary, snapshotPath);
  }

  load();
  const fromSnapshot = state.lastSentence > 0;
  catchUp();
  if (fromSnapshot && index.size !== (statements.count.get() as number)) {
    // The snapshot does not belong to this database (or missed a change): rebuild from the source of truth.
    index = new SentenceIndex();
    state = { lastSentence: 0, lastDeletion: statements.maxDeletion.get() as number };
    catchUp();
    saveSnapshot();
  } else if (!fromSnapshot && index.size > 0) {
    index.freeze();
    saveSnapshot();
  }

  return {
    search(query: RetrievalQuery): RetrievedSentence[] {
      catchUp();
      const terms = queryTerms(query.text);
      if (terms.length === 0) return [];
      const hits = index.search(terms, ['global', query.scope], query.limit);
      if (hits.length === 0) return [];
      const rows = new Map(rowsOf(hits.map((hit) => hit.sentenceId)).map((row) => [row.sentenceId, row]));
      return hits.flatMap((hit) => {
        const row = rows.get(hit.sentenceId);
        return row ? [{ ...row, score: hit.score }] : [];
      });
    },
    termStats(terms: readonly string[]): TermStats {
      catchUp();
      return {
        sentences: index.size,
        documentFrequency: new Map(terms.map((term) => [term, index.documentFrequency(term)])),
      };
    },
    persist(): void {
      catchUp();
      if (state.lastSentence !== savedAt.lastSentence || state.lastDeletion !== savedAt.lastDeletion)
        saveSnapshot();
    },
    saveSnapshot,
    catchUp,
  };
}
