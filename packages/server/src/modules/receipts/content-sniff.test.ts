import { describe, expect, it } from 'vitest';
import { sniffContentType } from './content-sniff.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));

describe('sniffContentType', () => {
  it('recognises JPEG, PNG, WebP and PDF by their signatures', () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toBe('image/jpeg');
    expect(sniffContentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'))).toBe('image/png');
    expect(sniffContentType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('recognises HEIC by its ftyp brand, also when the major brand is the generic mif1', () => {
    expect(sniffContentType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'))).toBe('image/heic');
    expect(sniffContentType(bytes([0, 0, 0, 0x1c], 'ftypmif1', [0, 0, 0, 0], 'mif1miafheic'))).toBe('image/heic');
  });

  it('refuses AVIF, MP4 and other ISO BMFF files that are not HEIC', () => {
    expect(sniffContentType(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'))).toBeNull();
    expect(sniffContentType(bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2'))).toBeNull();
  });

  it('refuses HTML, SVG, text, truncated signatures and an empty file', () => {
    expect(sniffContentType(bytes('<!DOCTYPE html><script>alert(1)</script>'))).toBeNull();
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffContentType(bytes('date,amount\n'))).toBeNull();
    expect(sniffContentType(bytes([0x89], 'PNG'))).toBeNull();
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });
});
