/** Linearizability and sequential consistency checking of operation histories. */
export type { Operation, History } from './history.ts';
export { HistoryError, isUnknown, precedes, validateHistory } from './history.ts';
export type { Model, Illegal, Unknown } from './model.ts';
export { ILLEGAL, UNKNOWN } from './model.ts';
export { models, getModel, UnknownModelError, register, casRegister, kv } from './models/index.ts';
export type { CheckResult, CheckOptions, PartitionResult, StuckOperation, Verdict, Consistency, Algorithm, Progress, MemoryFigures } from './result.ts';
export { checkLinearizability } from './linearizability.ts';
export { Portfolio, checkLinearizabilityParallel, type PortfolioOptions } from './portfolio/pool.ts';
export { defaultMemoryLimit } from './limits.ts';
export { checkSequentialConsistency } from './sequential.ts';
export { parseHistory, detectFormat, FORMATS, type HistoryFormat, type ParseOptions } from './parse/index.ts';
export { readEdn, toPlain, Keyword, type Edn } from './parse/edn.ts';
export { renderResult, renderProgress, table as renderOperations } from './render.ts';
export { hashValue, equalValues } from './hash.ts';
