import { bm25, newWalk, walkPostings } from './max-score-walk.js';
import { maySlip, slipCandidates } from './spelling.js';
import { TermVocabulary } from './term-vocabulary.js';
import { stem, stopWords, tokenize } from './tokenize.js';

/** The arrays of a frozen index and what else a snapshot must keep to rebuild it. */
export interface FrozenIndex {
  scopes: string[];
  totalLength: number;
  termBytes: Buffer;
  termCount: number;
  documents: number;
  frozenStart: Uint32Array<ArrayBuffer>;
  frozenDocs: Uint32Array<ArrayBuffer>;
  frozenFrequencies: Uint8Array<ArrayBuffer>;
  termMaxFrequency: Uint8Array<ArrayBuffer>;
  termMinLength: Uint16Array<ArrayBuffer>;
  termMinRepeatedLength: Uint16Array<ArrayBuffer>;
  documentSentence: Int32Array<ArrayBuffer>;
  documentLength: Uint16Array<ArrayBuffer>;
  documentScope: Uint16Array<ArrayBuffer>;
  documentDeleted: Uint8Array<ArrayBuffer>;
}

/** One scored hit of the index: a sentence id and its bm25 score. */
export interface IndexHit {
  sentenceId: number;
  score: number;
}

const { k1, b } = bm25;

/**
 * A compact in-memory inverted index over sentences for bm25 retrieval: a frozen part in flat typed arrays (loaded
 * from or saved to a snapshot with one read) plus a growable tail for sentences added since, with tombstones for
 * deleted ones. Documents are numbered internally in the order they are added, so every posting list is sorted by
 * document; each document knows its sentence id, length and scope. Search is exact top-k bm25 with MaxScore pruning.
 */
export class SentenceIndex {
  private vocabulary = new TermVocabulary();
  /** Frozen postings: term t's documents are `frozenDocs[frozenStart[t] .. frozenStart[t + 1])`. */
  private frozenStart = new Uint32Array(1);
  private frozenDocs = new Uint32Array(0);
  private frozenFrequencies = new Uint8Array(0);
  /**
   * Per term, the largest frequency, the shortest sentence among its postings, and the shortest among those holding
   * it more than once: its bm25 upper bound is the better of (1, shortest) and (largest, shortest repeated), tighter
   * than (largest, shortest) because the sentences that repeat a word are seldom the shortest.
   */
  private termMaxFrequency = new Uint8Array(1024);
  private termMinLength = new Uint16Array(1024);
  private termMinRepeatedLength = new Uint16Array(1024);
  /**
   * Postings added since the last freeze, as one log in document order (typed arrays, so a bulk build makes no garbage);
   * each entry links to the previous entry of its term, and each term knows its last entry and how many it has.
   */
  private tailTerm = new Uint32Array(1024);
  private tailDocument = new Uint32Array(1024);
  private tailFrequency = new Uint8Array(1024);
  private tailPrevious = new Int32Array(1024);
  private tailPostings = 0;
  private tailHead = new Int32Array(1024).fill(-1);
  private tailCount = new Uint32Array(1024);
  private documentSentence = new Int32Array(1024);
  private documentLength = new Uint16Array(1024);
  private documentScope = new Uint16Array(1024);
  private documentDeleted = new Uint8Array(1024);
  private documents = 0;
  private liveDocuments = 0;
  private totalLength = 0;
  private largestSentence = 0;
  /** Sentence id to document, built only when a sentence is removed or an old id comes back. */
  private sentenceDocument: Map<number, number> | null = null;
  private readonly scopeIds = new Map<string, number>();
  private readonly scopes: string[] = [];
  /** Word to term id (-1 for a word never indexed), so a word seen before is neither stemmed nor looked up again. */
  private readonly wordTerms = new Map<string, number>();
  /** Scratch for `add`: the distinct term ids of one sentence and how often each occurs. */
  private readonly sentenceTerms: number[] = [];
  private readonly sentenceCounts: number[] = [];

  /** How many live sentences the index holds. */
  get size(): number {
    return this.liveDocuments;
  }

  /** Postings in the flat arrays. */
  get frozenPostings(): number {
    return this.frozenDocs.length;
  }

  /** Postings added since the last freeze. */
  get pendingPostings(): number {
    return this.tailPostings;
  }

