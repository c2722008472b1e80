export * from "./enums";
export * from "./regions";
export * from "./accounts";
export * from "./recommendations";
export * from "./events";
export * from "./audit";
export * from "./deliberation";
export * from "./projects";
