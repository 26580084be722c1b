import { fail, ok, type Result } from '../result.js';

/** An article's bytes as a route has them: all at once, or as a stream (a response body, a file stream). */
export type ArticleContent = Uint8Array | AsyncIterable<Uint8Array>;

/** The source of a stream failed part way (a dropped connection, a timeout, a read error); its cause says how. */
export class ContentReadError extends Error {
  override name = 'ContentReadError';

  constructor(options: { cause: unknown }) {
    super('The article could not be read to the end.', options);
  }
}

/**
 * Reads content up to `maxBytes`: the bytes, or 'too-large' as soon as the stream goes past the limit, when it stops
 * reading and cancels the stream, so nothing much over the limit is ever held in memory. A failing stream throws a
 * {@link ContentReadError}.
 */
export async function readLimited(
  content: ArticleContent,
  maxBytes: number,
): Promise<Result<Uint8Array, 'too-large'>> {
  const tooLarge = fail('too-large', `The content is larger than the limit of ${maxBytes} bytes.`);
  if (content instanceof Uint8Array) return content.byteLength > maxBytes ? tooLarge : ok(content);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    // Leaving the loop early returns the iterator, which cancels a web stream and destroys a Node stream.
    for await (const chunk of content) {
      total += chunk.byteLength;
      if (total > maxBytes) return tooLarge;
      chunks.push(chunk);
    }
  } catch (error) {
    throw new ContentReadError({ cause: error });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return ok(bytes);
}
