import { fail, ok, type Result } from '../result.js';
import type { FeedEntry } from './feed.js';
import { htmlToText } from './html-to-text.js';

/** The most keywords one filter holds, and the longest keyword. */
const limits = { words: 25, characters: 100 } as const;

/**
 * Reads a keyword filter as a moderator writes it: words or phrases separated by commas ("ukraine, grain deal"),
 * folded to lower case, without repeats.
 */
export function parseKeywords(text: string | readonly string[]): Result<string[], 'invalid-keywords'> {
  const items = (typeof text === 'string' ? text.split(',') : text)
    .map((item) => item.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter((item) => item !== '');
  const words = [...new Set(items)];
  if (words.length > limits.words) {
    return fail(
      'invalid-keywords',
      `A filter holds at most ${limits.words} keywords; ${words.length} were given.`,
    );
  }
  const long = words.find((word) => word.length > limits.characters);
  if (long !== undefined) {
    return fail(
      'invalid-keywords',
      `A keyword has at most ${limits.characters} characters; "${long.slice(0, 40)}…" is longer.`,
    );
  }
  return ok(words);
}

function holds(text: string, keyword: string): boolean {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/**
 * Whether an entry passes a feed's keyword filters: its title, summary and text hold one of the `include` keywords
 * (any entry, when there are none) as whole words, case aside, and none of the `exclude` ones.
 */
export function passesFilter(
  entry: Pick<FeedEntry, 'title' | 'summary' | 'content'>,
  filter: { include: readonly string[]; exclude: readonly string[] },
): boolean {
  const body =
    entry.content === null
      ? ''
      : entry.content.type === 'html'
        ? htmlToText(entry.content.value)
        : entry.content.value;
  const text = [entry.title ?? '', entry.summary ?? '', body].join('\n');
  if (filter.include.length > 0 && !filter.include.some((keyword) => holds(text, keyword))) return false;
  return !filter.exclude.some((keyword) => holds(text, keyword));
}
