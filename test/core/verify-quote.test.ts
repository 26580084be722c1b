import { describe, expect, it } from 'vitest';
import { verifyQuote } from '../../src/answer/verify-quote.js';

const line =
  'When asked if Brussels had security guarantees from Moscow for European troops in Ukraine, Kallas claimed that "Russia does not want peace," and called for increasing pressure on Moscow.';

describe('verifyQuote', () => {
  it('accepts an exact quote and returns the stored text', () => {
    expect(verifyQuote(line, 'Russia does not want peace')).toEqual({
      ok: true,
      value: 'Russia does not want peace',
    });
  });

  it('folds curly quotes, dashes and white space but returns the line as stored', () => {
    const stored = 'The bloc\u2019s ministers met \u2014 briefly \u2014 in Copenhagen.';
    const result = verifyQuote(stored, "bloc's  ministers met - briefly -");
    expect(result).toEqual({ ok: true, value: 'bloc\u2019s ministers met \u2014 briefly \u2014' });
  });

  it('checks the pieces of an ellipsis quote in order', () => {
    expect(verifyQuote(line, 'security guarantees ... increasing pressure on Moscow')).toEqual({
      ok: true,
      value: 'security guarantees \u2026 increasing pressure on Moscow',
    });
    expect(verifyQuote(line, 'increasing pressure \u2026 security guarantees').ok).toBe(false);
  });

  it('rejects a changed word, a different case and a one-word quote', () => {
    expect(verifyQuote(line, 'Russia does not want war')).toMatchObject({ ok: false, reason: 'not-in-line' });
    expect(verifyQuote(line, 'russia does not want peace')).toMatchObject({
      ok: false,
      reason: 'not-in-line',
    });
    expect(verifyQuote(line, 'Russia')).toMatchObject({ ok: false, reason: 'too-short' });
  });
});
