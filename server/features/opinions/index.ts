/** What other features may use of opinion rounds. */
export { exportRound } from "./export-round";
export { listRounds, roundChoices, visibleRounds, type RoundLinkView } from "./rounds";
export {
  loadVisibleRound,
  publicStatementView,
  roundStream,
  roundVisibility,
  statementVisibility,
  type Viewer,
} from "./round-access";
export { recomputeMap } from "./recompute-map";
export { requestMapRefresh } from "./map-refresher";
