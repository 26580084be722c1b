import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { fail, ok, type Result } from '../result.js';
import { toBodyLines, type ArticleInput } from './article-input.js';

/** The least article text, in characters, that counts as an article rather than a menu or a sign-in wall. */
const minimumArticleChars = 200;

/** The DOM surface this module uses; linkedom's own types need the DOM lib, which the project does not load. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  remove(): void;
}

interface DomDocument {
  title: string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const textNode = 3;
const elementNode = 1;

/** Elements whose text starts and ends a line of the article. */
const blockTags = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TR',
  'UL',
]);

/** Elements with no article text in them. */
const skippedTags = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'MATH',
  'BUTTON',
  'SELECT',
  'IFRAME',
]);

/** Page furniture removed before Readability looks for the article. */
const furnitureSelector = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'nav',
  'aside',
  'form',
  'dialog',
  '[hidden]',
  '[aria-hidden="true"]',
  '[role="navigation"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[role="alert"]',
].join(', ');

/**
 * Extracts the article from a web page: its text as one line per paragraph (Readability over a linkedom DOM, with
 * scripts, styles and navigation ignored) and whatever title, source, published date and author the page states.
 * The page's address is the caller's to add (`parseArticleBytes` takes it as the link and its host as the source).
 */
export function extractHtml(html: string): Result<ArticleInput, 'no-article-text'> {
  const document = parseDocument(html);
  const jsonLd = readJsonLd(document);
  const metaTitle = metaContent(document, ['meta[property="og:title"]', 'meta[name="twitter:title"]']);
  const siteName = metaContent(document, ['meta[property="og:site_name"]', 'meta[name="application-name"]']);
  const published = firstDate([
    metaContent(document, [
      'meta[property="article:published_time"]',
      'meta[property="og:article:published_time"]',
      'meta[name="article:published_time"]',
    ]),
    metaContent(document, [
      'meta[name="date"]',
      'meta[name="pubdate"]',
      'meta[name="publish-date"]',
      'meta[name="dc.date"]',
      'meta[name="DC.date.issued"]',
      'meta[itemprop="datePublished"]',
    ]),
    jsonLd.published,
    document.querySelector('time[pubdate][datetime]')?.getAttribute('datetime') ?? null,
    document.querySelector('article time[datetime]')?.getAttribute('datetime') ?? null,
    document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
  ]);
  const metaAuthor = metaContent(document, ['meta[name="author"]', 'meta[property="article:author"]']);
  const pageTitle = clean(document.title);
  const heading = clean(
    document.querySelector('article h1')?.textContent ?? document.querySelector('h1')?.textContent,
  );

  removeFurniture(document);
  const article = parseWithReadability(document);
  // A page's <title> often adds the site name; its own heading, when the <title> repeats it, is the cleaner title.
  const headingTitle = heading !== null && pageTitle?.includes(heading) === true ? heading : null;
  const title = metaTitle ?? headingTitle ?? clean(article?.title) ?? pageTitle;
  const author = cleanAuthor(article?.byline) ?? cleanAuthor(metaAuthor) ?? cleanAuthor(jsonLd.author);
  const lines = article?.content
    ? dropRepeatedHeader(toBodyLines(blockText(article.content)), title, author)
    : [];
  const textLength = lines.reduce((total, line) => total + line.length, 0);
  if (textLength < minimumArticleChars) {
    return fail(
      'no-article-text',
      textLength === 0
        ? 'No article text was found on that page; it may be built by scripts or hidden behind a sign-in. Paste the article text or upload it as a .txt file instead.'
        : `Only ${textLength} characters of text were found on that page, which looks like menus or a teaser rather than an article. Paste the article text or upload it as a .txt file instead.`,
    );
  }
  return ok({
    id: null,
    title,
    source: siteName ?? clean(article?.siteName),
    url: null,
    published: published ?? normalizePublished(article?.publishedTime ?? null),
    author,
    lines,
  });
}

function parseDocument(html: string): DomDocument {
  const window: unknown = parseHTML(html);
  return (window as { document: DomDocument }).document;
}

interface ReadableArticle {
  title: string | null | undefined;
  content: DomNode | null | undefined;
  byline: string | null | undefined;
  siteName: string | null | undefined;
  publishedTime: string | null | undefined;
}

function parseWithReadability(document: DomDocument): ReadableArticle | null {
  try {
    return new Readability<DomNode>(document, { serializer: (node) => node as DomNode }).parse();
  } catch {
    // Readability throws on some malformed documents; for the user that is the same as finding no article.
    return null;
  }
}

