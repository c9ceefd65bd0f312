/** A growable list of fixed-width records of 32-bit words, its bytes taken from a budget. */
import { allocating, type MemoryBudget } from './budget.ts';

export class Records {
  data: Uint32Array;
  count = 0;

  constructor(
    readonly width: number,
    private readonly budget: MemoryBudget,
    capacity = 64,
  ) {
    this.data = allocating(budget, capacity * width * 4, () => new Uint32Array(capacity * width));
  }

  push(rec: Uint32Array): void {
    const w = this.width;
    if ((this.count + 1) * w > this.data.length) this.grow();
    this.data.set(rec.subarray(0, w), this.count * w);
    this.count++;
  }

  /** Copies record i into `into`. */
  read(i: number, into: Uint32Array): void {
    const w = this.width;
    into.set(this.data.subarray(i * w, i * w + w));
  }

  pop(into: Uint32Array): void {
    this.read(--this.count, into);
  }

  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const cap = this.data.length * 2;
    const data = allocating(this.budget, cap * 4, () => new Uint32Array(cap));
    data.set(this.data);
    this.budget.give(this.data.byteLength);
    this.data = data;
  }

  release(): void {
    this.budget.give(this.data.byteLength);
    this.data = new Uint32Array(0);
    this.count = 0;
  }
}
