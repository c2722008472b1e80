/** What other features and the composition root use of access; the rest of the folder is its own. */
export {
  checkChosenRegions,
  coauthorStatusSql,
  currentSnapshot,
  invalidProposal,
  lifecycleActorOf,
  listableProjectsSql,
  loadProject,
  loadProjectText,
  loadVisibleProject,
  partnerRegionIds,
  regionLabel,
  regionSummaries,
  regionSummaryColumns,
  seenProjectsSql,
  summariesOf,
  type Viewer,
  visibleProject,
  writeRecommendations,
  writeRegions,
} from "./project-access";
export {
  ballotsVisibleTo,
  ensureThreadReadable,
  projectVisibilityFor,
  streamVisibleTo,
  topicVisibilityOf,
} from "./visibility";
