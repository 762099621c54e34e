export * from './limits.js';
export * from './account.js';
export * from './ids.js';
export * from './words.js';
export * from './messages.js';
export * from './rooms.js';
export type * from './model.js';
export * from './moderation.js';
