/**
 * The terms of a `SentenceIndex`, numbered from 0 in the order they were first seen. Terms read from a snapshot stay
 * as its UTF-8 bytes ('\n' between terms) with an open-addressing hash table of term ids, rather than a string and a
 * Map entry per term; terms added since are a plain list and Map.
 */
export class TermVocabulary {
  private loadedBytes: Buffer = Buffer.alloc(0);
  private loadedStart = new Uint32Array(1);
  private loadedSlots = new Int32Array(0);
  private loaded = 0;
  private readonly addedIds = new Map<string, number>();
  private readonly added: string[] = [];

  /** How many terms there are. */
  get count(): number {
    return this.loaded + this.added.length;
  }

  /** The id of a term, or undefined for a term never added. */
  idOf(term: string): number | undefined {
    if (this.loaded > 0) {
      const bytes = Buffer.from(term, 'utf8');
      const mask = this.loadedSlots.length - 1;
      for (let slot = hashBytes(bytes, 0, bytes.length) & mask; ; slot = (slot + 1) & mask) {
        const termId = this.loadedSlots[slot] ?? -1;
        if (termId === -1) break;
        const from = this.loadedStart[termId] ?? 0;
        const to = (this.loadedStart[termId + 1] ?? 1) - 1;
        if (to - from === bytes.length && this.loadedBytes.compare(bytes, 0, bytes.length, from, to) === 0)
          return termId;
      }
    }
    return this.addedIds.get(term);
  }

  /** Adds a term not yet in the vocabulary and returns its id (the next number). */
  add(term: string): number {
    const termId = this.count;
    this.added.push(term);
    this.addedIds.set(term, termId);
    return termId;
  }

  /** Every term in id order as UTF-8 bytes with '\n' between them, as a snapshot stores them. */
  toBytes(): Buffer {
    const added = Buffer.from(this.added.join('\n'), 'utf8');
    if (this.loaded === 0) return added;
    if (this.added.length === 0) return this.loadedBytes;
    return Buffer.concat([this.loadedBytes, Buffer.from('\n'), added]);
  }

  /** Reads `toBytes` output of `count` terms (where each starts, and the hash table); null if malformed. */
  static fromBytes(bytes: Buffer, count: number): TermVocabulary | null {
    const start = new Uint32Array(count + 1);
    const slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, count * 2)))).fill(-1);
    const mask = slots.length - 1;
    let from = 0;
    for (let termId = 0; termId < count; termId++) {
      let to = bytes.indexOf(10, from);
      if (to === -1) {
        if (termId !== count - 1) return null;
        to = bytes.length;
      }
      start[termId] = from;
      let slot = hashBytes(bytes, from, to) & mask;
      while ((slots[slot] ?? -1) !== -1) slot = (slot + 1) & mask;
      slots[slot] = termId;
      from = to + 1;
    }
    if (count > 0 && from !== bytes.length + 1) return null;
    // As if every term, the last included, were followed by a '\n'.
    start[count] = bytes.length + 1;
    const vocabulary = new TermVocabulary();
    vocabulary.loadedBytes = bytes;
    vocabulary.loadedStart = start;
    vocabulary.loadedSlots = slots;
    vocabulary.loaded = count;
    return vocabulary;
  }
}

/** FNV-1a of `bytes[from .. to)`. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let at = from; at < to; at++) hash = Math.imul(hash ^ (bytes[at] ?? 0), 0x01000193);
  return hash >>> 0;
}
