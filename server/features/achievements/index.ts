/** What other features may use of achievements: the one visibility rule, and reading an achievement through it. */
export { canSeeAchievement, publishedValue } from "./rules/access";
export { loadVisibleAchievement } from "./visibility";
export { enquiryStreamVisible } from "./enquiry-stream";
export {
  isEnquiryParty,
  loadReportedEnquiryMessage,
  setEnquiryMessageHidden,
  type ReportedEnquiryMessage,
} from "./message-moderation";
