/**
 * A visited set that spills to disk, as TLC's DiskFPSet does: the fingerprints seen lately in
 * an open-addressing table in memory, the older ones in one file sorted by fingerprint (with
 * every PAGE-th fingerprint kept in memory as an index, so that a lookup reads one page), and
 * the parent links (parent id, choice) appended to a second file, read back only to rebuild a
 * trace. Ids are dense and in order of discovery, as in VisitedSet, so traces are the same.
 *
 * What it saves is the set's own memory (16 bytes a state in the table, 8 for the links); the
 * breadth-first queue of states, for most models the larger part, goes to disk beside it
 * (state-queue.ts, from the same point on: SearchRun decides both). A lookup that misses the
 * table costs a read of the disk (the page cache serves most of them); TLC keeps a similar cost.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Records per index entry of the sorted file. */
const PAGE = 512;
/** Bytes per record in the sorted file: hi, lo, id (big-endian words). */
const REC = 12;

export class SpillVisitedSet {
  private keys: Uint32Array;
  private ids: Int32Array;
  private mask: number;
  private memCount = 0;
  private count = 0;
  /** Links of the ids not yet written: id = flushed + index. */
  private links: Int32Array = new Int32Array(2048);
  private flushed = 0;
  private readonly dir: string;
  private linksFd: number;
  private fpsFd = -1;
  private diskCount = 0;
  /** The first key of every page of the sorted file (hi, lo). */
  private index = new Uint32Array(0);
  private readonly page = Buffer.allocUnsafe(PAGE * REC);
  private readonly one = Buffer.allocUnsafe(8);
  /** Times the table was written out. */
  spills = 0;

