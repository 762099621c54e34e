export { onMessageCreated } from './triggers/onMessageCreated.js';
