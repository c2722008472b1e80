/** What other features may use of alliances: the matrix rule (pure) and reading an alliance's matrix. */
export { buildMatrix, cellState } from "./rules/matrix";
export { allianceMatrix, clusterMatrix } from "./read-alliances";
