/** A count with its noun in the right number: "1 article", "3 articles", "0 lines". */
export function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
