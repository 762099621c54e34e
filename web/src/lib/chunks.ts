import { ATTACHMENT_CHUNK_BYTES } from '@chat/shared';

/** How many chunks a file of `size` bytes takes; the rules demand exactly this count. */
export function chunkCountFor(size: number, chunkBytes = ATTACHMENT_CHUNK_BYTES): number {
  return Math.ceil(size / chunkBytes);
}

/** The byte length chunk `index` must have: full chunks, then whatever is left. */
export function chunkLength(size: number, index: number, chunkBytes = ATTACHMENT_CHUNK_BYTES): number {
  return Math.min(chunkBytes, size - index * chunkBytes);
}

/** Views into `bytes`, each at most `chunkBytes` long; no copying. */
export function splitIntoChunks(bytes: Uint8Array, chunkBytes = ATTACHMENT_CHUNK_BYTES): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    chunks.push(bytes.subarray(offset, Math.min(offset + chunkBytes, bytes.length)));
  }
  return chunks;
}

/** Concatenates chunks in order; throws when they do not add up to `size`. */
export function joinChunks(chunks: Uint8Array[], size: number): Uint8Array {
  const total = chunks.reduce((sum, c) => sum + c.length, 0);
  if (total !== size) throw new RangeError(`The parts add up to ${total} bytes, expected ${size}.`);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
