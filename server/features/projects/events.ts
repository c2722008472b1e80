import type { ProjectStatus } from "./rules/project-lifecycle";

type RegionSummary = { id: number; code: string; nameZh: string; nameEn: string; clusterId: number };

/**
 * A project's text after an edit, as its page shows it to everyone who may follow its stream (a
 * draft's stream only its authors); dates as ISO strings. Null while the project is hidden, when
 * only its authors still read the text.
 */
export interface PublishedProjectText {
  version: number;
  title: string;
  summary: string;
  bodyHtml: string;
  expectedOutcomes: string;
  budgetYuan: number;
  durationMonths: number;
  tags: string[];
  editedAt: string;
  updatedAt: string;
  leadRegion: RegionSummary;
  partnerRegions: RegionSummary[];
  recommendations: { id: number; number: number; slug: string; titleZh: string; titleEn: string }[];
}

/** Live events of projects, on `projects`, `project:<id>` and the people concerned's `user:<id>`. */
export interface ProjectEvents {
  "project:created": { projectId: number; status: ProjectStatus };
  /** `project` on the project's own stream only: its text after the edit (PublishedProjectText). */
  "project:updated": { projectId: number; version: number; fields: string[]; project?: PublishedProjectText | null };
  /** `at` and `submittedAt` (ISO): pages derive the rest (comments open, who may edit) from the rules. */
  "project:status-changed": {
    projectId: number;
    from: ProjectStatus;
    to: ProjectStatus;
    at?: string;
    submittedAt?: string | null;
  };
  "coauthor:invited": { projectId: number; accountId?: number; regionId?: number };
  "coauthor:responded": { projectId: number; accountId: number; status: string };
}
