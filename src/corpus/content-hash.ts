import { createHash } from 'node:crypto';

/** A hash of an article body that ignores white-space differences, used to spot the same text added twice. */
export function contentHash(lines: readonly string[]): string {
  const normalized = lines
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return createHash('sha256').update(normalized).digest('hex');
}
