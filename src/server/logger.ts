/**
 * Logs: one JSON object per line on stdout (for machines: the default when stdout is not a
 * terminal), or one readable line per event (`pretty`, the default in a terminal). Never pass
 * free text, contact details or staff keys to the logger; log ids and codes only. Staff keys
 * are printed to the terminal by main.ts, never through here.
 */
import type { LogFormat, LogLevel } from './config.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** `12:03:04 POST /v1/feedback 201 3.1 ms` for requests; `12:03:04 warn message key=value …` otherwise. */
export function prettyLine(time: Date, level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}): string {
  const clock = time.toTimeString().slice(0, 8);
  if (msg === 'request') {
    const { method, path, status, ms, ...rest } = fields;
    const extra = Object.keys(rest).filter((k) => k !== 'requestId');
    return `${clock} ${String(method)} ${String(path)} ${String(status)} ${String(ms)} ms${extra.map((k) => ` ${k}=${String(rest[k])}`).join('')}\n`;
  }
  const pairs = Object.entries(fields)
    .filter(([k]) => k !== 'stack' || level === 'error')
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? (k === 'stack' ? `\n${v}` : v) : JSON.stringify(v)}`);
  return `${clock} ${level === 'info' ? '' : `${level} `}${msg}${pairs.join('')}\n`;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(l),
  format: LogFormat = 'json',
): Logger {
  const min = RANK[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (RANK[lvl] < min) return;
    const time = new Date();
    write(
      format === 'pretty'
        ? prettyLine(time, lvl, msg, fields)
        : JSON.stringify({ time: time.toISOString(), level: lvl, msg, ...fields }) + '\n',
    );
  };
  return {
    level,
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** Turns an unknown thrown value into loggable fields (message and stack, nothing from the request). */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { error: err.message, name: err.name, stack: err.stack };
  return { error: String(err) };
}
