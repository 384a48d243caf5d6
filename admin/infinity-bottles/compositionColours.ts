/** Colours of the whiskies in a blend, in composition order (largest share first), amber to peat. */
const COLOURS = [
  '#8a4b14',
  '#c47f2c',
  '#e0b45c',
  '#5d7a3a',
  '#4e342e',
  '#a0522d',
  '#6d8fa8',
  '#b35f6b',
  '#7f6a93',
  '#9e9e9e',
];

/** The colour of the `index`th whisky of a composition, in the chart and the table alike. */
export const compositionColour = (index: number): string => COLOURS[index % COLOURS.length];
