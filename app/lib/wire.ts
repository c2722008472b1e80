/**
 * The browser's side of tRPC's superjson transformer, in the same wire format (superjson 2, meta v1)
 * without shipping superjson (~5 kB gz on every page): inputs are encoded as superjson encodes them,
 * answers decoded as superjson decodes them, so Dates arrive as Dates. It reads every value type the
 * server's superjson writes that has no registry (Date, undefined, bigint, Map, Set, RegExp, Error,
 * URL, special numbers) and refuses the rest loudly. Referential equalities are not restored: the
 * server does not dedupe, so every copy is whole and only identity between copies is lost.
 * wire.test.ts holds it to superjson's own output both ways.
 */

type Annotation = [string] | [string, Record<string, AnnotationTree>];
type AnnotationTree = Annotation | { [path: string]: AnnotationTree };
interface Payload {
  json: unknown;
  meta?: { values?: AnnotationTree; v?: number };
}

const escapeKey = (key: string) => key.replace(/\\/g, "\\\\").replace(/\./g, "\\.");

/** A flattened annotation path ("a.0.b", dots in keys escaped) back into its segments. */
function parsePath(path: string): string[] {
  const segments: string[] = [];
  let segment = "";
  for (let i = 0; i < path.length; i++) {
    const char = path[i];
    if (char === "\\" && (path[i + 1] === "\\" || path[i + 1] === ".")) segment += path[++i];
    else if (char === ".") {
      segments.push(segment);
      segment = "";
    } else segment += char;
  }
  segments.push(segment);
  return segments;
}

const isPlain = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === "object" &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** One value and its annotation, as superjson's walk makes them (plain containers are flattened). */
function encode(value: unknown): { json: unknown; tree?: AnnotationTree } {
  if (value === undefined) return { json: null, tree: ["undefined"] };
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0)))
    return { json: Object.is(value, -0) ? "-0" : String(value), tree: ["number"] };
  if (value instanceof Date)
    return { json: Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString(), tree: ["Date"] };
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function")
      throw new TypeError(`Cannot send a ${typeof value} to the server`);
    return { json: value };
  }
  if (!Array.isArray(value) && !isPlain(value)) throw new TypeError("Only plain objects, arrays and dates are sent");
  const json: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  const children: Record<string, AnnotationTree> = {};
  for (const key of Object.keys(value)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype")
      throw new TypeError(`Detected property ${key}`);
    const child = encode((value as Record<string, unknown>)[key]);
    (json as Record<string, unknown>)[key] = child.json;
    if (!child.tree) continue;
    if (Array.isArray(child.tree)) children[escapeKey(key)] = child.tree;
    else for (const [path, tree] of Object.entries(child.tree)) children[`${escapeKey(key)}.${path}`] = tree;
  }
  return Object.keys(children).length > 0 ? { json, tree: children } : { json };
}

function untransform(value: unknown, type: string): unknown {
  switch (type) {
    case "undefined":
      return undefined;
    case "bigint":
      return BigInt(value as string);
    case "Date":
      return new Date(value as string);
    case "number":
      return Number(value);
    case "regexp": {
      const source = value as string;
      return new RegExp(source.slice(1, source.lastIndexOf("/")), source.slice(source.lastIndexOf("/") + 1));
    }
    case "set":
      return new Set(value as unknown[]);
    case "map":
      return new Map(value as [unknown, unknown][]);
    case "URL":
      return new URL(value as string);
    case "Error": {
      const { name, message } = value as { name: string; message: string };
      const error = new Error(message);
      error.name = name;
      return error;
    }
    default:
      throw new TypeError(`Cannot read a ${type} from the server`);
  }
}

/** Applies a tree to a node: its children first (still in their JSON form), then the node itself. */
function apply(node: unknown, tree: AnnotationTree): unknown {
  const [type, children] = Array.isArray(tree) ? tree : [null, tree];
  for (const [path, subtree] of Object.entries(children ?? {})) {
    const segments = parsePath(path);
    if (segments.some((s) => s === "__proto__" || s === "constructor" || s === "prototype"))
      throw new TypeError("Refused path");
    let parent = node as Record<string, unknown>;
    for (const segment of segments.slice(0, -1)) parent = parent[segment] as Record<string, unknown>;
    const last = segments[segments.length - 1]!;
    parent[last] = apply(parent[last], subtree);
  }
  return type === null ? node : untransform(node, type);
}

export const wireTransformer = {
  serialize(value: unknown): Payload {
    const { json, tree } = encode(value);
    return tree ? { json, meta: { values: tree, v: 1 } } : { json };
  },
  deserialize(payload: Payload): unknown {
    if (payload.meta?.v !== undefined && payload.meta.v < 1) throw new TypeError("Unsupported superjson version");
    // The answer was parsed from JSON for this call alone, so it is decoded in place.
    return payload.meta?.values ? apply(payload.json, payload.meta.values) : payload.json;
  },
};
