import type { Scope } from '../corpus/article-schema.js';

/** A search over stored sentences. */
export interface RetrievalQuery {
  text: string;
  scope: Scope;
  limit: number;
}

/** One retrieved sentence, knowing its article and line; `text` is exactly the stored line's `[start, end)` slice. */
export interface RetrievedSentence {
  sentenceId: number;
  articleRowid: number;
  line: number;
  start: number;
  end: number;
  text: string;
  score: number;
  /** The whole stored line, when the engine read it with the sentence (saving the ranking a look-up per line). */
  storedLine?: string;
}

/** How common each stemmed term is, for weighting question words. */
export interface TermStats {
  sentences: number;
  documentFrequency: Map<string, number>;
}

/** Ranked full-text retrieval at sentence granularity, filtered by scope. */
export interface Retriever {
  search(query: RetrievalQuery): RetrievedSentence[];
  /** Sentence count and per-term sentence frequency for Porter-stemmed terms. */
  termStats(terms: readonly string[]): TermStats;
  /**
   * The stemmed terms as `search` reads them: a term no sentence has may be read as a slip for one that some sentence
   * has ("gandi" for "gandhi"), so the ranking weighs the words the search found.
   */
  spell(terms: readonly string[]): string[];
  /** Saves what lets the next start skip work (an index snapshot), if anything changed; a no-op where nothing does. */
  persist(): void;
}
