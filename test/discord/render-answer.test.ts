import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/answer/answer-schema.js';
import { discordLimits } from '../../src/discord/discord-limits.js';
import { neutraliseText } from '../../src/discord/neutralise-text.js';
import {
  renderAllSources,
  renderAnswer,
  renderSourceEntry,
  splitClaims,
  type RenderedMessage,
} from '../../src/discord/render-answer.js';
import { textFragmentLink } from '../../src/discord/text-fragment-link.js';

const kallasLine =
  'Kallas admitted that there was no single European solution on sending troops to Ukraine. According to her, every EU member state will decide for itself whether to deploy forces to Ukraine once hostilities are over.';

function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    n,
    articleId: 'kallas-eu-contribution-security-guarantees',
    title: 'Kallas says EU missions and defence-industry support are its contribution to security guarantees',
    source: 'TASS',
    url: 'https://tass.com/world/1000000',
    published: '2025-08-29',
    line: 5,
    quote: 'there was no single European solution on sending troops to Ukraine',
    ...overrides,
  };
}

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: 'what did Kallas say about troops?',
    mode: 'llm',
    status: 'answered',
    answer: 'Kallas said there was no single European solution on sending troops to Ukraine [1].',
    citations: [citation(1)],
    ...overrides,
  };
}

function embedCharacters(message: RenderedMessage): number {
  return message.embeds.reduce(
    (sum, embed) =>
      sum +
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0) +
      (embed.fields ?? []).reduce((fields, field) => fields + field.name.length + field.value.length, 0),
    0,
  );
}

function expectWithinLimits(messages: RenderedMessage[]): void {
  for (const message of messages) {
    expect(message.content.length).toBeLessThanOrEqual(discordLimits.content);
    expect(message.embeds.length).toBeLessThanOrEqual(discordLimits.embedsPerMessage);
    for (const embed of message.embeds) {
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(discordLimits.embedDescription);
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(discordLimits.embedTitle);
      expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(discordLimits.embedFooter);
    }
    expect(embedCharacters(message)).toBeLessThanOrEqual(discordLimits.embedTotal);
  }
}

