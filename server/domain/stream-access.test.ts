import { describe, expect, it } from "vitest";
import { canSubscribe, parseStream, streamKey, type StreamViewer } from "./stream-access";

const member: StreamViewer = { id: 7, role: "member" };
const moderator: StreamViewer = { id: 8, role: "moderator" };
const admin: StreamViewer = { id: 9, role: "admin" };

describe("parseStream", () => {
  it("round-trips every valid stream key", () => {
    for (const key of [
      "forums",
      "projects",
      "moderation",
      "admin",
      "forum:1",
      "topic:42",
      "project:3",
      "ballot:9",
      "posting:5",
      "enquiry:8",
      "user:12",
    ]) {
      const stream = parseStream(key);
      expect(stream).not.toBeNull();
      expect(streamKey(stream!)).toBe(key);
    }
  });

  it("refuses unknown kinds, missing or malformed ids", () => {
    for (const key of [
      "",
      "topic",
      "topic:",
      "topic:0",
      "topic:-1",
      "topic:01",
      "topic:1.5",
      "secret:1",
      "user:abc",
      "forums:1",
      "topic:12345678901",
    ]) {
      expect(parseStream(key), key).toBeNull();
    }
  });
});

describe("canSubscribe", () => {
  it("lets anyone, signed in or not, follow public streams", () => {
    for (const key of ["forums", "projects", "forum:1", "topic:2", "project:3", "ballot:4"]) {
      expect(canSubscribe(null, parseStream(key)!)).toBe(true);
      expect(canSubscribe(member, parseStream(key)!)).toBe(true);
    }
  });

  it("keeps a talent posting's pipeline stream from signed-out visitors (its host is checked in access)", () => {
    const stream = parseStream("posting:5")!;
    expect(canSubscribe(null, stream)).toBe(false);
    expect(canSubscribe(member, stream)).toBe(true);
  });

  it("keeps a negotiation's stream from signed-out visitors (its parties are checked in access)", () => {
    const stream = parseStream("enquiry:8")!;
    expect(canSubscribe(null, stream)).toBe(false);
    expect(canSubscribe(member, stream)).toBe(true);
  });

  it("keeps the moderation queue to moderators and admins", () => {
    const stream = parseStream("moderation")!;
    expect(canSubscribe(null, stream)).toBe(false);
    expect(canSubscribe(member, stream)).toBe(false);
    expect(canSubscribe(moderator, stream)).toBe(true);
    expect(canSubscribe(admin, stream)).toBe(true);
  });

  it("keeps the admin stream to admins", () => {
    const stream = parseStream("admin")!;
    expect(canSubscribe(moderator, stream)).toBe(false);
    expect(canSubscribe(admin, stream)).toBe(true);
  });

  it("gives a person's notification stream to that person only", () => {
    expect(canSubscribe(member, parseStream("user:7")!)).toBe(true);
    expect(canSubscribe(member, parseStream("user:8")!)).toBe(false);
    expect(canSubscribe(admin, parseStream("user:7")!)).toBe(false);
    expect(canSubscribe(null, parseStream("user:7")!)).toBe(false);
  });
});
