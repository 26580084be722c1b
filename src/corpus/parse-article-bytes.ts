import { fail, ok, type Result } from '../result.js';
import { type ArticleInput } from './article-input.js';
import { extractHtml } from './extract-html.js';
import { parseFrontMatter } from './parse-front-matter.js';

/** Why a file's bytes could not become an article. */
export type ArticleBytesFailure =
  'too-large' | 'binary' | 'not-utf8' | 'empty' | 'unsupported-type' | 'bad-front-matter' | 'no-article-text';

/** The largest article file accepted unless a caller sets its own limit: 2 MB. */
export const defaultMaxArticleBytes = 2_000_000;

/** Options shared by everything that reads an article from bytes. */
export interface ArticleBytesOptions {
  /** Largest accepted size in bytes; 2 MB when not given. */
  maxBytes?: number;
}

const supportedTypes = '.txt, .md or .html';

/**
 * Turns the bytes of an uploaded or local article file into an article input, by its extension: `.txt` and `.md`
 * (optional front matter, then one paragraph per line; Markdown decorations removed) or `.html`/`.htm` (the page's
 * article text). Used for local files and Discord attachments alike.
 */
export function parseArticleBytes(
  bytes: Uint8Array,
  fileName: string,
  options: ArticleBytesOptions = {},
): Result<ArticleInput, ArticleBytesFailure> {
  const maxBytes = options.maxBytes ?? defaultMaxArticleBytes;
  if (bytes.length > maxBytes) {
    return fail(
      'too-large',
      `That file is ${formatByteSize(bytes.length)}; the limit is ${formatByteSize(maxBytes)}.`,
    );
  }
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const kind = kindOf(extension);
  if (kind === null) {
    return fail(
      'unsupported-type',
      extension === ''
        ? `"${fileName}" has no file extension; send the article as a ${supportedTypes} file.`
        : `.${extension} files are not supported; send the article as a ${supportedTypes} file.`,
    );
  }
  if (bytes.length === 0) return fail('empty', `"${fileName}" is empty; it needs the article text.`);
  if (looksBinary(bytes)) {
    return fail(
      'binary',
      `"${fileName}" looks like a binary file, not text. Save the article as plain UTF-8 text (${supportedTypes}) and try again.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(
      'not-utf8',
      `"${fileName}" is not UTF-8 text (it may be Latin-1 or Windows-1252). Save it with UTF-8 encoding and try again.`,
    );
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '')
    return fail('empty', `"${fileName}" has only blank space in it; it needs the article text.`);
  if (kind === 'html') return extractHtml(text, null);
  return kind === 'markdown' ? parseMarkdown(text, fileName) : parsePlainText(text, fileName);
}

/** Reads article text pasted into a form (a Discord modal): optional front matter, then one paragraph per line. */
export function parsePastedText(text: string): Result<ArticleInput, 'empty' | 'bad-front-matter'> {
  return parsePlainText(text, null);
}

function kindOf(extension: string): 'text' | 'markdown' | 'html' | null {
  if (extension === 'txt' || extension === 'text') return 'text';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  if (extension === 'html' || extension === 'htm') return 'html';
  return null;
}

function parsePlainText(
  text: string,
  fileName: string | null,
): Result<ArticleInput, 'empty' | 'bad-front-matter'> {
  const parsed = parseFrontMatter(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.lines.length === 0) return fail('empty', noBodyMessage(fileName));
  return parsed;
}

function noBodyMessage(fileName: string | null): string {
  const what = fileName === null ? 'The pasted text' : `"${fileName}"`;
  return `${what} has no article text after its front matter; put the article below the closing --- line, one paragraph per line.`;
}

/** A byte count in words for messages: "3.4 MB", "800 kB", "12 bytes". */
export function formatByteSize(bytes: number): string {
  const format = (value: number, unit: string): string => `${Number(value.toFixed(1))} ${unit}`;
  if (bytes >= 1_000_000) return format(bytes / 1_000_000, 'MB');
  if (bytes >= 1_000) return format(bytes / 1_000, 'kB');
  return `${bytes} bytes`;
}

/** NUL bytes, or many control characters other than tab, line feed, form feed and carriage return, mean binary. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      control += 1;
    }
  }
  return control / sample.length > 0.05;
}

/** Splits a leading front-matter block from the body with the same delimiters `parseFrontMatter` reads. */
function splitFrontMatter(text: string): { head: string; body: string } {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) return { head: '', body: normalized };
  const end = normalized.indexOf('\n---', 4);
  if (end === -1) return { head: normalized, body: '' };
  const rest = normalized.slice(end + 4);
  const afterDashes = rest.replace(/^-*\n?/, '');
  return {
    head: normalized.slice(0, end + 4) + rest.slice(0, rest.length - afterDashes.length),
    body: afterDashes,
  };
}

function parseMarkdown(text: string, fileName: string): Result<ArticleInput, 'empty' | 'bad-front-matter'> {
  const { head, body } = splitFrontMatter(text);
  const parsed = parseFrontMatter(head);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const blocks = markdownBlocks(body);
  const first = blocks[0];
  if (first?.kind === 'title') {
    blocks.shift();
    if (input.title === null) input.title = first.text;
    else if (first.text.toLowerCase() !== input.title.toLowerCase())
      blocks.unshift({ kind: 'text', text: first.text });
  }
  input.lines = blocks.map((block) => block.text).filter((line) => line !== '');
  if (input.lines.length === 0) return fail('empty', noBodyMessage(fileName));
  return ok(input);
}

interface MarkdownBlock {
  kind: 'title' | 'text';
  text: string;
}

/**
 * Reads Markdown paragraphs as plain text, one paragraph per block. Paragraphs are separated by blank lines as
 * Markdown has it; a body with no blank lines at all is taken as one paragraph per line, like a .txt file.
 */
function markdownBlocks(body: string): MarkdownBlock[] {
  const rawLines = body.split('\n').map((line) => line.trim());
  const joinWrappedLines = hasBlankLineBetweenParagraphs(rawLines);
  const blocks: MarkdownBlock[] = [];
  let open: MarkdownBlock | null = null;
  let fence: string | null = null;
  const start = (kind: MarkdownBlock['kind'], text: string): MarkdownBlock => {
    const block = { kind, text };
    blocks.push(block);
    return block;
  };
  for (const line of rawLines) {
    if (fence !== null) {
      if (line.startsWith(fence)) fence = null;
      continue;
    }
    const fenceOpen = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceOpen !== undefined) {
      fence = fenceOpen;
      open = null;
      continue;
    }
    if (line === '' || /^<!--.*-->$/.test(line) || /^\[[^\]]+\]:\s*\S+/.test(line)) {
      open = null;
      continue;
    }
    if (/^=+$/.test(line) && open !== null) {
      // A setext heading underline: a level-one heading at the very start can be the title.
      if (blocks.length === 1) open.kind = 'title';
      open = null;
      continue;
    }
    if (/^([-*_])(\s*\1){2,}$/.test(line) || /^-+$/.test(line) || /^\|?[\s:|-]+\|[\s:|-]*$/.test(line)) {
      open = null;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)(\s+#+)?$/.exec(line);
    if (heading) {
      start(heading[1] === '#' && blocks.length === 0 ? 'title' : 'text', inlineText(heading[2] ?? ''));
      open = null;
      continue;
    }
    const listItem = /^(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(line);
    if (listItem) {
      open = start('text', inlineText(listItem[1] ?? ''));
      continue;
    }
    const unquoted = line.replace(/^(>\s*)+/, '');
    const content = unquoted.startsWith('|') ? tableRowText(unquoted) : inlineText(unquoted);
    if (joinWrappedLines && open !== null) open.text = `${open.text} ${content}`.trim();
    else open = start('text', content);
  }
  return blocks;
}

/**
 * Whether a blank line separates two plain paragraph lines, which marks a Markdown file that wraps its paragraphs
 * over several lines; without one, each line is taken as its own paragraph.
 */
function hasBlankLineBetweenParagraphs(lines: string[]): boolean {
  const isPlain = (line: string): boolean =>
    line !== '' && !/^([#>|`~=]|[-*+]\s|[-*_]{3,}|\d{1,9}[.)]\s)/.test(line);
  let previous: string | null = null;
  let sawBlank = false;
  for (const line of lines) {
    if (line === '') {
      sawBlank = previous !== null;
      continue;
    }
    if (sawBlank && previous !== null && isPlain(previous) && isPlain(line)) return true;
    previous = line;
    sawBlank = false;
  }
  return false;
}

function tableRowText(row: string): string {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => inlineText(cell))
    .join(' | ');
}

/** Strips inline Markdown: images, link syntax, emphasis, inline code, autolinks and escapes. */
function inlineText(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/\*(?=\S)([^*]+?)(?<=\S)\*/g, '$1')
    .replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
