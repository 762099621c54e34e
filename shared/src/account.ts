/**
 * One page of the exportMyData callable (functions/src/lib/account.ts exportAccountData), the
 * contract between the function and the app's "Download your data": the first page carries
 * everything, later pages only more messages.
 */
export interface ExportPage {
  profile: Record<string, unknown> | null;
  settings: Record<string, unknown> | null;
  memberships: Array<Record<string, unknown>>;
  blocks: string[];
  /** message requests the person sent or received, each with its direct room's id */
  requests: Array<Record<string, unknown>>;
  /** the room names and topics they set (their rename records), each with its room */
  renames: Array<Record<string, unknown>>;
  messages: Array<Record<string, unknown>>;
  /** pass back as `after` for the next page of messages; null when there are no more */
  next: string | null;
}
