import type { Scope } from '../corpus/article-schema.js';
import { splitSentences, type SentenceSpan } from '../corpus/split-sentences.js';
import { publishedMs, type ArticleStore, type StoredArticle } from '../corpus/article-store.js';
import { hedges } from './hedges.js';
import { holdsAnswerType } from './holds-answer-type.js';
import { questionKind, type QuestionKind } from './question-kind.js';
import { QuestionSpecifics, type Evidence } from './question-specifics.js';
import { questionRoles, rolesReversed } from './roles-reversed.js';
import type { RetrievedSentence, Retriever } from './retriever.js';
import { stanceOf } from './stance-of.js';
import { queryTerms, stem, stopWords, tokenize } from './tokenize.js';

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
   * question asks about; always true for other questions. Read when first asked for, as it reads the whole article.
   */
  stanceFound: boolean;
  /** The question's names, numbers and times that neither the sentence, its paragraph nor the title gives. */
  missingSpecifics: string[];
  /** Whether the quoted text holds the kind of fact the question asks for (true for questions asking for no kind). */
  answerTypeFound: boolean;
  /** Share of the question's content words found, in some form, in the sentence, its paragraph or the title. */
  contextCoverage: number;
  /**
   * Whether the sentence uses the question's verb and the argument it names only with their roles swapped ("The
   * Normans replaced the Anglo-Saxons" for "Who replaced the Normans?"), so it states another fact.
   */
  rolesReversed: boolean;
  /**
   * Whether the question is dated by a century or a decade and the sentence's paragraph and title share only its names
   * and that date with it, none of its other words: they tell of something else that happened then.
   */
  onlyNamesAndDate: boolean;
}

const recencyWords =
  /\b(latest|recent|recently|newest|new|today|yesterday|this week|now|currently|current|last)\b/i;

