/** bm25's term-frequency saturation and length normalisation, as SQLite FTS5 uses them. */
export const bm25 = { k1: 1.2, b: 0.75 } as const;

const { k1, b } = bm25;
/** Pruning only skips a document whose best possible score is below the cut-off by more than rounding could explain. */
const pruneMargin = 1e-9;
/** The cursor value of a term whose postings are used up. */
const noDocument = 0xffffffff;

/** The state of one search: per query term its weight, cursor and bound, and the heap of the best hits so far. */
export interface Walk {
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

/** A fresh search state for `count` query terms keeping the best `limit` documents. */
export function newWalk(
  count: number,
  limit: number,
  visible: Uint8Array | null,
  averageLength: number,
): Walk {
  return {
    count,
    scale: new Float64Array(count),
    order: new Int32Array(count),
    bound: new Float64Array(count),
    contribution: new Float64Array(count),
    at: new Uint32Array(count),
    end: new Uint32Array(count),
    current: new Uint32Array(count),
    visible,
    averageLength,
    limit,
    heapScores: new Float64Array(limit),
    heapDocuments: new Uint32Array(limit),
    heapSize: 0,
    cutOff: -Infinity,
    firstEssential: 0,
  };
}

/**
 * Walks each query term's postings `docs[at[t] .. end[t])` in document order into the walk's heap of best hits,
 * MaxScore-pruned: once the best `limit` are known, terms whose upper bounds together cannot reach the cut-off are
 * only looked up (by galloping search) for documents the other terms bring, and only while they still could matter.
 * Called once per run of postings (frozen, then tail); the walk carries its heap and cut-off from one to the next.
 */
export function walkPostings(
  walk: Walk,
  docs: Uint32Array,
  frequencies: Uint8Array,
  documents: { length: Uint16Array; deleted: Uint8Array; scope: Uint16Array },
): void {
  const { count, scale, order, bound, contribution, at, end, current, visible, averageLength, limit } = walk;
  const { heapScores, heapDocuments } = walk;
  const documentLength = documents.length;
  const documentDeleted = documents.deleted;
  const documentScope = documents.scope;
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
