/** Deutsch: every key of the English catalogue (the type checks it), split by the same areas. */
import type { Catalogue } from '..';
import { common } from './common';
import { message } from './message';
import { room } from './room';
import { shell } from './shell';

export const de: Catalogue = {
  ...common,
  ...message,
  ...room,
  ...shell,
};
