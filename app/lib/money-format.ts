/**
 * Yuan in the short form charts use (¥3000万, CN¥30M). The minimum fraction digits are stated because
 * ICU versions disagree on the default for compact currency: Node 20's ICU writes "¥3000.0万" where
 * Chromium writes "¥3000万", so a server-rendered chart label failed to hydrate (React error #418), and
 * React then redrew the page, losing what someone had typed.
 */
export const compactYuan = {
  style: "currency",
  currency: "CNY",
  notation: "compact",
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
} as const;
