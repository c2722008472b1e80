/** What other features may use of opinion rounds. */
export { exportRound } from "./export-round";
export { listRounds } from "./rounds";
export { roundStream, roundVisibility } from "./round-access";
export { recomputeMap } from "./recompute-map";
