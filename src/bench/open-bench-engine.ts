import MiniSearch from 'minisearch';
import { createFts5Retriever } from '../retrieval/fts5-retriever.js';
import { createIndexRetriever } from '../retrieval/index-retriever.js';
import { stem, stopWords, tokenize } from '../retrieval/tokenize.js';
import type { Db } from '../store/open-database.js';

/** The engines `npm run bench` compares. */
export const benchEngines = ['newsdesk', 'fts5', 'minisearch'] as const;
/** One of the compared engines. */
export type BenchEngine = (typeof benchEngines)[number];

/** A loaded engine: answers one question with its best sentence ids. */
export type BenchSearch = (question: string) => number;

/** How many candidates each engine returns, as many as the answering core asks for. */
const candidates = 50;

/** Opens an engine over an existing bench database, ready to search (what cold start measures). */
export function openBenchEngine(engine: BenchEngine, db: Db, snapshotPath: string): BenchSearch {
  switch (engine) {
    case 'newsdesk': {
      const retriever = createIndexRetriever(db, { snapshotPath });
      return (question) => retriever.search({ text: question, scope: 'global', limit: candidates }).length;
    }
    case 'fts5': {
      const retriever = createFts5Retriever(db);
      return (question) => retriever.search({ text: question, scope: 'global', limit: candidates }).length;
    }
    case 'minisearch': {
      const processTerm = (term: string): string | null =>
        stopWords.has(term) || term.length < 2 ? null : stem(term);
      const search = new MiniSearch<{ id: number; text: string }>({
        fields: ['text'],
        tokenize: (text) => tokenize(text),
        processTerm,
      });
      const rows = db.prepare('SELECT id, text FROM sentences').iterate() as Iterable<{
        id: number;
        text: string;
      }>;
      for (const row of rows) search.add(row);
      return (question) => search.search(question, { combineWith: 'OR' }).slice(0, candidates).length;
    }
  }
}
