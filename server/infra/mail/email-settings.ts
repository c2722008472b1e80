/**
 * Whether this process sends mail, and how links in it are built. createApp builds it from SMTP_URL and
 * hands it to use-cases in their deps (`deps.mail`, and `emit.mail` inside a transaction); tests set it on
 * their deps. Null means mail is off.
 */
export interface MailSettings {
  /** The public base URL of the site, for links in mail (NEXTAUTH_URL). */
  baseUrl: string;
  from: string;
  /** Signs one-click unsubscribe links. */
  authSecret: string;
}
