/** Unordered channels: any message in flight may be delivered next; the network is a multiset, kept sorted. */
import { compareEnv, sameEnv, type Channels } from './channels.ts';

export const unordered: Channels = {
  name: 'unordered',
  offered: (net, i) => i === 0 || net[i - 1].to !== net[i].to || net[i - 1].from !== net[i].from || !sameEnv(net[i - 1], net[i]),
  insert(net, e, duplication) {
    let i = net.length;
    while (i > 0 && compareEnv(net[i - 1], e) > 0) i--;
    if (duplication && i > 0 && sameEnv(net[i - 1], e)) return -1;
    net.splice(i, 0, e);
    return i;
  },
  sort: (net) => net.sort(compareEnv),
};
