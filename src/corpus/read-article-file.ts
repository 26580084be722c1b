import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fail, type Result } from '../result.js';
import { type ArticleInput } from './article-input.js';
import {
  defaultMaxArticleBytes,
  formatByteSize,
  parseArticleBytes,
  type ArticleBytesFailure,
  type ArticleBytesOptions,
} from './parse-article-bytes.js';

/** A local article file that exists but could not be read (permissions, I/O); not an expected outcome. */
export class ArticleFileReadError extends Error {
  override name = 'ArticleFileReadError';

  constructor(
    readonly path: string,
    options: { cause: unknown },
  ) {
    super(`Could not read article file ${path}.`, options);
  }
}

/**
 * Reads a local article file (.txt, .md or .html) into an article input, refusing files over the size limit
 * before reading them.
 */
export async function readArticleFile(
  path: string,
  options: ArticleBytesOptions = {},
): Promise<Result<ArticleInput, ArticleBytesFailure | 'not-found'>> {
  const maxBytes = options.maxBytes ?? defaultMaxArticleBytes;
  const fileName = basename(path);
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('not-found', `${path} is not a file; give the path of an article file.`);
    if (info.size > maxBytes) {
      return fail(
        'too-large',
        `That file is ${formatByteSize(info.size)}; the limit is ${formatByteSize(maxBytes)}.`,
      );
    }
    return parseArticleBytes(await readFile(path), fileName, { maxBytes });
  } catch (error) {
    if (isNodeError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
      return fail('not-found', `There is no file at ${path}; check the path.`);
    }
    throw new ArticleFileReadError(path, { cause: error });
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
