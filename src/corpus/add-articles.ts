import type { Deps } from '../deps.js';
import type { StoredArticle } from './article-store.js';
import { storeArticle, type AddArticleFailure, type ArticleOverrides } from './add-article.js';
import type { Scope } from './article-schema.js';
import type { ArticleInput } from './article-input.js';

/** An article of a batch that was not added, by its position in the batch, with the reason in words. */
export interface AddArticlesFailure {
  position: number;
  id: string | null;
  reason: AddArticleFailure;
  message: string;
}

/** What a batch import stored and what it refused. */
export interface AddArticlesReport {
  added: StoredArticle[];
  failed: AddArticlesFailure[];
}

/**
 * Validates each article of a batch and stores every good one in `scope` in ONE transaction (all or none of them
 * if the database fails), for bulk imports: each article is checked exactly as `addArticle` checks it, duplicates
 * included (also of an earlier article of the same batch), and refused ones are reported rather than stopping the batch.
 */
export function addArticles(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger'>,
  inputs: readonly ArticleInput[],
  options: { scope: Scope; addedBy: string | null; overrides?: ArticleOverrides },
): AddArticlesReport {
  const report: AddArticlesReport = { added: [], failed: [] };
  const now = deps.clock.now();
  deps.articles.transaction(() => {
    inputs.forEach((input, position) => {
      const result = storeArticle(deps.articles, input, { ...options, now });
      if (result.ok) report.added.push(result.value);
      else {
        report.failed.push({
          position,
          id: input.id ?? null,
          reason: result.reason,
          message: result.message,
        });
      }
    });
  });
  deps.logger.info('articles added', {
    scope: options.scope,
    added: report.added.length,
    failed: report.failed.length,
  });
  return report;
}
