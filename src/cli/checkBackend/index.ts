/** `check-backend`: checks a live experience API against the contract. Node only, no dependency. */
export { runCheckBackend, formatResult, formatSummary, EXIT, type CommandOutput } from './runCheckBackend.ts';
export { runChecks, type CheckReport, type CheckResult, type CheckStatus, type ReportedExchange, type RunSettings } from './runChecks.ts';
export { CHECKS, REACHABILITY_CHECK, type Check } from './checks.ts';
export { parseCheckArguments, USAGE, DEFAULT_TIMEOUT_MS, type ParsedArguments, type CheckCommand } from './parseCheckArguments.ts';
export type { CheckOptions, Credentials } from './checkContext.ts';
export { estimateTokenEntropy, type EntropyEstimate } from './tokenEntropy.ts';
export { answerProblems, type OperationKey, type ReceivedAnswer } from './contract.ts';
