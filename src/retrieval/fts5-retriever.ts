import type { Db } from '../store/open-database.js';
import { hitRows } from './hit-rows.js';
import type { RetrievalQuery, RetrievedSentence, Retriever, TermStats } from './retriever.js';
import { stopWords, tokenize } from './tokenize.js';

/** Builds the FTS5 MATCH expression: an OR of the question's quoted content words (syntax-safe). */
export function ftsQuery(text: string): string | null {
  const words = [...new Set(tokenize(text).filter((word) => !stopWords.has(word) && word.length > 1))];
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' OR ');
}

/**
 * Builds the FTS5 table over the `sentences` table when the database has none (the schema dropped it in migration 4;
 * the bench builds it in its own copy of the database), as a user would write plain FTS5 for this: each sentence's
 * text with its article's scope beside it as an unindexed column, so a search filters by scope without a join.
 */
export function buildFts5Table(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'").get();
  if (exists !== undefined) return;
  db.exec(`CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text, scope UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO sentences_fts (rowid, text, scope)
    SELECT s.id, s.text, a.scope FROM sentences s JOIN articles a ON a.rowid = s.article;
  INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize');`);
}

/**
 * Plain SQLite FTS5 bm25 retrieval over sentences with an OR query (needs the table `buildFts5Table` makes): the
 * ranked ids come from the full-text table alone, then the hits' rows are read by id, as the newsdesk retriever does.
 */
export function createFts5Retriever(db: Db): Retriever {
  db.exec(
    'CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentences_vocab USING fts5vocab(main, sentences_fts, row)',
  );
  const search = db
    .prepare(
      `SELECT rowid, -rank FROM sentences_fts
      WHERE sentences_fts MATCH ? AND (scope = 'global' OR scope = ?) ORDER BY rank LIMIT ?`,
    )
    .raw();
  const rowsOf = hitRows(db);
  const frequency = db.prepare('SELECT doc FROM temp.sentences_vocab WHERE term = ?').pluck();
  const count = db.prepare('SELECT count(*) FROM sentences').pluck();
  return {
    search(query: RetrievalQuery): RetrievedSentence[] {
      const match = ftsQuery(query.text);
      if (match === null) return [];
      const hits = search.all(match, query.scope, query.limit) as [number, number][];
      return rowsOf(hits.map(([sentenceId, score]) => ({ sentenceId, score })));
    },
    // FTS5's porter stems differ from newsdesk's for a few words (irregular forms, "died" and "die"; see `stem`):
    // those terms are counted as FTS5 stems them, which is zero for a stem it never makes.
    termStats(terms: readonly string[]): TermStats {
      const documentFrequency = new Map(
        terms.map((term) => [term, (frequency.get(term) as number | undefined) ?? 0]),
      );
      return { sentences: (count.get() as number | null) ?? 0, documentFrequency };
    },
    spell(terms: readonly string[]): string[] {
      // Plain FTS5 matches the terms as written.
      return [...terms];
    },
    persist(): void {
      // FTS5 keeps everything in the database.
    },
  };
}
