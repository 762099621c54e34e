import type { ExportPage } from '@chat/shared';

/** A page as the assembly needs it: anything but the cursor. */
export type ExportPageLike = Omit<ExportPage, 'next'>;

/**
 * The "download your data" file: exportMyData's pages put together as one JSON document.
 * The first page carries the profile, settings, memberships, blocks, message requests and renames; every
 * page carries messages (newest first), so the file's messages are the pages' in order.
 */
export type AccountExport = ExportPageLike & { exportedAt: string };

export function assembleExport(pages: ExportPageLike[], exportedAt: Date): AccountExport {
  const [first] = pages;
  return {
    exportedAt: exportedAt.toISOString(),
    profile: first?.profile ?? null,
    settings: first?.settings ?? null,
    memberships: first?.memberships ?? [],
    blocks: first?.blocks ?? [],
    requests: first?.requests ?? [],
    renames: first?.renames ?? [],
    messages: pages.flatMap((page) => page.messages),
  };
}

/** `firechat-data-YYYY-MM-DD.json`, by the person's own calendar (local date). */
export function exportFileName(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `firechat-data-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}.json`;
}
