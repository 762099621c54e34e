/** SHA-256 of bytes as lowercase hex, through Web Crypto (browsers and Node 20 alike). */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  // digest() wants a plain ArrayBuffer-backed view; a subarray of a larger buffer must not leak the rest.
  const digest = await crypto.subtle.digest('SHA-256', data.slice().buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
