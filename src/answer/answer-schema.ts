import { z } from 'zod';

/** One numbered source shown under an answer: a verbatim quote from a stored article line. */
export const CitationSchema = z.object({
  n: z.number().int().positive(),
  articleId: z.string(),
  title: z.string(),
  source: z.string(),
  url: z.string().nullable(),
  published: z.string(),
  line: z.number().int().positive(),
  quote: z.string(),
});

/**
 * One claim of an answer: its text without citation markers (a quote in an extractive answer, the model's sentence
 * in an LLM answer) and the numbers of the citations it rests on. Front ends place the markers themselves, so a
 * bracketed number inside quoted article text can never pass for one.
 */
export const ClaimSchema = z.object({
  text: z.string(),
  citations: z.array(z.number().int().positive()),
});

/** The answer object every front end (terminal, JSON, Discord) renders. */
export const AnswerSchema = z.object({
  question: z.string(),
  mode: z.enum(['llm', 'extractive']),
  status: z.enum(['answered', 'abstained']),
  /** The whole answer as plain text with `[n]` markers (terminal, JSON, conversation history). */
  answer: z.string(),
  /** The same answer claim by claim; empty when abstaining (and in answers stored before claims existed). */
  claims: z.array(ClaimSchema).default([]),
  citations: z.array(CitationSchema),
  note: z.string().optional(),
  /**
   * When the LLM found no supported answer although retrieval found lines that look like one: those lines, each a
   * verified quote, to be shown as lines to read and never as the answer.
   */
  closestLines: z.array(CitationSchema).optional(),
});

/** A numbered source of an answer. */
export type Citation = z.infer<typeof CitationSchema>;
/** A claim of an answer with its citation numbers. */
export type Claim = z.infer<typeof ClaimSchema>;
/** A built answer, ready to render. */
export type Answer = z.infer<typeof AnswerSchema>;

/** The plain text of claims with their `[n]` markers: one quote a line when extractive, one paragraph from a model. */
export function answerText(claims: readonly Claim[], mode: Answer['mode']): string {
  return claims
    .map((claim) => `${claim.text} ${claim.citations.map((n) => `[${n}]`).join('')}`.trim())
    .join(mode === 'extractive' ? '\n' : ' ');
}
