/** What other features and the composition root use of two-factor; the rest of the folder is its own. */
export { checkSecondFactor } from "./two-factor";
