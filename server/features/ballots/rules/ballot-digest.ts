import { createHmac } from "node:crypto";
import { canonicalVoteSet, type ReceiptedVote } from "./ballot-secrecy";

// Apart from ballot-secrecy.ts, which pages import: node:crypto would pull a browser polyfill into their bundles.

/**
 * The published integrity digest: an HMAC under the ballot's own secret key. Without the key no one
 * can test a guessed assignment of votes against it; the server (or an auditor given the key) can show
 * the stored vote set is the one committed at the close.
 */
export function voteSetDigest(key: string, ballotId: number, votes: readonly ReceiptedVote[]): string {
  return createHmac("sha256", key).update(canonicalVoteSet(ballotId, votes), "utf8").digest("hex");
}
