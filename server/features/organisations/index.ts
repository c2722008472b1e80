/** What other features and the composition root use of organisations: who acts for which organisation. */
export { linkUnlinkedAccounts, organisationOf, peopleOf, relinkAccount } from "./link-accounts";
