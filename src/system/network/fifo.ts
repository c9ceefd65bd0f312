/** FIFO channels: per channel, messages are delivered in the order they were sent; channels are kept in (from, to) order. */
import { sameChannel, sameEnv, type Channels } from './channels.ts';

export const fifo: Channels = {
  name: 'fifo',
  offered: (net, i) => i === 0 || !sameChannel(net[i - 1], net[i]),
  insert(net, e, duplication) {
    let i = net.length;
    while (i > 0 && (net[i - 1].from > e.from || (net[i - 1].from === e.from && net[i - 1].to > e.to))) i--;
    if (duplication && net.some((x) => sameEnv(x, e))) return -1;
    net.splice(i, 0, e);
    return i;
  },
  // a stable sort by channel keeps each channel's send order
  sort: (net) => net.sort((a, b) => a.from - b.from || a.to - b.to),
};
