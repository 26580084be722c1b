import { stem, stopWords, tokenize } from './tokenize.js';

/** One scored hit of the index: a sentence id and its bm25 score. */
export interface IndexHit {
  sentenceId: number;
  score: number;
}

const k1 = 1.2;
const b = 0.75;
/** Pruning only skips a document whose best possible score is below the cut-off by more than rounding could explain. */
const pruneMargin = 1e-9;

const snapshotMagic = 0x4e445833; // "NDX3"
const noDocument = 0xffffffff;

/** The state of one search: per query term its weight, cursor and bound, and the heap of the best hits so far. */
interface Walk {
  count: number;
  scale: Float64Array;
  /** Query terms by upper bound, smallest first; `bound[j]` is the sum of the first j + 1 upper bounds. */
  order: Int32Array;
  bound: Float64Array;
  contribution: Float64Array;
  /** Per query term, its cursor in the postings being walked, their end, and the document at the cursor. */
  at: Uint32Array;
  end: Uint32Array;
  current: Uint32Array;
  /** Which scopes may be returned, or null when all may. */
  visible: Uint8Array | null;
  averageLength: number;
  limit: number;
  heapScores: Float64Array;
  heapDocuments: Uint32Array;
  heapSize: number;
  cutOff: number;
  firstEssential: number;
}

/**
 * A compact in-memory inverted index over sentences for bm25 retrieval: a frozen part in flat typed arrays (loaded
 * from or saved to a snapshot with one read) plus a growable tail for sentences added since, with tombstones for
 * deleted ones. Documents are numbered internally in the order they are added, so every posting list is sorted by
 * document; each document knows its sentence id, length and scope. Search is exact top-k bm25 with MaxScore pruning.
 */