  /** `memoryEntries`: spill when the table holds this many fingerprints (and whenever spill() is called). */
  constructor(
    parent: string,
    private readonly memoryEntries = 1 << 24,
  ) {
    mkdirSync(parent, { recursive: true });
    this.dir = mkdtempSync(join(parent, 'fpset-'));
    this.linksFd = openSync(join(this.dir, 'links'), 'w+');
    const cap = 1 << 16;
    this.keys = new Uint32Array(cap * 2);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Fingerprints in memory now (the rest are on disk). */
  get inMemory(): number {
    return this.memCount;
  }

  /**
   * Whether a spill now is worth its cost: each one rewrites the sorted file, so the table must
   * have grown by a share of it (a quarter) for the spills to cost O(n log n) writes in all.
   */
  get worthSpilling(): boolean {
    return this.memCount >= Math.max(1 << 12, this.diskCount >> 2);
  }

  add(hi: number, lo: number, parent: number, choice: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    if (this.findMem(hi, lo) >= 0 || this.findDisk(hi >>> 0, lo >>> 0) >= 0) return -1;
    const id = this.count++;
    this.insertMem(hi, lo, id);
    const at = (id - this.flushed) * 2;
    if (at >= this.links.length) {
      const l = new Int32Array(this.links.length * 2);
      l.set(this.links);
      this.links = l;
    }
    this.links[at] = parent;
    this.links[at + 1] = choice;
    if (this.memCount >= this.memoryEntries) this.spill();
    return id;
  }

  find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const m = this.findMem(hi, lo);
    return m >= 0 ? m : this.findDisk(hi >>> 0, lo >>> 0);
  }

  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let cur = id; cur !== -1; ) {
      let parent: number, choice: number;
      if (cur >= this.flushed) {
        parent = this.links[(cur - this.flushed) * 2];
        choice = this.links[(cur - this.flushed) * 2 + 1];
      } else {
        readSync(this.linksFd, this.one, 0, 8, cur * 8);
        parent = this.one.readInt32LE(0);
        choice = this.one.readInt32LE(4);
      }
      path.push(choice);
      cur = parent;
    }
    return path.reverse();
  }

  /** Writes the table to the sorted file (merging) and the links to theirs, and empties the table. */
  spill(): void {
    if (this.memCount === 0) return;
    this.spills++;
    const n = this.memCount;
    // the keys sorted (natively, 8 bytes each); a key's id is looked up in the table, still intact, as it is written
    const mine = new BigUint64Array(n);
    let k = 0;
    for (let s = 0; s <= this.mask; s++) {
      const hi = this.keys[s * 2], lo = this.keys[s * 2 + 1];
      if (hi === 0 && lo === 0) continue;
      mine[k++] = (BigInt(hi) << 32n) | BigInt(lo);
    }
    mine.sort();
    const out = openSync(join(this.dir, 'fps.new'), 'w');
    const total = this.diskCount + n;
    const index = new Uint32Array(Math.ceil(total / PAGE) * 2);
    const buf = Buffer.allocUnsafe(PAGE * REC);
    let written = 0, inBuf = 0;
    const emit = (hi: number, lo: number, id: number) => {
      if (written % PAGE === 0) {
        index[(written / PAGE) * 2] = hi;
        index[(written / PAGE) * 2 + 1] = lo;
      }
      buf.writeUInt32BE(hi, inBuf * REC);
      buf.writeUInt32BE(lo, inBuf * REC + 4);
      buf.writeInt32BE(id, inBuf * REC + 8);
      written++;
      if (++inBuf === PAGE) {
        writeSync(out, buf, 0, inBuf * REC);
        inBuf = 0;
      }
    };
    // merge the old sorted file with the table's sorted keys
    const old = Buffer.allocUnsafe(PAGE * REC);
    let oldPos = 0, oldInPage = 0, oldLen = 0;
    const nextOld = (): boolean => {
      if (oldInPage < oldLen) return true;
      if (oldPos >= this.diskCount) return false;
      oldLen = Math.min(PAGE, this.diskCount - oldPos);
      readSync(this.fpsFd, old, 0, oldLen * REC, oldPos * REC);
      oldPos += oldLen;
      oldInPage = 0;
      return true;
    };
    let j = 0;
    while (j < n || nextOld()) {
      const haveOld = nextOld();
      const oh = haveOld ? old.readUInt32BE(oldInPage * REC) : 0, ol = haveOld ? old.readUInt32BE(oldInPage * REC + 4) : 0;
      const takeOld = haveOld && (j >= n || (BigInt(oh) << 32n) + BigInt(ol) < mine[j]);
      if (takeOld) {
        emit(oh, ol, old.readInt32BE(oldInPage * REC + 8));
        oldInPage++;
      } else {
        const key = mine[j++];
        const hi = Number(key >> 32n), lo = Number(key & 0xffffffffn);
        emit(hi, lo, this.findMem(hi, lo));
      }
    }
    if (inBuf > 0) writeSync(out, buf, 0, inBuf * REC);
    closeSync(out);
    if (this.fpsFd >= 0) closeSync(this.fpsFd);
    renameSync(join(this.dir, 'fps.new'), join(this.dir, 'fps'));
    this.fpsFd = openSync(join(this.dir, 'fps'), 'r');
    this.diskCount = total;
    this.index = index;
    // the links of the ids so far, then an empty table
    const links = Buffer.from(this.links.buffer, 0, (this.count - this.flushed) * 8);
    writeSync(this.linksFd, links, 0, links.length, this.flushed * 8);
    this.flushed = this.count;
    this.links = new Int32Array(2048);
    this.keys.fill(0);
    this.memCount = 0;
  }

  /** Removes the files. */
  close(): void {
    if (this.fpsFd >= 0) closeSync(this.fpsFd);
    closeSync(this.linksFd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private findMem(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const k0 = this.keys[slot * 2], k1 = this.keys[slot * 2 + 1];
      if (k0 === 0 && k1 === 0) return -1;
      if (k0 === hi >>> 0 && k1 === lo >>> 0) return this.ids[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  private insertMem(hi: number, lo: number, id: number): void {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.keys[slot * 2] !== 0 || this.keys[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
    this.keys[slot * 2] = hi;
    this.keys[slot * 2 + 1] = lo;
    this.ids[slot] = id;
    if (++this.memCount * 10 > (this.mask + 1) * 7) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys, oldIds = this.ids;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(cap * 2);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    this.memCount = 0;
    for (let s = 0; s < oldIds.length; s++) {
      const hi = oldKeys[s * 2], lo = oldKeys[s * 2 + 1];
      if (hi !== 0 || lo !== 0) this.insertMem(hi, lo, oldIds[s]);
    }
  }

  /** The id of a fingerprint in the sorted file, or -1: the page from the index, then a binary search in it. */
  private findDisk(hi: number, lo: number): number {
    const pages = this.index.length / 2;
    if (this.diskCount === 0) return -1;
    // the last page whose first key is <= (hi, lo)
    let a = 0, b = pages - 1;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      const ih = this.index[m * 2], il = this.index[m * 2 + 1];
      if (ih < hi || (ih === hi && il <= lo)) a = m;
      else b = m - 1;
    }
    const ih = this.index[a * 2], il = this.index[a * 2 + 1];
    if (ih > hi || (ih === hi && il > lo)) return -1;
    const len = Math.min(PAGE, this.diskCount - a * PAGE);
    readSync(this.fpsFd, this.page, 0, len * REC, a * PAGE * REC);
    let x = 0, y = len - 1;
    while (x <= y) {
      const m = (x + y) >> 1;
      const h = this.page.readUInt32BE(m * REC), l = this.page.readUInt32BE(m * REC + 4);
      if (h === hi && l === lo) return this.page.readInt32BE(m * REC + 8);
      if (h < hi || (h === hi && l < lo)) x = m + 1;
      else y = m - 1;
    }
    return -1;
  }
}
