import type { Role } from "@/shared/vocabulary";

/**
 * Which live streams exist and who may listen. Joining a room is an authorisation decision like
 * any procedure, so it lives here as a pure rule that the socket layer and tests share. Streams about
 * one object (project, topic, ballot) are further as visible as that object: the socket layer asks
 * `streamVisibleTo` (server/features/access/visibility.ts) after this rule.
 */
export type Stream =
  | { kind: "forums" }
  | { kind: "projects" }
  | { kind: "forum"; id: number }
  | { kind: "topic"; id: number }
  | { kind: "project"; id: number }
  | { kind: "ballot"; id: number }
  | { kind: "meeting"; id: number }
  | { kind: "round"; id: number }
  | { kind: "posting"; id: number }
  | { kind: "alliance"; id: number }
  | { kind: "enquiry"; id: number }
  | { kind: "moderation" }
  | { kind: "admin" }
  | { kind: "user"; id: number };

const singletons = new Set(["forums", "projects", "moderation", "admin"] as const);
const withId = new Set([
  "forum",
  "topic",
  "project",
  "ballot",
  "meeting",
  "round",
  "posting",
  "alliance",
  "enquiry",
  "user",
] as const);

export function parseStream(key: string): Stream | null {
  if ((singletons as Set<string>).has(key)) return { kind: key as "forums" | "projects" | "moderation" | "admin" };
  const match = /^([a-z]+):([1-9][0-9]{0,9})$/.exec(key);
  if (!match) return null;
  const [, kind, id] = match;
  if (!kind || !id || !(withId as Set<string>).has(kind)) return null;
  return {
    kind: kind as
      "forum" | "topic" | "project" | "ballot" | "meeting" | "round" | "posting" | "alliance" | "enquiry" | "user",
    id: Number(id),
  };
}

/**
 * A stream's name as rooms, the outbox and clients know it. Branded so that every key comes from
 * `streamKey` (or `asStreamKey` for one read back from storage), never from a hand-built string.
 */
export type StreamKey = string & { readonly __streamKey: true };

export function streamKey(stream: Stream): StreamKey {
  return ("id" in stream ? `${stream.kind}:${stream.id}` : stream.kind) as StreamKey;
}

/** A stored stream name (a thread's `stream` column), checked. */
export function asStreamKey(key: string): StreamKey {
  const stream = parseStream(key);
  if (!stream) throw new Error(`not a stream: ${key}`);
  return streamKey(stream);
}

export interface StreamViewer {
  id: number;
  role: Role;
}

export function canSubscribe(viewer: StreamViewer | null, stream: Stream): boolean {
  switch (stream.kind) {
    case "forums":
    case "projects":
    case "forum":
    case "topic":
    case "project":
    case "ballot":
    case "meeting":
    case "round":
    case "alliance":
      return true;
    case "posting":
      // A talent posting's pipeline: signed in here, the posting's host or an admin in streamVisibleTo.
      return viewer !== null;
    case "enquiry":
      // A private negotiation: signed in here, its parties or an admin in streamVisibleTo.
      return viewer !== null;
    case "moderation":
      return viewer?.role === "moderator" || viewer?.role === "admin";
    case "admin":
      return viewer?.role === "admin";
    case "user":
      return viewer?.id === stream.id;
  }
}
