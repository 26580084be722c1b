import type { ArticleInput } from '../corpus/article-input.js';
import { contentHash } from '../corpus/content-hash.js';
import type { EvalSet } from './read-eval-set.js';

/** What loading eval sets and distractors together would get wrong, found before anything is loaded. */
export interface EvalCorpusCheck {
  /** Collisions that would score questions against the wrong article or none: the eval must not run. */
  problems: string[];
  /** Harmless oddities, reported on stderr: distractors that repeat an earlier article are left out. */
  warnings: string[];
  /** The distractors to load, without those that repeat a set article or an earlier distractor. */
  distractors: ArticleInput[];
}

/**
 * Checks that every set article can be stored under its own id: no id is used twice (the store would rename the
 * second, and its questions would be scored against another article), and no set article repeats the text or URL of
 * another set article (the store keeps one copy, so the other's questions would score zero). Distractors that repeat
 * an article are dropped with a warning; a distractor that takes a set article's id is a problem.
 */
export function checkEvalCorpus(
  sets: readonly EvalSet[],
  distractors: readonly ArticleInput[],
): EvalCorpusCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  const owners = new Map<string, string>();
  const texts = new Map<string, string>();
  const urls = new Map<string, string>();
  const describe = (origin: string, article: ArticleInput): string =>
    `${origin} article ${article.id ?? article.title}`;
  const claim = (origin: string, article: ArticleInput): string | null => {
    const here = describe(origin, article);
    const sameText = texts.get(contentHash(article.lines));
    if (sameText !== undefined) return `${here} has the same text as ${sameText}`;
    const sameUrl = article.url === null ? undefined : urls.get(article.url);
    if (sameUrl !== undefined) return `${here} has the same URL as ${sameUrl}`;
    texts.set(contentHash(article.lines), here);
    if (article.url !== null) urls.set(article.url, here);
    return null;
  };
  for (const set of sets) {
    for (const article of set.articles) {
      const id = article.id ?? '';
      const owner = owners.get(id);
      if (owner !== undefined) problems.push(`${describe(set.name, article)} has the same id as ${owner}`);
      owners.set(id, describe(set.name, article));
      const duplicate = claim(set.name, article);
      if (duplicate !== null) problems.push(duplicate);
    }
  }
  const kept: ArticleInput[] = [];
  let repeated = 0;
  for (const article of distractors) {
    const owner = owners.get(article.id ?? '');
    if (owner !== undefined) {
      problems.push(`${describe('distractor', article)} has the same id as ${owner}`);
      continue;
    }
    if (claim('distractor', article) !== null) {
      repeated++;
      continue;
    }
    owners.set(article.id ?? '', describe('distractor', article));
    kept.push(article);
  }
  if (repeated > 0) {
    warnings.push(
      `${repeated} distractor${repeated === 1 ? ' repeats' : 's repeat'} an earlier article's text or URL and ${repeated === 1 ? 'is' : 'are'} left out`,
    );
  }
  return { problems, warnings, distractors: kept };
}
