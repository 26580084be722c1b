import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { Config } from '../config.js';

/** What a non-moderator is told, privately. */
export const moderatorOnlyText =
  'Sorry, only moderators can manage articles here: that takes the Manage Server permission or one of the newsdesk moderator roles.';

/**
 * Whether the user behind an interaction may manage this server's articles: they have Manage Server, or one of the
 * roles listed in `NEWSDESK_MODERATOR_ROLE_IDS`. Checked in code as well as through the command's default permissions,
 * which server admins can change.
 */
export function isModerator(
  interaction: BaseInteraction,
  config: Pick<Config, 'NEWSDESK_MODERATOR_ROLE_IDS'>,
): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return roleIds.some((roleId) => config.NEWSDESK_MODERATOR_ROLE_IDS.includes(roleId));
}
