import type { ProjectStatus } from "./rules/project-lifecycle";

/** Live events of projects, on `projects`, `project:<id>` and the people concerned's `user:<id>`. */
export interface ProjectEvents {
  "project:created": { projectId: number; status: ProjectStatus };
  "project:updated": { projectId: number; version: number; fields: string[] };
  "project:status-changed": { projectId: number; from: ProjectStatus; to: ProjectStatus };
  "coauthor:invited": { projectId: number; accountId?: number; regionId?: number };
  "coauthor:responded": { projectId: number; accountId: number; status: string };
}
