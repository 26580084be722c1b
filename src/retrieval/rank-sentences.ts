import type { Scope } from '../corpus/article-schema.js';
import { splitSentences, type SentenceSpan } from '../corpus/split-sentences.js';
import type { ArticleStore, StoredArticle } from '../corpus/article-store.js';
import type { RetrievedSentence, Retriever } from './retriever.js';
import { queryTerms, stem, stopWords, tokenize } from './tokenize.js';

/** What a question asks for, read from its first words; used to prefer sentences holding that kind of fact. */
export type QuestionKind = 'person' | 'time' | 'quantity' | 'place' | 'reason' | 'other';

/** A retrieved sentence with its article and the scores used to order and to judge it. */
export interface RankedSentence extends RetrievedSentence {
  article: StoredArticle;
  /** Share of the question's weighted content words the sentence contains, 0 to 1. */
  coverage: number;
  /** Coverage counting, at half weight, words found only in the previous sentence of the line or the title. */
  support: number;
  /** The final ranking score. */
  relevance: number;
  /**
   * When the next sentence of the same line carries on the same subject ("She said…", "They…"), the text from this
   * sentence's start to that sentence's end, so both can be quoted together; otherwise null.
   */
  continuation: { end: number; text: string } | null;
  /**
   * When the sentence opens by pointing back ("He…", "These devices…"), the text from the previous sentence of the
   * same line to this sentence's end, so the quote names what it points at; otherwise null.
   */
  antecedent: { start: number; text: string } | null;
  /** The whole stored line the sentence is in, when it could be read. */
  lineText: string | null;
  /**
   * Whether the sentence's article uses, in some form, the verb of thought or wish a "what did X think/feel/want…"
   * question asks about; always true for other questions.
   */
  stanceFound: boolean;
}

/** Reads the kind of fact a question asks for. */
export function questionKind(question: string): QuestionKind {
  const text = question.trim().toLowerCase();
  if (
    /\bhow (many|much|old|far|large|big|high|tall|long ago)\b|\bwhat (percentage|percent|number|amount)\b/.test(
      text,
    )
  ) {
    return 'quantity';
  }
  if (
    /\b(when|what year|what date|what day|what month|what time|what century|what decade|which year|how long)\b/.test(
      text,
    )
  ) {
    return 'time';
  }
  if (/\b(who|whom|whose)\b|\bwhich (person|man|woman|official|leader|minister|president)\b/.test(text))
    return 'person';
  if (/\bwhere\b|\b(what|which) (country|city|place|region|state|continent|town)\b/.test(text))
    return 'place';
  if (/\bwhy\b/.test(text)) return 'reason';
  return 'other';
}

const recencyWords =
  /\b(latest|recent|recently|newest|new|today|yesterday|this week|now|currently|current|last)\b/i;
const monthNames =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;
const numberWords =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|half|third|quarter)\b/i;
const reasonWords =
  /\b(because|due to|since|as a result|in order to|so that|caused|led to|owing to|reason)\b/i;
/** Words that hedge a question ("probably", "do you think") without naming anything it is about. */
const hedges =
  /\b(?:probably|likely|possibly|perhaps|maybe|(?:do|does|did|would) you (?:think|suppose|guess))\b/gi;

/** Verbs of thought, feeling and wish, with their irregular forms: the questions that ask for what someone had in mind. */
const stanceVerbs = new Map<string, readonly string[]>([
  ['think', ['thought']],
  ['feel', ['felt']],
  ['believe', []],
  ['prefer', []],
  ['want', []],
  ['wish', []],
  ['hope', []],
  ['fear', []],
  ['like', []],
  ['love', []],
  ['hate', []],
  ['enjoy', []],
  ['expect', []],
]);
const auxiliaries = new Set([
  'did',
  'does',
  'do',
  'will',
  'would',
  'can',
  'could',
  'should',
  'has',
  'have',
  'had',
]);
const prepositions = new Set(
  'about of for on after to with in at from during by before since into over under against toward towards regarding'.split(
    ' ',
  ),
);

/**
 * The verb of thought or wish that a "what did X think of…", "what kind of food does X prefer…" question turns on
 * (the answer is its object), as the stems any of its forms may take; null for other questions.
 */
