/**
 * The dossier code (mã số hồ sơ, DOMAIN.md §2): a configurable pattern, by default the
 * TT 01/2018 Art. 19 one, `{agency}-{YYMMDD}-{NNNN}` → `000.00.53.H48-220921-0099`. The sequence
 * restarts with the finest date the pattern shows (daily for a full date) and is kept per agency
 * in a store counter, so a code is never handed out twice — not even when the start that asked
 * for it then failed (that number is skipped).
 *
 * Tokens: `{agency}`, `{YYYY}`, `{YY}`, `{MM}`, `{DD}`, `{YYMMDD}`, `{YYYYMMDD}`, and one sequence
 * `{N…}` whose length is the zero-padded width (a larger number keeps all its digits).
 */
import { DateTime } from 'luxon';
import { zoneNamed } from '../calendar/zone-offsets.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';

export const DEFAULT_CODE_PATTERN = '{agency}-{YYMMDD}-{NNNN}';

const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'DD', 'YYMMDD', 'YYYYMMDD'] as const;

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'agency' }
  | { readonly kind: 'date'; readonly token: (typeof DATE_TOKENS)[number] }
  | { readonly kind: 'sequence'; readonly width: number };

/** How often the sequence restarts: the finest date the pattern shows. */
type SequenceScope = 'day' | 'month' | 'year' | 'never';

export class DossierCodePattern {
  private readonly parts: readonly Part[];
  private readonly scope: SequenceScope;

  /** Parses `pattern`; a pattern that cannot give unique codes is a `MotcuaError` naming `codePattern`. */
  constructor(readonly pattern: string = DEFAULT_CODE_PATTERN) {
    this.parts = parse(pattern);
    const dates = this.parts.flatMap((part) => (part.kind === 'date' ? [part.token] : []));
    const shows = (unit: 'Y' | 'M' | 'D') => dates.some((token) => token.includes(unit));
    const problem = (message: string) => new MotcuaError(ErrorCode.InvalidInput, `dossier code pattern ${JSON.stringify(pattern)}: ${message}`, { field: 'codePattern' });
    if (!this.parts.some((part) => part.kind === 'agency')) throw problem('needs {agency}: sequences are kept per agency, so codes of two agencies would clash');
    const sequences = this.parts.filter((part) => part.kind === 'sequence').length;
    if (sequences !== 1) throw problem(`needs exactly one sequence {NNNN}, found ${sequences}`);
    // a restarting sequence is unique only with the whole date it restarts on
    if (shows('D') && !(shows('M') && shows('Y'))) throw problem('a day {DD} needs the month and the year too, or codes repeat every month');
    if (shows('M') && !shows('Y')) throw problem('a month {MM} needs the year too, or codes repeat every year');
    this.scope = shows('D') ? 'day' : shows('M') ? 'month' : shows('Y') ? 'year' : 'never';
  }

  /** The store counter holding the sequence for `agency` at `at` (e.g. `dossier:000.00.53.H48:220921`). */
  counterKey(agency: string, at: number, zone: string): string {
    const local = DateTime.fromMillis(at, { zone: zoneNamed(zone) });
    const suffix = { day: local.toFormat('yyMMdd'), month: local.toFormat('yyyyMM'), year: local.toFormat('yyyy'), never: '' }[this.scope];
    return suffix === '' ? `dossier:${agency}` : `dossier:${agency}:${suffix}`;
  }

  /** The code for `agency`, the local date of `at` and the sequence number `sequence`. */
  format(agency: string, at: number, zone: string, sequence: number): string {
    const local = DateTime.fromMillis(at, { zone: zoneNamed(zone) });
    const formats: Record<(typeof DATE_TOKENS)[number], string> = { YYYY: 'yyyy', YY: 'yy', MM: 'MM', DD: 'dd', YYMMDD: 'yyMMdd', YYYYMMDD: 'yyyyMMdd' };
    return this.parts
      .map((part) => {
        switch (part.kind) {
          case 'text':
            return part.text;
          case 'agency':
            return agency;
          case 'date':
            return local.toFormat(formats[part.token]);
          case 'sequence':
            return String(sequence).padStart(part.width, '0');
        }
      })
      .join('');
  }
}

function parse(pattern: string): Part[] {
  const problem = (message: string) => new MotcuaError(ErrorCode.InvalidInput, `dossier code pattern ${JSON.stringify(pattern)}: ${message}`, { field: 'codePattern' });
  if (typeof pattern !== 'string' || pattern.trim() === '') throw problem('must not be empty');
  if (/\s/.test(pattern)) throw problem('must not contain spaces');
  const parts: Part[] = [];
  let rest = pattern;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (open === -1) {
      if (close !== -1) throw problem('has a "}" without its "{"');
      parts.push({ kind: 'text', text: rest });
      break;
    }
    if (close !== -1 && close < open) throw problem('has a "}" without its "{"');
    if (open > 0) parts.push({ kind: 'text', text: rest.slice(0, open) });
    const end = rest.indexOf('}', open);
    if (end === -1) throw problem('has a "{" without its "}"');
    const token = rest.slice(open + 1, end);
    if (token === 'agency') parts.push({ kind: 'agency' });
    else if ((DATE_TOKENS as readonly string[]).includes(token)) parts.push({ kind: 'date', token: token as (typeof DATE_TOKENS)[number] });
    else if (/^N+$/.test(token)) parts.push({ kind: 'sequence', width: token.length });
    else throw problem(`unknown token {${token}}: use {agency}, {YYYY}, {YY}, {MM}, {DD}, {YYMMDD}, {YYYYMMDD} and one {NNNN}`);
    rest = rest.slice(end + 1);
  }
  return parts;
}
