import { NETWORK_ERROR, answerOf, type ApiFailure } from "@/components/api/call-api";

/** Hands bytes to the browser as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken its copy once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Posts JSON to a route that answers a file (the PDF download) and saves the file under the
 * name its Content-Disposition gives. Refusals come back like every other call's.
 */
export async function postForFile(url: string, body: unknown, fallbackName: string): Promise<{ ok: true; fileName: string } | ApiFailure> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, message: NETWORK_ERROR, fieldErrors: {} };
  }
  if (!response.ok) {
    const answer = await answerOf(response);
    return answer.ok ? { ok: false, status: response.status, message: `The download failed (${response.status}). Please try again.`, fieldErrors: {} } : answer;
  }
  try {
    const blob = await response.blob();
    const fileName = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
    saveBlob(blob, fileName);
    return { ok: true, fileName };
  } catch {
    return { ok: false, status: 0, message: NETWORK_ERROR, fieldErrors: {} };
  }
}

/**
 * Fetches a bulk file in the page (so the page knows when it has arrived), reporting bytes as
 * they come, then hands it to the browser as a download. Answers the route's refusal message,
 * or null when the file was saved. (A file stream is not a JSON call, so it is read here; its
 * refusals are read like every other answer.)
 */
export async function fetchFileWithProgress(
  url: string,
  fileName: string,
  onProgress: (received: number, total: number | null) => void,
): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store" });
  } catch {
    return NETWORK_ERROR;
  }
  if (!response.ok || !response.body) {
    const answer = await answerOf(response);
    return answer.ok ? "The file could not be read. Please try again." : answer.message;
  }
  const total = Number(response.headers.get("content-length")) || null;
  const reader = response.body.getReader();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  let lastShown = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value as Uint8Array<ArrayBuffer>);
      received += value.byteLength;
      // Re-render (and re-announce) at most every few percent, not on every chunk.
      if (!total || received - lastShown >= total / 20) {
        lastShown = received;
        onProgress(received, total);
      }
    }
  } catch {
    // The connection dropped mid-file.
    return NETWORK_ERROR;
  }
  const type = response.headers.get("content-type") ?? "application/octet-stream";
  saveBlob(new Blob(parts, { type }), fileName);
  return null;
}
