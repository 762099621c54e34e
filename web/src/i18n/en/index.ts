/**
 * English, the catalogue every other language is checked against: each one must have every key
 * (the type says so) and the same `{placeholders}` (test/unit/i18n.test.ts). Split by area of the
 * UI; keys are prefixed with their area so the parts never collide.
 */
import type { Message } from '..';
import { common } from './common';
import { message } from './message';
import { room } from './room';
import { shell } from './shell';

export const en = {
  ...common,
  ...message,
  ...room,
  ...shell,
} satisfies Record<string, Message>;

export type Key = keyof typeof en;
export type Catalogue = Record<Key, Message>;
