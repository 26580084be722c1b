import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { ArticleInput } from '../corpus/article-input.js';
import { toBodyLines } from '../corpus/article-input.js';

const EvalArticleSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  source: z.string().min(1),
  url: z.string().nullable().default(null),
  published: z.string().nullable().default(null),
});

/** One question of an eval set, with its gold fields (never shown to the answering code). */
export const EvalQuestionSchema = z.object({
  id: z.string().min(1),
  article: z.string().min(1),
  question: z.string().min(1),
  answers: z.array(z.string()).default([]),
  lines: z.array(z.number().int().positive()).default([]),
  unanswerable: z.boolean().default(false),
});
/** A question with its gold answer strings, lines and whether the article answers it at all. */
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

/** An eval set read from its folder: articles ready for `addArticle` and questions with gold fields. */
export interface EvalSet {
  name: string;
  articles: ArticleInput[];
  questions: EvalQuestion[];
}

/** Thrown when an eval set's files are missing or malformed. */
export class EvalSetError extends Error {
  override name = 'EvalSetError';
}

function readJsonLines<T>(path: string, schema: z.ZodType<T>): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EvalSetError(`Cannot read ${path}`, { cause: error });
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new EvalSetError(`${path} line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Reads an eval set folder (`articles.jsonl`, `articles/<id>.txt`, `questions.jsonl`; see the eval README). */
export function readEvalSet(directory: string): EvalSet {
  const root = resolve(directory);
  const articles = readJsonLines(join(root, 'articles.jsonl'), EvalArticleSchema).map(
    (meta): ArticleInput => {
      let body: string;
      try {
        body = readFileSync(join(root, 'articles', `${meta.id}.txt`), 'utf8');
      } catch (error) {
        throw new EvalSetError(`Cannot read the body of article ${meta.id}`, { cause: error });
      }
      return {
        id: meta.id,
        title: meta.title,
        source: meta.source,
        url: meta.url,
        published: meta.published,
        author: null,
        lines: toBodyLines(body),
      };
    },
  );
  const questions = readJsonLines(join(root, 'questions.jsonl'), EvalQuestionSchema);
  return { name: basename(root), articles, questions };
}
