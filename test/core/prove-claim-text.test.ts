import { describe, expect, it } from 'vitest';
import { proveClaimText } from '../../src/answer/prove-claim-text.js';

const line =
  'When asked if Brussels had security guarantees from Moscow for European troops in Ukraine, Kallas claimed that "Russia does not want peace," and called for increasing pressure on Moscow.';

describe('proving a model-written sentence', () => {
  it('keeps a sentence whose quotations all stand in a cited line, whatever the quote style', () => {
    for (const text of [
      'Kallas said “Russia does not want peace”.',
      'Kallas said "Russia does not want peace".',
      'Kallas said ‘Russia does not want peace’.',
      'Kallas said «Russia does not want peace».',
      'Kallas sagte: „Russia does not want peace“.',
      'Kallas said ‹Russia does not want peace›.',
      'Kallas said 「Russia does not want peace」.',
      'Kallas called for more ‘pressure’ on Moscow.',
      'Kallas’ view: no guarantees from Moscow, and the bloc’s pressure must grow.',
    ]) {
      expect(proveClaimText(text, [line]), text).toEqual({ ok: true, value: text });
    }
  });

  it('drops a sentence with a made-up quotation in any quote style', () => {
    for (const text of [
      'Kallas said “Russia wants war”.',
      'Kallas said "Russia wants war".',
      'Kallas said ‘Russia wants war’.',
      'Kallas said «Russia wants war».',
      'Kallas sagte: „Russia wants war“.',
      'Kallas said ‹Russia wants war›.',
      'Kallas said 「Russia wants war」.',
      'Kallas promised ‘victory’.',
    ]) {
      expect(proveClaimText(text, [line]), text).toMatchObject({ ok: false, reason: 'unproven-quote' });
    }
  });

  it('drops a sentence that opens a quotation it never closes', () => {
    expect(proveClaimText('Kallas said “Russia does not want peace.', [line])).toMatchObject({
      ok: false,
      reason: 'unbalanced-quote',
    });
  });

  it('drops a sentence carrying a link or a mention, even when the rest is true', () => {
    for (const text of [
      'Kallas spoke; see https://evil.example/more.',
      'Kallas spoke; see www.evil.example.',
      'Kallas spoke [1](https://evil.example).',
      'Join discord.gg/evil for more.',
    ]) {
      expect(proveClaimText(text, [line]), text).toMatchObject({ ok: false, reason: 'link' });
    }
    for (const text of [
      '@everyone Kallas spoke.',
      'Kallas spoke @here.',
      'Kallas told <@123456789012345678>.',
      'See <#123456789012345678>.',
      'Roles <@&123456789012345678> agree.',
      'At <t:1700000000:R> she spoke.',
    ]) {
      expect(proveClaimText(text, [line]), text).toMatchObject({ ok: false, reason: 'mention' });
    }
  });
});
