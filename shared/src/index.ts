export * from './limits.js';
export * from './ids.js';
export * from './words.js';
export type * from './model.js';
