import type { RouterOutputs } from "../../lib/router-types";

/** The ballot and plan shapes the ballot components render, as the procedures return them. */
export type PlanView = RouterOutputs["ballots"]["plans"]["list"][number];
export type BallotView = RouterOutputs["ballots"]["get"];
