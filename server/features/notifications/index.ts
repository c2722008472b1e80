/** What other features and the composition root use of notifications; the rest of the folder is its own. */
export { digestJobHandlers } from "./digest";
export { escapeHtml } from "./email-render";
export { followThread } from "./follows";
export {
  notifyCoauthorAnswered,
  notifyCoauthorInvited,
  notifyInvitationRedeemed,
  notifyNewComment,
  notifyProjectState,
} from "./notification-triggers";
export { unsubscribe } from "./notifications";
export { notify } from "./notify";
