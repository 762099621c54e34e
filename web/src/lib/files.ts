import { MAX_ATTACHMENT_BYTES } from '@chat/shared';
import { t, type Key } from '../i18n';

/**
 * Content types a room accepts, each with the catalogue key of a short description for the file
 * chip (looked up when shown, in the language in use). firestore.rules
 * holds the same list; keep them in step. SVG and HTML are left out on purpose: they can carry
 * script. Unknown types (application/octet-stream) are refused rather than trusted.
 */
export const ALLOWED_TYPES: Readonly<Record<string, Key>> = {
  'image/png': 'lib.typePng',
  'image/jpeg': 'lib.typeJpeg',
  'image/webp': 'lib.typeWebp',
  'image/gif': 'lib.typeGif',
  'application/pdf': 'lib.typePdf',
  'text/plain': 'lib.typeText',
  'text/csv': 'lib.typeCsv',
  'text/markdown': 'lib.typeMarkdown',
  'application/json': 'lib.typeJson',
  'application/zip': 'lib.typeZip',
  'application/x-zip-compressed': 'lib.typeZip',
  'application/msword': 'lib.typeWord',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'lib.typeWord',
  'application/vnd.ms-excel': 'lib.typeExcel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'lib.typeExcel',
  'application/vnd.ms-powerpoint': 'lib.typePowerPoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'lib.typePowerPoint',
  'application/vnd.oasis.opendocument.text': 'lib.typeOdText',
  'application/vnd.oasis.opendocument.spreadsheet': 'lib.typeOdSpreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'lib.typeOdPresentation',
};

const BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

export function isImageType(contentType: string): boolean {
  return (IMAGE_TYPES as readonly string[]).includes(contentType);
}

/**
 * The content type to store: the browser's when it is on the list, else the one the extension
 * names (browsers report '' or odd types for some files, e.g. .md), else null (refused).
 */
export function contentTypeFor(name: string, browserType: string): string | null {
  const type = browserType.split(';')[0]!.trim().toLowerCase();
  if (type in ALLOWED_TYPES) return type;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext ? (BY_EXTENSION[ext] ?? null) : null;
}

export function describeType(contentType: string): string {
  const key = ALLOWED_TYPES[contentType];
  return key ? t(key) : contentType;
}

/** Human size: 512 B, 14.2 KB, 3.4 MB (powers of 1024, as the 5 MB limit is meant). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a file cannot be attached, in words, or null when it can. */
export function checkAttachment(size: number, contentType: string | null): string | null {
  if (!contentType) return t('lib.fileKindRefused');
  if (size === 0) return t('lib.fileEmpty');
  if (size > MAX_ATTACHMENT_BYTES) {
    return t('lib.fileTooBig', { max: formatSize(MAX_ATTACHMENT_BYTES), size: formatSize(size) });
  }
  return null;
}

/** The extensions each type may carry, the first being the one added to a name that lacks it. */
export const EXTENSIONS_OF: Readonly<Record<string, readonly string[]>> = Object.entries(BY_EXTENSION).reduce<
  Record<string, string[]>
>((out, [ext, type]) => {
  (out[type] ??= []).push(ext);
  if (type === 'application/zip') (out['application/x-zip-compressed'] ??= []).push(ext);
  return out;
}, {});

/**
 * Characters a name must not carry: controls, and the invisible and direction-changing ones that
 * make 'fdp.exe' show as 'exe.pdf' (the rules refuse the same set).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200c\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/**
 * A name safe to store and to offer as a download name: no path, no control, invisible or
 * direction-changing characters, <= 200 chars, and ending in an extension of its type (a PDF
 * named 'invoice.exe' becomes 'invoice.exe.pdf'), as the rules require.
 */
export function cleanFileName(name: string, contentType: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE, '').trim() || 'file';
  const extensions = EXTENSIONS_OF[contentType] ?? [];
  const ext = /\.([a-z0-9]{1,8})$/i.exec(cleaned)?.[1]?.toLowerCase();
  const suffix = ext !== undefined && extensions.includes(ext) ? '' : extensions[0] ? `.${extensions[0]}` : '';
  const room = 200 - suffix.length;
  if (cleaned.length <= room) return cleaned + suffix;
  const keep = ext !== undefined && suffix === '' ? `.${ext}` : '';
  return cleaned.slice(0, room - keep.length) + keep + suffix;
}
