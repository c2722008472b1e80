import type { OpinionMap, StatementStats, Tally } from "./compute-map";

/**
 * The opinion map in a compact form for the database row and the live event: the dots and the
 * per-statement tallies (nearly all of the map) as variable-length integers, the small rest as JSON,
 * all in one base64 text. A large round's map is a quarter of its JSON size, and, being one string, it
 * costs the database no JSON parsing when stored and the event loop no object walk when sent. Every
 * fraction in the map is rounded to 4 decimals (compute-map.ts), so it is stored as an integer of
 * ten-thousandths and decodes to the same number.
 */
const formatVersion = 1;
const scale = 10_000;

class Writer {
  private bytes = new Uint8Array(4096);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** A non-negative integer, 7 bits a byte (arithmetic, not bit operators: ids may pass 2^31). */
  uint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`map codec: not a whole number: ${value}`);
    this.ensure(8);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.bytes[this.length++] = rest;
  }

  int(value: number): void {
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** A fraction of 4 decimals; null is kept apart from every number. */
  fraction(value: number | null): void {
    if (value === null) return this.uint(0);
    const units = Math.round(value * scale);
    if (units / scale !== value) throw new Error(`map codec: more than 4 decimals: ${value}`);
    this.uint(1);
    this.int(units);
  }

  text(value: string): void {
    const encoded = new TextEncoder().encode(value);
    this.uint(encoded.length);
    this.ensure(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  base64(): string {
    let binary = "";
    for (let at = 0; at < this.length; at += 0x8000)
      binary += String.fromCharCode(...this.bytes.subarray(at, Math.min(this.length, at + 0x8000)));
    return btoa(binary);
  }
}

class Reader {
  private at = 0;
  private readonly bytes: Uint8Array;

  constructor(base64: string) {
    const binary = atob(base64);
    this.bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) this.bytes[i] = binary.charCodeAt(i);
  }

  uint(): number {
    let value = 0;
    let weight = 1;
    for (;;) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new Error("map codec: truncated");
      value += (byte & 0x7f) * weight;
      if (byte < 0x80) return value;
      weight *= 0x80;
    }
  }

  int(): number {
    const zigzag = this.uint();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  fraction(): number | null {
    return this.uint() === 0 ? null : this.int() / scale;
  }

  text(): string {
    const length = this.uint();
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return new TextDecoder().decode(slice);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

type Rest = Omit<OpinionMap, "points" | "statements">;

function writeTally(w: Writer, t: Tally): void {
  w.uint(t.agree);
  w.uint(t.disagree);
  w.uint(t.pass);
  w.uint(t.n);
}

function readTally(r: Reader): Tally {
  return { agree: r.uint(), disagree: r.uint(), pass: r.uint(), n: r.uint() };
}

function writeStatement(w: Writer, s: StatementStats): void {
  w.uint(s.id);
  w.uint(s.total ? 1 : 0);
  if (s.total) writeTally(w, s.total);
  w.uint(s.groups.length);
  for (const g of s.groups) {
    w.int(g.group);
    writeTally(w, g);
  }
  w.uint(s.regions.length);
  for (const g of s.regions) {
    w.uint(g.regionId);
    writeTally(w, g);
  }
  w.fraction(s.groupConsensus);
  w.fraction(s.regionConsensus);
  w.fraction(s.minRegionAgree);
  w.uint(s.regionsCounted);
  w.fraction(s.groupSpread);
  w.fraction(s.regionSpread);
}

function readStatement(r: Reader): StatementStats {
  const id = r.uint();
  const total = r.uint() === 1 ? readTally(r) : null;
  const groups = Array.from({ length: r.uint() }, () => {
    const group = r.int();
    return { ...readTally(r), group };
  });
  const regions = Array.from({ length: r.uint() }, () => {
    const regionId = r.uint();
    return { ...readTally(r), regionId };
  });
  return {
    id,
    total,
    groups,
    regions,
    groupConsensus: r.fraction(),
    regionConsensus: r.fraction(),
    minRegionAgree: r.fraction(),
    regionsCounted: r.uint(),
    groupSpread: r.fraction(),
    regionSpread: r.fraction(),
  };
}

export function encodeMap(map: OpinionMap): string {
  const { points, statements, ...rest } = map;
  const w = new Writer();
  w.uint(formatVersion);
  w.text(JSON.stringify(rest satisfies Rest));
  w.uint(points.length);
  for (const p of points) {
    w.text(p.id);
    w.fraction(p.x);
    w.fraction(p.y);
    w.int(p.group);
    w.uint(p.regionId === null ? 0 : p.regionId + 1);
  }
  w.uint(statements.length);
  for (const s of statements) writeStatement(w, s);
  return w.base64();
}

export function decodeMap(packed: string): OpinionMap {
  const r = new Reader(packed);
  const version = r.uint();
  if (version !== formatVersion) throw new Error(`map codec: unknown format ${version}`);
  const rest = JSON.parse(r.text()) as Rest;
  const points = Array.from({ length: r.uint() }, () => {
    const id = r.text();
    const x = r.fraction() ?? 0;
    const y = r.fraction() ?? 0;
    const group = r.int();
    const region = r.uint();
    return { id, x, y, group, regionId: region === 0 ? null : region - 1 };
  });
  const statements = Array.from({ length: r.uint() }, () => readStatement(r));
  if (!r.done) throw new Error("map codec: trailing bytes");
  return { ...rest, points, statements };
}

/** Participant id → group label, kept for the next recompute's stable naming: pairs of whole numbers. */
export function encodeLabels(labels: ReadonlyMap<number, number>): string {
  const w = new Writer();
  w.uint(labels.size);
  for (const [id, label] of labels) {
    w.uint(id);
    w.int(label);
  }
  return w.base64();
}

export function decodeLabels(packed: string): Map<number, number> {
  if (packed === "") return new Map();
  const r = new Reader(packed);
  return new Map(Array.from({ length: r.uint() }, () => [r.uint(), r.int()] as const));
}

/** A computed map as it is stored and published: what the worker sends back to the event loop. */
export interface PackedMapResult {
  /** encodeMap of the map. */
  map: string;
  /** encodeLabels of the labels. */
  labels: string;
}

export const packMapResult = (result: { map: OpinionMap; labels: ReadonlyMap<number, number> }): PackedMapResult => ({
  map: encodeMap(result.map),
  labels: encodeLabels(result.labels),
});

/** A stored map: packed, or the JSON text of a row written before maps were packed. */
export const readStoredMap = (stored: string): OpinionMap =>
  stored.startsWith("{") ? (JSON.parse(stored) as OpinionMap) : decodeMap(stored);

export const readStoredLabels = (stored: string): Map<number, number> =>
  stored.startsWith("[") ? new Map(JSON.parse(stored) as [number, number][]) : decodeLabels(stored);
