/** What other features may use of the fund: the call visibility rule, the fund managers' check, the portfolio award. */
export { assertManagesFund, assertStage, loadVisibleCall, managesFund } from "./access";
export { loadVisibleMilestone } from "./milestone-access";
export { fundJobHandlers } from "./fund-notices";
export { assertNoPortfolioBallotPending, awardPortfolioPlan, currentPortfolioPlan } from "./portfolio";
