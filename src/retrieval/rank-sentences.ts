import type { Scope } from '../corpus/article-schema.js';
import type { ArticleStore, StoredArticle } from '../store/article-store.js';
import type { RetrievedSentence, Retriever } from './retriever.js';
import { queryTerms, stem, tokenize } from './tokenize.js';

/** What a question asks for, read from its first words; used to prefer sentences holding that kind of fact. */
export type QuestionKind = 'person' | 'time' | 'quantity' | 'place' | 'other';

/** A retrieved sentence with its article and the scores used to order and to judge it. */
export interface RankedSentence extends RetrievedSentence {
  article: StoredArticle;
  /** Share of the question's weighted content words the sentence contains, 0 to 1. */
  coverage: number;
  /** The final ranking score. */
  relevance: number;
}

/** Reads the kind of fact a question asks for. */
export function questionKind(question: string): QuestionKind {
  const text = question.trim().toLowerCase();
  if (/^(who|whom|whose)\b|\bwhich (person|man|woman|official|leader|minister|president)\b/.test(text))
    return 'person';
  if (/^when\b|\bwhat (year|date|day|month|time|century|decade)\b|\bhow long\b/.test(text)) return 'time';
  if (
    /\bhow (many|much|old|far|large|big|high|tall)\b|\bwhat (percentage|percent|number|amount)\b/.test(text)
  ) {
    return 'quantity';
  }
  if (/^where\b|\bwhat (country|city|place|region|state)\b/.test(text)) return 'place';
  return 'other';
}

const recencyWords =
  /\b(latest|recent|recently|newest|new|today|yesterday|this week|now|currently|current|last)\b/i;
const monthNames =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b/i;

function kindBonus(kind: QuestionKind, text: string, questionWords: ReadonlySet<string>): number {
  switch (kind) {
    case 'person': {
      const names = text.match(/(?<!^)(?<![.!?]\s)\b\p{Lu}[\p{Ll}'-]+(?:\s+\p{Lu}[\p{Ll}'-]+)*/gu) ?? [];
      return names.some((name) => !questionWords.has(name.toLowerCase().split(/\s+/)[0] ?? '')) ? 1 : 0;
    }
    case 'time':
      return /\b(1[0-9]{3}|20[0-9]{2})\b/.test(text) || monthNames.test(text) ? 1 : 0;
    case 'quantity':
      return /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|dozen)\b/i.test(
        text,
      )
        ? 1
        : 0;
    case 'place':
      return /\b(in|at|from|near)\s+\p{Lu}/u.test(text) ? 1 : 0;
    case 'other':
      return 0;
  }
}

/**
 * Retrieves candidate sentences for a question and orders them by how much of the question they cover (words
 * weighted by rarity), the engine's own score, the kind of fact asked for and, when the question is about the
 * latest news, recency.
 */
export function rankSentences(
  retriever: Retriever,
  articles: ArticleStore,
  request: { question: string; scope: Scope; limit: number; now: Date; context?: string },
): RankedSentence[] {
  const query = request.context ? `${request.question} ${request.context}` : request.question;
  const candidates = retriever.search({
    text: query,
    scope: request.scope,
    limit: Math.max(request.limit, 50),
  });
  if (candidates.length === 0) return [];
  const terms = queryTerms(request.question);
  const stats = retriever.termStats(terms);
  const total = Math.max(stats.sentences, 1);
  const weights = new Map(
    terms.map((term) => {
      const frequency = stats.documentFrequency.get(term) ?? 0;
      return [term, Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))];
    }),
  );
  const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
  const kind = questionKind(request.question);
  const questionWords = new Set(tokenize(request.question));
  const preferRecent = recencyWords.test(request.question);
  const topScore = Math.max(...candidates.map((candidate) => candidate.score), 1e-9);
  const articleCache = new Map<number, StoredArticle | undefined>();
  function lookup(rowid: number): StoredArticle | undefined {
    if (!articleCache.has(rowid)) articleCache.set(rowid, articles.byRowid(rowid));
    return articleCache.get(rowid);
  }

  const ranked: RankedSentence[] = [];
  for (const candidate of candidates) {
    const article = lookup(candidate.articleRowid);
    if (!article) continue;
    const sentenceTerms = new Set(tokenize(candidate.text).map(stem));
    let covered = 0;
    for (const [term, weight] of weights) if (sentenceTerms.has(term)) covered += weight;
    const coverage = covered / totalWeight;
    const ageDays = Math.max(0, (request.now.getTime() - Date.parse(article.published)) / 86_400_000);
    const recency = preferRecent ? 0.3 / (1 + ageDays / 30) : 0.02 / (1 + ageDays / 365);
    const relevance =
      coverage +
      0.25 * (candidate.score / topScore) +
      0.12 * kindBonus(kind, candidate.text, questionWords) +
      recency;
    ranked.push({ ...candidate, article, coverage, relevance });
  }
  ranked.sort((left, right) => right.relevance - left.relevance);
  return ranked.slice(0, request.limit);
}
