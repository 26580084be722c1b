import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where a button or form was posted; a press is only honoured from the same place. */
export interface ComponentPlace {
  /** The server, or null in a direct message. */
  guildId: string | null;
  channelId: string | null;
  /** The one user a personal prompt (a private reply, a form) was shown to; omitted for public messages. */
  userId?: string;
}

const tagLength = 16;

/**
 * Custom ids for buttons and forms that cannot be guessed or replayed elsewhere: each id ends in a keyed tag (HMAC)
 * over its parts and the place it was posted (server, channel and, for personal prompts, the user), so a handler
 * reads back the parts only when the press comes from that same place with an id the bot itself made.
 */
export class ComponentIds {
  private readonly key: Buffer;

  /** `secret` is the bot token: the key is derived from it, so changing the token retires every old button. */
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('newsdesk component ids v1').digest();
  }

  private tag(parts: readonly string[], place: ComponentPlace, personal: boolean): string {
    const where = [place.guildId ?? 'dm', place.channelId ?? '-', personal ? (place.userId ?? '-') : '*'];
    return createHmac('sha256', this.key)
      .update([...parts, ...where].join('\u0000'))
      .digest('base64url')
      .slice(0, tagLength);
  }

  /** A custom id `part:part:…:tag` for a component posted at `place` (personal when `place.userId` is set). */
  make(parts: readonly string[], place: ComponentPlace): string {
    const personal = place.userId !== undefined;
    return [...parts, `${personal ? 'u' : 'c'}${this.tag(parts, place, personal)}`].join(':');
  }

  /**
   * The parts of a custom id pressed by `place.userId` at `place`, or null when the bot did not make that id for that
   * place (guessed, altered, pressed in another server, channel or DM, or a personal prompt pressed by someone else).
   */
  read(customId: string, place: Required<ComponentPlace>): string[] | null {
    const parts = customId.split(':');
    const last = parts.pop() ?? '';
    const personal = last.startsWith('u');
    if (parts.length === 0 || !(personal || last.startsWith('c'))) return null;
    const expected = Buffer.from(this.tag(parts, place, personal));
    const given = Buffer.from(last.slice(1));
    return given.length === expected.length && timingSafeEqual(given, expected) ? parts : null;
  }
}
