interface Held {
  value: unknown;
  expiresAt: number;
  bytes: number;
}

/** A response entry's body dominates its size; other values are measured by their JSON. */
function approximateBytes(value: unknown): number {
  const body = (value as { body?: unknown } | null)?.body;
  // A body is held as a string (up to 2 bytes a character) and, once sent, as its UTF-8 Buffer too.
  if (typeof body === 'string') return body.length * 3;
  return (JSON.stringify(value)?.length ?? 0) * 2;
}

/**
 * The in-process layer (L1): values by their full versioned key, for `ttlMs`, within a budget of
 * entries and of bytes. Least recently stored go first (a Map keeps insertion order); a value larger
 * than a 64th of the byte budget is not held at all, so one huge page cannot empty the layer.
 */
export class MemoryLayer {
  private readonly held = new Map<string, Held>();
  private bytes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.held.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  get(key: string): unknown {
    if (this.ttlMs === 0) return undefined;
    const entry = this.held.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.remove(key, entry);
    return undefined;
  }

  set(key: string, value: unknown): void {
    if (this.ttlMs === 0) return;
    const previous = this.held.get(key);
    if (previous) this.remove(key, previous);
    const bytes = approximateBytes(value);
    if (bytes > this.maxBytes / 64) return;
    this.held.set(key, { value, expiresAt: Date.now() + this.ttlMs, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.held) {
      if (this.held.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  private remove(key: string, entry: Held): void {
    this.held.delete(key);
    this.bytes -= entry.bytes;
  }
}
