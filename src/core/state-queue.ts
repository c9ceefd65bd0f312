/**
 * The breadth-first queue of states (with their ids), first in, first out, in memory until
 * `toDisk()` is called; from then on, as TLC's DiskStateQueue, the states pushed go to files of
 * CHUNK states in a directory made under the spill directory, read back in the order written,
 * one chunk at a time, so that memory holds at most the chunk being read and the one being
 * filled. The order is the same either way, so a search has the same counts and traces.
 *
 * In memory: `head` is read while `tail` is filled; when `head` runs out, `tail` becomes it.
 * On disk: head (oldest), then the chunk files, then tail (newest); `head` is refilled from the
 * oldest chunk file, or from `tail` when none is left. A chunk's states are encoded together
 * (state-bytes.ts: the parts they share stay shared) and deep-frozen when read, like fresh ones.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeStates, encodeStates } from './state-bytes.ts';

/** States per file of the queue on disk. */
export const CHUNK = 1024;

export class StateQueue<S> {
  private head: (S | undefined)[] = [];
  private headIds: number[] = [];
  private at = 0;
  private tail: S[] = [];
  private tailIds: number[] = [];
  /** The chunk files not yet read, by number: first..next-1. */
  private first = 0;
  private next = 0;
  private dir: string | undefined;
  /** States pushed and taken so far (a level ends where `taken` reaches what `pushed` was at its start). */
  pushed = 0;
  taken = 0;
  /** States written to the files in all. */
  written = 0;
  /** The id of the state `shift` returned last. */
  id = -1;

  /** `spillParent`: where `toDisk` makes its directory (undefined: the queue stays in memory). */
  constructor(
    private readonly spillParent?: string,
    private readonly chunk = CHUNK,
  ) {}

  get size(): number {
    return this.pushed - this.taken;
  }

  get onDisk(): boolean {
    return this.dir !== undefined;
  }

  push(state: S, id: number): void {
    this.tail.push(state);
    this.tailIds.push(id);
    this.pushed++;
    if (this.dir !== undefined && this.tail.length >= this.chunk) this.writeTail();
  }

  /** The oldest state (its id in `id`); the queue must not be empty. */
  shift(): S {
    if (this.at === this.head.length) this.refill();
    const s = this.head[this.at] as S;
    this.head[this.at] = undefined;
    this.id = this.headIds[this.at++];
    this.taken++;
    return s;
  }

  /** From now on keep the states on disk: what is in memory is written out, in order, and dropped. */
  toDisk(): void {
    if (this.dir !== undefined || this.spillParent === undefined) return;
    mkdirSync(this.spillParent, { recursive: true });
    this.dir = mkdtempSync(join(this.spillParent, 'queue-'));
    const rest = this.head.slice(this.at) as S[], restIds = this.headIds.slice(this.at);
    this.head = [];
    this.headIds = [];
    this.at = 0;
    for (let i = 0; i < rest.length; i += this.chunk) this.write(rest.slice(i, i + this.chunk), restIds.slice(i, i + this.chunk));
    while (this.tail.length > 0) this.writeTail();
  }

  /** Removes the files. */
  close(): void {
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
  }

  private refill(): void {
    this.at = 0;
    if (this.first < this.next) {
      const file = join(this.dir!, String(this.first++));
      const b = readFileSync(file);
      unlinkSync(file);
      const n = b.readUInt32LE(0);
      const ids = new Array<number>(n);
      for (let i = 0; i < n; i++) ids[i] = b.readInt32LE(4 + i * 4);
      this.headIds = ids;
      this.head = decodeStates(b.subarray(4 + n * 4)) as S[];
      return;
    }
    this.head = this.tail;
    this.headIds = this.tailIds;
    this.tail = [];
    this.tailIds = [];
  }

  private writeTail(): void {
    const n = Math.min(this.chunk, this.tail.length);
    this.write(this.tail.splice(0, n), this.tailIds.splice(0, n));
  }

  /** A chunk file: the count (4 bytes), the ids (4 bytes each), the states. */
  private write(states: S[], ids: number[]): void {
    const head = Buffer.allocUnsafe(4 + ids.length * 4);
    head.writeUInt32LE(ids.length, 0);
    for (let i = 0; i < ids.length; i++) head.writeInt32LE(ids[i], 4 + i * 4);
    writeFileSync(join(this.dir!, String(this.next++)), Buffer.concat([head, encodeStates(states)]));
    this.written += states.length;
  }
}
