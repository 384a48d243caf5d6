import { useState } from 'react';
import { Box, Chip, FormControl, FormLabel, Skeleton, Stack, Tab, Tabs, Typography } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { useInput } from 'react-admin';
import { useFlavourFamilies, useFlavourLabel } from './useFlavourTags';

/** Chips people tap during a tasting: at least 44 px high. */
const TOUCH_CHIP = { height: 44, borderRadius: 22, fontSize: '0.95rem' };

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Picks flavour tags from the vocabulary of `GET /flavour-tags`: a tab per family of the flavour
 * wheel, its tags as toggle chips, and the picked ones on top (tap to remove). Stores slugs in
 * `source` (the API's `flavourTags`). The one tag picker of the console (notes and live mode).
 */
export const FlavourTagInput = ({ source = 'flavourTags', label = 'Flavours' }: FlavourTagInputProps) => {
  const { field, id } = useInput<string[]>({ source, defaultValue: [] });
  const { data: families, isPending } = useFlavourFamilies();
  const labelOf = useFlavourLabel();
  const [family, setFamily] = useState(0);
  const picked: string[] = Array.isArray(field.value) ? (field.value as string[]) : [];
  const toggle = (slug: string) =>
    field.onChange(picked.includes(slug) ? picked.filter((each) => each !== slug) : [...picked, slug]);
  const shown = families?.[family];

  return (
    <FormControl component="fieldset" fullWidth sx={{ my: 1 }} id={id}>
      <FormLabel component="legend">{label}</FormLabel>
      <Stack
        direction="row"
        flexWrap="wrap"
        gap={1}
        sx={{ my: 1 }}
        aria-label={`Picked ${label.toLowerCase()}`}
      >
        {picked.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            None picked yet: choose a family, then tap what you smell and taste.
          </Typography>
        )}
        {picked.map((slug) => (
          <Chip
            key={slug}
            label={labelOf(slug)}
            color="primary"
            onDelete={() => toggle(slug)}
            sx={TOUCH_CHIP}
          />
        ))}
      </Stack>
      {isPending || !families ? (
        <Skeleton variant="rounded" height={96} />
      ) : (
        // A grid track of minmax(0, 1fr) keeps the row of tabs from widening the page on a phone.
        <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)' }}>
          <Tabs
            value={family}
            onChange={(_event, index: number) => setFamily(index)}
            variant="scrollable"
            scrollButtons="auto"
            allowScrollButtonsMobile
            aria-label="Flavour families"
          >
            {families.map((each) => {
              const count = each.tags.filter((tag) => picked.includes(tag.slug)).length;
              return (
                <Tab
                  key={each.family}
                  label={count ? `${capitalise(each.family)} (${count})` : capitalise(each.family)}
                  sx={{ minHeight: 48 }}
                />
              );
            })}
          </Tabs>
          {shown && (
            <Box
              role="group"
              aria-label={`${capitalise(shown.family)} flavours`}
              sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, pt: 1.5 }}
            >
              {shown.tags.map((tag) => {
                const on = picked.includes(tag.slug);
                return (
                  <Chip
                    key={tag.slug}
                    label={tag.label}
                    icon={on ? <CheckIcon /> : undefined}
                    color={on ? 'primary' : 'default'}
                    variant={on ? 'filled' : 'outlined'}
                    onClick={() => toggle(tag.slug)}
                    aria-pressed={on}
                    sx={TOUCH_CHIP}
                  />
                );
              })}
            </Box>
          )}
        </Box>
      )}
    </FormControl>
  );
};

/** Props of {@link FlavourTagInput}. */
export interface FlavourTagInputProps {
  source?: string;
  label?: string;
}
