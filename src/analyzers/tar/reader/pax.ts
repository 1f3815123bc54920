/** @module POSIX pax extended header records: `"<length> <keyword>=<value>\n"`, repeated. */

export interface PaxRecords {
  readonly values: Map<string, string>;
  /** Set when a record is malformed; the records before it are kept. */
  readonly error?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export function parsePax(bytes: Uint8Array): PaxRecords {
  const values = new Map<string, string>();
  let at = 0;
  while (at < bytes.length && bytes[at] !== 0) {
    const space = bytes.indexOf(0x20, at);
    const lengthText = space < 0 ? '' : Buffer.from(bytes.subarray(at, space)).toString('latin1');
    const length = /^[0-9]{1,10}$/.test(lengthText) ? parseInt(lengthText, 10) : NaN;
    if (!(length > space - at + 1) || at + length > bytes.length || bytes[at + length - 1] !== 0x0a) {
      return { values, error: `malformed pax record at byte ${at} of the extended header` };
    }
    const record = decoder.decode(bytes.subarray(space + 1, at + length - 1));
    const equals = record.indexOf('=');
    if (equals <= 0) return { values, error: `pax record without "=" at byte ${at} of the extended header` };
    values.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return { values };
}
