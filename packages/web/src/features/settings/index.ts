import { lazy } from 'react';

/** CSV export and import for the Account screen: a chunk of its own, loaded when that screen opens. */
export const DataSettings = lazy(() =>
  import('./data-settings.js').then((module) => ({ default: module.DataSettings })),
);
