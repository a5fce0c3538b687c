import { vi } from 'vitest';

/** The files a component saves (`@/lib/download.ts`), captured: call the answer for their text. */
export function captureDownloads(): () => Promise<string[]> {
  const blobs: Blob[] = [];
  vi.stubGlobal(
    'URL',
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob);
        return 'blob:report';
      },
      revokeObjectURL: () => {},
    }),
  );
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  return () => Promise.all(blobs.map((blob) => blob.text()));
}
