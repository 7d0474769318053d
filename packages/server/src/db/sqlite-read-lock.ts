import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/** How often the keeper looks for commits and moves its snapshot on (or lets go of it). */
export const READ_LOCK_TICK_MS = 10;

/**
 * The WAL index's header (one copy of two) and where in it `mxFrame`, the WAL's valid frames, is;
 * after both copies, the checkpoint's `nBackfill`, the frames copied back into the database file.
 */
const WAL_INDEX_HEADER_BYTES = 48;
const MX_FRAME_OFFSET = 16;
const N_BACKFILL_OFFSET = 96;

/** The WAL index is in the machine's native byte order. */
const readWord: (header: Buffer, offset: number) => number =
  endianness() === 'LE'
    ? (header, offset) => header.readUInt32LE(offset)
    : (header, offset) => header.readUInt32BE(offset);

/**
 * The `-shm` files' descriptors, one per file for all of this process's keepers. Closing any
 * descriptor of a file drops every `fcntl` lock this process holds on it (POSIX locks belong to
 * the process, not the descriptor), SQLite's own connections' included; so a descriptor is closed
 * only when the last keeper of its file has closed, after the database connections it kept for.
 */
const walIndexes = new Map<string, { readonly fd: number; users: number }>();

function openWalIndex(path: string): number {
  const open = walIndexes.get(path);
  if (open !== undefined) {
    open.users += 1;
    return open.fd;
  }
  const fd = openSync(path, 'r');
  walIndexes.set(path, { fd, users: 1 });
  return fd;
}

function closeWalIndex(path: string): void {
  const open = walIndexes.get(path);
  if (open === undefined) return;
  open.users -= 1;
  if (open.users > 0) return;
  walIndexes.delete(path);
  closeSync(open.fd);
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
 * nothing is read stale: the keeper only decides who pays for the lock, and it never takes the
 * write lock. What a held read transaction costs others is that a checkpoint cannot copy frames
 * past the keeper's snapshot, and the WAL cannot start over from its beginning while the keeper
 * holds a mark other than 0. Our connections checkpoint once the WAL holds `checkpointPages`
 * frames (`wal_autocheckpoint`), so below that a hold delays no checkpoint of ours; held at every
 * commit past it, it would keep the WAL from ever starting over while writes come now and then. So
 * at every tick the keeper lets go, and begins a new hold only if the database is quiet (no
 * connection, this process's own or another's, has committed since the last tick: `data_version`)
 * and the WAL is below that size or wholly copied back (read from the WAL index's header, whose
 * layout SQLite documents in https://www.sqlite.org/walformat.html). What remains: the commit
 * that takes the WAL past the size checkpoints while the keeper may still hold the snapshot before
 * it, so that checkpoint stops one commit short and the WAL starts over one commit later; a
 * connection with a smaller `wal_autocheckpoint` (the `sqlite3` shell's 1,000) checkpoints only as
 * far as the keeper's snapshot while the WAL is below ours; and a `wal_checkpoint(RESTART)` or
 * `(TRUNCATE)` run from elsewhere needs a busy timeout of a tick or more to wait the keeper out (on
 * the main connection it would wait for a tick that cannot come while it blocks the event loop, so
 * the server never runs one). A hold during writes would not help anyway: a read whose snapshot is
 * newer than the keeper's uses another read mark. The keeper also stops ticking, and holds nothing,
 * once a tick passes without a query, so an idle server does not wake up for it. It is only ever an
 * optimisation: if SQLite refuses it anything (a busy database, an error), it lets go and tries
 * again next tick.
 */
export class SqliteReadLockKeeper {
  readonly #connection: SQLite.Database;
  readonly #dataVersion: SQLite.Statement;
  readonly #snapshot: SQLite.Statement;
  /** The `-shm` file, where the WAL index's header says how many frames the WAL holds. */
  readonly #walIndexPath: string;
  readonly #walIndex: number;
  readonly #header = Buffer.alloc(N_BACKFILL_OFFSET + 4);
  #timer: NodeJS.Timeout | null = null;
  #queried = false;
  #lastVersion: number | null = null;
  #closed = false;

  /** Throws if the file is not a database in WAL mode; see `startReadLockKeeper`. */
  constructor(
    path: string,
    private readonly checkpointPages: number,
    private readonly tickMs = READ_LOCK_TICK_MS,
  ) {
    this.#connection = new SQLite(path, { fileMustExist: true });
    this.#walIndexPath = resolve(`${path}-shm`);
    try {
      // A database in WAL mode opens in WAL mode; the main connection made sure of it, and made
      // the WAL index's file exist.
      if (this.#connection.pragma('journal_mode', { simple: true }) !== 'wal')
        throw new Error(`${path} is not in WAL mode`);
      // Never waits for a lock: the event loop is the requests', and a refused hold is only a miss.
      this.#connection.pragma('busy_timeout = 0');
      this.#dataVersion = this.#connection.prepare('pragma data_version').pluck();
      this.#snapshot = this.#connection.prepare('select 1 from sqlite_schema limit 1');
      this.#walIndex = openWalIndex(this.#walIndexPath);
    } catch (error) {
      this.#connection.close();
      throw error;
    }
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

  /**
   * Closes the keeper's connection, then `closeDatabase` (the main connection), then the WAL
   * index's descriptor, in that order whatever fails: the descriptor last, so that closing it
   * cannot drop the main connection's locks while it is open. A second call does nothing.
   */
  close(closeDatabase: () => void = () => undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#stop();
      this.#connection.close();
    } finally {
      try {
        closeDatabase();
      } finally {
        closeWalIndex(this.#walIndexPath);
      }
    }
  }

  #tick(): void {
    const queried = this.#queried;
    this.#queried = false;
    if (!queried) {
      this.#stop();
      return;
    }
    try {
      this.#release();
      const version = this.#dataVersion.get() as number;
      const quiet = version === this.#lastVersion;
      this.#lastVersion = version;
      if (!quiet || !this.#holdStandsInNoWay()) return;
      this.#connection.exec('begin');
      // BEGIN is deferred: the snapshot, and the read mark's lock, are taken by the first read.
      this.#snapshot.get();
    } catch {
      this.#release();
    }
  }

  /**
   * Whether a hold now would keep no checkpoint from copying and no WAL from starting over: the
   * WAL holds fewer frames than a checkpoint waits for, or a checkpoint has copied all of them
   * back (a snapshot then reads from the database file alone, under read mark 0, which a restart
   * does not wait for). The header is kept twice and a writer updates both; copies that disagree
   * were read mid-update, and count as standing in the way.
   */
  #holdStandsInNoWay(): boolean {
    if (readSync(this.#walIndex, this.#header, 0, this.#header.length, 0) < this.#header.length) return false;
    const frames = readWord(this.#header, MX_FRAME_OFFSET);
    if (frames !== readWord(this.#header, WAL_INDEX_HEADER_BYTES + MX_FRAME_OFFSET)) return false;
    return frames < this.checkpointPages || readWord(this.#header, N_BACKFILL_OFFSET) === frames;
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

/**
 * A keeper for a database file, or null where none can work (not in WAL mode, no WAL index file):
 * the keeper only ever spares system calls, so its absence must never stop the server.
 */
export function startReadLockKeeper(path: string, checkpointPages: number): SqliteReadLockKeeper | null {
  try {
    return new SqliteReadLockKeeper(path, checkpointPages);
  } catch {
    return null;
  }
}
