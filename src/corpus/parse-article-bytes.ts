import { fail, ok, type Result } from '../result.js';
import { toDraft, type AddArticleFailure, type ArticleMetadata } from './add-article.js';
import type { ArticleDraft } from './article-schema.js';
import { decodeText } from './decode-text.js';
import { extractHtml } from './extract-html.js';
import { parseArticleText, type TextFormat } from './parse-article-text.js';
import type { ArticleFields } from './parse-front-matter.js';

/** Why some bytes could not become an article. */
export type IngestFailure =
  | Exclude<AddArticleFailure, 'duplicate'>
  | 'unsupported-type'
  | 'binary'
  | 'bad-front-matter'
  | 'no-article-text';

/**
 * What is known about an article's bytes besides the bytes: what they are, where they came from, and metadata from
 * outside them. Every route describes its bytes this way, so the same bytes become the same article whatever the route.
 */
export interface ArticleDescription extends ArticleMetadata {
  /**
   * The media type declared for the bytes, as an HTTP `Content-Type` gives it (`text/html; charset=windows-1252`);
   * it decides the format. Without one (or with `application/octet-stream`), the file name's extension decides.
   */
  mediaType?: string | null;
  /** The file name, for its extension; also how messages name the article unless `name` is given. */
  fileName?: string | null;
  /** A charset declared beside the bytes (a feed's); the `mediaType`'s own charset comes first. */
  charset?: string | null;
  /** Where the bytes came from (a page's final address): the link stored unless the article states one, and its host the source unless it names one. */
  url?: string | null;
  /** How messages name the article ("ferry.txt", "That page", "The pasted text"). */
  name?: string;
  /** Largest accepted size in bytes; 2 MB when not given. */
  maxBytes?: number;
}

/** The largest article accepted unless a caller sets its own limit: 2 MB. */
export const defaultMaxArticleBytes = 2_000_000;

const supportedFiles = '.txt, .md or .html';

/** The formats an article can be read from. */
export type ArticleFormat = TextFormat | 'html';

/**
 * Turns an article's bytes into a validated draft, or says why not; the synchronous core of `ingestArticle`
 * for bytes already in memory (the `data/articles/` sync). In order: the size limit, the format (from the media type,
 * else the file extension), the encoding and the binary check ({@link decodeText}), then the format's reader (front
 * matter and the one paragraph rule for text and Markdown, the main text of a web page for HTML), then the metadata
 * merge and validation of {@link toDraft}.
 */
export function parseArticleBytes(
  bytes: Uint8Array,
  description: ArticleDescription,
): Result<ArticleDraft, IngestFailure> {
  const name = nameOf(description);
  const maxBytes = description.maxBytes ?? defaultMaxArticleBytes;
  if (bytes.byteLength > maxBytes) return sizeRefusal(name, bytes.byteLength, maxBytes);
  const format = articleFormat(description);
  if (!format.ok) return format;
  if (bytes.byteLength === 0) return fail('empty', `${name} is empty; it needs the article text.`);
  const decoded = decodeText(bytes, {
    charset: charsetOf(description.mediaType) ?? description.charset ?? null,
    html: format.value === 'html',
  });
  if (!decoded.ok) {
    return fail(
      'binary',
      `${name} looks like a binary file, not text. Save the article as text (${supportedFiles}) and try again.`,
    );
  }
  const text = decoded.value.text;
  if (text.trim() === '')
    return fail('empty', `${name} has only blank space in it; it needs the article text.`);
  const input = format.value === 'html' ? extractHtml(text) : parseArticleText(text, format.value, name);
  if (!input.ok) return input;
  const url = description.url ?? null;
  const host = hostOf(url);
  const defaults: ArticleFields = {
    ...(url === null ? {} : { url }),
    ...(host === null ? {} : { source: host }),
    ...description.defaults,
  };
  return toDraft(input.value, { overrides: description.overrides ?? {}, defaults });
}

/** The refusal of content over the size limit: its size when known, else that it went past the limit. */
export function sizeRefusal(name: string, size: number | null, maxBytes: number) {
  return fail(
    'too-large',
    size === null
      ? `${name} is larger than ${formatByteSize(maxBytes)}, the limit.`
      : `${name} is ${formatByteSize(size)}; the limit is ${formatByteSize(maxBytes)}.`,
  );
}

/** How messages name the article: as given, else the file name, else the page. */
export function nameOf(description: Pick<ArticleDescription, 'name' | 'fileName' | 'url'>): string {
  if (description.name !== undefined) return description.name;
  if (description.fileName) return `"${description.fileName}"`;
  return description.url ? 'That page' : 'The text';
}

/** A byte count in words for messages: "3.4 MB", "800 kB", "12 bytes". */
export function formatByteSize(bytes: number): string {
  const format = (value: number, unit: string): string => `${Number(value.toFixed(1))} ${unit}`;
  if (bytes >= 1_000_000) return format(bytes / 1_000_000, 'MB');
  if (bytes >= 1_000) return format(bytes / 1_000, 'kB');
  return `${bytes} bytes`;
}

const mediaTypes: Record<string, ArticleFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
};

const extensions: Record<string, ArticleFormat> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
};

/**
 * What format an article's bytes are in: by the declared media type, else the file name's extension, else plain
 * text; or a refusal naming what was declared. Known before the bytes are read, so they need not be.
 */
export function articleFormat(
  description: Pick<ArticleDescription, 'mediaType' | 'fileName' | 'name' | 'url'>,
): Result<ArticleFormat, 'unsupported-type'> {
  const name = nameOf(description);
  const mediaType = description.mediaType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== '' && mediaType !== 'application/octet-stream') {
    const format = mediaTypes[mediaType];
    if (format !== undefined) return ok(format);
    return fail(
      'unsupported-type',
      `${name} is ${mediaType} content, not a web page, plain text or Markdown; save the article text as a .txt file and add that instead.`,
    );
  }
  const fileName = description.fileName ?? '';
  if (fileName === '') return ok('text');
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const format = extensions[extension];
  if (format !== undefined) return ok(format);
  return fail(
    'unsupported-type',
    extension === ''
      ? `"${fileName}" has no file extension; send the article as a ${supportedFiles} file.`
      : `.${extension} files are not supported; send the article as a ${supportedFiles} file.`,
  );
}

function charsetOf(mediaType: string | null | undefined): string | undefined {
  return /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(mediaType ?? '')?.[1];
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
