import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { answerQuestion } from '../answer/answer-question.js';
import type { Answer } from '../answer/answer-schema.js';
import { verifyQuote } from '../answer/verify-quote.js';
import { createApp } from '../app/create-app.js';
import { hasLlm, type Config } from '../config.js';
import type { ArticleInput } from '../corpus/article-input.js';
import { addArticle } from '../corpus/add-article.js';
import type { Deps } from '../deps.js';
import { silentLogger, type Logger } from '../logger.js';
import { rankSentences } from '../retrieval/rank-sentences.js';
import { checkEvalCorpus } from './check-eval-corpus.js';
import type { EvalQuestion, EvalSet } from './read-eval-set.js';

/** What happened to one question: the gold fields are only read here, after the answer is built. */
export interface QuestionOutcome {
  set: string;
  answerable: boolean;
  /** Whether gold lines are known (line recall applies). */
  hasLines: boolean;
  /** Whether some answer string is a span of the gold lines (answer-in-quote applies). */
  hasSpanAnswer: boolean;
  recallAt1: boolean;
  recallAt5: boolean;
  answerInQuote: boolean;
  refused: boolean;
  quotesShown: number;
  quotesVerified: number;
  promptTokens: number | null;
  /** With an LLM: the claims the model made and those that kept a proven quote (null when it gave no usable reply). */
  claims: { proposed: number; verified: number } | null;
  latencyMs: number;
}

/** Thrown when an evaluation cannot run (no LLM configured for `--llm`, an answer failing outright). */
export class EvalError extends Error {
  override name = 'EvalError';
}

/** The date given to eval articles that have none, and the "today" questions are asked on. */
const defaultPublished = '2020-01-01';
const evalNow = new Date('2024-01-01T00:00:00Z');
/** As many ranked sentences as the LLM path asks for; line recall reads the first five. */
const rankLimit = 24;

/** The citation the answer text points at first (the first quoted sentence). */
function firstQuote(answer: Answer): string | undefined {
  const marker = /\[(\d+)\]/.exec(answer.answer);
  const n = marker ? Number(marker[1]) : 1;
  return (answer.citations.find((citation) => citation.n === n) ?? answer.citations[0])?.quote;
}

/** Stores articles under their own ids; anything else would score questions against the wrong article. */
function load(deps: Deps, articles: readonly ArticleInput[]): void {
  for (const article of articles) {
    const stored = addArticle(
      deps,
      { ...article, published: article.published ?? defaultPublished },
      { scope: 'global', addedBy: null },
    );
    if (!stored.ok)
      throw new EvalError(`Cannot load article ${article.id ?? article.title}: ${stored.message}`);
    if (article.id !== null && stored.value.id !== article.id) {
      throw new EvalError(`Article ${article.id} was stored as ${stored.value.id}`);
    }
  }
}

/** `limit` questions spread evenly over all sets (all of them without a limit), in set order. */
function sample(
  sets: readonly EvalSet[],
  limit: number | undefined,
): { set: string; question: EvalQuestion }[] {
  const all = sets.flatMap((set) => set.questions.map((question) => ({ set: set.name, question })));
  if (limit === undefined || limit >= all.length) return all;
  return Array.from({ length: limit }, (_, index) => all[Math.floor((index * all.length) / limit)]).filter(
    (entry) => entry !== undefined,
  );
}

