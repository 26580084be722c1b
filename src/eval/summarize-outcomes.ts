import type { QuestionOutcome } from './evaluate-sets.js';
import { percentile } from './percentile.js';

/** The figures `npm run eval` reports for a set or overall; rates are fractions, null where they do not apply. */
export interface EvalFigures {
  name: string;
  questions: number;
  lineRecallAt1: number | null;
  lineRecallAt5: number | null;
  answerInQuoteAt1: number | null;
  unanswerable: number;
  unanswerableRefused: number | null;
  answerable: number;
  answerableRefused: number | null;
  verifiedQuoteRate: number | null;
  promptTokensMedian: number | null;
  promptTokensP95: number | null;
  /** With an LLM: share of the claims the model made that kept a proven quote. */
  claimsVerifiedRate: number | null;
  /** With an LLM: how many questions the model answered with no claim at all. */
  modelRefusals: number | null;
  latencyMsP50: number | null;
  latencyMsP95: number | null;
}

/** A set has span answers when nearly all its answerable questions' answers are spans of their gold lines. */
const spanShare = 0.9;

function rate(
  outcomes: readonly QuestionOutcome[],
  test: (outcome: QuestionOutcome) => boolean,
): number | null {
  return outcomes.length === 0 ? null : outcomes.filter(test).length / outcomes.length;
}

function round(value: number | null, digits = 4): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

/** Which sets answer with spans of the article (so answer-in-quote measures them), by set name. */
export function spanAnswerSets(outcomes: readonly QuestionOutcome[]): Set<string> {
  const sets = new Set<string>();
  for (const name of new Set(outcomes.map((outcome) => outcome.set))) {
    const answerable = outcomes.filter((outcome) => outcome.set === name && outcome.answerable);
    const spans = answerable.filter((outcome) => outcome.hasSpanAnswer).length;
    if (answerable.length > 0 && spans / answerable.length >= spanShare) sets.add(name);
  }
  return sets;
}

/** Turns question outcomes into the reported figures for one set (or all of them, as `name`). */
export function summarizeOutcomes(
  name: string,
  outcomes: readonly QuestionOutcome[],
  spanSets: ReadonlySet<string>,
): EvalFigures {
  const withLines = outcomes.filter((outcome) => outcome.hasLines);
  const withSpans = outcomes.filter((outcome) => spanSets.has(outcome.set) && outcome.hasSpanAnswer);
  const unanswerable = outcomes.filter((outcome) => !outcome.answerable);
  const answerable = outcomes.filter((outcome) => outcome.answerable);
  const shown = outcomes.reduce((sum, outcome) => sum + outcome.quotesShown, 0);
  const verified = outcomes.reduce((sum, outcome) => sum + outcome.quotesVerified, 0);
  const tokens = outcomes.flatMap((outcome) => (outcome.promptTokens === null ? [] : [outcome.promptTokens]));
  const latencies = outcomes.map((outcome) => outcome.latencyMs);
  const claims = outcomes.flatMap((outcome) => (outcome.claims === null ? [] : [outcome.claims]));
  const proposed = claims.reduce((sum, counts) => sum + counts.proposed, 0);
  return {
    name,
    questions: outcomes.length,
    lineRecallAt1: round(rate(withLines, (outcome) => outcome.recallAt1)),
    lineRecallAt5: round(rate(withLines, (outcome) => outcome.recallAt5)),
    answerInQuoteAt1: round(rate(withSpans, (outcome) => outcome.answerInQuote)),
    unanswerable: unanswerable.length,
    unanswerableRefused: round(rate(unanswerable, (outcome) => outcome.refused)),
    answerable: answerable.length,
    answerableRefused: round(rate(answerable, (outcome) => outcome.refused)),
    verifiedQuoteRate: round(shown === 0 ? null : verified / shown),
    promptTokensMedian: percentile(tokens, 0.5),
    promptTokensP95: percentile(tokens, 0.95),
    claimsVerifiedRate: round(
      proposed === 0 ? null : claims.reduce((sum, counts) => sum + counts.verified, 0) / proposed,
    ),
    modelRefusals: claims.length === 0 ? null : claims.filter((counts) => counts.proposed === 0).length,
    latencyMsP50: round(percentile(latencies, 0.5), 2),
    latencyMsP95: round(percentile(latencies, 0.95), 2),
  };
}
