import { Suspense, lazy, type ComponentType } from 'react';
import { Loading } from 'react-admin';

/**
 * A screen loaded on first use, with react-admin's spinner meanwhile: screens most visits never open
 * (administration, My account, the pages of mailed links) stay out of the console's first load.
 * `name` picks a named export of the module; without it, its default export.
 */
export function lazyScreen<K extends string = 'default'>(
  load: () => Promise<Record<NoInfer<K>, ComponentType>>,
  name?: K,
): ComponentType {
  const Screen = lazy<ComponentType>(async () => ({ default: (await load())[name ?? ('default' as K)] }));
  const LazyScreen = () => (
    <Suspense fallback={<Loading />}>
      <Screen />
    </Suspense>
  );
  return LazyScreen;
}