describe('renderAnswer', () => {
  it('shows the answer with its marker and a Sources embed quoting the cited line with title, source, date and line', () => {
    const [message, ...rest] = renderAnswer(answer(), { answerId: 7 });
    expect(rest).toHaveLength(0);
    expect(message?.content).toContain('no single European solution on sending troops to Ukraine [1]');
    const description = message?.embeds[0]?.description ?? '';
    expect(message?.embeds[0]?.title).toBe('Sources');
    expect(description).toContain('**[1]**');
    expect(description).toContain('TASS');
    expect(description).toContain('2025-08-29');
    expect(description).toContain('line 5');
    expect(description).toContain('> there was no single European solution on sending troops to Ukraine');
  });

  it('links the title to the quoted passage with a text fragment when the article has a URL', () => {
    const description = renderAnswer(answer(), { answerId: 7 })[0]?.embeds[0]?.description ?? '';
    expect(description).toContain(
      '](https://tass.com/world/1000000#:~:text=there%20was%20no%20single,sending%20troops%20to%20Ukraine)',
    );
  });

  it('shows the title without a link when the article has no URL', () => {
    const description = renderAnswer(answer({ citations: [citation(1, { url: null })] }), { answerId: 7 })[0]
      ?.embeds[0]?.description;
    expect(description).toContain('**Kallas says EU missions');
    expect(description).not.toContain('](');
  });

  it('adds thumbs-up and thumbs-down buttons that carry the stored answer id', () => {
    const row = renderAnswer(answer(), { answerId: 42 })[0]?.components[0];
    expect(row?.components.map((button) => button.custom_id)).toEqual(['ask:vote:42:up', 'ask:vote:42:down']);
  });

  it('adds no buttons when the answer could not be stored', () => {
    expect(renderAnswer(answer(), { answerId: null })[0]?.components).toEqual([]);
  });

  it('shows the note under the answer', () => {
    const content = renderAnswer(
      answer({ note: 'The language model was unavailable; this answer quotes the articles directly.' }),
      {
        answerId: 1,
      },
    )[0]?.content;
    expect(content).toMatch(/\n-# The language model was unavailable/);
  });

  it('shows an abstention without a Sources embed', () => {
    const messages = renderAnswer(answer({ status: 'abstained', answer: '', citations: [] }), {
      answerId: 3,
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.content).toContain("couldn't find that");
    expect(messages[0]?.embeds).toEqual([]);
  });

  it('splits a long answer only between claims and keeps every message within Discord limits', () => {
    const claims = Array.from(
      { length: 30 },
      (_, index) =>
        `Claim number ${index + 1} says something long enough to matter about the ministers in Copenhagen and their plans [${(index % 12) + 1}].`,
    );
    const long = answer({
      answer: claims.join(' '),
      citations: Array.from({ length: 12 }, (_, index) =>
        citation(index + 1, { line: index + 1, quote: kallasLine }),
      ),
    });
    const messages = renderAnswer(long, { answerId: 9 });
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const pieces = messages.flatMap((message) => splitClaims(message.content).map((claim) => claim.text));
    expect(pieces).toEqual(claims);
  });

  it('puts a long source list behind a "Show all sources" button and lists every source on the pages', () => {
    const many = answer({
      answer: Array.from({ length: 14 }, (_, index) => `Point ${index + 1} [${index + 1}].`).join(' '),
      citations: Array.from({ length: 14 }, (_, index) =>
        citation(index + 1, { line: index + 1, quote: kallasLine }),
      ),
    });
    const messages = renderAnswer(many, { answerId: 5 });
    const last = messages[messages.length - 1];
    const buttons = last?.components[0]?.components ?? [];
    expect(buttons.map((button) => button.custom_id)).toContain('ask:sources:5');
    expect(buttons.find((button) => button.custom_id === 'ask:sources:5')?.label).toBe('Show all 14 sources');
    expect((last?.embeds[0]?.description?.match(/\*\*\[\d+\]\*\*/g) ?? []).length).toBeLessThan(14);
    const pages = renderAllSources(many);
    expectWithinLimits(pages);
    const listed = pages.flatMap((page) =>
      [...(page.embeds[0]?.description ?? '').matchAll(/\*\*\[(\d+)\]\*\*/g)].map((match) =>
        Number(match[1]),
      ),
    );
    expect(listed).toEqual(Array.from({ length: 14 }, (_, index) => index + 1));
  });

  it('never cuts a source entry across pages, even with very long quotes', () => {
    const huge = 'word '.repeat(2000).trim();
    const many = answer({
      citations: Array.from({ length: 8 }, (_, index) => citation(index + 1, { quote: huge })),
    });
    const pages = renderAllSources(many);
    expectWithinLimits(pages);
    for (const page of pages) {
      const entries = (page.embeds[0]?.description ?? '').split(/\n(?=\*\*\[)/);
      for (const entry of entries) expect(entry).toMatch(/^\*\*\[\d+\]\*\* .*\n> word/s);
    }
  });

  it('stays within limits when a quote is made of characters that all need escaping', () => {
    const hostile = answer({ citations: [citation(1, { quote: '*_'.repeat(800) })] });
    expectWithinLimits(renderAnswer(hostile, { answerId: 1 }));
  });

  it('neutralises masked links, markdown and invisible characters in quotes and titles', () => {
    const entry = renderSourceEntry(
      citation(1, {
        title: 'Click [here](https://evil.example) now',
        quote: 'see [the report](https://evil.example) **now**\u200b and \u202Etxt.exe',
      }),
    );
    expect(entry).not.toMatch(/[^\\]\[the report\]\(/);
    expect(entry).toContain('\\[the report\\](https://evil.example)');
    expect(entry).toContain('\\*\\*now\\*\\*');
    expect(entry).not.toMatch(/[\u200b\u202e]/);
    expect(entry).toContain('Click \\[here\\]');
  });

  it('keeps @everyone and role mentions as quoted text', () => {
    const entry = renderSourceEntry(
      citation(1, { quote: 'Hello @everyone and <@&123456789012345678> here' }),
    );
    expect(entry).toContain('> Hello @everyone and <@&123456789012345678> here');
  });

  it('neutralises masked links in model-written answer text but keeps the citation markers', () => {
    const content = renderAnswer(
      answer({ answer: 'Read [this](https://evil.example) \u2066now\u2069 [1].' }),
      { answerId: 1 },
    )[0]?.content;
    expect(content).toBe('Read \\[this\\](https://evil.example) now [1].');
  });
});

describe('neutraliseText', () => {
  it('escapes headings and list markers at the start of a quote', () => {
    expect(neutraliseText('# Big')).toBe('\\# Big');
    expect(neutraliseText('- item')).toBe('\\- item');
  });
});

describe('textFragmentLink', () => {
  it('highlights a short quote in full and encodes the characters the fragment syntax reserves', () => {
    expect(textFragmentLink('https://example.com/a#top', "it's well-known, (really)")).toBe(
      'https://example.com/a#:~:text=it%27s%20well%2Dknown%2C%20%28really%29',
    );
  });

  it('matches a quote with an ellipsis by the start of its first piece and the end of its last', () => {
    expect(
      textFragmentLink(
        'https://example.com/a',
        'Ukraine needs all the military support right now \u2026 they desperately need air defense',
      ),
    ).toBe('https://example.com/a#:~:text=Ukraine%20needs%20all%20the,desperately%20need%20air%20defense');
  });

  it('escapes parentheses in the article URL so the Markdown link is not cut short', () => {
    expect(textFragmentLink('https://en.wikipedia.org/wiki/Kallas_(politician)', 'two words')).toBe(
      'https://en.wikipedia.org/wiki/Kallas_%28politician%29#:~:text=two%20words',
    );
  });
});
