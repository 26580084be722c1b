import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/open-database.js';
import type { RetrievedSentence } from './retriever.js';

/**
 * Reads the stored rows of a search's hits (with their whole lines) in one statement with a parameter per hit,
 * prepared once per hit count; returns them in no particular order.
 */
export function hitRows(db: Db): (ids: readonly number[]) => Omit<RetrievedSentence, 'score'>[] {
  const statements = new Map<number, Statement>();
  return (ids) => {
    let statement = statements.get(ids.length);
    if (statement === undefined) {
      statement =
        db.prepare(`SELECT s.id AS sentenceId, s.article AS articleRowid, s.line, s.start, s.end, s.text,
          l.text AS storedLine
        FROM sentences s JOIN lines l ON l.article = s.article AND l.line = s.line
        WHERE s.id IN (${ids.map(() => '?').join(', ')})`);
      statements.set(ids.length, statement);
    }
    return statement.all(...ids) as Omit<RetrievedSentence, 'score'>[];
  };
}
