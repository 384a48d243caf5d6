/**
 * Retail barcodes of a bottle: EAN-8, UPC-E (8 digits), UPC-A (12) and EAN-13 (13), each ending in a
 * check digit. Pure functions, so the scanner look-up and the validation of input agree.
 */

/** Removes the spaces people and scanners put between digit groups (`5 000281 005416`). */
export function normaliseBarcode(code: string): string {
  return code.replace(/\s+/g, '');
}

/** The GS1 check digit of `digits` (the code without its check digit): weights 3,1,3,… from the right. */
function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const weight = i % 2 === 0 ? 3 : 1;
    sum += Number(digits[digits.length - 1 - i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

function hasValidGs1CheckDigit(code: string): boolean {
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/**
 * The UPC-A code a UPC-E code stands for (zero-suppressed), without its check digit; null when the
 * number system is not 0 or 1 (UPC-E exists only for those).
 */
function expandUpcE(code: string): string | null {
  const system = code[0];
  if (system !== '0' && system !== '1') return null;
  const [d1, d2, d3, d4, d5, d6] = code.slice(1, 7);
  switch (d6) {
    case '0':
    case '1':
    case '2':
      return `${system}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
    case '3':
      return `${system}${d1}${d2}${d3}00000${d4}${d5}`;
    case '4':
      return `${system}${d1}${d2}${d3}${d4}00000${d5}`;
    default:
      return `${system}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  }
}

function isValidUpcE(code: string): boolean {
  const upcA = expandUpcE(code);
  return upcA !== null && gs1CheckDigit(upcA) === Number(code[7]);
}

/**
 * Whether `code` (digits only, already normalised) is an EAN-8, UPC-E, UPC-A or EAN-13 code with a
 * correct check digit. Eight digits are accepted as either EAN-8 or UPC-E, since both are that long.
 */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code)) return false;
  switch (code.length) {
    case 8:
      return hasValidGs1CheckDigit(code) || isValidUpcE(code);
    case 12:
    case 13:
      return hasValidGs1CheckDigit(code);
    default:
      return false;
  }
}
