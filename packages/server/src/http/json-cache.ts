/**
 * Serialized JSON responses kept by key, least recently used dropped first once the total size
 * passes `maxBytes`. Keys must name every input of the response (for wallet data: the wallet's
 * version, which every write bumps), so an entry is never stale: it is simply no longer asked for.
 */
export class JsonCache {
  readonly #entries = new Map<string, string>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  async getOrCompute(key: string, compute: () => Promise<string>): Promise<string> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const json = await compute();
    this.#store(key, json);
    return json;
  }

  get size(): number {
    return this.#entries.size;
  }

  #store(key: string, json: string): void {
    // Strings are UTF-16 in memory; length is a close enough measure for a budget.
    const cost = json.length + key.length;
    if (cost > this.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= previous.length + key.length;
    }
    this.#entries.set(key, json);
    this.#bytes += cost;
    for (const [oldKey, oldJson] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= oldJson.length + oldKey.length;
    }
  }
}
