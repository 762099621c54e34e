/**
 * Unpacks the zip firebase-tools makes of the functions source (archiver: stored or deflated
 * entries, sizes in the central directory, no ZIP64 at these sizes). Written here because reading
 * that one kind of archive takes a few lines of node:zlib, not a new dependency.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export function unzip(zipPath: string, into: string): string[] {
  const zip = readFileSync(zipPath);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${zipPath} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new Error(`${zipPath}: ZIP64 is not supported`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    const target = normalize(join(into, name));
    if (!target.startsWith(normalize(into))) throw new Error(`${zipPath}: entry ${name} escapes the folder`);
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(target), { recursive: true });
    if (method === 0) writeFileSync(target, data);
    else if (method === 8) writeFileSync(target, inflateRawSync(data));
    else throw new Error(`${zipPath}: entry ${name} uses compression method ${method}`);
    names.push(name);
  }
  return names.sort();
}
