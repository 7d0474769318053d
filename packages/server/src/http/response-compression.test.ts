import { describe, expect, it } from 'vitest';
import { chooseContentCoding } from './response-compression.js';

describe('chooseContentCoding', () => {
  it('prefers brotli when a browser accepts both', () => {
    expect(chooseContentCoding('gzip, deflate, br, zstd')).toBe('br');
  });

  it('answers gzip when only gzip (or its x-gzip alias) is accepted', () => {
    expect(chooseContentCoding('gzip')).toBe('gzip');
    expect(chooseContentCoding('x-gzip, deflate')).toBe('gzip');
  });

  it('follows the weights: a refused or lighter brotli loses to gzip', () => {
    expect(chooseContentCoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseContentCoding('br;q=0.2, gzip;q=0.8')).toBe('gzip');
    expect(chooseContentCoding('BR ; Q=0.9, gzip;q=0.5')).toBe('br');
  });

  it('reads * as any coding not named, and honours its refusal', () => {
    expect(chooseContentCoding('*')).toBe('br');
    expect(chooseContentCoding('br;q=0, *')).toBe('gzip');
    expect(chooseContentCoding('*;q=0')).toBeNull();
    expect(chooseContentCoding('gzip;q=0, *;q=0, identity')).toBeNull();
  });

  it('answers uncompressed when nothing usable is accepted', () => {
    expect(chooseContentCoding(undefined)).toBeNull();
    expect(chooseContentCoding('')).toBeNull();
    expect(chooseContentCoding('identity')).toBeNull();
    expect(chooseContentCoding('deflate, zstd')).toBeNull();
    expect(chooseContentCoding('br;q=zero, gzip;q=2')).toBeNull();
  });
});
