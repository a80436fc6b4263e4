// A tiny seeded PRNG for the demo data. The demo set must be byte-identical on every machine and
// every start (tests compare digests, screenshots and docs refer to its runs), so nothing in it
// may come from Math.random() or the clock.

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** mulberry32: 32-bit state, good enough distribution for fixtures, trivially reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() from an empty list");
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.#next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  /** Fisher–Yates on a copy, so fixture arrays stay untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  alnum(length: number): string {
    let s = "";
    for (let i = 0; i < length; i++) s += ALNUM[Math.floor(this.#next() * ALNUM.length)];
    return s;
  }

  hex(length: number): string {
    let s = "";
    for (let i = 0; i < length; i++) s += Math.floor(this.#next() * 16).toString(16);
    return s;
  }

  digits(length: number): string {
    let s = "";
    for (let i = 0; i < length; i++) s += Math.floor(this.#next() * 10).toString();
    return s;
  }

  /** OpenAI-style object id: `asst_`, `thread_`, `run_`, `call_`, `file-` + 24 alphanumerics. */
  id(prefix: string): string {
    return prefix + this.alnum(24);
  }
}
