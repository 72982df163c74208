/** Offer `data` as a file download (an <a download> on a blob: URL; no popup, nothing leaves the browser). */
export function downloadFile(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** A file-name-safe slug of a title. */
export function slug(text: string, fallback = 'scenario'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-');
  // At most 60 characters, cut between words (a whole first word if it alone is longer).
  const boundary = s.slice(0, 61).lastIndexOf('-');
  const cut = s.length <= 60 ? s : boundary > 0 ? s.slice(0, boundary) : s.slice(0, 60);
  return cut.replace(/-+$/, '') || fallback;
}

/** Read a File as text (size-checked by the caller). */
export function readFileText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result ?? ''));
    r.onerror = () => reject(r.error ?? new Error('could not read the file'));
    r.readAsText(file);
  });
}
