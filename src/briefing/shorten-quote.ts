/** The longest quote a briefing shows, in characters; longer ones keep their opening words and end in an ellipsis. */
export const maxQuoteCharacters = 300;

/**
 * Cuts a verified quote to at most `max` characters at a word boundary and marks the cut with " …", so the visible
 * text is still a verbatim prefix of what the store holds.
 */
export function shortenQuote(quote: string, max: number = maxQuoteCharacters): string {
  if (quote.length <= max) return quote;
  const cut = quote.slice(0, max - 2);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')} \u2026`;
}
