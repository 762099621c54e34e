import { MAX_ATTACHMENT_BYTES, MAX_IMAGE_SIDE } from '@chat/shared';
import { t } from '../i18n';

export interface Size {
  width: number;
  height: number;
}

/** Scales (width, height) down, keeping the aspect ratio, so the longest side is at most `max`. */
export function fitWithin(width: number, height: number, max = MAX_IMAGE_SIDE): Size {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** `photo.png` re-encoded as WebP becomes `photo.webp`. */
export function renamedFor(name: string, contentType: string): string {
  const ext = contentType === 'image/webp' ? 'webp' : contentType === 'image/jpeg' ? 'jpg' : 'png';
  const stem = name.replace(/\.[a-z0-9]{1,8}$/i, '') || 'image';
  return `${stem}.${ext}`;
}

export interface PreparedImage extends Size {
  blob: Blob;
  contentType: string;
  /** true when the bytes were re-encoded and differ from the file chosen */
  reencoded: boolean;
}

/** Qualities tried in turn until the encoded image fits the attachment limit. */
const QUALITIES = [0.9, 0.8, 0.7, 0.55, 0.4];

async function encode(bitmap: ImageBitmap, size: Size, type: string, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(t('lib.cannotDraw'));
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    return canvas.convertToBlob({ type, quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(t('lib.cannotDraw'));
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(t('lib.cannotEncode')))), type, quality),
  );
}

/**
 * Readies an image for upload in the browser. One that already fits (longest side <= 2048 px
 * and <= 5 MB) is kept byte for byte, so a GIF keeps its animation and a PNG stays lossless;
 * a larger one is downscaled and re-encoded as WebP (JPEG where the browser cannot write WebP),
 * lowering the quality until it fits. Re-encoding also drops metadata such as a photo's location.
 */
export async function prepareImage(file: Blob, contentType: string): Promise<PreparedImage> {
  const bitmap = await createImageBitmap(file).catch(() => {
    throw new Error(t('lib.imageUnreadable'));
  });
  try {
    const natural = { width: bitmap.width, height: bitmap.height };
    const target = fitWithin(natural.width, natural.height);
    if (target.width === natural.width && target.height === natural.height && file.size <= MAX_ATTACHMENT_BYTES) {
      return { blob: file, contentType, reencoded: false, ...natural };
    }
    for (const quality of QUALITIES) {
      let blob = await encode(bitmap, target, 'image/webp', quality);
      // Browsers that cannot write WebP silently hand back PNG.
      if (blob.type !== 'image/webp') blob = await encode(bitmap, target, 'image/jpeg', quality);
      if (blob.size <= MAX_ATTACHMENT_BYTES) return { blob, contentType: blob.type, reencoded: true, ...target };
    }
    throw new Error(t('lib.imageTooDetailed'));
  } finally {
    bitmap.close();
  }
}
