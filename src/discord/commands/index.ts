import type { Command } from '../command.js';
import { askCommand } from './ask-command.js';

/** Every slash command the bot registers and handles; add a command by adding it here. */
export const commands: readonly Command[] = [askCommand];
