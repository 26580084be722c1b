import { describe, expect, it } from 'vitest';
import { answerText, type Answer, type Citation, type Claim } from '../../src/answer/answer-schema.js';
import { discordLimits } from '../../src/discord/discord-limits.js';
import { toPayload, type OutgoingMessage } from '../../src/discord/discord-output.js';
import { renderAllSources, renderAnswer, renderSourceEntry } from '../../src/discord/render-answer.js';
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
  const claims: Claim[] = overrides.claims ?? [
    {
      text: 'Kallas said there was no single European solution on sending troops to Ukraine.',
      citations: [1],
    },
  ];
  return {
    question: 'what did Kallas say about troops?',
    mode: 'llm',
    status: 'answered',
    answer: answerText(claims, overrides.mode ?? 'llm'),
    claims,
    citations: [citation(1)],
    ...overrides,
  };
}

/** Renders with buttons whose ids show their parts, as a component-id maker bound to a place would make them. */
function render(value: Answer, answerId: number | null = 7): ReturnType<typeof toPayload>[] {
  return renderAnswer(value, {
    answerId,
    buttonId: answerId === null ? null : (parts) => `${parts.join(':')}:ctest`,
  }).map(toPayload);
}

function embedCharacters(message: ReturnType<typeof toPayload>): number {
  return message.embeds.reduce(
    (sum, embed) =>
      sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0),
    0,
  );
}

