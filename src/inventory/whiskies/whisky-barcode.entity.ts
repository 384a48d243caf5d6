import { defineEntity, p } from '@mikro-orm/core';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';
import { Whisky } from './whisky.entity.js';

const WhiskyBarcodeSchema = defineEntity({
  name: 'WhiskyBarcode',
  tableName: 'whisky_barcode',
  filters: householdFilter(),
  properties: {
    /** The household repeats here so a barcode is unique per household (and scans look it up fast). */
    household: () => p.manyToOne(Household).primary(),
    /** EAN-8, EAN-13, UPC-A or UPC-E digits. */
    code: p.string().length(14).primary(),
    whisky: () => p.manyToOne(Whisky).index().deleteRule('cascade'),
  },
});

/** One EAN/UPC code of an expression (an expression may have several). */
export class WhiskyBarcode extends WhiskyBarcodeSchema.class {}
WhiskyBarcodeSchema.setClass(WhiskyBarcode);
