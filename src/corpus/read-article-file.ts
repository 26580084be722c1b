import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import { defaultMaxArticleBytes, sizeRefusal } from './parse-article-bytes.js';

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
 * Reads the bytes of a local article file for `parseArticleBytes`: refused unread when its size is over the limit,
 * and never read past the limit (a file growing meanwhile is refused too). Synchronous, so the start-up sync of
 * `data/articles/` can use it; the terminal's `article add` reads files the same way.
 */
export function readArticleFile(
  path: string,
  maxBytes = defaultMaxArticleBytes,
): Result<Uint8Array, 'not-found' | 'too-large'> {
  const name = `"${basename(path)}"`;
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if (isNodeError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
      return fail('not-found', `There is no file at ${path}; check the path.`);
    }
    if (isNodeError(error) && error.code === 'EISDIR') {
      return fail('not-found', `${path} is a folder, not a file; give the path of an article file.`);
    }
    throw new ArticleFileReadError(path, { cause: error });
  }
  try {
    const info = fstatSync(descriptor);
    if (!info.isFile()) return fail('not-found', `${path} is not a file; give the path of an article file.`);
    if (info.size > maxBytes) return sizeRefusal(name, info.size, maxBytes);
    // Read to the end rather than to the size stat gave, in case the file grows meanwhile.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(
        Math.min(Math.max(info.size - length, 0) + 1, maxBytes + 1 - length, 65_536),
      );
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return sizeRefusal(name, null, maxBytes);
      chunks.push(chunk.subarray(0, read));
    }
    return ok(new Uint8Array(Buffer.concat(chunks, length)));
  } catch (error) {
    throw new ArticleFileReadError(path, { cause: error });
  } finally {
    closeSync(descriptor);
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
