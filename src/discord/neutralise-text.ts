import { escapeMarkdown } from 'discord.js';

/** Zero-width, soft-hyphen, filler, word-joiner and direction-control characters that can hide or reorder text. */
const invisibleRanges: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];

function isHidden(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  return invisibleRanges.some(([from, to]) => code >= from && code <= to);
}

/** Removes invisible and direction-control characters and folds white space to single spaces (one line). */
export function stripInvisible(text: string): string {
  return Array.from(text)
    .filter((character) => !isHidden(character))
    .join('')
    .replace(/\s+/g, ' ');
}

/**
 * Makes untrusted text (article quotes, titles, model output) safe to show in a Discord message: invisible and
 * direction-control characters removed, Markdown escaped, and square brackets escaped so no masked link
 * (`[innocent](https://elsewhere)`) can form. Mentions are left as text; the client never lets them ping.
 */
export function neutraliseText(text: string): string {
  return escapeMarkdown(stripInvisible(text), {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: false,
  })
    .replace(/[[\]]/g, (bracket) => `\\${bracket}`)
    .replace(/^>/, '\\>');
}
