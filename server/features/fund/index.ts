/** What other features may use of the fund: the call visibility rule and the fund managers' check. */
export { loadVisibleCall, managesFund } from "./access";
export { loadVisibleMilestone } from "./milestone-access";
export { fundJobHandlers } from "./fund-notices";
