/**
 * Serialized JSON responses kept by key as the bytes sent, least recently used dropped first once
 * the total size passes `maxBytes`. Keys must name every input of the response (for wallet data:
 * the wallet's version, which every write bumps), so an entry is never stale: it is simply no
 * longer asked for. Keeping bytes rather than text means a hit is written to the socket as it is,
 * not encoded to UTF-8 again on every request.
 */
export class JsonCache {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  async getOrCompute(key: string, compute: () => Promise<string | Buffer>): Promise<Buffer> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const computed = await compute();
    const bytes = typeof computed === 'string' ? Buffer.from(computed, 'utf8') : computed;
    this.#store(key, bytes);
    return bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  #store(key: string, bytes: Buffer): void {
    const cost = bytes.length + key.length;
    if (cost > this.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= previous.length + key.length;
    }
    this.#entries.set(key, bytes);
    this.#bytes += cost;
    for (const [oldKey, oldBytes] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= oldBytes.length + oldKey.length;
    }
  }
}
