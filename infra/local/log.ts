/** The local runtime's logger: one line per event on stderr, so stdout stays clean for scripts. */
export type LogLevel = 'info' | 'warn' | 'error';
export type LocalLog = (level: LogLevel, message: string, detail?: unknown) => void;

export const consoleLog: LocalLog = (level, message, detail) => {
  const line = `[local] ${level === 'info' ? '' : `${level.toUpperCase()} `}${message}`;
  if (detail === undefined) console.error(line);
  else console.error(line, detail instanceof Error ? detail : JSON.stringify(detail));
};

/** Warnings and errors only: for tests, where routine start-up chatter is noise. */
export const quietLog: LocalLog = (level, message, detail) => {
  if (level !== 'info') consoleLog(level, message, detail);
};

export const silentLog: LocalLog = () => {};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