  private wordTerm(word: string): number {
    let termId = this.wordTerms.get(word);
    if (termId === undefined) {
      termId = stopWords.has(word) || word.length < 2 ? -1 : this.termId(stem(word));
      if (this.wordTerms.size < 500_000) this.wordTerms.set(word, termId);
    }
    return termId;
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

  private growDocuments(): void {
    const capacity = Math.max(1024, this.documentSentence.length * 2);
    this.documentSentence = resized(this.documentSentence, capacity, (size) => new Int32Array(size));
    this.documentLength = resized(this.documentLength, capacity, (size) => new Uint16Array(size));
    this.documentScope = resized(this.documentScope, capacity, (size) => new Uint16Array(size));
    this.documentDeleted = resized(this.documentDeleted, capacity, (size) => new Uint8Array(size));
  }

  private get termCount(): number {
    return this.vocabulary.count;
  }

  private termId(term: string): number {
    let termId = this.vocabulary.idOf(term);
    if (termId === undefined) {
      termId = this.vocabulary.add(term);
      if (termId >= this.termMaxFrequency.length) {
        const capacity = Math.max(1024, this.termMaxFrequency.length * 2);
        this.termMaxFrequency = resized(this.termMaxFrequency, capacity, (size) => new Uint8Array(size));
        this.termMinLength = resized(this.termMinLength, capacity, (size) => new Uint16Array(size));
        this.termMinRepeatedLength = resized(
          this.termMinRepeatedLength,
          capacity,
          (size) => new Uint16Array(size),
        );
      }
      if (termId >= this.tailHead.length) {
        const capacity = Math.max(1024, this.tailHead.length * 2);
        this.tailHead = resized(this.tailHead, capacity, (size) => new Int32Array(size).fill(-1));
        this.tailCount = resized(this.tailCount, capacity, (size) => new Uint32Array(size));
      }
      this.termMaxFrequency[termId] = 0;
      this.termMinLength[termId] = 65_535;
      this.termMinRepeatedLength[termId] = 65_535;
    }
    return termId;
  }

  private documentOf(sentenceId: number): number | undefined {
    if (this.sentenceDocument === null) {
      const map = new Map<number, number>();
      for (let document = 0; document < this.documents; document++)
        if (this.documentDeleted[document] === 0) map.set(this.documentSentence[document] ?? 0, document);
      this.sentenceDocument = map;
    }
    return this.sentenceDocument.get(sentenceId);
  }

  /** Indexes one sentence (replacing an earlier sentence with the same id). */
  add(sentenceId: number, scope: string, text: string): void {
    if (sentenceId <= this.largestSentence && this.documentOf(sentenceId) !== undefined)
      this.remove(sentenceId);
    if (this.documents === this.documentSentence.length) this.growDocuments();
    const document = this.documents++;
    const terms = this.sentenceTerms;
    const counts = this.sentenceCounts;
    terms.length = 0;
    counts.length = 0;
    let length = 0;
    for (const word of tokenize(text)) {
      length++;
      const termId = this.wordTerm(word);
      if (termId < 0) continue;
      const seen = terms.indexOf(termId);
      if (seen === -1) {
        terms.push(termId);
        counts.push(1);
      } else counts[seen] = (counts[seen] ?? 0) + 1;
    }
    const storedLength = Math.min(length, 65_535);
    for (let at = 0; at < terms.length; at++) {
      const termId = terms[at] ?? 0;
      const frequency = Math.min(counts[at] ?? 0, 255);
      if (this.tailPostings === this.tailTerm.length) this.growTail();
      const entry = this.tailPostings++;
      this.tailTerm[entry] = termId;
      this.tailDocument[entry] = document;
      this.tailFrequency[entry] = frequency;
      this.tailPrevious[entry] = this.tailHead[termId] ?? -1;
      this.tailHead[termId] = entry;
      this.tailCount[termId] = (this.tailCount[termId] ?? 0) + 1;
      if (frequency > (this.termMaxFrequency[termId] ?? 0)) this.termMaxFrequency[termId] = frequency;
      if (storedLength < (this.termMinLength[termId] ?? 0)) this.termMinLength[termId] = storedLength;
      if (frequency > 1 && storedLength < (this.termMinRepeatedLength[termId] ?? 0))
        this.termMinRepeatedLength[termId] = storedLength;
    }
    this.documentSentence[document] = sentenceId;
    this.documentLength[document] = storedLength;
    this.documentScope[document] = this.scopeId(scope);
    this.sentenceDocument?.set(sentenceId, document);
    if (sentenceId > this.largestSentence) this.largestSentence = sentenceId;
    this.liveDocuments++;
    this.totalLength += length;
  }

  /** Forgets a sentence (its postings stay until the next freeze but are never returned). */
  remove(sentenceId: number): void {
    const document = this.documentOf(sentenceId);
    if (document === undefined) return;
    this.sentenceDocument?.delete(sentenceId);
    this.documentDeleted[document] = 1;
    this.liveDocuments--;
    this.totalLength -= this.documentLength[document] ?? 0;
  }

  /**
   * How many live sentences hold each stemmed term (counting tombstoned ones until the next freeze, but never more
   * than the live sentences).
   */
  documentFrequency(term: string): number {
    const termId = this.vocabulary.idOf(term);
    return termId === undefined ? 0 : Math.min(this.documentFrequencyById(termId), this.liveDocuments);
  }

  /**
   * The stemmed query terms as the index holds them: a term no live sentence has is read as a slip for the indexed
   * term it is most likely to be (see `slipCandidates`: the least unlikely, then the most common), and kept as it is
   * when none is indexed. Stop words, and terms `maySlip` rules out, are kept as they are.
   */
  spell(terms: readonly string[]): string[] {
    return terms.map((term) => {
      if (!maySlip(term) || stopWords.has(term) || this.documentFrequency(term) > 0) return term;
      let best = term;
      let bestCost = Infinity;
      let bestFrequency = 0;
      for (const [known, cost] of slipCandidates(term)) {
        if (cost > bestCost) continue;
        const frequency = this.documentFrequency(known);
        if (frequency === 0 || (cost === bestCost && frequency <= bestFrequency)) continue;
        best = known;
        bestCost = cost;
        bestFrequency = frequency;
      }
      return best;
    });
  }

  private documentFrequencyById(termId: number): number {
    const frozen =
      termId + 1 < this.frozenStart.length
        ? (this.frozenStart[termId + 1] ?? 0) - (this.frozenStart[termId] ?? 0)
        : 0;
    return frozen + (this.tailCount[termId] ?? 0);
  }

  private growTail(): void {
    const capacity = this.tailTerm.length * 2;
    this.tailTerm = resized(this.tailTerm, capacity, (size) => new Uint32Array(size));
    this.tailDocument = resized(this.tailDocument, capacity, (size) => new Uint32Array(size));
    this.tailFrequency = resized(this.tailFrequency, capacity, (size) => new Uint8Array(size));
    this.tailPrevious = resized(this.tailPrevious, capacity, (size) => new Int32Array(size));
  }

  /** Writes term `termId`'s tail postings (in document order) into `docs` and `frequencies` from `at`. */
  private copyTail(termId: number, docs: Uint32Array, frequencies: Uint8Array, at: number): void {
    let position = at + (this.tailCount[termId] ?? 0);
    for (let entry = this.tailHead[termId] ?? -1; entry !== -1; entry = this.tailPrevious[entry] ?? -1) {
      position--;
      docs[position] = this.tailDocument[entry] ?? 0;
      frequencies[position] = this.tailFrequency[entry] ?? 0;
    }
  }

  /** Moves the tail into the flat arrays, dropping deleted sentences' postings. */
  freeze(): void {
    const termCount = this.termCount;
    const frozenTerms = this.frozenStart.length - 1;
    const deleted = this.documentDeleted;
    const anyDeleted = this.liveDocuments !== this.documents;
    const tailPostings = this.tailPostings;
    const sizes = new Uint32Array(termCount);
    for (let termId = 0; termId < frozenTerms; termId++) {
      const from = this.frozenStart[termId] ?? 0;
      const end = this.frozenStart[termId + 1] ?? 0;
      if (!anyDeleted) sizes[termId] = end - from;
      else {
        let live = 0;
        for (let at = from; at < end; at++) if (deleted[this.frozenDocs[at] ?? 0] === 0) live++;
        sizes[termId] = live;
      }
    }
    for (let entry = 0; entry < tailPostings; entry++) {
      if (anyDeleted && deleted[this.tailDocument[entry] ?? 0] !== 0) continue;
      const termId = this.tailTerm[entry] ?? 0;
      sizes[termId] = (sizes[termId] ?? 0) + 1;
    }
    const start = new Uint32Array(termCount + 1);
    let total = 0;
    for (let termId = 0; termId < termCount; termId++) {
      start[termId] = total;
      total += sizes[termId] ?? 0;
    }
    start[termCount] = total;
    const docs = new Uint32Array(total);
    const frequencies = new Uint8Array(total);
    // `sizes` becomes each term's next free place; frozen documents come first, then the tail's (all later ones).
    for (let termId = 0; termId < termCount; termId++) {
      let at = start[termId] ?? 0;
      if (termId < frozenTerms) {
        const from = this.frozenStart[termId] ?? 0;
        const end = this.frozenStart[termId + 1] ?? 0;
        if (!anyDeleted) {
          docs.set(this.frozenDocs.subarray(from, end), at);
          frequencies.set(this.frozenFrequencies.subarray(from, end), at);
          at += end - from;
        } else {
          for (let index = from; index < end; index++) {
            const document = this.frozenDocs[index] ?? 0;
            if (deleted[document] !== 0) continue;
            docs[at] = document;
            frequencies[at++] = this.frozenFrequencies[index] ?? 0;
          }
        }
      }
      sizes[termId] = at;
    }
    for (let entry = 0; entry < tailPostings; entry++) {
      const document = this.tailDocument[entry] ?? 0;
      if (anyDeleted && deleted[document] !== 0) continue;
      const termId = this.tailTerm[entry] ?? 0;
      const at = sizes[termId] ?? 0;
      docs[at] = document;
      frequencies[at] = this.tailFrequency[entry] ?? 0;
      sizes[termId] = at + 1;
    }
    this.frozenStart = start;
    this.frozenDocs = docs;
    this.frozenFrequencies = frequencies;
    this.tailHead.fill(-1);
    this.tailCount.fill(0);
    this.tailPostings = 0;
  }

  /**
   * The `limit` best sentences by bm25 for stemmed query terms (an OR query), among sentences whose scope is in
   * `scopes`; ties go to the earlier sentence. Exact top-k by MaxScore: posting lists are walked together in document
   * order; once the best `limit` are known, the terms whose upper bounds together cannot reach the cut-off are only
   * looked up (by galloping search) for documents the other terms bring, and only while they still could matter.
   * Scores are summed in query-term order, so they equal a brute-force scorer's exactly.
   */
  search(queryTerms: readonly string[], scopes: readonly string[], limit: number): IndexHit[] {
    if (limit <= 0) return [];
    const visible = new Uint8Array(this.scopes.length);
    let visibleCount = 0;
    for (const scope of new Set(scopes)) {
      const id = this.scopeIds.get(scope);
      if (id !== undefined) {
        visible[id] = 1;
        visibleCount++;
      }
    }
    if (visibleCount === 0) return [];
    const live = Math.max(this.liveDocuments, 1);
    const averageLength = this.totalLength / live || 1;
    const termIdList: number[] = [];
    for (const term of new Set(queryTerms)) {
      const termId = this.vocabulary.idOf(term);
      if (termId !== undefined && this.documentFrequencyById(termId) > 0) termIdList.push(termId);
    }
    const count = termIdList.length;
    if (count === 0) return [];
    const frozenTerms = this.frozenStart.length - 1;
    const walk = newWalk(count, limit, visibleCount === this.scopes.length ? null : visible, averageLength);
    const upper = new Float64Array(count);
    let tailPostings = 0;
    for (let term = 0; term < count; term++) {
      const termId = termIdList[term] ?? 0;
      const frequency = Math.min(Math.max(this.documentFrequencyById(termId), 1), live);
      const idf = Math.max(Math.log((live - frequency + 0.5) / (frequency + 0.5)), 1e-6);
      const scale = idf * (k1 + 1);
      walk.scale[term] = scale;
      const maxFrequency = this.termMaxFrequency[termId] ?? 0;
      const minLength = this.termMinLength[termId] ?? 0;
      const minRepeatedLength = this.termMinRepeatedLength[termId] ?? 0;
      const once = scale / (1 + k1 * (1 - b + (b * minLength) / averageLength));
      upper[term] =
        maxFrequency > 1
          ? Math.max(
              once,
              (scale * maxFrequency) /
                (maxFrequency + k1 * (1 - b + (b * minRepeatedLength) / averageLength)),
            )
          : once;
      walk.at[term] = termId < frozenTerms ? (this.frozenStart[termId] ?? 0) : 0;
      walk.end[term] = termId < frozenTerms ? (this.frozenStart[termId + 1] ?? 0) : 0;
      tailPostings += this.tailCount[termId] ?? 0;
    }
    // Terms by upper bound, smallest first; `bound[j]` is the sum of the first j + 1 upper bounds.
    const order = Array.from({ length: count }, (_, term) => term).sort(
      (left, right) => (upper[left] ?? 0) - (upper[right] ?? 0),
    );
    let running = 0;
    for (let position = 0; position < count; position++) {
      walk.order[position] = order[position] ?? 0;
      running += upper[order[position] ?? 0] ?? 0;
      walk.bound[position] = running;
    }
    // Every document of a tail came after every frozen one, so the frozen postings are walked first, then the tails.
    const documents = {
      length: this.documentLength,
      deleted: this.documentDeleted,
      scope: this.documentScope,
    };
    walkPostings(walk, this.frozenDocs, this.frozenFrequencies, documents);
    if (tailPostings > 0) {
      const tailDocs = new Uint32Array(tailPostings);
      const tailFrequencies = new Uint8Array(tailPostings);
      let at = 0;
      for (let term = 0; term < count; term++) {
        const termId = termIdList[term] ?? 0;
        this.copyTail(termId, tailDocs, tailFrequencies, at);
        walk.at[term] = at;
        at += this.tailCount[termId] ?? 0;
        walk.end[term] = at;
      }
      walkPostings(walk, tailDocs, tailFrequencies, documents);
    }
    const hits: { document: number; score: number }[] = [];
    for (let at = 0; at < walk.heapSize; at++)
      hits.push({ document: walk.heapDocuments[at] ?? 0, score: walk.heapScores[at] ?? 0 });
    return hits
      .sort((left, right) => right.score - left.score || left.document - right.document)
      .map(({ document, score }) => ({ sentenceId: this.documentSentence[document] ?? 0, score }));
  }

  /** Freezes the index and returns its arrays (views, not copies), as a snapshot stores them. */
  frozen(): FrozenIndex {
    this.freeze();
    const termCount = this.termCount;
    const documents = this.documents;
    return {
      scopes: [...this.scopes],
      totalLength: this.totalLength,
      termBytes: this.vocabulary.toBytes(),
      termCount,
      documents,
      frozenStart: this.frozenStart,
      frozenDocs: this.frozenDocs,
      frozenFrequencies: this.frozenFrequencies,
      termMaxFrequency: this.termMaxFrequency.subarray(0, termCount),
      termMinLength: this.termMinLength.subarray(0, termCount),
      termMinRepeatedLength: this.termMinRepeatedLength.subarray(0, termCount),
      documentSentence: this.documentSentence.subarray(0, documents),
      documentLength: this.documentLength.subarray(0, documents),
      documentScope: this.documentScope.subarray(0, documents),
      documentDeleted: this.documentDeleted.subarray(0, documents),
    };
  }

  /** An index over `frozen`'s arrays (kept, not copied), or null when its vocabulary is malformed. */
  static fromFrozen(frozen: FrozenIndex): SentenceIndex | null {
    const vocabulary = TermVocabulary.fromBytes(frozen.termBytes, frozen.termCount);
    if (vocabulary === null) return null;
    const index = new SentenceIndex();
    index.vocabulary = vocabulary;
    index.frozenStart = frozen.frozenStart;
    index.frozenDocs = frozen.frozenDocs;
    index.frozenFrequencies = frozen.frozenFrequencies;
    index.termMaxFrequency = frozen.termMaxFrequency;
    index.termMinLength = frozen.termMinLength;
    index.termMinRepeatedLength = frozen.termMinRepeatedLength;
    index.documentSentence = frozen.documentSentence;
    index.documentLength = frozen.documentLength;
    index.documentScope = frozen.documentScope;
    index.documentDeleted = frozen.documentDeleted;
    index.tailHead = new Int32Array(Math.max(1024, frozen.termCount)).fill(-1);
    index.tailCount = new Uint32Array(Math.max(1024, frozen.termCount));
    frozen.scopes.forEach((scope) => index.scopeId(scope));
    index.documents = frozen.documents;
    index.totalLength = frozen.totalLength;
    let live = 0;
    let largest = 0;
    for (let document = 0; document < frozen.documents; document++) {
      if (index.documentDeleted[document] === 0) live++;
      const sentenceId = index.documentSentence[document] ?? 0;
      if (sentenceId > largest) largest = sentenceId;
    }
    index.liveDocuments = live;
    index.largestSentence = largest;
    return index;
  }
}

function resized<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(
  array: T,
  capacity: number,
  make: (size: number) => T,
): T {
  const next = make(capacity);
  next.set(array.subarray(0, Math.min(array.length, capacity)));
  return next;
}
