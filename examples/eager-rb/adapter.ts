/** `protocheck drive <trace> --adapter examples/eager-rb/adapter.ts`: the correct implementation. */
import { eagerRbAdapter } from './make-adapter.ts';
import { EagerRbNode } from './node.ts';

export default eagerRbAdapter(EagerRbNode);
