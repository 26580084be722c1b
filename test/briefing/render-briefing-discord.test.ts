import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/briefing.js';
import { renderBriefingDiscord } from '../../src/briefing/render-briefing-discord.js';
import { postedQuotes } from './briefing-test-kit.js';

function briefingOf(articles: number, quoteLength: number): Briefing {
  return {
    scope: 'global',
    sinceMs: Date.parse('2025-09-01T06:30:00Z'),
    untilMs: Date.parse('2025-09-02T06:30:00Z'),
    mode: 'extractive',
    omitted: 0,
    items: Array.from({ length: articles }, (_, article) => ({
      articleId: `article-${article}`,
      title: `Article number ${article}`,
      source: 'Wire',
      url: `https://news.example.org/${article}`,
      published: '2025-09-02',
      points: [1, 2, 3].map((line) => ({
        text: null,
        quotes: [{ line, quote: `${article}-${line} ${'word '.repeat(quoteLength / 5)}end`.trim() }],
      })),
    })),
  };
}

describe('rendering a briefing for Discord', () => {
  it('splits a long briefing into messages within 2000 characters, never inside a quote', () => {
    const briefing = briefingOf(12, 280);
    const parts = renderBriefingDiscord(briefing);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    const quotes = parts.flatMap((part) => postedQuotes(part));
    expect(quotes).toHaveLength(36);
    expect(quotes.every(({ quote }) => quote.endsWith('end'))).toBe(true);
  });

  it('neutralises markdown, mention syntax and hidden characters in quoted text', () => {
    const briefing = briefingOf(1, 10);
    const point = briefing.items[0]?.points[0];
    if (point)
      point.quotes = [{ line: 1, quote: '@everyone **bold** <@&123> [link](https://evil.example) a\u202eb' }];
    const [part] = renderBriefingDiscord(briefing);
    expect(part).toContain('@everyone \\*\\*bold\\*\\* \\<@&123\\> \\[link\\](https://evil.example) ab');
  });

  it('posts nothing for an empty briefing unless a note is asked for', () => {
    const empty = { ...briefingOf(0, 0) };
    expect(renderBriefingDiscord(empty)).toEqual([]);
    expect(renderBriefingDiscord(empty, { emptyNote: true })).toEqual([
      '**Briefing** · No new articles since <t:1756708200:f>.',
    ]);
  });
});
