/** The same adapter over the buggy implementation (buggy-node.ts): every eager-rb trace catches it. */
import { FastPathEagerRbNode } from './buggy-node.ts';
import { eagerRbAdapter } from './make-adapter.ts';

export default eagerRbAdapter(FastPathEagerRbNode);