async function evaluateQuestion(
  deps: Deps,
  set: string,
  gold: EvalQuestion,
  useLlm: boolean,
): Promise<QuestionOutcome> {
  const question = gold.question.replace(/\s+/g, ' ').trim();
  const ranked = rankSentences(deps.retriever, deps.articles, {
    question,
    scope: 'global',
    limit: rankLimit,
    now: deps.clock.now(),
  });
  let promptTokens: number | null = null;
  let claims: QuestionOutcome['claims'] = null;
  const started = performance.now();
  const result = await answerQuestion(deps, {
    question,
    scope: 'global',
    useLlm,
    onUsage: (usage) => {
      promptTokens = (promptTokens ?? 0) + usage.promptTokens;
    },
    onClaims: (counts) => {
      claims = counts;
    },
  });
  const latencyMs = performance.now() - started;
  if (!result.ok) throw new EvalError(`Question ${gold.id} was not answered: ${result.message}`);
  const answer = result.value;

  const goldArticle = deps.articles.get(gold.article, 'global');
  const goldLines = new Set(gold.lines);
  const onGold = (index: number): boolean => {
    const sentence = ranked[index];
    return sentence !== undefined && sentence.article.id === gold.article && goldLines.has(sentence.line);
  };
  const goldText = goldArticle
    ? gold.lines
        .map((line) => deps.articles.line(goldArticle.rowid, line) ?? '')
        .join('\n')
        .toLowerCase()
    : '';
  const answers = gold.answers.map((text) => text.toLowerCase().trim()).filter((text) => text !== '');
  const quote = answer.status === 'answered' ? firstQuote(answer)?.toLowerCase() : undefined;
  let quotesVerified = 0;
  for (const citation of answer.citations) {
    const article = deps.articles.get(citation.articleId, 'global');
    const line = article ? deps.articles.line(article.rowid, citation.line) : undefined;
    if (line !== undefined && verifyQuote(line, citation.quote).ok) quotesVerified++;
  }
  return {
    set,
    answerable: !gold.unanswerable,
    hasLines: !gold.unanswerable && gold.lines.length > 0,
    hasSpanAnswer: !gold.unanswerable && answers.some((text) => goldText.includes(text)),
    recallAt1: onGold(0),
    recallAt5: [0, 1, 2, 3, 4].some(onGold),
    answerInQuote: quote !== undefined && answers.some((text) => quote.includes(text)),
    refused: answer.status === 'abstained',
    quotesShown: answer.citations.length,
    quotesVerified,
    promptTokens,
    claims,
    latencyMs,
  };
}

/**
 * Loads every set's articles (and the distractors) into a throwaway database through `addArticle`, then asks every
 * question (or an even sample of `limit`) through `answerQuestion` exactly as `/ask` does, scoring the answers against
 * the gold fields afterwards. Refuses to run when sets or distractors share an article id, or set articles share a
 * text or URL (see `checkEvalCorpus`); distractors repeating an article are left out, with a warning.
 */
export async function evaluateSets(
  config: Config,
  input: {
    sets: readonly EvalSet[];
    distractors: readonly ArticleInput[];
    useLlm: boolean;
    limit?: number;
    logger?: Logger;
    onWarning?: (warning: string) => void;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ outcomes: QuestionOutcome[]; distractorsLoaded: number }> {
  if (input.useLlm && !hasLlm(config)) {
    throw new EvalError('--llm needs an LLM endpoint: set OPENAI_API_KEY and/or OPENAI_BASE_URL.');
  }
  const corpus = checkEvalCorpus(input.sets, input.distractors);
  if (corpus.problems.length > 0) {
    throw new EvalError(`The eval cannot score these sets together:\n  ${corpus.problems.join('\n  ')}`);
  }
  for (const warning of corpus.warnings) input.onWarning?.(warning);
  const directory = mkdtempSync(join(tmpdir(), 'newsdesk-eval-'));
  const articlesDirectory = join(directory, 'no-curated-articles');
  mkdirSync(articlesDirectory);
  const app = createApp(
    { ...config, NEWSDESK_DB: join(directory, 'eval.db'), NEWSDESK_ARTICLES_DIR: articlesDirectory },
    {
      logger: input.logger ?? silentLogger,
      clock: { now: () => evalNow },
      ...(input.useLlm ? {} : { chatModel: null }),
    },
  );
  const { deps } = app;
  try {
    for (const set of input.sets) load(deps, set.articles);
    load(deps, corpus.distractors);
    const outcomes: QuestionOutcome[] = [];
    const questions = sample(input.sets, input.limit);
    for (const { set, question } of questions) {
      outcomes.push(await evaluateQuestion(deps, set, question, input.useLlm));
      input.onProgress?.(outcomes.length, questions.length);
    }
    return { outcomes, distractorsLoaded: corpus.distractors.length };
  } finally {
    app.db.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