function expectWithinLimits(messages: ReturnType<typeof toPayload>[]): void {
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

function pages(messages: OutgoingMessage[]): ReturnType<typeof toPayload>[] {
  return messages.map(toPayload);
}

describe('renderAnswer', () => {
  it('shows the answer with its bold marker and a Sources embed quoting the cited line with title, source, date and line', () => {
    const [message, ...rest] = render(answer());
    expect(rest).toHaveLength(0);
    expect(message?.content).toBe(
      'Kallas said there was no single European solution on sending troops to Ukraine. **[1]**',
    );
    const description = message?.embeds[0]?.description ?? '';
    expect(message?.embeds[0]?.title).toBe('Sources');
    expect(description).toContain('**[1]**');
    expect(description).toContain('TASS');
    expect(description).toContain('2025-08-29');
    expect(description).toContain('line 5');
    expect(description).toContain('> there was no single European solution on sending troops to Ukraine');
    expect(message?.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  it('links the title to the quoted passage with a text fragment when the article has a URL', () => {
    const description = render(answer())[0]?.embeds[0]?.description ?? '';
    expect(description).toContain(
      '](https://tass.com/world/1000000#:~:text=there%20was%20no%20single,sending%20troops%20to%20Ukraine)',
    );
  });

  it('shows the title without a link when the article has no URL', () => {
    const description = render(answer({ citations: [citation(1, { url: null })] }))[0]?.embeds[0]
      ?.description;
    expect(description).toContain('**Kallas says EU missions');
    expect(description).not.toContain('](');
  });

  it('escapes parentheses in the article URL so the Markdown link is not cut short', () => {
    const entry = renderSourceEntry(
      citation(1, { url: 'https://en.wikipedia.org/wiki/Kallas_(politician)', quote: 'two words' }),
    );
    expect(entry.text).toContain(
      '](https://en.wikipedia.org/wiki/Kallas_%28politician%29#:~:text=two%20words)',
    );
  });

  it('adds thumbs-up and thumbs-down buttons that carry the stored answer id', () => {
    const row = render(answer(), 42)[0]?.components[0];
    expect(row?.components.map((button) => button.custom_id)).toEqual([
      'ask:vote:42:up:ctest',
      'ask:vote:42:down:ctest',
    ]);
  });

  it('adds no buttons when the answer could not be stored', () => {
    expect(render(answer(), null)[0]?.components).toEqual([]);
  });

  it('shows the note under the answer', () => {
    const content = render(
      answer({ note: 'The language model was unavailable; this answer quotes the articles directly.' }),
    )[0]?.content;
    expect(content).toMatch(/\n-# The language model was unavailable/);
  });

  it('shows an abstention without a Sources embed', () => {
    const messages = render(answer({ status: 'abstained', answer: '', claims: [], citations: [] }));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.content).toContain("couldn't find that");
    expect(messages[0]?.embeds).toEqual([]);
  });

  it('splits a long answer only between claims and keeps every message within Discord limits', () => {
    const claims = Array.from({ length: 30 }, (_, index) => ({
      text: `Claim number ${index + 1} says something long enough to matter about the ministers in Copenhagen and their plans.`,
      citations: [(index % 12) + 1],
    }));
    const long = answer({
      claims,
      citations: Array.from({ length: 12 }, (_, index) =>
        citation(index + 1, { line: index + 1, quote: kallasLine }),
      ),
    });
    const messages = render(long, 9);
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const shown = messages.flatMap((message) =>
      message.content.split(/(?<=\*\*\[\d+\]\*\*)\s/).map((claim) => claim.replace(/ \*\*\[\d+\]\*\*$/, '')),
    );
    expect(shown).toEqual(claims.map((claim) => claim.text));
  });

  it('puts a long source list behind a "Show all sources" button and lists every source on the pages', () => {
    const many = answer({
      claims: Array.from({ length: 14 }, (_, index) => ({
        text: `Point ${index + 1}.`,
        citations: [index + 1],
      })),
      citations: Array.from({ length: 14 }, (_, index) =>
        citation(index + 1, { line: index + 1, quote: kallasLine }),
      ),
    });
    const messages = render(many, 5);
    const last = messages[messages.length - 1];
    const buttons = last?.components[0]?.components ?? [];
    const sources = buttons.find((button) => button.custom_id === 'ask:sources:5:ctest');
    expect(sources?.label).toBe('Show all 14 sources');
    expect((last?.embeds[0]?.description?.match(/\*\*\[\d+\]\*\*/g) ?? []).length).toBeLessThan(14);
    const all = pages(renderAllSources(many));
    expectWithinLimits(all);
    const listed = all.flatMap((page) =>
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
    const all = pages(renderAllSources(many));
    expectWithinLimits(all);
    for (const page of all) {
      const entries = (page.embeds[0]?.description ?? '').split(/\n(?=\*\*\[)/);
      for (const entry of entries) expect(entry).toMatch(/^\*\*\[\d+\]\*\* .*\n> word/s);
    }
  });

  it('stays within limits when a quote is made of characters that all need escaping', () => {
    const hostile = answer({ citations: [citation(1, { quote: '*_'.repeat(800) })] });
    expectWithinLimits(render(hostile));
  });

  it('shows masked links, bare links, markdown and invisible characters in quotes and titles as inert text', () => {
    const entry = renderSourceEntry(
      citation(1, {
        title: 'Click [here](https://evil.example) now',
        quote:
          'see [the report](https://evil.example/x) **now**\u200b and \u202Etxt.exe <https://evil.example/y>',
      }),
    ).text;
    expect(entry).toContain('\\[the report\\](`https://evil.example/x)`');
    expect(entry).toContain('\\*\\*now\\*\\*');
    expect(entry).toContain('\\<`https://evil.example/y>`');
    expect(entry).not.toMatch(/[\u202e]/);
    expect(entry).toContain('Click \\[here\\](`https://evil.example)` now');
  });

  it('keeps @everyone and role mentions from reading as mentions in quotes', () => {
    const entry = renderSourceEntry(
      citation(1, { quote: 'Hello @everyone and <@&123456789012345678> here' }),
    ).text;
    expect(entry).toContain('> Hello @\u200beveryone and \\<@&123456789012345678\\> here');
  });

  it('never lets a bracketed number quoted from an article pass for one of its own markers', () => {
    const extractive = answer({
      mode: 'extractive',
      claims: [{ text: '\u201cTroops will come [2](https://evil.example/cite) soon\u201d', citations: [1] }],
    });
    const content = render(extractive)[0]?.content ?? '';
    expect(content).toBe('\u201cTroops will come \\[2\\](`https://evil.example/cite)` soon\u201d **[1]**');
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
});
