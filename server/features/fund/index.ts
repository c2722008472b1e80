/** What other features may use of the fund: the call visibility rule, the fund managers' check, the call's decision as its page shows it, the portfolio award, revisions as the results list them and a decided one's project as they show it. */
export { assertManagesFund, assertStage, loadVisibleCall, managesFund } from "./access";
export { callDecision } from "./calls";
export { loadVisibleMilestone } from "./milestone-access";
export { fundJobHandlers } from "./fund-notices";
export { fundedSubmission } from "./funded-submission";
export { assertNoPortfolioBallotPending, awardPortfolioPlan, currentPortfolioPlan } from "./portfolio";
export { adoptRevisedPlan, driftsOf, pendingRevision, sharesOf } from "./revisions";
export { decidedRevision, listedRevision } from "./results";
