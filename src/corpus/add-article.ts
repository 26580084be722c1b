import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { ArticleStore, StoredArticle } from './article-store.js';
import { ArticleMetaSchema, type ArticleDraft, type Scope } from './article-schema.js';
import type { ArticleInput } from './article-input.js';
import type { ArticleFields } from './parse-front-matter.js';

/** Metadata a moderator may give to override what was found in the file or page. */
export type ArticleOverrides = Omit<ArticleFields, 'id'>;

/**
 * Metadata from outside an article: `overrides` win over what the article itself states (a moderator's options),
 * `defaults` fill in what it leaves out (a page's address and host, a feed entry's fields, a file's name as its id).
 */
export interface ArticleMetadata {
  overrides?: ArticleOverrides;
  defaults?: ArticleFields;
}

/** Limits that keep one article from swamping the store. */
export const articleLimits = { maxLines: 5000, maxLineCharacters: 20_000, maxCharacters: 2_000_000 } as const;

/** Why an article could not be added. */
export type AddArticleFailure = 'invalid' | 'duplicate' | 'empty' | 'too-large';

/**
 * Validates an article with its overrides and stores it in `scope`, unless the same text or URL is already visible
 * there, in which case the existing id is reported.
 */
export function addArticle(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger'>,
  input: ArticleInput,
  options: { scope: Scope; addedBy: string | null; overrides?: ArticleOverrides },
): Result<StoredArticle, AddArticleFailure> {
  const result = deps.articles.transaction(() =>
    storeArticle(deps.articles, input, { ...options, now: deps.clock.now() }),
  );
  if (result.ok) {
    const stored = result.value;
    deps.logger.info('article added', { id: stored.id, scope: stored.scope, lines: stored.lineCount });
  }
  return result;
}

/**
 * Validates an article and stores it as moderator-added, within a transaction the caller holds: what `addArticle`
 * does for one article, `addArticles` for each of a batch and a feed for each new entry (with an expiry).
 */
export function storeArticle(
  articles: ArticleStore,
  input: ArticleInput,
  options: {
    scope: Scope;
    addedBy: string | null;
    overrides?: ArticleOverrides;
    now: Date;
    expiresMs?: number | null;
  },
): Result<StoredArticle, AddArticleFailure> {
  const draft = toDraft(input, { overrides: options.overrides ?? {} });
  if (!draft.ok) return draft;
  const inserted = articles.insertUnlessDuplicate(draft.value, {
    scope: options.scope,
    origin: 'added',
    addedBy: options.addedBy,
    now: options.now,
    expiresMs: options.expiresMs ?? null,
  });
  if (inserted.duplicate) {
    const { id, title } = inserted.duplicate;
    return fail('duplicate', `That article is already stored as "${id}" (${title}).`);
  }
  return ok(inserted.stored);
}

/**
 * Merges outside metadata into an article input (an override, else what the article states, else a default) and
 * validates it into a draft ready to store. A draft passes through unchanged.
 */
export function toDraft(
  input: ArticleInput,
  metadata: ArticleMetadata = {},
): Result<ArticleDraft, Exclude<AddArticleFailure, 'duplicate'>> {
  const overrides: ArticleFields = metadata.overrides ?? {};
  const defaults = metadata.defaults ?? {};
  const field = (name: Exclude<keyof ArticleInput, 'lines'>): string | undefined =>
    overrides[name] ?? input[name] ?? defaults[name];
  const lines = input.lines.map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '');
  if (lines.length === 0) return fail('empty', 'The article has no text.');
  const characters = lines.reduce((sum, line) => sum + line.length, 0);
  if (lines.length > articleLimits.maxLines || characters > articleLimits.maxCharacters) {
    return fail(
      'too-large',
      `The article is too long (${lines.length} lines, ${characters} characters); the limit is ${articleLimits.maxLines} lines and ${articleLimits.maxCharacters} characters.`,
    );
  }
  const longLine = lines.findIndex((line) => line.length > articleLimits.maxLineCharacters);
  if (longLine !== -1) {
    return fail(
      'too-large',
      `Line ${longLine + 1} has ${lines[longLine]?.length} characters; put one paragraph per line (at most ${articleLimits.maxLineCharacters}).`,
    );
  }
  const meta = ArticleMetaSchema.safeParse({
    id: field('id'),
    title: field('title'),
    source: field('source'),
    url: field('url'),
    published: field('published'),
    author: field('author'),
  });
  if (!meta.success) {
    const problems = meta.error.issues.map(
      (issue) => `${issue.path.join('.') || 'article'} ${issue.message}`,
    );
    return fail(
      'invalid',
      `The article's details are not usable: ${problems.join('; ')}. An article needs a title, a source and a published date, given as options or in its front matter.`,
    );
  }
  return ok({ ...meta.data, lines });
}
