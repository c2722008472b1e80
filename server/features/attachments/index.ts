/** What the HTTP routes and the composition root use of attachments. */
export { assertMayUpload, listAttachments, openAttachment, uploadAttachment } from "./attachments";
export { receiveFile } from "./receive-file";
