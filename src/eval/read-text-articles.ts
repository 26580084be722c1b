import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ArticleInput } from '../corpus/article-input.js';
import { toBodyLines } from '../corpus/article-input.js';
import { slugify } from '../corpus/slugify.js';

/**
 * Reads a folder of plain-text articles, one `.txt` file each: the title on the first line, paragraphs after it
 * (blank lines ignored). Ids come from the file names; `published` is left to the caller.
 */
export function readTextArticles(directory: string, source = 'distractor'): ArticleInput[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .flatMap((name) => {
      const [title, ...lines] = toBodyLines(readFileSync(join(directory, name), 'utf8'));
      if (title === undefined || lines.length === 0) return [];
      return [
        {
          id: slugify(basename(name, '.txt'), 80),
          title: title.slice(0, 300),
          source,
          url: null,
          published: null,
          author: null,
          lines,
        },
      ];
    });
}
