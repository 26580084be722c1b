import type { Result } from '../result.js';
import type { ArticleDraft } from './article-schema.js';
import {
  articleFormat,
  defaultMaxArticleBytes,
  nameOf,
  parseArticleBytes,
  sizeRefusal,
  type ArticleDescription,
  type IngestFailure,
} from './parse-article-bytes.js';
import { readLimited, type ArticleContent } from './read-limited.js';

/** Bytes (or a stream of them) to make an article of, with what is known about them. */
export interface IngestRequest extends ArticleDescription {
  content: ArticleContent;
  /**
   * The size announced before the content (a file's size, a `Content-Length`, Discord's attachment size): over the
   * limit, the content is refused unread. Whatever it says, the real size is checked while reading.
   */
  declaredSize?: number | null;
}

/**
 * The one way in for an article, whatever the route (a local file, a link, a Discord attachment, pasted text, a
 * feed entry): reads the content up to the size limit, streamed, then hands the bytes to `parseArticleBytes` for
 * the same format, encoding, binary, paragraph and metadata rules everywhere. Returns a validated draft for
 * `addArticle`, or a refusal with words for people. A stream that fails part way throws `ContentReadError`.
 */
export async function ingestArticle(request: IngestRequest): Promise<Result<ArticleDraft, IngestFailure>> {
  const { content, declaredSize, ...description } = request;
  const maxBytes = description.maxBytes ?? defaultMaxArticleBytes;
  // What can be refused before reading is refused unread.
  const format = articleFormat(description);
  const tooLarge = declaredSize !== undefined && declaredSize !== null && declaredSize > maxBytes;
  if (!format.ok || tooLarge) {
    if (!(content instanceof Uint8Array)) await cancel(content);
    return format.ok ? sizeRefusal(nameOf(description), declaredSize ?? null, maxBytes) : format;
  }
  const bytes = await readLimited(content, maxBytes);
  if (!bytes.ok) return sizeRefusal(nameOf(description), null, maxBytes);
  return parseArticleBytes(bytes.value, { ...description, maxBytes });
}

/** Lets go of a stream that will not be read, so its source (a socket, a file) is released. */
async function cancel(content: AsyncIterable<Uint8Array>): Promise<void> {
  const iterator = content[Symbol.asyncIterator]();
  await iterator.return?.();
}
