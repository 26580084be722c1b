import { stem, stopWords, tokenize } from './tokenize.js';

/** One scored hit of the index: a sentence id and its bm25 score. */
export interface IndexHit {
  sentenceId: number;
  score: number;
}

const k1 = 1.2;
const b = 0.75;

/** Growable postings of one term added since the last freeze. */
interface TermTail {
  docs: number[];
  frequencies: number[];
}

const snapshotMagic = 0x4e445831; // "NDX1"

/**
 * A compact in-memory inverted index over sentences for bm25 retrieval: a frozen part in flat typed arrays (loaded
 * from or saved to a snapshot) plus a growable tail for sentences added since, with tombstones for deleted ones.
 * Documents are numbered internally in the order they are added; each knows its sentence id and scope.
 */
export class SentenceIndex {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Frozen postings: term t's documents are `frozenDocs[frozenStart[t] .. frozenStart[t + 1])`. */
  private frozenStart = new Uint32Array(1);
  private frozenDocs = new Uint32Array(0);
  private frozenFrequencies = new Uint8Array(0);
  private readonly tails = new Map<number, TermTail>();
  private tailPostings = 0;
  private documentSentence = new Int32Array(1024);
  private documentLength = new Uint16Array(1024);
  private documentScope = new Uint16Array(1024);
  private documentDeleted = new Uint8Array(1024);
  private documents = 0;
  private liveDocuments = 0;
  private totalLength = 0;
  private readonly sentenceDocument = new Map<number, number>();
  private readonly scopeIds = new Map<string, number>();
  private readonly scopes: string[] = [];
  private readonly stemCache = new Map<string, string>();
  /** Per-query scratch space, reused so a search allocates little. */
  private accumulator = new Float64Array(0);
  private seen = new Uint8Array(0);

  /** How many live sentences the index holds. */
  get size(): number {
    return this.liveDocuments;
  }

  /** Postings added since the last freeze. */
  get pendingPostings(): number {
    return this.tailPostings;
  }

