import { useCallback } from 'react';
import { useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { ConsoleDataProvider } from '../dataProvider';

/** The flavour vocabulary by family (`GET /flavour-tags`), loaded once per visit. */
export function useFlavourFamilies() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useQuery({
    queryKey: ['flavour-tags'],
    queryFn: () => dataProvider.flavourTags(),
    staleTime: Infinity,
  });
}

/** The label of a flavour slug ("peaty" → "Peaty"); the slug itself until the vocabulary is loaded. */
export function useFlavourLabel(): (slug: string) => string {
  const { data } = useFlavourFamilies();
  return useCallback(
    (slug: string) => data?.flatMap((family) => family.tags).find((tag) => tag.slug === slug)?.label ?? slug,
    [data],
  );
}
