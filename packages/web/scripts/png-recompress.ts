import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
}

function readChunks(png: Buffer): Chunk[] {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const chunks: Chunk[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    chunks.push({
      type: png.toString('latin1', offset + 4, offset + 8),
      data: png.subarray(offset + 8, offset + 8 + length),
    });
    offset += length + 12;
  }
  return chunks;
}

function writeChunk({ type, data }: Chunk): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** The predictor of PNG filter `type` for the byte at `x`, from the row and the one above it. */
function predict(type: number, row: Uint8Array, above: Uint8Array, x: number, bpp: number): number {
  const left = x >= bpp ? (row[x - bpp] ?? 0) : 0;
  const up = above[x] ?? 0;
  const upLeft = x >= bpp ? (above[x - bpp] ?? 0) : 0;
  switch (type) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4:
      return paeth(left, up, upLeft);
    default:
      return 0;
  }
}

/** The image's rows without their filter bytes. */
function unfilter(filtered: Buffer, stride: number, height: number, bpp: number): Uint8Array[] {
  const rows: Uint8Array[] = [];
  let above: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < height; y += 1) {
    const start = y * (stride + 1);
    const type = filtered[start] ?? 0;
    const row = Uint8Array.from(filtered.subarray(start + 1, start + 1 + stride));
    for (let x = 0; x < stride; x += 1) row[x] = ((row[x] ?? 0) + predict(type, row, above, x, bpp)) & 0xff;
    rows.push(row);
    above = row;
  }
  return rows;
}

function filterRow(type: number, row: Uint8Array, above: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = type;
  for (let x = 0; x < row.length; x += 1) out[x + 1] = ((row[x] ?? 0) - predict(type, row, above, x, bpp)) & 0xff;
  return out;
}

/** Sum of the filtered bytes taken as signed values: the usual guess at what deflates best. */
function cost(filtered: Uint8Array): number {
  let sum = 0;
  for (let x = 1; x < filtered.length; x += 1) {
    const value = filtered[x] ?? 0;
    sum += value < 128 ? value : 256 - value;
  }
  return sum;
}

/** The rows filtered with one filter type for all, or (`'adaptive'`) the cheapest per row. */
function refilter(rows: readonly Uint8Array[], bpp: number, strategy: number | 'adaptive'): Buffer {
  const out: Uint8Array[] = [];
  let above: Uint8Array = new Uint8Array(rows[0]?.length ?? 0);
  for (const row of rows) {
    const candidates = strategy === 'adaptive' ? [0, 1, 2, 3, 4] : [strategy];
    let best: Uint8Array | undefined;
    for (const type of candidates) {
      const filtered = filterRow(type, row, above, bpp);
      if (!best || cost(filtered) < cost(best)) best = filtered;
    }
    if (best) out.push(best);
    above = row;
  }
  return Buffer.concat(out);
}

/**
 * Re-encodes an 8-bit RGB or RGBA PNG losslessly with the filters and deflate settings that
 * make it smallest. Chromium's screenshots, which the icons are rendered from, are written for
 * speed and come out two to three times larger. Returns the input when it cannot do better.
 */
export function recompressPng(png: Buffer): Buffer {
  const chunks = readChunks(png);
  const header = chunks.find((chunk) => chunk.type === 'IHDR')?.data;
  if (!header) throw new Error('PNG without IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [bitDepth, colourType, , , interlace] = header.subarray(8);
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (bitDepth !== 8 || channels === 0 || interlace !== 0) return png;
  const rows = unfilter(
    inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data))),
    width * channels,
    height,
    channels,
  );
  const smallest = ([0, 1, 2, 3, 4, 'adaptive'] as const)
    .map((strategy) => deflateSync(refilter(rows, channels, strategy), { level: 9, memLevel: 9 }))
    .reduce((best, candidate) => (candidate.length < best.length ? candidate : best));
  const firstData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
  const rewritten = chunks.flatMap((chunk, index): Chunk[] => {
    if (chunk.type !== 'IDAT') return [chunk];
    return index === firstData ? [{ type: 'IDAT', data: smallest }] : [];
  });
  const out = Buffer.concat([SIGNATURE, ...rewritten.map(writeChunk)]);
  return out.length < png.length ? out : png;
}

/** The decoded pixels, row after row, for checking that a re-encoding changed nothing. */
export function decodePngPixels(png: Buffer): Buffer {
  const chunks = readChunks(png);
  const header = chunks.find((chunk) => chunk.type === 'IHDR')?.data;
  if (!header) throw new Error('PNG without IHDR');
  const channels = header[9] === 6 ? 4 : 3;
  const rows = unfilter(
    inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data))),
    header.readUInt32BE(0) * channels,
    header.readUInt32BE(4),
    channels,
  );
  return Buffer.concat(rows);
}
