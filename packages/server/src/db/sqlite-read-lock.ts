import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import SQLite from 'better-sqlite3';

/** How often the keeper looks for commits and moves its snapshot on (or lets go of it). */
export const READ_LOCK_TICK_MS = 10;

/** The WAL index's header (one copy of two), and where in it `mxFrame`, the WAL's valid frames, is. */
const WAL_INDEX_HEADER_BYTES = 48;
const MX_FRAME_OFFSET = 16;

/** The WAL index is in the machine's native byte order. */
function readFrames(header: Buffer, offset: number): number {
  return endianness() === 'LE' ? header.readUInt32LE(offset) : header.readUInt32BE(offset);
}

/**
 * Spares this process's SQLite reads two system calls each. In WAL mode every read transaction
 * takes a shared lock on one of the WAL index's read marks and releases it when it ends, each an
 * `fcntl` on the `-shm` file (2 to 3 µs apiece in a virtual machine, a point read's whole cost being
 * about 6 µs). SQLite counts those locks per process and only calls `fcntl` when the first one is
 * taken or the last released, so while another connection of this process holds the read mark that
 * the current snapshot uses, the reads take and release it in memory: 1.35 µs a point read instead
 * of 6 (docs/performance-log.md, fourteenth round).
 *
 * This keeper is that other connection. It reads nothing; it holds a read transaction open, and
 * every tick it ends it and begins a newer one. Every read still takes its own fresh snapshot, so
 * nothing is read stale: the keeper only decides who pays for the lock. What a held read
 * transaction costs others is that a checkpoint cannot copy frames past the keeper's snapshot, and
 * the WAL cannot start over from its beginning while the keeper holds a mark. Checkpoints only run
 * once the WAL holds `checkpointPages` frames (`wal_autocheckpoint`), so below that a hold stands in
 * the way of nothing; from there on, a hold at each commit's checkpoint would keep the WAL from ever
 * starting over while writes come now and then. So at every tick the keeper lets go, and begins a
 * new hold only if the WAL is below that size (read from the WAL index's header, whose layout
 * SQLite documents in https://www.sqlite.org/walformat.html) and the database is quiet: no other
 * connection, this process's own or another's, has committed since the last tick (`data_version`).
 * A hold during writes would not help anyway: a read whose snapshot is newer than the keeper's
 * uses another read mark. The keeper also stops ticking, and holds nothing, once a tick passes
 * without a query, so an idle server does not wake up for it. It is only ever an optimisation: if
 * SQLite refuses it anything (a busy database, an error), it lets go and tries again next tick.
 */
export class SqliteReadLockKeeper {
  readonly #connection: SQLite.Database;
  readonly #dataVersion: SQLite.Statement;
  readonly #snapshot: SQLite.Statement;
  /** The `-shm` file, where the WAL index's header says how many frames the WAL holds. */
  readonly #walIndex: number;
  readonly #header = Buffer.alloc(WAL_INDEX_HEADER_BYTES * 2);
  #timer: NodeJS.Timeout | null = null;
  #queried = false;
  #lastVersion: number | null = null;
  #closed = false;

  constructor(
    path: string,
    private readonly checkpointPages: number,
    private readonly tickMs = READ_LOCK_TICK_MS,
  ) {
    this.#connection = new SQLite(path, { fileMustExist: true });
    // Opening the connection in WAL mode made sure the WAL index exists.
    this.#connection.pragma('journal_mode = WAL');
    this.#walIndex = openSync(`${path}-shm`, 'r');
    // Never waits for a lock: the event loop is the requests', and a refused hold is only a miss.
    this.#connection.pragma('busy_timeout = 0');
    this.#dataVersion = this.#connection.prepare('pragma data_version').pluck();
    this.#snapshot = this.#connection.prepare('select 1 from sqlite_schema limit 1');
  }

  /** Whether the keeper holds a read transaction now. */
  get holding(): boolean {
    return this.#connection.inTransaction;
  }

  /** Called for every query of the main connection: keeps the keeper ticking while queries come. */
  touch(): void {
    this.#queried = true;
    if (this.#timer !== null || this.#closed) return;
    this.#timer = setInterval(() => {
      this.#tick();
    }, this.tickMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    this.#stop();
    this.#connection.close();
    closeSync(this.#walIndex);
  }

  #tick(): void {
    const queried = this.#queried;
    this.#queried = false;
    try {
      this.#release();
      const version = this.#dataVersion.get() as number;
      const quiet = version === this.#lastVersion;
      this.#lastVersion = version;
      if (!queried) {
        this.#stop();
        return;
      }
      if (!quiet || !this.#walBelowCheckpoint()) return;
      this.#connection.exec('begin');
      // BEGIN is deferred: the snapshot, and the read mark's lock, are taken by the first read.
      this.#snapshot.get();
    } catch {
      this.#release();
    }
  }

  /**
   * Whether the WAL holds fewer frames than a checkpoint waits for. The header is kept twice and a
   * writer updates both; copies that disagree were read mid-update, and count as not below.
   */
  #walBelowCheckpoint(): boolean {
    if (readSync(this.#walIndex, this.#header, 0, this.#header.length, 0) < this.#header.length) return false;
    const first = readFrames(this.#header, MX_FRAME_OFFSET);
    const second = readFrames(this.#header, WAL_INDEX_HEADER_BYTES + MX_FRAME_OFFSET);
    return first === second && first < this.checkpointPages;
  }

  #release(): void {
    try {
      if (this.#connection.inTransaction) this.#connection.exec('rollback');
    } catch {
      // Nothing held that SQLite would not drop with the transaction anyway.
    }
  }

  #stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#lastVersion = null;
    this.#release();
  }
}
