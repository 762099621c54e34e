export { onMessageCreated } from './triggers/onMessageCreated.js';
export { removeRedactedAttachment } from './triggers/removeRedactedAttachment.js';