export class SentenceIndex {
  /**
   * The vocabulary read from a snapshot stays as its UTF-8 bytes ('\n' between terms) with an open-addressing hash
   * table of term ids, rather than a string and a Map entry per term; terms added since are in `terms` and `termIds`.
   */
  private loadedTermBytes: Buffer = Buffer.alloc(0);
  private loadedTermStart = new Uint32Array(1);
  private loadedTermSlots = new Int32Array(0);
  private loadedTerms = 0;
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
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
    return this.loadedTerms + this.terms.length;
  }

  private termId(term: string): number {
    let termId = this.termIdOf(term);
    if (termId === undefined) {
      termId = this.termCount;
      this.terms.push(term);
      this.termIds.set(term, termId);
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

  private termIdOf(term: string): number | undefined {
    if (this.loadedTerms > 0) {
      const bytes = Buffer.from(term, 'utf8');
      const mask = this.loadedTermSlots.length - 1;
      for (let slot = hashBytes(bytes, 0, bytes.length) & mask; ; slot = (slot + 1) & mask) {
        const termId = this.loadedTermSlots[slot] ?? -1;
        if (termId === -1) break;
        const from = this.loadedTermStart[termId] ?? 0;
        const to = (this.loadedTermStart[termId + 1] ?? 1) - 1;
        if (
          to - from === bytes.length &&
          this.loadedTermBytes.compare(bytes, 0, bytes.length, from, to) === 0
        )
          return termId;
      }
    }
    return this.termIds.get(term);
  }

  /** Indexes the vocabulary bytes of a snapshot (where each term starts, and the hash table); false if malformed. */
  private loadTerms(bytes: Buffer, termCount: number): boolean {
    const start = new Uint32Array(termCount + 1);
    const slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, termCount * 2)))).fill(-1);
    const mask = slots.length - 1;
    let from = 0;
    for (let termId = 0; termId < termCount; termId++) {
      let to = bytes.indexOf(10, from);
      if (to === -1) {
        if (termId !== termCount - 1) return false;
        to = bytes.length;
      }
      start[termId] = from;
      let slot = hashBytes(bytes, from, to) & mask;
      while ((slots[slot] ?? -1) !== -1) slot = (slot + 1) & mask;
      slots[slot] = termId;
      from = to + 1;
    }
    if (termCount > 0 && from !== bytes.length + 1) return false;
    // As if every term, the last included, were followed by a '\n'.
    start[termCount] = bytes.length + 1;
    this.loadedTermBytes = bytes;
    this.loadedTermStart = start;
    this.loadedTermSlots = slots;
    this.loadedTerms = termCount;
    return true;
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
    const termId = this.termIdOf(term);
    return termId === undefined ? 0 : Math.min(this.documentFrequencyById(termId), this.liveDocuments);
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
      const termId = this.termIdOf(term);
      if (termId !== undefined && this.documentFrequencyById(termId) > 0) termIdList.push(termId);
    }
    const count = termIdList.length;
    if (count === 0) return [];
    const frozenTerms = this.frozenStart.length - 1;
    const walk: Walk = {
      count,
      scale: new Float64Array(count),
      order: new Int32Array(count),
      bound: new Float64Array(count),
      contribution: new Float64Array(count),
      at: new Uint32Array(count),
      end: new Uint32Array(count),
      current: new Uint32Array(count),
      visible: visibleCount === this.scopes.length ? null : visible,
      averageLength,
      limit,
      heapScores: new Float64Array(limit),
      heapDocuments: new Uint32Array(limit),
      heapSize: 0,
      cutOff: -Infinity,
      firstEssential: 0,
    };
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
    this.walkPostings(walk, this.frozenDocs, this.frozenFrequencies);
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
      this.walkPostings(walk, tailDocs, tailFrequencies);
    }
    const hits: { document: number; score: number }[] = [];
    for (let at = 0; at < walk.heapSize; at++)
      hits.push({ document: walk.heapDocuments[at] ?? 0, score: walk.heapScores[at] ?? 0 });
    return hits
      .sort((left, right) => right.score - left.score || left.document - right.document)
      .map(({ document, score }) => ({ sentenceId: this.documentSentence[document] ?? 0, score }));
  }

  /** Walks each query term's postings `docs[at[t] .. end[t])` in document order, MaxScore-pruned, into the heap. */
  private walkPostings(walk: Walk, docs: Uint32Array, frequencies: Uint8Array): void {
    const { count, scale, order, bound, contribution, at, end, current, visible, averageLength, limit } =
      walk;
    const { heapScores, heapDocuments } = walk;
    const documentLength = this.documentLength;
    const documentDeleted = this.documentDeleted;
    const documentScope = this.documentScope;
    for (let term = 0; term < count; term++)
      current[term] = (at[term] ?? 0) < (end[term] ?? 0) ? (docs[at[term] ?? 0] ?? noDocument) : noDocument;
    let cutOff = walk.cutOff;
    let firstEssential = walk.firstEssential;
    let heapSize = walk.heapSize;
    for (;;) {
      let document = noDocument;
      for (let position = firstEssential; position < count; position++) {
        const candidate = current[order[position] ?? 0] ?? noDocument;
        if (candidate < document) document = candidate;
      }
      if (document === noDocument) break;
      const length = documentLength[document] ?? 0;
      const norm = k1 * (1 - b + (b * length) / averageLength);
      let partial = 0;
      for (let position = firstEssential; position < count; position++) {
        const term = order[position] ?? 0;
        if (current[term] !== document) {
          contribution[term] = 0;
          continue;
        }
        const posting = at[term] ?? 0;
        const frequency = frequencies[posting] ?? 0;
        const value = ((scale[term] ?? 0) * frequency) / (frequency + norm);
        contribution[term] = value;
        partial += value;
        at[term] = posting + 1;
        current[term] = posting + 1 < (end[term] ?? 0) ? (docs[posting + 1] ?? noDocument) : noDocument;
      }
      if (documentDeleted[document] !== 0) continue;
      if (visible !== null && visible[documentScope[document] ?? 0] !== 1) continue;
      let pruned = false;
      for (let position = firstEssential - 1; position >= 0; position--) {
        if (partial + (bound[position] ?? 0) < cutOff - pruneMargin) {
          pruned = true;
          break;
        }
        const term = order[position] ?? 0;
        contribution[term] = 0;
        if ((current[term] ?? noDocument) < document) {
          const posting = lowerBound(docs, at[term] ?? 0, end[term] ?? 0, document);
          at[term] = posting;
          current[term] = posting < (end[term] ?? 0) ? (docs[posting] ?? noDocument) : noDocument;
        }
        if (current[term] !== document) continue;
        const frequency = frequencies[at[term] ?? 0] ?? 0;
        const value = ((scale[term] ?? 0) * frequency) / (frequency + norm);
        contribution[term] = value;
        partial += value;
      }
      if (pruned) continue;
      let score = 0;
      for (let term = 0; term < count; term++) score += contribution[term] ?? 0;
      if (heapSize < limit) {
        heapPush(heapScores, heapDocuments, heapSize++, score, document);
        if (heapSize === limit) cutOff = heapScores[0] ?? -Infinity;
      } else if (score > (heapScores[0] ?? 0)) {
        heapReplaceTop(heapScores, heapDocuments, limit, score, document);
        cutOff = heapScores[0] ?? -Infinity;
      } else continue;
      while (firstEssential < count && (bound[firstEssential] ?? 0) < cutOff - pruneMargin) firstEssential++;
    }
    walk.cutOff = cutOff;
    walk.firstEssential = firstEssential;
    walk.heapSize = heapSize;
  }

  /** Serialises the index (frozen first) into one buffer for a snapshot file, with `meta` (JSON) in its header. */
  toBuffer(meta: unknown = null): Buffer {
    return Buffer.concat(this.toBuffers(meta));
  }

  /** `toBuffer` as consecutive parts, most of them views of the index's arrays, to write without joining them. */
  toBuffers(meta: unknown = null): Buffer[] {
    this.freeze();
    const termCount = this.termCount;
    const documents = this.documents;
    const header = Buffer.from(
      JSON.stringify({ scopes: this.scopes, totalLength: this.totalLength, meta }),
      'utf8',
    );
    const added = Buffer.from(this.terms.join('\n'), 'utf8');
    const termBytes =
      this.loadedTerms === 0
        ? added
        : this.terms.length === 0
          ? this.loadedTermBytes
          : Buffer.concat([this.loadedTermBytes, Buffer.from('\n'), added]);
    const fixed = new Uint32Array([
      snapshotMagic,
      header.length,
      termBytes.length,
      termCount,
      this.frozenDocs.length,
      documents,
    ]);
    const parts: Buffer[] = [];
    let length = 0;
    const push = (bytes: Buffer): void => {
      parts.push(bytes);
      length += bytes.length;
      const padding = (8 - (length % 8)) % 8;
      if (padding > 0) {
        parts.push(Buffer.alloc(padding));
        length += padding;
      }
    };
    push(bytesOf(fixed));
    push(header);
    push(termBytes);
    push(bytesOf(this.frozenStart));
    push(bytesOf(this.frozenDocs));
    push(bytesOf(this.frozenFrequencies));
    push(bytesOf(this.termMaxFrequency.subarray(0, termCount)));
    push(bytesOf(this.termMinLength.subarray(0, termCount)));
    push(bytesOf(this.termMinRepeatedLength.subarray(0, termCount)));
    push(bytesOf(this.documentSentence.subarray(0, documents)));
    push(bytesOf(this.documentLength.subarray(0, documents)));
    push(bytesOf(this.documentScope.subarray(0, documents)));
    push(bytesOf(this.documentDeleted.subarray(0, documents)));
    return parts;
  }

  /**
   * Reads `toBuffer` output with the `meta` it was written with, or null when the bytes are not a snapshot. The
   * postings are views onto `bytes` (no copy) when it is 8-byte aligned, as a whole-file read is.
   */
  static readSnapshot(bytes: Buffer): { index: SentenceIndex; meta: unknown } | null {
    if (bytes.length < 24 || bytes.readUInt32LE(0) !== snapshotMagic) return null;
    const source = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(new Uint8Array(bytes).buffer);
    const [headerLength, termBytesLength, termCount, postings, documents] = [4, 8, 12, 16, 20].map((at) =>
      source.readUInt32LE(at),
    ) as [number, number, number, number, number];
    let offset = 24;
    const skip = (byteLength: number): number => {
      const at = offset;
      offset += byteLength + ((8 - ((offset + byteLength) % 8)) % 8);
      if (offset > source.length + 8) throw new RangeError('truncated snapshot');
      return at;
    };
    const headerAt = skip(headerLength);
    const header = JSON.parse(source.toString('utf8', headerAt, headerAt + headerLength)) as {
      scopes: string[];
      totalLength: number;
      meta: unknown;
    };
    const termsAt = skip(termBytesLength);
    const buffer = source.buffer;
    const base = source.byteOffset;
    const view = <T>(
      make: new (buffer: ArrayBufferLike, at: number, length: number) => T,
      length: number,
      width: number,
    ): T => new make(buffer, base + skip(length * width), length);
    const index = new SentenceIndex();
    index.frozenStart = view(Uint32Array, termCount + 1, 4);
    index.frozenDocs = view(Uint32Array, postings, 4);
    index.frozenFrequencies = view(Uint8Array, postings, 1);
    index.termMaxFrequency = view(Uint8Array, termCount, 1);
    index.termMinLength = view(Uint16Array, termCount, 2);
    index.termMinRepeatedLength = view(Uint16Array, termCount, 2);
    index.documentSentence = view(Int32Array, documents, 4);
    index.documentLength = view(Uint16Array, documents, 2);
    index.documentScope = view(Uint16Array, documents, 2);
    index.documentDeleted = view(Uint8Array, documents, 1);
    index.tailHead = new Int32Array(Math.max(1024, termCount)).fill(-1);
    index.tailCount = new Uint32Array(Math.max(1024, termCount));
    if (!index.loadTerms(Buffer.from(buffer, base + termsAt, termBytesLength), termCount)) return null;
    header.scopes.forEach((scope) => index.scopeId(scope));
    index.documents = documents;
    index.totalLength = header.totalLength;
    let live = 0;
    let largest = 0;
    for (let document = 0; document < documents; document++) {
      if (index.documentDeleted[document] === 0) live++;
      const sentenceId = index.documentSentence[document] ?? 0;
      if (sentenceId > largest) largest = sentenceId;
    }
    index.liveDocuments = live;
    index.largestSentence = largest;
    return { index, meta: header.meta };
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

function bytesOf(array: Uint32Array | Int32Array | Uint16Array | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** FNV-1a of `bytes[from .. to)`. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let at = from; at < to; at++) hash = Math.imul(hash ^ (bytes[at] ?? 0), 0x01000193);
  return hash >>> 0;
}

