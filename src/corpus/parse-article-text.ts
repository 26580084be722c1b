import { fail, ok, type Result } from '../result.js';
import type { ArticleInput } from './article-input.js';
import { parseFrontMatter } from './parse-front-matter.js';

/** The two text formats an article body can be written in. */
export type TextFormat = 'text' | 'markdown';

/**
 * Reads a plain-text or Markdown article: an optional front-matter block, then the body as paragraphs, one stored
 * line each. The paragraph rule is the same for both formats and every route (file, folder, link, upload, paste):
 * when the body has a blank line between two lines of text, blank lines separate paragraphs and the lines of one
 * paragraph are joined with a space (so text wrapped at a fixed width comes out whole); a body with no such blank
 * line has one paragraph per line. In Markdown, headings, list items, block quotes and table rows are
 * paragraphs of their own too, decorations are removed, code blocks dropped, and a leading `#` heading is the title
 * unless the front matter gives one. `name` names the text in messages.
 */
export function parseArticleText(
  text: string,
  format: TextFormat,
  name: string,
): Result<ArticleInput, 'bad-front-matter' | 'empty'> {
  const parsed = parseFrontMatter(text);
  if (!parsed.ok) return { ...parsed, message: `${name}: ${parsed.message}` };
  const { fields, body, hasFrontMatter } = parsed.value;
  const blocks = paragraphs(body, format);
  let title = fields.title ?? null;
  const first = blocks[0];
  if (first?.kind === 'title') {
    blocks.shift();
    if (title === null) title = first.text;
    else if (first.text.toLowerCase() !== title.toLowerCase())
      blocks.unshift({ kind: 'text', text: first.text });
  }
  const lines = blocks.map((block) => block.text).filter((line) => line !== '');
  if (lines.length === 0) {
    return fail(
      'empty',
      hasFrontMatter
        ? `${name} has no article text after its front matter; put the article below the closing --- line.`
        : `${name} has no article text in it.`,
    );
  }
  return ok({
    id: fields.id ?? null,
    title,
    source: fields.source ?? null,
    url: fields.url ?? null,
    published: fields.published ?? null,
    author: fields.author ?? null,
    lines,
  });
}

interface Block {
  kind: 'title' | 'text';
  text: string;
}

/** Splits a body into paragraph blocks by the rule described on {@link parseArticleText}. */
function paragraphs(body: string, format: TextFormat): Block[] {
  const rawLines = body.split('\n').map((line) => line.trim());
  const joinWrappedLines = hasBlankLineBetweenLines(rawLines);
  const markdown = format === 'markdown';
  const blocks: Block[] = [];
  let open: Block | null = null;
  let fence: string | null = null;
  const start = (kind: Block['kind'], text: string): Block => {
    const block = { kind, text };
    blocks.push(block);
    return block;
  };
  for (const line of rawLines) {
    if (line === '') {
      open = null;
      continue;
    }
    if (!markdown) {
      const content = line.replace(/\s+/g, ' ');
      if (joinWrappedLines && open !== null) open.text = `${open.text} ${content}`;
      else open = start('text', content);
      continue;
    }
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
    if (/^<!--.*-->$/.test(line) || /^\[[^\]]+\]:\s*\S+/.test(line)) {
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
 * Whether a blank line stands between two lines of text, which marks a body whose paragraphs are separated by blank
 * lines (and may be wrapped over several lines); blank lines before the first line or after the last do not count.
 */
function hasBlankLineBetweenLines(lines: string[]): boolean {
  const first = lines.findIndex((line) => line !== '');
  const last = lines.findLastIndex((line) => line !== '');
  return first !== -1 && lines.slice(first, last).includes('');
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
