import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.XIETONG_E2E_DATA;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
