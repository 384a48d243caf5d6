/**
 * Bech32 (BIP 173) as age uses it for its keys: the original checksum constant (not Bech32m) and no 90-character
 * length limit, so that longer payloads (such as post-quantum keys) remain encodable. Strings are all lower case
 * or all upper case; an upper-case human-readable part gives an upper-case string, as in `AGE-SECRET-KEY-1…`.
 */

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;
const CHECKSUM_LENGTH = 6;

/** Value of each character of the data part, or -1; indexed by char code. */
const CHARSET_VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < CHARSET.length; index++) CHARSET_VALUES[CHARSET.charCodeAt(index)] = index;

/** A string is not valid Bech32: bad character, mixed case, bad checksum or bad padding. */
export class Bech32Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Bech32Error';
  }
}

/** A decoded Bech32 string: its human-readable part (in the string's case) and its payload. */
export interface Bech32Decoded {
  hrp: string;
  data: Buffer;
}

function polymod(values: readonly number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = (((checksum & 0x1ffffff) << 5) ^ value) >>> 0;
    for (let bit = 0; bit < 5; bit++) {
      if ((top >>> bit) & 1) checksum = (checksum ^ GENERATOR[bit]) >>> 0;
    }
  }
  return checksum;
}

function expandHrp(hrp: string): number[] {
  const lower = hrp.toLowerCase();
  const high: number[] = [];
  const low: number[] = [];
  for (let index = 0; index < lower.length; index++) {
    const code = lower.charCodeAt(index);
    high.push(code >>> 5);
    low.push(code & 31);
  }
  return [...high, 0, ...low];
}

/** Regroups `data` from `fromBits`-bit to `toBits`-bit words; without `pad`, leftover bits must be < 1 word and zero. */
function convertBits(data: ArrayLike<number>, fromBits: number, toBits: number, pad: boolean): number[] {
  const result: number[] = [];
  const maxValue = (1 << toBits) - 1;
  let accumulator = 0;
  let bits = 0;
  for (let index = 0; index < data.length; index++) {
    accumulator = ((accumulator << fromBits) | data[index]) & 0xffffff;
    bits += fromBits;
    while (bits >= toBits) {
      bits -= toBits;
      result.push((accumulator >>> bits) & maxValue);
    }
  }
  if (pad) {
    if (bits > 0) result.push((accumulator << (toBits - bits)) & maxValue);
  } else if (bits >= fromBits) {
    throw new Bech32Error('Bech32 payload has excess padding');
  } else if ((accumulator << (toBits - bits)) & maxValue) {
    throw new Bech32Error('Bech32 payload has non-zero padding');
  }
  return result;
}

function checkHrp(hrp: string): void {
  if (hrp.length === 0) throw new Bech32Error('Bech32 human-readable part is empty');
  for (let index = 0; index < hrp.length; index++) {
    const code = hrp.charCodeAt(index);
    if (code < 33 || code > 126) throw new Bech32Error('Bech32 human-readable part has an invalid character');
  }
}

/** Encodes `data` under `hrp`; the result is upper case when `hrp` is, lower case otherwise. */
export function bech32Encode(hrp: string, data: Uint8Array): string {
  checkHrp(hrp);
  const lower = hrp.toLowerCase();
  const upper = hrp.toUpperCase();
  if (hrp !== lower && hrp !== upper) throw new Bech32Error('Bech32 human-readable part has mixed case');
  const words = convertBits(data, 8, 5, true);
  const checksum = polymod([...expandHrp(lower), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  let text = `${lower}1`;
  for (const word of words) text += CHARSET[word];
  for (let index = 0; index < CHECKSUM_LENGTH; index++) {
    text += CHARSET[(checksum >>> (5 * (CHECKSUM_LENGTH - 1 - index))) & 31];
  }
  return hrp === lower ? text : text.toUpperCase();
}

/** Decodes a Bech32 string; throws {@link Bech32Error} on anything but a valid, single-case string. */
export function bech32Decode(text: string): Bech32Decoded {
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) throw new Bech32Error('Bech32 string has mixed case');
  const separator = text.lastIndexOf('1');
  if (separator < 1 || separator + 1 + CHECKSUM_LENGTH > text.length) {
    throw new Bech32Error('Bech32 separator is missing or misplaced');
  }
  const hrp = text.slice(0, separator);
  checkHrp(hrp);
  const words: number[] = [];
  for (let index = separator + 1; index < lower.length; index++) {
    const code = lower.charCodeAt(index);
    const value = code < 128 ? CHARSET_VALUES[code] : -1;
    if (value < 0) throw new Bech32Error('Bech32 data part has an invalid character');
    words.push(value);
  }
  if (polymod([...expandHrp(hrp), ...words]) !== 1) throw new Bech32Error('Bech32 checksum is wrong');
  const data = convertBits(words.slice(0, -CHECKSUM_LENGTH), 5, 8, false);
  return { hrp, data: Buffer.from(data) };
}
