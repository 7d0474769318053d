import { pino } from 'pino';

/** Lines are written once this many bytes are waiting, or within `FLUSH_EVERY_MS`. */
const MIN_WRITE_BYTES = 4096;
const FLUSH_EVERY_MS = 1000;

/**
 * Standard output for the server's log: asynchronous, buffered writes, so a log line never blocks
 * a request on the terminal or pipe, and under load lines go out 4 KB at a time instead of one
 * write per request. Whatever is buffered is written within a second, and on a normal exit; a
 * hard kill can lose that second.
 *
 * The destination (pino's SonicBoom) runs in its buffer mode, each line encoded once as it
 * arrives. In its default string mode it appends each line to the text already waiting and then
 * measures that text's UTF-8 length (`Buffer.byteLength`), which makes V8 flatten, that is copy,
 * everything waiting on every line: with 4 KB or more waiting, a line cost several KB of copying
 * and garbage. In buffer mode it keeps the waiting lines as a list of buffers with their lengths.
 */
export function logDestination(fd = 1): ReturnType<typeof pino.destination> {
  const stream = pino.destination({
    dest: fd,
    sync: false,
    minLength: MIN_WRITE_BYTES,
    periodicFlush: FLUSH_EVERY_MS,
    contentMode: 'buffer',
  });
  // Buffer mode takes buffers (SonicBoom's types only describe its string mode); pino hands over
  // each line as a string.
  const writeBuffer = (stream.write as unknown as (line: Buffer) => boolean).bind(stream);
  stream.write = (line: string): boolean => writeBuffer(Buffer.from(line));
  return stream;
}
