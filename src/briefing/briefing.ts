import type { Scope } from '../corpus/article-schema.js';

/** A verbatim piece of a stored article line, taken from the store after verification. */
export interface BriefingQuote {
  line: number;
  quote: string;
}

/** One key point of an article: a model-written sentence (LLM mode) or null (a bare quote), with its quotes. */
export interface BriefingPoint {
  text: string | null;
  quotes: BriefingQuote[];
}

/** One new article in a briefing with one to three key points. */
export interface BriefingItem {
  articleId: string;
  title: string;
  source: string;
  url: string | null;
  published: string;
  points: BriefingPoint[];
}

/** A built briefing, ready to render for the terminal or Discord. */
export interface Briefing {
  scope: Scope;
  /** News added or published after this instant (exclusive)... */
  sinceMs: number;
  /** ...and up to this one (inclusive). */
  untilMs: number;
  mode: 'llm' | 'extractive';
  items: BriefingItem[];
  /** New articles left out to keep the briefing short. */
  omitted: number;
  /** Something the reader should know, such as a fallback from the LLM to quotes. */
  note?: string;
}
