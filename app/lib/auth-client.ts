/**
 * Sign-in and sign-out through next-auth's own endpoints with a few fetches: the same requests
 * `next-auth/react` sends (CSRF token, form post, `json: true` so the answer is the redirect as JSON),
 * without shipping its client (~16 kB) in every page's first-load JavaScript.
 */
const authBase = "/api/auth";

async function postForm(action: string, fields: Record<string, string>): Promise<{ ok: boolean; url: string | null }> {
  const csrf = (await (await fetch(`${authBase}/csrf`)).json()) as { csrfToken: string };
  const response = await fetch(`${authBase}/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken, json: "true" }),
  });
  const data = (await response.json().catch(() => ({}))) as { url?: string };
  return { ok: response.ok, url: data.url ?? null };
}

function go(url: string): void {
  window.location.href = url;
  // Setting a URL that differs only in its hash does not load the page.
  if (url.includes("#")) window.location.reload();
}

export interface SignInResult {
  ok: boolean;
  /** next-auth's error code (CredentialsSignin, or the one the provider threw), null when signed in. */
  error: string | null;
}

/** Credentials-type providers (password, SSO second factor): answers instead of navigating. */
export async function signInWith(
  provider: "credentials" | "sso-code",
  fields: Record<string, string>,
): Promise<SignInResult> {
  const { ok, url } = await postForm(`callback/${provider}`, { ...fields, callbackUrl: window.location.href });
  const error = url ? new URL(url, window.location.origin).searchParams.get("error") : "failed";
  return { ok: ok && !error, error: ok && !error ? null : (error ?? "failed") };
}

/** An OpenID provider: goes to its authorisation page, and from there back to callbackUrl. */
export async function signInRedirect(providerId: string, callbackUrl: string): Promise<void> {
  const { url } = await postForm(`signin/${encodeURIComponent(providerId)}`, { callbackUrl });
  go(url ?? callbackUrl);
}

/** Ends the session (the cookie is cleared by the answer) and goes to callbackUrl. */
export async function signOut(callbackUrl: string): Promise<void> {
  const { url } = await postForm("signout", { callbackUrl });
  go(url ?? callbackUrl);
}
