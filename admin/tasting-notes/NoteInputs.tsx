import { TextInput } from 'react-admin';
import { FlavourTagInput } from './FlavourTagInput';
import { ScoreInput } from './ScoreInput';
import type { RatingScale } from './scales';

/**
 * The inputs of a tasting note, named as the API's note DTOs: score in `scale`, nose, palate,
 * finish, flavour tags (members only: the vocabulary needs an account) and, for a sample still
 * hidden from the author, a guess.
 */
export const NoteInputs = ({ scale, withFlavourTags = true, withGuess = false }: NoteInputsProps) => (
  <>
    <ScoreInput scale={scale} />
    <TextInput source="nose" label="Nose" multiline minRows={2} fullWidth />
    <TextInput source="palate" label="Palate" multiline minRows={2} fullWidth />
    <TextInput source="finish" label="Finish" multiline minRows={2} fullWidth />
    {withFlavourTags && <FlavourTagInput />}
    {withGuess && (
      <TextInput
        source="guessText"
        label="Your guess"
        helperText="What do you think it is? Compared when the sample is revealed."
        fullWidth
      />
    )}
  </>
);

/** Props of {@link NoteInputs}. */
export interface NoteInputsProps {
  scale: RatingScale;
  withFlavourTags?: boolean;
  withGuess?: boolean;
}
