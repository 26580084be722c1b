import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { SentenceIndex, type FrozenIndex } from './sentence-index.js';

/** Which database a snapshot was made from and how far into its change log it reaches. */
export const SnapshotStateSchema = z.object({
  databaseId: z.string().min(1),
  lastSentence: z.number().int().nonnegative(),
  lastDeletion: z.number().int().nonnegative(),
});
/** A snapshot's database id and change-log position. */
export type SnapshotState = z.infer<typeof SnapshotStateSchema>;

/** Why a snapshot's bytes could not be used; each means the index is rebuilt from the database. */
export type SnapshotFailure =
  'not-a-snapshot' | 'older-format' | 'truncated' | 'checksum-mismatch' | 'malformed';

// NDX5: "died", "dying" and "news" stem apart from Porter's (see `stem`), so an older index's terms are rebuilt.
const snapshotMagic = 0x4e445835; // "NDX5"
const olderMagics = new Set([0x4e445831, 0x4e445832, 0x4e445833, 0x4e445834]);
/** Magic, five lengths and counts, two reserved words, then the SHA-256 of everything after this part. */
const fixedLength = 64;
const digestAt = 32;

const HeaderSchema = z.object({
  scopes: z.array(z.string()),
  totalLength: z.number().nonnegative(),
  state: SnapshotStateSchema,
});

type Part = Uint8Array<ArrayBufferLike>;

function bytesOf(array: Uint32Array | Int32Array | Uint16Array | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * Serialises an index (frozen first) with the state it covers, as consecutive parts (most of them views of the
 * index's arrays) to write without joining them. The first part carries a SHA-256 of all the others, so a flipped
 * byte, a zeroed block or a cut anywhere in the file is found when it is read.
 */
export function writeSnapshot(index: SentenceIndex, state: SnapshotState): Buffer[] {
  const frozen = index.frozen();
  const header = Buffer.from(
    JSON.stringify({ scopes: frozen.scopes, totalLength: frozen.totalLength, state }),
    'utf8',
  );
  const fixed = Buffer.alloc(fixedLength);
  [
    snapshotMagic,
    header.length,
    frozen.termBytes.length,
    frozen.termCount,
    frozen.frozenDocs.length,
    frozen.documents,
  ].forEach((value, at) => fixed.writeUInt32LE(value, at * 4));
  const parts: Buffer[] = [fixed];
  const digest = createHash('sha256');
  let length = 0;
  const push = (bytes: Part): void => {
    const padding = (8 - ((length + bytes.length) % 8)) % 8;
    for (const part of padding > 0 ? [bytes, new Uint8Array(padding)] : [bytes]) {
      parts.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      digest.update(part);
      length += part.length;
    }
  };
  push(header);
  push(frozen.termBytes);
  for (const array of [
    frozen.frozenStart,
    frozen.frozenDocs,
    frozen.frozenFrequencies,
    frozen.termMaxFrequency,
    frozen.termMinLength,
    frozen.termMinRepeatedLength,
    frozen.documentSentence,
    frozen.documentLength,
    frozen.documentScope,
    frozen.documentDeleted,
  ]) {
    push(bytesOf(array));
  }
  digest.digest().copy(fixed, digestAt);
  return parts;
}

/**
 * Reads `writeSnapshot` output with the state it was written with, after checking its SHA-256; a failure says why
 * it cannot be used. The postings are views onto `bytes` (no copy) when it is 8-byte aligned, as a whole-file read is.
 */
export function readSnapshot(
  bytes: Buffer,
): Result<{ index: SentenceIndex; state: SnapshotState }, SnapshotFailure> {
  if (bytes.length < 4) return fail('not-a-snapshot', 'the file is too short to be a snapshot');
  const magic = bytes.readUInt32LE(0);
  if (olderMagics.has(magic)) return fail('older-format', 'the snapshot was written by an older newsdesk');
  if (magic !== snapshotMagic) return fail('not-a-snapshot', 'the file is not a search index snapshot');
  if (bytes.length < fixedLength) return fail('truncated', 'the snapshot is cut short');
  const source = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(new Uint8Array(bytes).buffer);
  const body = source.subarray(fixedLength);
  const digest = createHash('sha256').update(body).digest();
  if (!digest.equals(source.subarray(digestAt, digestAt + 32))) {
    return fail('checksum-mismatch', "the snapshot's checksum does not match its content (damaged on disk)");
  }
  const [headerLength, termBytesLength, termCount, postings, documents] = [4, 8, 12, 16, 20].map((at) =>
    source.readUInt32LE(at),
  ) as [number, number, number, number, number];
  let offset = fixedLength;
  const skip = (byteLength: number): number => {
    const at = offset;
    offset += byteLength + ((8 - ((offset + byteLength) % 8)) % 8);
    if (at + byteLength > source.length) throw new RangeError('truncated snapshot');
    return at;
  };
  try {
    const headerAt = skip(headerLength);
    const header = HeaderSchema.safeParse(
      JSON.parse(source.toString('utf8', headerAt, headerAt + headerLength)),
    );
    if (!header.success) return fail('malformed', 'the snapshot header is not understood');
    const termsAt = skip(termBytesLength);
    const buffer = source.buffer as ArrayBuffer;
    const base = source.byteOffset;
    const view = <T>(
      make: new (buffer: ArrayBuffer, at: number, length: number) => T,
      length: number,
      width: number,
    ): T => new make(buffer, base + skip(length * width), length);
    const frozen: FrozenIndex = {
      scopes: header.data.scopes,
      totalLength: header.data.totalLength,
      termBytes: Buffer.from(buffer, base + termsAt, termBytesLength),
      termCount,
      documents,
      frozenStart: view(Uint32Array, termCount + 1, 4),
      frozenDocs: view(Uint32Array, postings, 4),
      frozenFrequencies: view(Uint8Array, postings, 1),
      termMaxFrequency: view(Uint8Array, termCount, 1),
      termMinLength: view(Uint16Array, termCount, 2),
      termMinRepeatedLength: view(Uint16Array, termCount, 2),
      documentSentence: view(Int32Array, documents, 4),
      documentLength: view(Uint16Array, documents, 2),
      documentScope: view(Uint16Array, documents, 2),
      documentDeleted: view(Uint8Array, documents, 1),
    };
    const index = SentenceIndex.fromFrozen(frozen);
    if (index === null) return fail('malformed', "the snapshot's vocabulary is not understood");
    return ok({ index, state: header.data.state });
  } catch (error) {
    if (error instanceof RangeError || error instanceof SyntaxError) {
      return fail('truncated', 'the snapshot is shorter than its header says');
    }
    throw error;
  }
}