export function stanceOf(question: string): string[] | null {
  const words = tokenize(question.replace(hedges, ' '));
  const what = words.indexOf('what');
  if (what === -1) return null;
  const auxiliary = words.findIndex(
    (word, index) => index > what && index <= what + 4 && auxiliaries.has(word),
  );
  if (auxiliary === -1) return null;
  for (let index = auxiliary + 2; index < words.length; index++) {
    const word = words[index] ?? '';
    if (prepositions.has(word) || auxiliaries.has(word)) return null;
    const forms = stanceVerbs.get(word) ?? stanceVerbs.get(word.replace(/s$/, ''));
    if (forms) return [word.replace(/s$/, ''), ...forms].map(stem);
  }
  return null;
}

/** Words that open a sentence continuing the previous one's subject. */
const continuationStart =
  /^["\u201c]?(he|she|they|it|his|her|their|its|this|that|these|those|according to|but|however|the (company|group|minister|president|court|government))\b/i;

/** Words that open a sentence which cannot be read without the previous one. */
const anaphoricStart = /^["\u201c]?(he|she|they|it|his|her|their|its|this|these|those|such|there)\b/i;

/** Whether the sentence holds a fact of the asked kind that the question itself does not already state. */
function kindBonus(kind: QuestionKind, text: string, questionWords: ReadonlySet<string>): number {
  const novel = (match: string): boolean =>
    tokenize(match).some((word) => !questionWords.has(word) && !stopWords.has(word));
  switch (kind) {
    case 'person': {
      const names = text.match(/(?<!^)\b\p{Lu}[\p{Ll}'-]+(?:\s+\p{Lu}[\p{Ll}'-]+)*/gu) ?? [];
      return names.some(novel) ? 1 : 0;
    }
    case 'time': {
      const years = text.match(/\b(1[0-9]{3}|20[0-9]{2})s?\b/g) ?? [];
      const months = text.match(new RegExp(monthNames, 'gi')) ?? [];
      return years.some(novel) || months.some(novel) ? 1 : 0;
    }
    case 'quantity': {
      const numbers = text.match(/\d[\d,.]*/g) ?? [];
      const words = text.match(new RegExp(numberWords, 'gi')) ?? [];
      return numbers.some(novel) || words.some(novel) ? 1 : 0;
    }
    case 'place':
      return /\b(in|at|from|near|to)\s+(the\s+)?\p{Lu}/u.test(text) ? 1 : 0;
    case 'reason':
      return reasonWords.test(text) ? 1 : 0;
    case 'other':
      return 0;
  }
}

/** The stemmed content words of a text, in order. */
function contentStems(text: string): string[] {
  return tokenize(text)
    .filter((word) => !stopWords.has(word))
    .map(stem);
}

/** Reads the sentences of article lines once per ranking. */
class LineSentences {
  private readonly cache = new Map<string, { text: string; spans: SentenceSpan[] } | null>();

  constructor(private readonly articles: ArticleStore) {}

  around(sentence: RetrievedSentence): { previous?: SentenceSpan; next?: SentenceSpan; line?: string } {
    const key = `${sentence.articleRowid}:${sentence.line}`;
    if (!this.cache.has(key)) {
      const text = this.articles.line(sentence.articleRowid, sentence.line);
      this.cache.set(key, text === undefined ? null : { text, spans: splitSentences(text) });
    }
    const entry = this.cache.get(key);
    if (!entry) return {};
    const index = entry.spans.findIndex((span) => span.start === sentence.start);
    if (index === -1) return { line: entry.text };
    const previous = entry.spans[index - 1];
    const next = entry.spans[index + 1];
    return { line: entry.text, ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
  }
}

/**
 * Retrieves candidate sentences for a question and orders them by how much of the question they cover (words
 * weighted by rarity, with the line's previous sentence and the title as context), the engine's own score, whether
 * they hold the kind of fact asked for beyond the question's own words and, when the question is about the latest
 * news, recency.
 */
export function rankSentences(
  retriever: Retriever,
  articles: ArticleStore,
  request: { question: string; scope: Scope; limit: number; now: Date; context?: string },
): RankedSentence[] {
  const question = request.question.replace(hedges, ' ');
  const query = request.context ? `${question} ${request.context}` : question;
  const candidates = retriever.search({
    text: query,
    scope: request.scope,
    limit: Math.max(request.limit, 50),
  });
  if (candidates.length === 0) return [];
  const terms = queryTerms(question);
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
  const questionStems = new Set(terms);
  const preferRecent = recencyWords.test(request.question);
  const topScore = Math.max(...candidates.map((candidate) => candidate.score), 1e-9);
  const articleCache = new Map<number, StoredArticle | undefined>();
  function lookup(rowid: number): StoredArticle | undefined {
    if (!articleCache.has(rowid)) articleCache.set(rowid, articles.byRowid(rowid));
    return articleCache.get(rowid);
  }
  const lines = new LineSentences(articles);
  const stemsOf = (text: string): Set<string> => new Set(tokenize(text).map(stem));

  const articleTerms = new Map<number, Set<string>>();
  for (const candidate of candidates) {
    const article = lookup(candidate.articleRowid);
    if (!article) continue;
    let found = articleTerms.get(candidate.articleRowid);
    if (!found) {
      found = stemsOf(article.title);
      articleTerms.set(candidate.articleRowid, found);
    }
    for (const stemmed of stemsOf(candidate.text)) if (weights.has(stemmed)) found.add(stemmed);
  }
  const articleCoverage = (rowid: number): number => {
    let sum = 0;
    for (const term of articleTerms.get(rowid) ?? []) sum += weights.get(term) ?? 0;
    return sum / totalWeight;
  };
  const questionPairs = new Set<string>();
  const questionSequence = contentStems(question);
  for (let index = 1; index < questionSequence.length; index++) {
    questionPairs.add(`${questionSequence[index - 1]} ${questionSequence[index]}`);
  }

  const ranked: Omit<RankedSentence, 'stanceFound'>[] = [];
  for (const candidate of candidates) {
    const article = lookup(candidate.articleRowid);
    if (!article) continue;
    const sentenceStems = stemsOf(candidate.text);
    const around = lines.around(candidate);
    const contextStems = stemsOf(`${around.previous?.text ?? ''} ${article.title}`);
    let covered = 0;
    let context = 0;
    for (const [term, weight] of weights) {
      if (sentenceStems.has(term)) covered += weight;
      else if (contextStems.has(term)) context += weight;
    }
    const coverage = covered / totalWeight;
    const support = (covered + 0.5 * context) / totalWeight;
    let novel = 0;
    for (const word of tokenize(candidate.text)) {
      if (!stopWords.has(word) && !questionStems.has(stem(word))) novel++;
    }
    const ageDays = Math.max(0, (request.now.getTime() - Date.parse(article.published)) / 86_400_000);
    const recency = preferRecent ? 0.3 / (1 + ageDays / 30) : 0.02 / (1 + ageDays / 365);
    let pairs = 0;
    if (questionPairs.size > 0) {
      const sequence = contentStems(candidate.text);
      const seen = new Set<string>();
      for (let index = 1; index < sequence.length; index++) {
        const pair = `${sequence[index - 1]} ${sequence[index]}`;
        if (questionPairs.has(pair)) seen.add(pair);
      }
      pairs = seen.size / questionPairs.size;
    }
    const relevance =
      support +
      0.1 * articleCoverage(candidate.articleRowid) +
      0.2 * pairs +
      0.25 * (candidate.score / topScore) +
      0.16 * kindBonus(kind, candidate.text, questionWords) +
      (novel === 0 ? -0.2 : 0) +
      recency;
    const next = around.next;
    const continuation =
      next && around.line !== undefined && continuationStart.test(next.text)
        ? { end: next.end, text: around.line.slice(candidate.start, next.end) }
        : null;
    const previous = around.previous;
    const antecedent =
      previous && around.line !== undefined && anaphoricStart.test(candidate.text)
        ? { start: previous.start, text: around.line.slice(previous.start, candidate.end) }
        : null;
    ranked.push({
      ...candidate,
      antecedent,
      article,
      coverage,
      support,
      relevance,
      continuation,
      lineText: around.line ?? null,
    });
  }
  ranked.sort((left, right) => right.relevance - left.relevance);
  // Only for a stance question, and only for the articles of the sentences returned: each is read whole once.
  const stance = stanceOf(request.question);
  const stanceInArticle = new Map<number, boolean>();
  const articleHasStance = (article: StoredArticle): boolean => {
    if (stance === null) return true;
    let found = stanceInArticle.get(article.rowid);
    if (found === undefined) {
      const body = articles.lines(article.rowid).map((line) => line.text);
      const stems = stemsOf(`${article.title} ${body.join(' ')}`);
      found = stance.some((form) => stems.has(form));
      stanceInArticle.set(article.rowid, found);
    }
    return found;
  };
  return ranked
    .slice(0, request.limit)
    .map((sentence) => ({ ...sentence, stanceFound: articleHasStance(sentence.article) }));
}
