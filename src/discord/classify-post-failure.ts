import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { PostFailure } from '../briefing/briefing-scheduler.js';

/**
 * Sorts a failure to post into what a scheduler acts on: a missing channel or permission (Discord refused, so nothing
 * was posted, and the schedule or feed is paused), or anything else (the outcome may be unknown).
 */
export function classifyPostFailure(error: unknown): PostFailure {
  if (!(error instanceof DiscordAPIError)) return 'failed';
  if (error.code === RESTJSONErrorCodes.UnknownChannel || error.status === 404) return 'missing-channel';
  if (
    error.code === RESTJSONErrorCodes.MissingAccess ||
    error.code === RESTJSONErrorCodes.MissingPermissions ||
    error.status === 403
  ) {
    return 'missing-permission';
  }
  return 'failed';
}

/** A failure's message, for the log and a paused reason's detail. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
