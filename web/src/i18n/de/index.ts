/** Deutsch: every key of the English catalogue (the type checks it), split by the same areas. */
import type { Catalogue } from '..';
import { common } from './common';
import { room } from './room';

export const de: Catalogue = {
  ...common,
  ...room,
};