  private stemOf(word: string): string {
    let stemmed = this.stemCache.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      if (this.stemCache.size < 500_000) this.stemCache.set(word, stemmed);
    }
    return stemmed;
  }

  private scopeId(scope: string): number {
    let id = this.scopeIds.get(scope);
    if (id === undefined) {
      id = this.scopes.length;
      this.scopes.push(scope);
      this.scopeIds.set(scope, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = this.documentSentence.length * 2;
    const grown = <T extends Int32Array | Uint16Array | Uint8Array>(
      array: T,
      make: (size: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.documentSentence = grown(this.documentSentence, (size) => new Int32Array(size));
    this.documentLength = grown(this.documentLength, (size) => new Uint16Array(size));
    this.documentScope = grown(this.documentScope, (size) => new Uint16Array(size));
    this.documentDeleted = grown(this.documentDeleted, (size) => new Uint8Array(size));
  }

  /** Indexes one sentence (replacing an earlier sentence with the same id). */
  add(sentenceId: number, scope: string, text: string): void {
    if (this.sentenceDocument.has(sentenceId)) this.remove(sentenceId);
    if (this.documents === this.documentSentence.length) this.grow();
    const document = this.documents++;
    const counts = new Map<string, number>();
    let length = 0;
    for (const word of tokenize(text)) {
      length++;
      if (stopWords.has(word) || word.length < 2) continue;
      const term = this.stemOf(word);
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const [term, frequency] of counts) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.terms.length;
        this.terms.push(term);
        this.termIds.set(term, termId);
      }
      let tail = this.tails.get(termId);
      if (!tail) {
        tail = { docs: [], frequencies: [] };
        this.tails.set(termId, tail);
      }
      tail.docs.push(document);
      tail.frequencies.push(Math.min(frequency, 255));
      this.tailPostings++;
    }
    this.documentSentence[document] = sentenceId;
    this.documentLength[document] = Math.min(length, 65_535);
    this.documentScope[document] = this.scopeId(scope);
    this.sentenceDocument.set(sentenceId, document);
    this.liveDocuments++;
    this.totalLength += length;
  }

  /** Forgets a sentence (its postings stay until the next freeze but are never returned). */
  remove(sentenceId: number): void {
    const document = this.sentenceDocument.get(sentenceId);
    if (document === undefined) return;
    this.sentenceDocument.delete(sentenceId);
    this.documentDeleted[document] = 1;
    this.liveDocuments--;
    this.totalLength -= this.documentLength[document] ?? 0;
  }

  /** How many live sentences hold each stemmed term (counting tombstoned ones until the next freeze). */
  documentFrequency(term: string): number {
    const termId = this.termIds.get(term);
    if (termId === undefined) return 0;
    const frozen = (this.frozenStart[termId + 1] ?? 0) - (this.frozenStart[termId] ?? 0);
    return (termId + 1 < this.frozenStart.length ? frozen : 0) + (this.tails.get(termId)?.docs.length ?? 0);
  }

  /** Moves the tail into the flat arrays, dropping deleted sentences' postings. */
  freeze(): void {
    const termCount = this.terms.length;
    const frozenTerms = this.frozenStart.length - 1;
    const start = new Uint32Array(termCount + 1);
    let total = 0;
    const liveCount = (termId: number): number => {
      let count = 0;
      if (termId < frozenTerms) {
        const end = this.frozenStart[termId + 1] ?? 0;
        for (let at = this.frozenStart[termId] ?? 0; at < end; at++)
          if (this.documentDeleted[this.frozenDocs[at] ?? 0] === 0) count++;
      }
      for (const document of this.tails.get(termId)?.docs ?? [])
        if (this.documentDeleted[document] === 0) count++;
      return count;
    };
    for (let termId = 0; termId < termCount; termId++) {
      start[termId] = total;
      total += liveCount(termId);
    }
    start[termCount] = total;
    const docs = new Uint32Array(total);
    const frequencies = new Uint8Array(total);
    for (let termId = 0; termId < termCount; termId++) {
      let at = start[termId] ?? 0;
      if (termId < frozenTerms) {
        const end = this.frozenStart[termId + 1] ?? 0;
        for (let from = this.frozenStart[termId] ?? 0; from < end; from++) {
          const document = this.frozenDocs[from] ?? 0;
          if (this.documentDeleted[document] !== 0) continue;
          docs[at] = document;
          frequencies[at++] = this.frozenFrequencies[from] ?? 0;
        }
      }
      const tail = this.tails.get(termId);
      if (tail) {
        for (let index = 0; index < tail.docs.length; index++) {
          const document = tail.docs[index] ?? 0;
          if (this.documentDeleted[document] !== 0) continue;
          docs[at] = document;
          frequencies[at++] = tail.frequencies[index] ?? 0;
        }
      }
    }
    this.frozenStart = start;
    this.frozenDocs = docs;
    this.frozenFrequencies = frequencies;
    this.tails.clear();
    this.tailPostings = 0;
  }

  /**
   * The `limit` best sentences by bm25 for stemmed query terms (an OR query), among sentences whose scope is in
   * `scopes`. Terms are scored rarest first; once the best `limit` are known, documents seen only through common
   * terms that cannot reach them are skipped.
   */
  search(queryTerms: readonly string[], scopes: readonly string[], limit: number): IndexHit[] {
    const visible = new Uint8Array(this.scopes.length);
    for (const scope of scopes) {
      const id = this.scopeIds.get(scope);
      if (id !== undefined) visible[id] = 1;
    }
    const live = Math.max(this.liveDocuments, 1);
    const averageLength = this.totalLength / live || 1;
    const frozenTerms = this.frozenStart.length - 1;
    const plan = [...new Set(queryTerms)]
      .map((term) => this.termIds.get(term))
      .filter((termId): termId is number => termId !== undefined)
      .map((termId) => {
        const frequency = Math.max(this.documentFrequencyById(termId, frozenTerms), 1);
        return { termId, idf: Math.max(Math.log((live - frequency + 0.5) / (frequency + 0.5)), 1e-6) };
      })
      .sort((left, right) => right.idf - left.idf);
    if (this.accumulator.length < this.documents) {
      this.accumulator = new Float64Array(this.documentSentence.length);
      this.seen = new Uint8Array(this.documentSentence.length);
    }
    const scores = this.accumulator;
    const seen = this.seen;
    const touched: number[] = [];
    // A term's best possible contribution is idf * (k1 + 1); once the rarer terms fill the top `limit`, a term
    // whose own best plus the rest cannot beat the current cut-off only adds to documents already seen.
    const remainingBest = plan.map((_, index) =>
      plan.slice(index).reduce((sum, entry) => sum + entry.idf * (k1 + 1), 0),
    );
    let cutOff = -Infinity;
    for (let index = 0; index < plan.length; index++) {
      const { termId, idf } = plan[index] ?? { termId: 0, idf: 0 };
      const onlySeen = touched.length >= limit && (remainingBest[index] ?? 0) < cutOff;
      const scale = idf * (k1 + 1);
      const visit = (document: number, frequency: number): void => {
        if (seen[document] === 0) {
          if (
            onlySeen ||
            this.documentDeleted[document] !== 0 ||
            visible[this.documentScope[document] ?? 0] !== 1
          )
            return;
          seen[document] = 1;
          scores[document] = 0;
          touched.push(document);
        }
        const norm = k1 * (1 - b + (b * (this.documentLength[document] ?? 0)) / averageLength);
        scores[document] = (scores[document] ?? 0) + (scale * frequency) / (frequency + norm);
      };
      if (termId < frozenTerms) {
        const end = this.frozenStart[termId + 1] ?? 0;
        const docs = this.frozenDocs;
        const frequencies = this.frozenFrequencies;
        for (let at = this.frozenStart[termId] ?? 0; at < end; at++)
          visit(docs[at] ?? 0, frequencies[at] ?? 0);
      }
      const tail = this.tails.get(termId);
      if (tail)
        for (let at = 0; at < tail.docs.length; at++) visit(tail.docs[at] ?? 0, tail.frequencies[at] ?? 0);
      if (touched.length >= limit && index + 1 < plan.length) {
        const values = new Float64Array(touched.length);
        for (let at = 0; at < touched.length; at++) values[at] = scores[touched[at] ?? 0] ?? 0;
        values.sort();
        cutOff = values[values.length - limit] ?? -Infinity;
      }
    }
    const hits = touched.map((document) => ({ document, score: scores[document] ?? 0 }));
    for (const document of touched) seen[document] = 0;
    return hits
      .sort((left, right) => right.score - left.score || left.document - right.document)
      .slice(0, limit)
      .map(({ document, score }) => ({ sentenceId: this.documentSentence[document] ?? 0, score }));
  }

  private documentFrequencyById(termId: number, frozenTerms: number): number {
    const frozen =
      termId < frozenTerms ? (this.frozenStart[termId + 1] ?? 0) - (this.frozenStart[termId] ?? 0) : 0;
    return frozen + (this.tails.get(termId)?.docs.length ?? 0);
  }

  /** Serialises the index (frozen first) into one buffer for a snapshot file. */
  toBuffer(): Buffer {
    this.freeze();
    const header = JSON.stringify({
      terms: this.terms,
      scopes: this.scopes,
      documents: this.documents,
      totalLength: this.totalLength,
    });
    const headerBytes = Buffer.from(header, 'utf8');
    const parts = [
      Buffer.from(new Uint32Array([snapshotMagic, headerBytes.length, this.frozenDocs.length]).buffer),
      headerBytes,
      Buffer.alloc((4 - (headerBytes.length % 4)) % 4),
      bytesOf(this.frozenStart),
      bytesOf(this.frozenDocs),
      bytesOf(this.documentSentence.subarray(0, this.documents)),
      bytesOf(this.frozenFrequencies),
      bytesOf(this.documentLength.subarray(0, this.documents)),
      bytesOf(this.documentScope.subarray(0, this.documents)),
      bytesOf(this.documentDeleted.subarray(0, this.documents)),
    ];
    return Buffer.concat(parts);
  }

  /** Rebuilds an index from `toBuffer` output, or returns null when the bytes are not a snapshot. */
  static fromBuffer(bytes: Buffer): SentenceIndex | null {
    if (bytes.length < 12 || bytes.readUInt32LE(0) !== snapshotMagic) return null;
    const headerLength = bytes.readUInt32LE(4);
    const postings = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as {
      terms: string[];
      scopes: string[];
      documents: number;
      totalLength: number;
    };
    const index = new SentenceIndex();
    let offset = 12 + headerLength + ((4 - (headerLength % 4)) % 4);
    const take = <T>(
      make: (buffer: ArrayBuffer, at: number, length: number) => T,
      length: number,
      width: number,
    ): T => {
      const copy = new ArrayBuffer(length * width);
      new Uint8Array(copy).set(bytes.subarray(offset, offset + length * width));
      offset += length * width;
      return make(copy, 0, length);
    };
    const documents = header.documents;
    index.frozenStart = take(
      (buffer, at, length) => new Uint32Array(buffer, at, length),
      header.terms.length + 1,
      4,
    );
    index.frozenDocs = take((buffer, at, length) => new Uint32Array(buffer, at, length), postings, 4);
    const capacity = Math.max(1024, documents);
    index.documentSentence = new Int32Array(capacity);
    index.documentSentence.set(
      take((buffer, at, length) => new Int32Array(buffer, at, length), documents, 4),
    );
    index.frozenFrequencies = take((buffer, at, length) => new Uint8Array(buffer, at, length), postings, 1);
    index.documentLength = new Uint16Array(capacity);
    index.documentLength.set(take((buffer, at, length) => new Uint16Array(buffer, at, length), documents, 2));
    index.documentScope = new Uint16Array(capacity);
    index.documentScope.set(take((buffer, at, length) => new Uint16Array(buffer, at, length), documents, 2));
    index.documentDeleted = new Uint8Array(capacity);
    index.documentDeleted.set(take((buffer, at, length) => new Uint8Array(buffer, at, length), documents, 1));
    header.terms.forEach((term, termId) => {
      index.terms.push(term);
      index.termIds.set(term, termId);
    });
    header.scopes.forEach((scope) => index.scopeId(scope));
    index.documents = documents;
    index.totalLength = header.totalLength;
    for (let document = 0; document < documents; document++) {
      if (index.documentDeleted[document] !== 0) continue;
      index.sentenceDocument.set(index.documentSentence[document] ?? 0, document);
      index.liveDocuments++;
    }
    return index;
  }

  /** The largest sentence id ever indexed, for catching up with newer rows. */
  maxSentenceId(): number {
    let max = 0;
    for (let document = 0; document < this.documents; document++)
      max = Math.max(max, this.documentSentence[document] ?? 0);
    return max;
  }
}

function bytesOf(array: Uint32Array | Int32Array | Uint16Array | Uint8Array): Buffer {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return bytes;
}
