import type { RouterOutputs } from "../../lib/router-types";

export type CallData = RouterOutputs["fund"]["get"];
export type FundViewer = { id: number; role: string } | null;
