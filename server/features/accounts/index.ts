/** What other features and the composition root use of accounts; the rest of the folder is its own. */
export { queueAccountMail } from "./account-mail";
export { authorColumns, authorRegionColumns, authorRegions, joinAuthorRegionOn } from "./authors";
export { insertAccount } from "./create-account";
export { renewInvitation } from "./invitations";
export { mentionCandidates, renderWithMentions } from "./mentions";
export { viewProfile } from "./people";
export { storeNewPassword } from "./profile";
export { confirmCurrentPassword } from "./reauthenticate";
export { signInLimits } from "./sign-in";
export { answeredWithListedAccount, listedAccount, listedAccountsLimit, readListedAccounts } from "./listed-accounts";