function removeFurniture(document: DomDocument): void {
  for (const element of Array.from(document.querySelectorAll(furnitureSelector))) element.remove();
  // Site-wide headers and footers sit outside the article; an article's own header holds its title and byline.
  for (const element of Array.from(document.querySelectorAll('header, footer'))) {
    if (element.closest('article, main, [role="main"]') === null) element.remove();
  }
}

/** The text of a node with a line break wherever a block element starts or ends. */
function blockText(root: DomNode): string {
  const parts: string[] = [];
  const visit = (node: DomNode): void => {
    if (node.nodeType === textNode) {
      parts.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== elementNode) return;
    const tag = node.nodeName.toUpperCase();
    if (skippedTags.has(tag)) return;
    // Readability has already turned runs of <br> into paragraphs; a single one left is a break inside a paragraph.
    if (tag === 'BR') {
      parts.push(' ');
      return;
    }
    const isBlock = blockTags.has(tag);
    if (isBlock) parts.push('\n');
    if (tag === 'TD' || tag === 'TH') parts.push(' ');
    if (tag === 'PRE') parts.push(node.textContent ?? '');
    else for (const child of Array.from(node.childNodes)) visit(child);
    if (isBlock) parts.push('\n');
  };
  visit(root);
  return parts.join('');
}

/** Drops a leading repeat of the title and a "By …" byline line, which Readability keeps in the content. */
function dropRepeatedHeader(lines: string[], title: string | null, author: string | null): string[] {
  let start = 0;
  const same = (line: string | undefined, text: string | null): boolean =>
    line !== undefined && text !== null && line.toLowerCase() === text.toLowerCase();
  if (same(lines[start], title)) start += 1;
  const byline = lines[start];
  if (byline !== undefined && (same(byline, author) || (author !== null && same(byline, `By ${author}`))))
    start += 1;
  return lines.slice(start);
}

function metaContent(document: DomDocument, selectors: string[]): string | null {
  for (const selector of selectors) {
    const value = clean(document.querySelector(selector)?.getAttribute('content'));
    if (value !== null) return value;
  }
  return null;
}

function readJsonLd(document: DomDocument): { published: string | null; author: string | null } {
  const found: { published: string | null; author: string | null } = { published: null, author: null };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (found.published === null && typeof record.datePublished === 'string')
      found.published = record.datePublished;
    if (found.author === null && record.author !== undefined) found.author = authorName(record.author);
    visit(record['@graph']);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A page's broken JSON-LD is its own problem; the other metadata sources still apply.
    }
  }
  return found;
}

function authorName(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const names = value.map(authorName).filter((name): name is string => name !== null);
    return names.length > 0 ? names.join(', ') : null;
  }
  if (typeof value === 'object' && value !== null) {
    const name = (value as Record<string, unknown>).name;
    return typeof name === 'string' ? name : null;
  }
  return null;
}

function cleanAuthor(value: string | null | undefined): string | null {
  const text = clean(value)?.replace(/^by\s+/i, '') ?? null;
  if (text === null || text === '' || text.length > 200 || /^https?:\/\//i.test(text)) return null;
  return text;
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim() ?? '';
  return text === '' ? null : text;
}

function firstDate(candidates: (string | null)[]): string | null {
  for (const candidate of candidates) {
    const published = normalizePublished(candidate);
    if (published !== null) return published;
  }
  return null;
}

/**
 * Turns a date as pages write it into ISO 8601: kept as written when it is ISO with a zone, converted to UTC when
 * another format names its zone, and cut to the calendar day when no zone is known (the hour would be a guess).
 */
function normalizePublished(value: string | null): string | null {
  const text = clean(value);
  if (text === null) return null;
  const iso =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  if (iso) {
    const [, day = '', time, zone] = iso;
    if (time === undefined || zone === undefined) return Number.isNaN(Date.parse(day)) ? null : day;
    const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const result = `${day}T${time}${offset}`;
    return Number.isNaN(Date.parse(result)) ? null : result;
  }
  const year = /\b(\d{4})\b/.exec(text)?.[1];
  const parsed = Date.parse(text);
  if (year === undefined || Number(year) < 1900 || Number(year) > 2200 || Number.isNaN(parsed)) return null;
  const date = new Date(parsed);
  if (/\b(GMT|UTC|UT|Z|[ECMP][SD]T)\b|[+-]\d{2}:?\d{2}\b/.test(text))
    return date.toISOString().replace('.000Z', 'Z');
  const pad = (number: number): string => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
