import type { TermSetting } from '@chat/shared';
import { defineStore } from 'pinia';
import { setBlockedTerm, termProblem } from '../data/blocklist';
import { db } from '../firestore';
import { UserError } from '../lib/errors';

/** Edits to a blocklist: a room's (its owner and admins) or the app's (`roomId` null, app admins). */
export const useBlocklistStore = defineStore('blocklist', () => {
  /** Adds `term` or changes its setting; a term ending in * matches words that start with it. */
  async function setTerm(roomId: string | null, term: string, setting: TermSetting): Promise<void> {
    const clean = term.trim().toLowerCase();
    const problem = termProblem(clean);
    if (problem) throw new UserError(problem);
    await setBlockedTerm(db, roomId, clean, setting);
  }

  async function removeTerm(roomId: string | null, term: string): Promise<void> {
    await setBlockedTerm(db, roomId, term, null);
  }

  return { setTerm, removeTerm };
});
