/** What the composition root and next-auth use of single sign-on; the rest of the folder is its own. */
export { decideSsoSignIn, ssoAuthProviders } from "./auth-providers";
export { completeSsoSecondFactor } from "./sso-second-factor";
