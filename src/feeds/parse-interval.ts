import { fail, ok, type Result } from '../result.js';

/** The longest interval between two polls of a feed: one day. */
export const maxIntervalMinutes = 24 * 60;

const units: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hour: 60,
  hours: 60,
};

/**
 * Reads how often a feed is polled, as a moderator writes it ("30m", "2h", "45", "1 hour"): a whole number of minutes
 * or hours, from `minMinutes` up to a day. A bare number is minutes.
 */
export function parseInterval(text: string, minMinutes: number): Result<number, 'invalid-interval'> {
  const match = /^(\d{1,5})\s*([a-z]*)$/i.exec(text.trim());
  const unit = units[(match?.[2] ?? '').toLowerCase() || 'm'];
  const allowed = `between ${minMinutes} minutes and 24 hours, written like 30m or 2h`;
  if (!match || unit === undefined) {
    return fail(
      'invalid-interval',
      `"${text}" is not an interval newsdesk understands; give one ${allowed}.`,
    );
  }
  const minutes = Number(match[1]) * unit;
  if (minutes < minMinutes || minutes > maxIntervalMinutes) {
    return fail('invalid-interval', `A feed is polled ${allowed}; "${text}" is outside that.`);
  }
  return ok(minutes);
}

/** An interval in words: "15 minutes", "2 hours", "1 hour 30 minutes". */
export function describeInterval(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const part = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (hours === 0) return part(rest, 'minute');
  return rest === 0 ? part(hours, 'hour') : `${part(hours, 'hour')} ${part(rest, 'minute')}`;
}
