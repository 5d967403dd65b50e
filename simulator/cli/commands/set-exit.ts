/** Commands report their outcome as an exit status (0 clean, 1 findings, 2 errors). */
export type SetExitCode = (code: number) => void;
