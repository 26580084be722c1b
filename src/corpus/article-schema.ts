import { z } from 'zod';

/** Where an article can be searched: `global` for the curated `data/` files, or a Discord guild id. */
export const ScopeSchema = z.union([z.literal('global'), z.string().regex(/^\d{5,25}$/, 'a guild id')]);
/** An article's scope. */
export type Scope = z.infer<typeof ScopeSchema>;

/** An ISO 8601 date-time with a zone (`2025-08-29T10:00:00+03:00`), or a plain date taken as UTC midnight. */
export const PublishedSchema = z
  .string()
  .trim()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value),
    {
      message: 'a date-time with a zone, like 2025-08-29T10:00:00+03:00, or a date like 2025-08-29',
    },
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'a real date' });

/** Metadata of an article as written in a `data/articles/` front-matter block or given by a moderator. */
export const ArticleMetaSchema = z.object({
  title: z.string().trim().min(1, 'a title').max(300),
  source: z.string().trim().min(1, 'a source').max(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  published: PublishedSchema,
  author: z.string().trim().min(1).max(200).nullable().default(null),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lower-case letters, digits and dashes')
    .optional(),
});
/** Validated article metadata. */
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

/** An article ready to store: metadata plus its body, one paragraph per line (no empty lines). */
export interface ArticleDraft extends ArticleMeta {
  lines: string[];
}

/** A stored article's metadata as the store returns it. */
export interface ArticleRecord {
  id: string;
  scope: Scope;
  title: string;
  source: string;
  url: string | null;
  published: string;
  author: string | null;
  contentHash: string;
  origin: 'data' | 'added';
  addedBy: string | null;
  addedAt: string;
  lineCount: number;
}
