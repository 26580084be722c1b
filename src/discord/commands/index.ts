import type { Command } from '../command.js';
import { articleCommand } from './article-command.js';
import { askCommand } from './ask-command.js';
import { briefingCommand } from './briefing-command.js';
import { feedCommand } from './feed-command.js';

/** Every slash command the bot registers and handles; add a command by adding it here. */
export const commands: readonly Command[] = [askCommand, articleCommand, briefingCommand, feedCommand];
