import { z } from 'zod';

/** A Discord id (a snowflake: a server, channel, role or user), as digits. */
export const DiscordIdSchema = z.string().regex(/^\d{5,25}$/, 'a Discord id');

/** Where an article can be searched: `global` for the curated `data/` files, or a Discord guild id. */
export const ScopeSchema = z.union([z.literal('global'), DiscordIdSchema]);
/** An article's scope. */
export type Scope = z.infer<typeof ScopeSchema>;

/** The message for a required text field: missing, or given as something other than text. */
function missingOrText(issue: { input: unknown }): string {
  return issue.input === undefined || issue.input === null ? 'is missing' : 'must be text';
}

/** An ISO 8601 date-time with a zone (`2025-08-29T10:00:00+03:00`), or a plain date taken as UTC midnight. */
export const PublishedSchema = z
  .string({ error: missingOrText })
  .trim()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value),
    {
      message: 'must be a date-time with a zone, like 2025-08-29T10:00:00+03:00, or a date like 2025-08-29',
    },
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'is not a real date' });

/** Metadata of an article as written in a `data/articles/` front-matter block or given by a moderator. */
export const ArticleMetaSchema = z.object({
  title: z.string({ error: missingOrText }).trim().min(1, 'is empty').max(300, 'is over 300 characters'),
  source: z.string({ error: missingOrText }).trim().min(1, 'is empty').max(200, 'is over 200 characters'),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) link' })
    .max(2000, 'is over 2000 characters')
    .nullable()
    .default(null),
  published: PublishedSchema,
  author: z.string().trim().min(1, 'is empty').max(200, 'is over 200 characters').nullable().default(null),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be lower-case letters, digits and dashes')
    .nullable()
    .default(null),
});
/** Validated article metadata. */
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

/**
 * An article ready to store: validated metadata plus its body, one paragraph per line (no empty lines). With `id`
 * null the store picks one from the title.
 */
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
