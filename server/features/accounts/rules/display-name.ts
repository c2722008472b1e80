/**
 * Names people choose (display names, organisations) are shown to everyone, so they are cleaned once,
 * where they enter: compatibility forms folded (NFKC: full-width "Ａｄｍｉｎ" is "Admin", so look-alikes
 * collapse), and characters that draw nothing or reorder what follows removed — controls, bidi
 * overrides and isolates, zero-width characters, and the Hangul fillers that render as blanks.
 * Migration 0013 applies the same rule to names stored before it.
 */
const invisible = /[\p{Cc}\p{Cf}\u2028\u2029\u115f\u1160\u3164\uffa0]/gu;

export function cleanDisplayName(value: string): string {
  // Line breaks and tabs part words, so they become spaces before the invisible rest is dropped.
  const spaced = value.replace(/\s+/gu, " ").replace(invisible, "");
  return spaced.normalize("NFKC").replace(invisible, "").replace(/\s+/gu, " ").trim();
}
