import type { RoomKind } from '@chat/shared';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import type { MemberDoc, MessageDoc } from '../data/converters';
import * as rules from '../lib/permissions';
import { useAuthStore } from '../stores/auth';

const facts = (m: MessageDoc): rules.MessageFacts => ({
  authorId: m.authorId,
  kind: m.kind,
  deleted: m.deleted,
  createdAt: m.createdAt?.toMillis() ?? null,
  threadId: m.threadId,
});

/**
 * lib/permissions for the signed-in user in one room, from their member document (null: not a
 * member) and the room's kind. Time-bound answers (the edit window, a mute) use the time of asking.
 */
export function usePermissions(me: MaybeRefOrGetter<MemberDoc | null>, roomKind: MaybeRefOrGetter<RoomKind | null>) {
  const auth = useAuthStore();
  // the same object while the facts stand: a new snapshot of my member document (or of the room)
  // with the same role and mute re-renders nothing that asks what I may do (every message shown)
  const actor = computed((previous?: rules.Actor): rules.Actor => {
    const member = toValue(me);
    const next: rules.Actor = {
      uid: auth.uid,
      role: member?.role ?? null,
      roomKind: toValue(roomKind),
      mutedUntil: member?.mutedUntil?.toMillis() ?? null,
    };
    const same =
      previous?.uid === next.uid &&
      previous.role === next.role &&
      previous.roomKind === next.roomKind &&
      previous.mutedUntil === next.mutedUntil;
    return same ? previous : next;
  });
  return computed(() => {
    const a = actor.value;
    return {
      role: a.role,
      send: () => rules.canSend(a, Date.now()),
      edit: (m: MessageDoc) => rules.canEdit(a, facts(m), Date.now()),
      delete: (m: MessageDoc) => rules.canDelete(a, facts(m)),
      react: (m: MessageDoc) => rules.canReact(a, facts(m)),
      report: (m: MessageDoc) => rules.canReport(a, facts(m)),
      replyInThread: (m: MessageDoc) => rules.canReplyInThread(a, facts(m), Date.now()),
      manage: (t: MemberDoc) => rules.canManage(a, t),
      setRole: (t: MemberDoc, role: 'admin' | 'member') => rules.canSetRole(a, t, role),
      mute: (t: MemberDoc) => rules.canMute(a, t),
      kick: (t: MemberDoc) => rules.canKick(a, t),
      ban: (t: MemberDoc) => rules.canBan(a, t),
      leave: () => rules.canLeave(a),
      editSettings: () => rules.canEditSettings(a),
      manageInvites: () => rules.canManageInvites(a),
    };
  });
}

export type Permissions = ReturnType<typeof usePermissions>['value'];
