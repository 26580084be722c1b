import { describe, expect, it } from 'vitest';
import {
  channelMention,
  link,
  markdown,
  neutralise,
  plainText,
  untrusted,
  untrustedWithin,
  userMention,
} from '../../src/discord/discord-markdown.js';
import { clickableLinks, readsAsMassMention, visibleText } from '../helpers/discord-reading.js';

const hostile = [
  '[1](https://evil.example/cite)',
  '[click here](https://evil.example/login)',
  'visit https://evil.example/win now',
  'visit <https://evil.example/win> now',
  'join discord.gg/evilserver today',
  'open steam://run/1234 or HTTPS://EVIL.EXAMPLE/CAPS',
  '[x](<https://evil.example/angle>)',
  'https://evil.example/a`b`c',
  '``` https://evil.example/fenced ```',
  '\\[escaped](https://evil.example/pre-escaped)',
  '@everyone and @here and @Everyone',
  '<@123456789012345678> <@&123456789012345678> <#123456789012345678> </ask:123456789012345678> <t:1700000000:R>',
  '# heading',
  '- list item',
  '1. numbered',
  '> quote',
  '||spoiler|| ~~strike~~ __under__ *it*',
  'zero\u200bwidth \u202eevil\u202c and tag\u{E0041}\u{E0042} characters',
];

describe('the one neutraliser', () => {
  it('leaves no clickable link, readable mass mention or live Markdown in any hostile text', () => {
    for (const text of hostile) {
      const shown = neutralise(text);
      expect(clickableLinks(shown), text).toEqual([]);
      expect(readsAsMassMention(shown), text).toBe(false);
      expect(shown, text).not.toMatch(/(?<!\\)<[@#/t]/);
      expect(shown, text).not.toMatch(/^(#|-|>|\d+\.)\s/);
    }
  });

  it('would have let links and mass mentions through without it (the reading helper sees them)', () => {
    const raw = hostile.slice(0, 8).flatMap((text) => clickableLinks(text));
    expect(raw.length).toBeGreaterThanOrEqual(8);
    expect(readsAsMassMention('@everyone and @here')).toBe(true);
  });

  it('shows the text as it was, only made inert', () => {
    expect(visibleText(neutralise('see [the report](https://evil.example) *now*'))).toBe(
      'see [the report](https://evil.example) *now*',
    );
    expect(neutralise('Prices rose 5% in Q3_2025 (est.)')).toBe('Prices rose 5% in Q3\\_2025 (est.)');
    expect(neutralise('visit https://evil.example/win now')).toBe('visit `https://evil.example/win` now');
    expect(neutralise('Hello @everyone')).toBe('Hello @\u200beveryone');
  });

  it('removes invisible and direction-control characters, including tag characters', () => {
    expect(neutralise('a\u200bb\u202ec\u{E0041}d\u00ade')).toBe('abcde');
  });

  it('neutralises every interpolated string of a template but keeps the bot’s own Markdown', () => {
    const title = '[win](https://evil.example)';
    const shown = markdown`**Added** ${title} by ${userMention('123456789012345678')} in ${channelMention('223456789012345678')}`;
    expect(shown.text).toBe(
      '**Added** \\[win\\](`https://evil.example)` by <@123456789012345678> in <#223456789012345678>',
    );
    expect(markdown`${untrusted('*x*')} and ${3}`.text).toBe('\\*x\\* and 3');
  });

  it('links only http(s) URLs, encoded so the link cannot end early, and otherwise shows the label alone', () => {
    expect(link(markdown`Title`, 'https://example.org/a (b)').text).toBe(
      '[Title](https://example.org/a%20%28b%29)',
    );
    expect(link(markdown`Title`, 'https://example.org/x', { preview: false }).text).toBe(
      '[Title](<https://example.org/x>)',
    );
    expect(link(markdown`Title`, 'javascript:alert(1)').text).toBe('Title');
    expect(link(markdown`Title`, 'https://user:pass@example.org/').text).toBe('Title');
  });

  it('fits untrusted text into a limit even when escaping doubles it', () => {
    const shown = untrustedWithin('*_'.repeat(1000), 300);
    expect(shown.length).toBeLessThanOrEqual(300);
    expect(shown.text.endsWith(' \u2026')).toBe(true);
  });

  it('gives plain text for fields without Markdown: no invisible characters, no readable mass mention, clamped', () => {
    expect(plainText('Ping @here\u200b now', 100)).toBe('Ping @\u200bhere now');
    expect(plainText('word '.repeat(50), 20).length).toBeLessThanOrEqual(20);
  });
});