/** The first index in `[from, to)` whose value is at least `target` (`to` if none), galloping from `from`. */
function lowerBound(values: ArrayLike<number>, from: number, to: number, target: number): number {
  let low = from;
  let step = 1;
  let high = from;
  while (high < to && (values[high] ?? 0) < target) {
    low = high + 1;
    high = from + step;
    step *= 2;
  }
  if (high > to) high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The heap holds the best hits so far with the worst at the top: lowest score, then the later document. */
function worse(scores: Float64Array, documents: Uint32Array, left: number, right: number): boolean {
  const leftScore = scores[left] ?? 0;
  const rightScore = scores[right] ?? 0;
  return (
    leftScore < rightScore || (leftScore === rightScore && (documents[left] ?? 0) > (documents[right] ?? 0))
  );
}

function swap(scores: Float64Array, documents: Uint32Array, left: number, right: number): void {
  const score = scores[left] ?? 0;
  scores[left] = scores[right] ?? 0;
  scores[right] = score;
  const document = documents[left] ?? 0;
  documents[left] = documents[right] ?? 0;
  documents[right] = document;
}

function heapPush(
  scores: Float64Array,
  documents: Uint32Array,
  size: number,
  score: number,
  document: number,
): void {
  scores[size] = score;
  documents[size] = document;
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(scores, documents, at, parent)) break;
    swap(scores, documents, at, parent);
    at = parent;
  }
}

function heapReplaceTop(
  scores: Float64Array,
  documents: Uint32Array,
  size: number,
  score: number,
  document: number,
): void {
  scores[0] = score;
  documents[0] = document;
  let at = 0;
  for (;;) {
    const left = at * 2 + 1;
    const right = left + 1;
    let worst = at;
    if (left < size && worse(scores, documents, left, worst)) worst = left;
    if (right < size && worse(scores, documents, right, worst)) worst = right;
    if (worst === at) break;
    swap(scores, documents, at, worst);
    at = worst;
  }
}
