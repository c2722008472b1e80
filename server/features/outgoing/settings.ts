/**
 * Read from the environment once: the public address for links in notices, and whether webhooks may
 * post to loopback and private addresses over plain HTTP (tests, and closed networks that run their
 * receiver beside the app).
 */
export function outgoingSettings(env: NodeJS.ProcessEnv = process.env): {
  baseUrl: string | null;
  allowPrivateUrls: boolean;
} {
  return {
    baseUrl: env.NEXTAUTH_URL || null,
    allowPrivateUrls: env.XIETONG_WEBHOOKS_ALLOW_PRIVATE === "1",
  };
}
