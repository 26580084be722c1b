import type { RankedSentence } from '../retrieval/rank-sentences.js';
import type { Answer } from './answer-schema.js';
import { CitationList } from './cite.js';

/** Below this share of the question's weighted words, the best sentence is not taken as an answer. */
export const minimumCoverage = 0.25;

/** The words shown when nothing in the articles answers a question. */
export const abstentionText =
  "I couldn't find anything about that in the articles I have, so I won't guess. Try other words, or ask a moderator to add an article on it.";

/**
 * Answers with the best one to three retrieved sentences, quoted verbatim from their stored lines and cited, or
 * abstains when the best sentence covers too little of the question.
 */
export function answerExtractively(
  question: string,
  ranked: readonly RankedSentence[],
  note?: string,
): Answer {
  const best = ranked[0];
  const base = { question, mode: 'extractive' as const, ...(note === undefined ? {} : { note }) };
  if (!best || best.support < minimumCoverage) {
    return { ...base, status: 'abstained', answer: abstentionText, citations: [] };
  }
  const chosen = [best];
  for (const candidate of ranked.slice(1)) {
    if (chosen.length === 3) break;
    const sameLine = chosen.some(
      (sentence) => sentence.articleRowid === candidate.articleRowid && sentence.line === candidate.line,
    );
    const strongEnough = candidate.relevance >= best.relevance * (sameLine ? 0.7 : 0.85);
    const duplicate = chosen.some(
      (sentence) =>
        sentence.text === candidate.text ||
        (sentence.continuation !== null &&
          sentence.articleRowid === candidate.articleRowid &&
          sentence.line === candidate.line &&
          candidate.start >= sentence.start &&
          candidate.end <= sentence.continuation.end),
    );
    if (strongEnough && !duplicate && candidate.support >= minimumCoverage) chosen.push(candidate);
  }
  const citations = new CitationList();
  const parts = chosen.map((sentence, index) => {
    // The best sentence is quoted with a following sentence that carries on its subject ("She said…").
    const quote = index === 0 && sentence.continuation ? sentence.continuation.text : sentence.text;
    const n = citations.add(sentence.article, sentence.line, quote);
    return `\u201c${quote}\u201d [${n}]`;
  });
  return { ...base, status: 'answered', answer: parts.join('\n'), citations: citations.citations };
}
