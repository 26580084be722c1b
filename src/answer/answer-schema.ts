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

/** The answer object every front end (terminal, JSON, Discord) renders. */
export const AnswerSchema = z.object({
  question: z.string(),
  mode: z.enum(['llm', 'extractive']),
  status: z.enum(['answered', 'abstained']),
  answer: z.string(),
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
/** A built answer, ready to render. */
export type Answer = z.infer<typeof AnswerSchema>;
