import { basename } from 'node:path';
import type { Deps } from '../deps.js';
import { fail, type Result } from '../result.js';
import { addArticle, type AddArticleFailure, type ArticleOverrides } from './add-article.js';
import type { Scope } from './article-schema.js';
import type { StoredArticle } from './article-store.js';
import { fetchArticleUrl, type FetchArticleFailure } from './fetch-article-url.js';
import { ingestArticle } from './ingest-article.js';
import { parseArticleBytes, type IngestFailure } from './parse-article-bytes.js';
import { ContentReadError } from './read-limited.js';
import { readArticleFile } from './read-article-file.js';

/** Where an article to add comes from, as a front end received it. */
export type ArticleFrom =
  /** A local file (the terminal). */
  | { file: string }
  /** A web page or text file at an http(s) link, fetched with the private-network checks. */
  | { url: string }
  /** Text pasted into a form: plain text with optional front matter. */
  | { text: string }
  /**
   * A file the chat platform hosts (a Discord attachment). Its address comes from the platform, not from a user, so
   * it is downloaded without the private-network checks; `declaredSize` is what the platform says it weighs.
   */
  | { attachment: { url: string; fileName: string; declaredSize: number | null } };

/** Why an article could not be added, whatever it came from. */
export type AddArticleFromFailure =
  AddArticleFailure | IngestFailure | FetchArticleFailure | 'not-found' | 'download-failed';

const attachmentTimeoutMs = 15_000;

/**
 * Adds an article from a file, a link, pasted text or an attachment: the bytes go through `ingestArticle` (the same
 * checks and the same lines whatever the route), then `addArticle` stores the draft in `scope` (a duplicate of an
 * article visible there is reported with its id). `overrides` win over the metadata the article states.
 */
export async function addArticleFrom(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger' | 'config'>,
  from: ArticleFrom,
  options: { scope: Scope; addedBy: string | null; overrides?: ArticleOverrides },
): Promise<Result<StoredArticle, AddArticleFromFailure>> {
  const overrides = options.overrides ?? {};
  const draft =
    'file' in from
      ? readFile(from.file, overrides)
      : 'url' in from
        ? await fetchArticleUrl(from.url, {
            allowPrivate: deps.config.NEWSDESK_ALLOW_PRIVATE_URLS,
            overrides,
          })
        : 'text' in from
          ? parseArticleBytes(new TextEncoder().encode(from.text), {
              mediaType: 'text/plain',
              name: 'The pasted text',
              overrides,
            })
          : await downloadAttachment(from.attachment, overrides);
  if (!draft.ok) return draft;
  return addArticle(deps, draft.value, { scope: options.scope, addedBy: options.addedBy });
}

function readFile(path: string, overrides: ArticleOverrides) {
  const bytes = readArticleFile(path);
  return bytes.ok ? parseArticleBytes(bytes.value, { fileName: basename(path), overrides }) : bytes;
}

async function downloadAttachment(
  attachment: { url: string; fileName: string; declaredSize: number | null },
  overrides: ArticleOverrides,
) {
  const failed = fail('download-failed', 'I could not download the attached file; please try again.');
  let response: Response;
  try {
    response = await fetch(attachment.url, { signal: AbortSignal.timeout(attachmentTimeoutMs) });
  } catch {
    return failed;
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail('download-failed', `I could not download the attached file (HTTP ${response.status}).`);
  }
  try {
    return await ingestArticle({
      // Node types a fetch body's chunks as `any`; they are bytes.
      content: (response.body as AsyncIterable<Uint8Array> | null) ?? new Uint8Array(0),
      fileName: attachment.fileName,
      declaredSize: attachment.declaredSize,
      overrides,
    });
  } catch (error) {
    if (error instanceof ContentReadError) return failed;
    throw error;
  }
}
