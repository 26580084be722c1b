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
}

/** Ranked full-text retrieval at sentence granularity, filtered by scope. */
export interface Retriever {
  search(query: RetrievalQuery): RetrievedSentence[];
}
