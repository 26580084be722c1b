import { describe, expect, it } from 'vitest';
import { ComponentIds } from '../../src/discord/component-ids.js';
import { discordLimits } from '../../src/discord/discord-limits.js';

const ids = new ComponentIds('bot-token-one');
const guildA = { guildId: '111111111111111111', channelId: '211111111111111111' };
const member = '311111111111111111';

describe('component ids', () => {
  it('reads back the parts of an id pressed where it was posted', () => {
    const id = ids.make(['ask', 'sources', '12'], guildA);
    expect(id).toMatch(/^ask:sources:12:c[\w-]{16}$/);
    expect(id.length).toBeLessThanOrEqual(discordLimits.customId);
    expect(ids.read(id, { ...guildA, userId: member })).toEqual(['ask', 'sources', '12']);
  });

  it('refuses an id pressed in another server, another channel or a direct message', () => {
    const id = ids.make(['ask', 'sources', '12'], guildA);
    expect(ids.read(id, { ...guildA, guildId: '999999999999999999', userId: member })).toBeNull();
    expect(ids.read(id, { ...guildA, channelId: '999999999999999999', userId: member })).toBeNull();
    expect(ids.read(id, { guildId: null, channelId: guildA.channelId, userId: member })).toBeNull();
  });

  it('refuses guessed, altered and untagged ids, and ids made with another key', () => {
    const id = ids.make(['ask', 'sources', '12'], guildA);
    const place = { ...guildA, userId: member };
    expect(ids.read('ask:sources:1', place)).toBeNull();
    expect(ids.read(id.replace(':12:', ':13:'), place)).toBeNull();
    expect(ids.read(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`, place)).toBeNull();
    expect(ids.read(id.replace(/:c/, ':u'), place)).toBeNull();
    expect(new ComponentIds('bot-token-two').read(id, place)).toBeNull();
  });

  it('binds a personal prompt to the user it was shown to', () => {
    const id = ids.make(['article', 'remove', '5'], { ...guildA, userId: member });
    expect(ids.read(id, { ...guildA, userId: member })).toEqual(['article', 'remove', '5']);
    expect(ids.read(id, { ...guildA, userId: '411111111111111111' })).toBeNull();
  });
});
