/**
 * Gzip told by content, as every flow input is: a file or stream is gzip when it starts with
 * the magic bytes 0x1f 0x8b, whatever its name says.
 */
import { open } from 'node:fs/promises';

/** Whether `bytes` start with the gzip magic bytes. */
export function isGzipStart(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Whether the file starts with the gzip magic bytes; its I/O errors are thrown. */
export async function startsWithGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return isGzipStart(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
