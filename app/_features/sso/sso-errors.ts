/** The sign-in page's message for an SSO outcome next-auth sent back as `?error=`; null for other errors. */
export function ssoErrorKey(error: string | null | undefined): string | null {
  return error && (error.startsWith("Sso") || error.startsWith("OAuth")) ? error : null;
}
