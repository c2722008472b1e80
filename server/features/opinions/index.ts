/** What other features may use of opinion rounds. */
export { exportRound } from "./export-round";
export { listRounds, roundChoices, visibleRounds, type RoundLinkView } from "./rounds";
export { loadVisibleRound, roundStream, roundVisibility } from "./round-access";
export { recomputeMap } from "./recompute-map";
