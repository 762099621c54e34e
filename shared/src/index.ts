export * from './limits.js';
export * from './ids.js';
export type * from './model.js';
