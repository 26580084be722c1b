import { splitSentences } from '../corpus/split-sentences.js';
import type { RankedSentence } from '../retrieval/rank-sentences.js';
import type { ArticleStore, StoredArticle } from '../corpus/article-store.js';

/** A numbered passage given to the LLM: a retrieved sentence with its neighbours from the same stored line. */
export interface Passage {
  n: number;
  article: StoredArticle;
  line: number;
  /** The whole stored line, which quotes are verified against. */
  lineText: string;
  /** The part of the line shown to the model. */
  text: string;
}

/**
 * Turns ranked sentences into at most `limit` numbered passages, one per article line, each the hit sentence with
 * one neighbour on each side so the model sees context without whole paragraphs.
 */
export function buildPassages(
  articles: ArticleStore,
  ranked: readonly RankedSentence[],
  limit: number,
): Passage[] {
  const passages: Passage[] = [];
  const windows = new Map<
    string,
    { first: number; last: number; passage: Passage; spans: ReturnType<typeof splitSentences> }
  >();
  for (const sentence of ranked) {
    const key = `${sentence.articleRowid}:${sentence.line}`;
    const lineText = articles.line(sentence.articleRowid, sentence.line);
    if (lineText === undefined) continue;
    const existing = windows.get(key);
    const spans = existing?.spans ?? splitSentences(lineText);
    const index = Math.max(
      0,
      spans.findIndex((span) => span.start === sentence.start),
    );
    const first = Math.max(0, index - 1);
    const last = Math.min(spans.length - 1, index + 1);
    if (existing) {
      existing.first = Math.min(existing.first, first);
      existing.last = Math.max(existing.last, last);
      continue;
    }
    if (passages.length === limit) continue;
    const passage: Passage = {
      n: passages.length + 1,
      article: sentence.article,
      line: sentence.line,
      lineText,
      text: '',
    };
    passages.push(passage);
    windows.set(key, { first, last, passage, spans });
  }
  for (const window of windows.values()) {
    const start = window.spans[window.first]?.start ?? 0;
    const end = window.spans[window.last]?.end ?? window.passage.lineText.length;
    window.passage.text = window.passage.lineText.slice(start, end);
  }
  return passages;
}
