import { stripInvisible } from './discord-markdown.js';

/** Percent-encodes a text-fragment term, including the characters the fragment syntax and Markdown links reserve. */
function encodeTerm(term: string): string {
  return encodeURIComponent(term).replace(
    /[-!'()*,~]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A link to `url` that scrolls to and highlights `quote` in browsers that support text fragments
 * (`#:~:text=start,end`); long quotes are matched by their first and last words. `link` makes it safe as a target.
 */
export function textFragmentLink(url: string, quote: string): string {
  const base = url.replace(/#.*$/, '');
  const pieces = stripInvisible(quote)
    .trim()
    .split(/\s*\u2026\s*/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  const words = pieces
    .join(' ')
    .split(' ')
    .filter((word) => word !== '');
  if (words.length === 0) return base;
  const firstWords = (pieces[0] ?? '').split(' ');
  const lastWords = (pieces[pieces.length - 1] ?? '').split(' ');
  if (pieces.length === 1 && words.length <= 8) return `${base}#:~:text=${encodeTerm(words.join(' '))}`;
  const start = firstWords.slice(0, 4).join(' ');
  const end = lastWords.slice(-4).join(' ');
  return `${base}#:~:text=${encodeTerm(start)},${encodeTerm(end)}`;
}