/** Words that open a sentence continuing the previous one's subject. */
const continuationStart =
  /^["\u201c]?(he|she|they|it|his|her|their|its|this|that|these|those|according to|but|however|the (company|group|minister|president|court|government))\b/i;

/**
 * "What year" or "which day" names the kind of fact asked for, not what it is about: a passage saying "in the years
 * after" is no nearer to "What year did Tesla die?" than one saying "Tesla died in 1943". The kind is read from the
 * question as written; the words searched and weighed leave the noun out.
 */
const askedForTime = /\b(what|which)\s+(?:years?|century|centuries|decades?|months?|days?|dates?|time)\b/gi;

/** Words that open a sentence which cannot be read without the previous one. */
const anaphoricStart = /^["\u201c]?(he|she|they|it|his|her|their|its|this|these|those|such|there)\b/i;

/**
 * How much relevance a sentence loses when it (with its paragraph and title) lacks a name, number or time the question
 * gives, or lacks the kind of fact asked for: enough to let a sentence that has them come first, not enough to bury
 * the only match.
 */
const unsupportedPenalty = 0.2;
const untypedPenalty = 0.1;
/** The relevance a sentence gains by holding the kind of fact asked for beyond the question's own words. */
const typedBonus = 0.16;

/** A judged candidate: what the ranking found of it before its stance, coverage and roles are read. */
interface Judged {
  item: Scored;
  relevance: number;
  continuation: RankedSentence['continuation'];
  antecedent: RankedSentence['antecedent'];
  missingSpecifics: string[];
  answerTypeFound: boolean;
}

/** A candidate with its article, its line and the scores the ranking orders it by before judging it. */
interface Scored {
  candidate: RetrievedSentence;
  article: StoredArticle;
  entry: LineEntry | null;
  /** The candidate's place among its line's sentences (-1 when the line is gone or was changed). */
  index: number;
  /** The candidate's place in the search's order, which breaks ties. */
  order: number;
  coverage: number;
  support: number;
  base: number;
  /** The most relevance judging can give it. */
  bound: number;
}

/** Kinds of question whose answer type is not checked: any sentence may answer them. */
const uncheckedKinds: ReadonlySet<QuestionKind> = new Set(['other', 'reason']);

/** One stored line as the ranking reads it: its sentences, their words and stems, and what it gives as evidence. */
interface LineEntry {
  text: string;
  spans: SentenceSpan[];
  words: (string[] | undefined)[];
  stems: (string[] | undefined)[];
  evidence: Evidence | undefined;
  missingNames: string[] | undefined;
  coverage: number | undefined;
}

/** Reads each article line and article at most once per ranking. */
class RankingReader {
  private readonly lines = new Map<string, LineEntry | null>();
  private readonly articleRows = new Map<number, StoredArticle | undefined>();
  private readonly titleStems = new Map<number, Set<string>>();

  constructor(private readonly articles: ArticleStore) {}

  /** Reads, in one statement, the articles of these rows not read yet. */
  readArticles(rowids: readonly number[]): void {
    const unread = [...new Set(rowids)].filter((rowid) => !this.articleRows.has(rowid));
    for (const rowid of unread) this.articleRows.set(rowid, undefined);
    for (const article of this.articles.byRowids(unread)) this.articleRows.set(article.rowid, article);
  }

  /** An article `readArticles` read (undefined if it is gone). */
  article(rowid: number): StoredArticle | undefined {
    return this.articleRows.get(rowid);
  }

  titleStemsOf(article: StoredArticle): Set<string> {
    let stems = this.titleStems.get(article.rowid);
    if (stems === undefined) {
      stems = new Set(tokenize(article.title).map(stem));
      this.titleStems.set(article.rowid, stems);
    }
    return stems;
  }

  /**
   * The question's names that neither the sentence's paragraph, the title, the paragraph before nor the article's
   * lead paragraph gives: news names a person or place once, early, and then writes "the mayor" or "the port".
   */
  missingNames(
    specifics: QuestionSpecifics,
    entry: LineEntry | null,
    sentence: RetrievedSentence,
    article: StoredArticle,
  ): string[] {
    const compute = (): string[] => {
      const missing = specifics.missingNames(evidenceOf(entry, sentence, article));
      if (missing.length === 0 || sentence.line === 1) return missing;
      const earlier = [1, sentence.line - 1]
        .filter((line, index, lines) => line >= 1 && line < sentence.line && lines.indexOf(line) === index)
        .map((line) => this.articles.line(sentence.articleRowid, line) ?? '');
      const before = new Set(specifics.missingNames(QuestionSpecifics.evidence(earlier.join('\n'))));
      return missing.filter((name) => before.has(name));
    };
    if (entry === null) return compute();
    entry.missingNames ??= compute();
    return entry.missingNames;
  }

  line(sentence: RetrievedSentence): LineEntry | null {
    const key = `${sentence.articleRowid}:${sentence.line}`;
    let entry = this.lines.get(key);
    if (entry === undefined) {
      const text = sentence.storedLine ?? this.articles.line(sentence.articleRowid, sentence.line);
      const spans = text === undefined ? [] : splitSentences(text);
      entry =
        text === undefined
          ? null
          : {
              text,
              spans,
              words: [],
              stems: [],
              evidence: undefined,
              missingNames: undefined,
              coverage: undefined,
            };
      this.lines.set(key, entry);
    }
    return entry;
  }
}

/** The words of a line's `index`th sentence, read once. */
function spanWords(entry: LineEntry, index: number): string[] {
  let words = entry.words[index];
  if (words === undefined) {
    words = tokenize(entry.spans[index]?.text ?? '');
    entry.words[index] = words;
  }
  return words;
}

/** The words and stems of a line's `index`th sentence, read once. */
function spanStems(entry: LineEntry, index: number): { words: string[]; stems: string[] } {
  const words = spanWords(entry, index);
  let stems = entry.stems[index];
  if (stems === undefined) {
    stems = words.map(stem);
    entry.stems[index] = stems;
  }
  return { words, stems };
}

/**
 * Retrieves candidate sentences for a question and orders them by how much of the question they cover (words
 * weighted by rarity, with the line's previous sentence and the title as context), the engine's own score, whether
 * they hold the kind of fact asked for beyond the question's own words, whether they (with their paragraph and
 * title) give the names, numbers and times the question gives and, when the question is about the latest news,
 * recency. Each sentence also says whether it would answer the question at all (see `RankedSentence`).
 */
export function rankSentences(
  retriever: Retriever,
  articles: ArticleStore,
  request: { question: string; scope: Scope; limit: number; now: Date; context?: string },
): RankedSentence[] {
  const question = request.question.replace(hedges, ' ').replace(askedForTime, '$1');
  const query = request.context ? `${question} ${request.context}` : question;
  const candidates = retriever.search({
    text: query,
    scope: request.scope,
    limit: Math.max(request.limit, 50),
  });
  if (candidates.length === 0) return [];
  const asked = queryTerms(question);
  const terms = retriever.spell(asked);
  /** A question's stem as the search read it (a slip of spelling read as the indexed word). */
  const spelled = new Map(asked.map((term, at) => [term, terms[at] ?? term]));
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
  const specifics = new QuestionSpecifics(question);
  const preferRecent = recencyWords.test(request.question);
  const topScore = Math.max(...candidates.map((candidate) => candidate.score), 1e-9);
  const reader = new RankingReader(articles);
  const questionPairs = new Set<string>();
  const questionSequence = tokenize(question)
    .filter((word) => !stopWords.has(word))
    .map((word) => {
      const stemmed = stem(word);
      return spelled.get(stemmed) ?? stemmed;
    });
  for (let index = 1; index < questionSequence.length; index++) {
    questionPairs.add(`${questionSequence[index - 1]} ${questionSequence[index]}`);
  }

  const pairStems = new Set(questionSequence);
  /** The question's terms among some stems (a sentence has few of them, so this beats a set of all its stems). */
  const questionTermsIn = (stems: readonly string[]): Set<string> => {
    const found = new Set<string>();
    for (const stemmed of stems) if (weights.has(stemmed)) found.add(stemmed);
    return found;
  };
  reader.readArticles(candidates.map((candidate) => candidate.articleRowid));
  const read = candidates.flatMap((candidate) => {
    const article = reader.article(candidate.articleRowid);
    if (!article) return [];
    const entry = reader.line(candidate);
    const index = entry ? entry.spans.findIndex((span) => span.start === candidate.start) : -1;
    if (entry && index !== -1) {
      const { words, stems } = spanStems(entry, index);
      return [{ candidate, article, entry, index, words, stems }];
    }
    const words = tokenize(candidate.text);
    return [{ candidate, article, entry, index, words, stems: words.map(stem) }];
  });
  const articleTerms = new Map<number, Set<string>>();
  for (const { candidate, article, stems } of read) {
    let found = articleTerms.get(candidate.articleRowid);
    if (!found) {
      found = new Set([...reader.titleStemsOf(article)].filter((term) => weights.has(term)));
      articleTerms.set(candidate.articleRowid, found);
    }
    for (const stemmed of stems) if (weights.has(stemmed)) found.add(stemmed);
  }
  const articleCoverage = (rowid: number): number => {
    let sum = 0;
    for (const term of articleTerms.get(rowid) ?? []) sum += weights.get(term) ?? 0;
    return sum / totalWeight;
  };

  const scored = read.map((item, order) => {
    const { candidate, article, entry, index, words, stems } = item;
    const termsHere = questionTermsIn(stems);
    const titleStems = reader.titleStemsOf(article);
    const termsBefore = entry && index > 0 ? questionTermsIn(spanStems(entry, index - 1).stems) : null;
    let covered = 0;
    let context = 0;
    for (const [term, weight] of weights) {
      if (termsHere.has(term)) covered += weight;
      else if (titleStems.has(term) || termsBefore?.has(term)) context += weight;
    }
    const coverage = covered / totalWeight;
    const support = (covered + 0.5 * context) / totalWeight;
    let novel = 0;
    const sequence: string[] = [];
    for (const [at, word] of words.entries()) {
      if (stopWords.has(word)) continue;
      const stemmed = stems[at] ?? word;
      sequence.push(stemmed);
      if (!questionStems.has(stemmed)) novel++;
    }
    let pairs = 0;
    if (questionPairs.size > 0) {
      const seen = new Set<string>();
      for (let at = 1; at < sequence.length; at++) {
        const first = sequence[at - 1] ?? '';
        const second = sequence[at] ?? '';
        if (!pairStems.has(first) || !pairStems.has(second)) continue;
        const pair = `${first} ${second}`;
        if (questionPairs.has(pair)) seen.add(pair);
      }
      pairs = seen.size / questionPairs.size;
    }
    const ageDays = Math.max(0, (request.now.getTime() - Date.parse(article.published)) / 86_400_000);
    const recency = preferRecent ? 0.3 / (1 + ageDays / 30) : 0.02 / (1 + ageDays / 365);
    const base =
      support +
      0.1 * articleCoverage(candidate.articleRowid) +
      0.2 * pairs +
      0.25 * (candidate.score / topScore) +
      (novel === 0 ? -0.2 : 0) +
      recency;
    const bound = base + (kind === 'other' ? 0 : typedBonus);
    return { candidate, article, entry, index, order, coverage, support, base, bound } satisfies Scored;
  });

  /**
   * The rest of the ranking of one sentence: what it quotes, whether it answers by kind and by specifics. Null when,
   * once its kind of fact is read, its relevance can no longer reach `floor` (the `limit`th best so far): the names
   * and figures, which may read more lines, are then not checked, as they could only lower it further.
   */
  const judge = (item: Scored, floor: number): Judged | null => {
    const { candidate, article, entry, index } = item;
    const lineText = entry?.text ?? null;
    const next = entry && index !== -1 ? entry.spans[index + 1] : undefined;
    let continuation =
      next && lineText !== null && continuationStart.test(next.text)
        ? { end: next.end, text: lineText.slice(candidate.start, next.end) }
        : null;
    const previous = entry && index > 0 ? entry.spans[index - 1] : undefined;
    let antecedent =
      previous && lineText !== null && anaphoricStart.test(candidate.text)
        ? { start: previous.start, text: lineText.slice(previous.start, candidate.end) }
        : null;
    const typed = holdsAnswerType(
      kind,
      `${antecedent?.text ?? candidate.text} ${continuation?.text ?? ''}`,
      questionWords,
    );
    let answerTypeFound = uncheckedKinds.has(kind) || typed;
    // A sentence that matches the question but lacks the fact asked for is quoted with the neighbour that has it.
    if (!answerTypeFound && lineText !== null) {
      if (next && continuation === null && holdsAnswerType(kind, next.text, questionWords)) {
        continuation = { end: next.end, text: lineText.slice(candidate.start, next.end) };
        answerTypeFound = true;
      } else if (previous && antecedent === null && holdsAnswerType(kind, previous.text, questionWords)) {
        antecedent = { start: previous.start, text: lineText.slice(previous.start, candidate.end) };
        answerTypeFound = true;
      }
    }
    const typedRelevance =
      item.base + (typed && kind !== 'other' ? typedBonus : 0) - (answerTypeFound ? 0 : untypedPenalty);
    if (typedRelevance < floor) return null;
    const missingSpecifics: string[] = [];
    if (specifics.anyNames)
      missingSpecifics.push(...reader.missingNames(specifics, entry, candidate, article));
    if (specifics.anyFigures) {
      const quoted = `${previous?.text ?? ''} ${candidate.text} ${next?.text ?? ''}\n${article.title}`;
      const published = new Date(publishedMs(article.published));
      missingSpecifics.push(...specifics.missingFigures(QuestionSpecifics.datedEvidence(quoted, published)));
    }
    const relevance = typedRelevance - (missingSpecifics.length > 0 ? unsupportedPenalty : 0);
    return { item, relevance, continuation, antecedent, missingSpecifics, answerTypeFound };
  };

  // The checks only lower a sentence's relevance, so once the next sentence's best possible relevance is below the
  // `limit`th best found, no later one can enter the result: the rest are never judged.
  scored.sort((left, right) => right.bound - left.bound || left.order - right.order);
  const ranked: Judged[] = [];
  const finals: number[] = [];
  for (const item of scored) {
    const floor = finals.length >= request.limit ? (finals[request.limit - 1] ?? -Infinity) : -Infinity;
    if (item.bound < floor) break;
    const judged = judge(item, floor);
    if (judged === null) continue;
    ranked.push(judged);
    const at = finals.findIndex((value) => value < judged.relevance);
    finals.splice(at === -1 ? finals.length : at, 0, judged.relevance);
  }
  ranked.sort((left, right) => right.relevance - left.relevance || left.item.order - right.item.order);
  const roles = questionRoles(question);
  const stance = new StanceReader(articles, stanceOf(request.question));
  // Each result is built once, field by field, here: spread copies ({ ...item, order }) of the objects before it
  // outlived the scavenges that should have freed them (1.3 MB promoted at each, 3 ms pauses; --trace-gc-nvp).
  return ranked.slice(0, request.limit).map((judged): RankedSentence => {
    const { candidate, article, entry } = judged.item;
    const evidence = evidenceOf(entry, candidate, article);
    const contextCoverage = entry
      ? (entry.coverage ??= specifics.coverageIn(evidence))
      : specifics.coverageIn(evidence);
    return Object.assign(new LazyStance(stance, article), {
      sentenceId: candidate.sentenceId,
      articleRowid: candidate.articleRowid,
      line: candidate.line,
      start: candidate.start,
      end: candidate.end,
      text: candidate.text,
      score: candidate.score,
      coverage: judged.item.coverage,
      support: judged.item.support,
      relevance: judged.relevance,
      continuation: judged.continuation,
      antecedent: judged.antecedent,
      lineText: entry?.text ?? null,
      missingSpecifics: judged.missingSpecifics,
      answerTypeFound: judged.answerTypeFound,
      contextCoverage,
      rolesReversed: roles !== null && rolesReversed(roles, candidate.text),
      onlyNamesAndDate: specifics.onlyDatedIn(evidence),
    });
  });
}

/**
 * Whether articles use, in some form, the verb of a stance question ("what did X think…"; true for other questions):
 * each article is read whole once, and only the words that could be a form of the verb are stemmed.
 */
class StanceReader {
  private readonly found = new Map<number, boolean>();
  private readonly starts: ReadonlySet<string>;
  private readonly stems: ReadonlySet<string>;

  constructor(
    private readonly articles: ArticleStore,
    private readonly forms: readonly string[] | null,
  ) {
    this.starts = new Set(forms?.map((form) => form.slice(0, 3)));
    this.stems = new Set(forms?.map(stem));
  }

  in(article: StoredArticle): boolean {
    if (this.forms === null) return true;
    let found = this.found.get(article.rowid);
    if (found === undefined) {
      const body = this.articles.lines(article.rowid).map((line) => line.text);
      found = tokenize(`${article.title} ${body.join(' ')}`).some(
        (word) => this.starts.has(word.slice(0, 3)) && this.stems.has(stem(word)),
      );
      this.found.set(article.rowid, found);
    }
    return found;
  }
}

/**
 * The base of each ranked sentence: its stance is read only when asked for (an extractive answer asks of its best
 * sentence only; the LLM path ranks 24 and asks of none), by a getter on this prototype. A getter written into each
 * result closed over the whole ranking instead, and V8 kept every ranking through the scavenges that should have
 * freed it (2.8 MB promoted at each and 6 ms pauses every ten answers, against 8 KB and under 1 ms).
 */
class LazyStance {
  constructor(
    private readonly stance: StanceReader,
    readonly article: StoredArticle,
  ) {}

  get stanceFound(): boolean {
    return this.stance.in(this.article);
  }
}

/**
 * What a sentence's paragraph and its article's title give as evidence, dated when the article was published (the
 * sentence alone if its line is gone).
 */
function evidenceOf(entry: LineEntry | null, sentence: RetrievedSentence, article: StoredArticle): Evidence {
  const published = (): Date => new Date(publishedMs(article.published));
  if (entry === null)
    return QuestionSpecifics.datedEvidence(`${sentence.text}\n${article.title}`, published());
  if (entry.evidence === undefined) {
    const words = tokenize(article.title);
    for (let index = 0; index < entry.spans.length; index++) words.push(...spanWords(entry, index));
    entry.evidence = QuestionSpecifics.datedEvidence(`${entry.text}\n${article.title}`, published(), words);
  }
  return entry.evidence;
}
