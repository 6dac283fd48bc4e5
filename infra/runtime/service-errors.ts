// What in a service's log means something went wrong behind a test: an error-level line, an
// uncaught exception written to stderr, a 5xx answer. Pure, so it is unit-tested.

export interface ServiceError {
  service: string;
  kind: 'error log' | '5xx response' | 'uncaught exception';
  line: string;
}

/** pino's level numbers: 50 error, 60 fatal. */
const ERROR_LEVEL = 50;

/** What Node prints to stderr for a crash; warnings (deprecations) are not errors. */
const CRASH = /\b(Uncaught|Unhandled|[A-Z][A-Za-z]*Error\b|FATAL ERROR)/;
const WARNING = /\((node|npm):\d+\) \[?\w*Warning/;

export function findServiceErrors(service: string, text: string): ServiceError[] {
  const errors: ServiceError[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: { level?: unknown; status?: unknown } | undefined;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object') entry = parsed as typeof entry;
    } catch {
      // not a JSON log line: stderr output
    }
    if (entry) {
      if (typeof entry.level === 'number' && entry.level >= ERROR_LEVEL) errors.push({ service, kind: 'error log', line });
      else if (typeof entry.status === 'number' && entry.status >= 500) errors.push({ service, kind: '5xx response', line });
    } else if (CRASH.test(line) && !WARNING.test(line)) {
      errors.push({ service, kind: 'uncaught exception', line });
    }
  }
  return errors;
}

/** Whether a log holds JSON request lines (then a marker request flushes it, see the gate). */
export const logsRequests = (text: string) => /^\{.*"msg":"request"/m.test(text);
