/** What other features may use of achievements. */
export { achievementsRouter } from "./router";
