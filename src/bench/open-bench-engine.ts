import MiniSearch from 'minisearch';
import { answerQuestion } from '../answer/answer-question.js';
import { loadConfig } from '../config.js';
import { loadPrompts } from '../llm/load-prompts.js';
import { silentLogger } from '../logger.js';
import { createFts5Retriever } from '../retrieval/fts5-retriever.js';
import { createIndexRetriever } from '../retrieval/index-retriever.js';
import { stem, stopWords, tokenize } from '../retrieval/tokenize.js';
import { ArticleStore } from '../corpus/article-store.js';
import type { Db } from '../store/open-database.js';

/** The engines `npm run bench` compares. */
export const benchEngines = ['newsdesk', 'fts5', 'minisearch'] as const;
/** One of the compared engines. */
export type BenchEngine = (typeof benchEngines)[number];

/** A loaded engine: searches a question for its best sentences and, for newsdesk, builds the whole answer too. */
export interface BenchSearch {
  /** The index alone: the candidates a question retrieves (returns how many). */
  search(question: string): number;
  /** The whole extractive answer as `/ask` builds it: retrieval, re-ranking, lines, quote checks (citations made). */
  answer: ((question: string) => Promise<number>) | null;
}

/** How many candidates each engine returns, as many as the answering core asks for. */
const candidates = 50;

/** Opens an engine over an existing bench database, ready to search (what cold start measures). */
export function openBenchEngine(engine: BenchEngine, db: Db, snapshotPath: string): BenchSearch {
  switch (engine) {
    case 'newsdesk': {
      const retriever = createIndexRetriever(db, { snapshotPath });
      const deps = {
        config: loadConfig({}, { dotenv: false }),
        articles: new ArticleStore(db),
        retriever,
        chatModel: null,
        prompts: loadPrompts(),
        clock: { now: () => new Date('2025-01-01T00:00:00Z') },
        logger: silentLogger,
      };
      return {
        search: (question) => retriever.search({ text: question, scope: 'global', limit: candidates }).length,
        answer: async (question) => {
          const result = await answerQuestion(deps, { question, scope: 'global', useLlm: false });
          return result.ok ? result.value.citations.length : 0;
        },
      };
    }
    case 'fts5': {
      const retriever = createFts5Retriever(db);
      return {
        search: (question) => retriever.search({ text: question, scope: 'global', limit: candidates }).length,
        answer: null,
      };
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
      return {
        search: (question) => search.search(question, { combineWith: 'OR' }).slice(0, candidates).length,
        answer: null,
      };
    }
  }
}
