/** Unordered channels: any message in flight may be delivered next; the network is a multiset, kept sorted. */
import { compareEnv, sameEnv, type Channels } from './channels.ts';

export const unordered: Channels = {
  name: 'unordered',
  offered: (net, i) => i === 0 || net[i - 1].to !== net[i].to || net[i - 1].from !== net[i].from || !sameEnv(net[i - 1], net[i]),
  insert(net, e, duplication) {
    // after every message that sorts at or before it (the network is sorted): a binary search,
    // whose probes mostly meet other channels and so compare two numbers, not content keys
    let lo = 0;
    let hi = net.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEnv(net[mid], e) > 0) hi = mid;
      else lo = mid + 1;
    }
    const i = lo;
    if (duplication && i > 0 && sameEnv(net[i - 1], e)) return -1;
    net.splice(i, 0, e);
    return i;
  },
  sort: (net) => net.sort(compareEnv),
};
