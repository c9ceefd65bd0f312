/**
 * Actions' identities across states, for partial-order reduction (`Model.actionKey`, else the
 * label), interned as small numbers: what sleep sets (sleep.ts) carry from a state to its
 * successors and what the fair-cycle graph's diamonds (graph-diamonds.ts) match edges by.
 */
import type { Model } from './model.ts';

export class ActionKeys<A> {
  private readonly text: (a: A) => string;
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  constructor(model: Model<unknown, A>) {
    this.text = model.actionKey ? model.actionKey.bind(model) : model.label.bind(model);
  }

  /** The key id of an action. */
  id(a: A): number {
    const k = this.text(a);
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(k, id);
      this.texts.push(k);
    }
    return id;
  }

  /** The key id of each action, or -1 for actions that share a key with another in the same state (those are never matched). */
  unique(actions: readonly A[]): number[] {
    const keys = actions.map((a) => this.id(a));
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] < 0) continue;
      for (let j = i + 1; j < keys.length; j++) {
        if (keys[j] !== keys[i]) continue;
        const k = keys[i];
        for (let m = i; m < keys.length; m++) if (keys[m] === k) keys[m] = -1;
      }
    }
    return keys;
  }

  /** The key a id stands for. */
  name(id: number): string | undefined {
    return this.texts[id];
  }

  /** An action's key in words. */
  textOf(a: A): string {
    return this.text(a);
  }
}
