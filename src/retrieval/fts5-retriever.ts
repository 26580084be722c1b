import type { Db } from '../store/open-database.js';
import type { RetrievalQuery, RetrievedSentence, Retriever, TermStats } from './retriever.js';
import { stopWords, tokenize } from './tokenize.js';

/** Builds the FTS5 MATCH expression: an OR of the question's quoted content words (syntax-safe). */
export function ftsQuery(text: string): string | null {
  const words = [...new Set(tokenize(text).filter((word) => !stopWords.has(word) && word.length > 1))];
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' OR ');
}

/**
 * Builds the FTS5 table over the `sentences` table when the database has none (the schema dropped it in migration 4;
 * the bench builds it in its own copy of the database), so plain FTS5 can be compared on the same sentences.
 */
export function buildFts5Table(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'").get();
  if (exists !== undefined) return;
  db.exec(`CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text, content = 'sentences', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');`);
}

/** Plain SQLite FTS5 bm25 retrieval over sentences with an OR query (needs the table `buildFts5Table` makes). */
export function createFts5Retriever(db: Db): Retriever {
  db.exec(
    'CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentences_vocab USING fts5vocab(main, sentences_fts, row)',
  );
  const search = db.prepare(`
    SELECT s.id AS sentenceId, s.article AS articleRowid, s.line, s.start, s.end, s.text, -f.rank AS score
    FROM sentences_fts f
    JOIN sentences s ON s.id = f.rowid
    JOIN articles a ON a.rowid = s.article
    WHERE sentences_fts MATCH ? AND (a.scope = 'global' OR a.scope = ?)
    ORDER BY f.rank
    LIMIT ?`);
  const frequency = db.prepare('SELECT doc FROM temp.sentences_vocab WHERE term = ?').pluck();
  const count = db.prepare('SELECT max(id) FROM sentences').pluck();
  return {
    search(query: RetrievalQuery): RetrievedSentence[] {
      const match = ftsQuery(query.text);
      if (match === null) return [];
      return search.all(match, query.scope, query.limit) as RetrievedSentence[];
    },
    termStats(terms: readonly string[]): TermStats {
      const documentFrequency = new Map(
        terms.map((term) => [term, (frequency.get(term) as number | undefined) ?? 0]),
      );
      return { sentences: (count.get() as number | null) ?? 0, documentFrequency };
    },
    persist(): void {
      // FTS5 keeps everything in the database.
    },
  };
}
