import { expect } from 'vitest';
import type { BotTestKit } from '../discord/bot-test-kit.js';
import type { RecordedBody, RecordedRequest } from '../helpers/fake-discord.js';
import {
  clickableHosts,
  isQuotedFrom,
  readsAsMassMention,
  shownQuotations,
  visibleText,
} from '../helpers/discord-reading.js';

/** Every text a posted body shows: content, embed titles, descriptions and footers, button labels, choice names. */
export function textsOf(body: RecordedBody | null | undefined): string[] {
  if (!body) return [];
  const inner = [...(body.data ? textsOf(body.data) : []), ...(body.message ? textsOf(body.message) : [])];
  return [
    body.content ?? '',
    body.title ?? '',
    body.name ?? '',
    ...(body.embeds ?? []).flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      embed.footer?.text ?? '',
    ]),
    ...(body.components ?? []).flatMap((row) => row.components.map((component) => component.label ?? '')),
    ...(body.choices ?? []).map((choice) => choice.name),
    ...inner,
  ].filter((text) => text !== '');
}

/** The hosts of every article URL in the store: the only hosts the bot may link to (besides Discord's own). */
export function articleHosts(kit: BotTestKit): Set<string> {
  const rows = kit.app.db.prepare('SELECT url FROM articles WHERE url IS NOT NULL').pluck().all() as string[];
  return new Set([...rows.map((url) => new URL(url).hostname), 'discord.com']);
}

/** Every stored article line, which every quotation the bot shows must come from. */
export function storedLines(kit: BotTestKit): string[] {
  return kit.app.db.prepare('SELECT text FROM lines').pluck().all() as string[];
}

/** The requests that put text in front of people: replies, edits, follow-ups, channel posts, autocomplete answers. */
export function postedBodies(kit: BotTestKit, since = 0): RecordedRequest[] {
  return kit.fake.requests
    .slice(since)
    .filter(
      (request) =>
        (request.method === 'POST' || request.method === 'PATCH') &&
        request.body !== null &&
        typeof request.body === 'object' &&
        /^\/(interactions|webhooks|channels)\//.test(request.path) &&
        !request.path.endsWith('/typing'),
    );
}

/**
 * Asserts what no posted body may hold: a clickable link to a host that is not a stored article's own, an
 * `@everyone`/`@here` that reads as one, a body that lets mentions parse, or (where `quotes` is set) a quotation or
 * a Sources line that is not in a stored article line.
 */
export function expectSafe(
  kit: BotTestKit,
  bodies: readonly RecordedRequest[],
  options: { quotes?: boolean } = {},
): void {
  const hosts = articleHosts(kit);
  const lines = storedLines(kit);
  expect(bodies.length).toBeGreaterThan(0);
  for (const request of bodies) {
    const body = request.body;
    const message = body.data ?? body.message ?? body;
    const allowed = message.allowed_mentions;
    if (message.content !== undefined || message.embeds !== undefined) {
      expect(allowed?.parse, `${request.method} ${request.path}`).toEqual([]);
    }
    for (const text of textsOf(body)) {
      for (const host of clickableHosts(text)) expect(hosts, `a link in: ${text}`).toContain(host);
      expect(readsAsMassMention(text), `a mass mention in: ${text}`).toBe(false);
      if (!options.quotes) continue;
      for (const quotation of shownQuotations(text)) {
        expect(isQuotedFrom(quotation, lines), `an unproven quotation: ${quotation}`).toBe(true);
      }
      for (const quoted of visibleText(text).matchAll(/^> (.+)$/gm)) {
        expect(
          isQuotedFrom((quoted[1] ?? '').replace(/ \u2026$/, ''), lines),
          `a Sources quote: ${quoted[1]}`,
        ).toBe(true);
      }
    }
  }
}
