/** A new set of recovery codes, shown this once (only their hashes are kept); any older set stops working. */
export class RecoveryCodesDto {
  /** Ten single-use codes. @example ["7k2m-q9xd-4hfa-0nwe", "b3rt-1p8c-zz6v-k0qa"] */
  recoveryCodes: string[];
}
