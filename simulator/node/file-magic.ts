/**
 * Files told by content, as every flow input is, whatever their names say: gzip by its magic
 * bytes 0x1f 0x8b, Parquet by `PAR1`.
 */
import { open } from 'node:fs/promises';

const PARQUET_MAGIC = Buffer.from('PAR1');

/** Whether `bytes` start with the gzip magic bytes. */
export function isGzipStart(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Whether the file starts with the gzip magic bytes; its I/O errors are thrown. */
export async function startsWithGzip(file: string): Promise<boolean> {
  return isGzipStart(await fileStart(file, 2));
}

/** Whether the file starts as a Parquet file does; its I/O errors are thrown. */
export async function startsWithParquet(file: string): Promise<boolean> {
  return (await fileStart(file, PARQUET_MAGIC.length)).equals(PARQUET_MAGIC);
}

/** The first `length` bytes of the file (fewer when it is shorter). */
async function fileStart(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
