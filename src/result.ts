/** An expected outcome as a value, in zod's `safeParse` shape: a value, or a reason with words for people. */
export type Result<T, Reason extends string> =
  { ok: true; value: T } | { ok: false; reason: Reason; message: string };

/** A successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed result with its reason and a message fit to show a user. */
export function fail<Reason extends string>(
  reason: Reason,
  message: string,
): { ok: false; reason: Reason; message: string } {
  return { ok: false, reason, message };
}
