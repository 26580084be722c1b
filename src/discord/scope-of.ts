import type { Scope } from '../corpus/article-schema.js';

/** The article scope of a place on Discord: the server's id, or `global` for direct messages. */
export function scopeOf(guildId: string | null): Scope {
  return guildId ?? 'global';
}
