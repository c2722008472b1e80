import { normalisePassword } from "./password-policy";

/**
 * zxcvbn's list of common passwords (about 30,000), lowercased. It is loaded on first use, so only a
 * process that checks a new password pays for it, and it never reaches the browser.
 */
let listed: Promise<ReadonlySet<string>> | undefined;

export function commonPasswords(): Promise<ReadonlySet<string>> {
  listed ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set(dictionary["passwords-common"].map(normalisePassword)),
  );
  return listed;
}
