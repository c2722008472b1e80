/**
 * Whether this process sends mail, and how links in it are built. Kept on globalThis because Next's
 * route handlers (where tRPC runs) do not share the custom server's module graph; server/main.ts sets
 * it from SMTP_URL, tests set it directly. Unset means mail is off.
 */
export interface MailSettings {
  /** The public base URL of the site, for links in mail (NEXTAUTH_URL). */
  baseUrl: string;
  from: string;
  /** Signs one-click unsubscribe links. */
  authSecret: string;
}

const key = Symbol.for("xietong.mail");
type Holder = { [key]?: MailSettings | null };

export function configureMail(settings: MailSettings | null): void {
  (globalThis as Holder)[key] = settings;
}

export function mailSettings(): MailSettings | null {
  return (globalThis as Holder)[key] ?? null;
}
