// Every deployed function, one per file. Firestore triggers and the callable are 2nd gen; the
// auth trigger is 1st gen (the only kind the Auth emulator fires).
// First, so setGlobalOptions (region, instance caps) runs before any function is defined.
import './lib/trigger.js';
export { onMessageWritten } from './triggers/onMessageWritten.js';
export { onReportCreated } from './triggers/onReportCreated.js';
export { onReadCursorWritten } from './triggers/onReadCursorWritten.js';
export { onReactionWritten } from './triggers/onReactionWritten.js';
export { onMemberCreated } from './triggers/onMemberCreated.js';
export { onMemberDeleted } from './triggers/onMemberDeleted.js';
export { onMemberUpdated } from './triggers/onMemberUpdated.js';
export { onRoomRenamed } from './triggers/onRoomRenamed.js';
export { onRoomCreated } from './triggers/onRoomCreated.js';
export { screenProfile } from './triggers/screenProfile.js';
export { removeChunksOfDeletedUpload } from './triggers/removeChunksOfDeletedUpload.js';
export { onBanCreated } from './triggers/onBanCreated.js';
export { onUserCreated } from './triggers/onUserCreated.js';
export { moderateMessage } from './callable/moderateMessage.js';
export { deleteAccount } from './callable/deleteAccount.js';
export { exportMyData } from './callable/exportMyData.js';
export { cleanup } from './scheduled/cleanup.js';
export { dailyStats } from './scheduled/dailyStats.js';
export { flushCoalesced } from './tasks/flushCoalesced.js';
