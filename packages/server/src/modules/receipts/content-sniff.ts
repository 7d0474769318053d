import type { ReceiptContentType } from '@ttm/contract';

/** How many leading bytes `sniffContentType` needs to decide. */
export const SNIFF_BYTES = 32;

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return prefix.every((byte, i) => bytes[offset + i] === byte);
}

/**
 * HEIC is an ISO BMFF file: a `ftyp` box whose major brand (or, for the generic HEIF brands, one
 * of the compatible brands within the first bytes) names HEVC-coded images. AVIF shares the box
 * layout with other brands and is not accepted.
 */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const major = ascii(bytes, 8, 12);
  if (HEIC_BRANDS.has(major)) return true;
  if (!HEIF_GENERIC_BRANDS.has(major)) return false;
  const boxSize = Math.min(bytes.length, (bytes[3] ?? 0) + ((bytes[2] ?? 0) << 8));
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (HEIC_BRANDS.has(ascii(bytes, offset, offset + 4))) return true;
  }
  return false;
}

/** The receipt type a file's first bytes prove, or null: the declared type is never trusted. */
export function sniffContentType(head: Uint8Array): ReceiptContentType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(head, 0, 5) === '%PDF-') return 'application/pdf';
  if (isHeic(head)) return 'image/heic';
  return null;
}
