import { MessageFlags, type RepliableInteraction } from 'discord.js';

/** Tells the user something only they can see: a private reply, or a private follow-up once one was sent. */
export async function replyPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
}
