import { useLayoutEffect } from 'react';
import { LogoMark } from './icons.js';

/**
 * index.html's copy of the splash, outside React's root: painted from the HTML and CSS alone,
 * before any script has arrived, and left on screen until React's first real screen is up.
 * Painting React's identical copy over it made Chromium drop the HTML one as the largest
 * contentful paint and count the page's LCP from React's first render instead.
 */
const STATIC_SPLASH_ID = 'splash';
let mountedSplashes = 0;

function staticSplash(): HTMLElement | null {
  return typeof document === 'undefined' ? null : document.getElementById(STATIC_SPLASH_ID);
}

/**
 * What shows while the app starts or opens the local store. While index.html's splash is still
 * up this renders nothing (that one is the splash); once the last Splash unmounts, a real screen
 * has replaced it and index.html's splash is removed.
 */
export function Splash({ message }: { readonly message: string }) {
  useLayoutEffect(() => {
    mountedSplashes += 1;
    return () => {
      mountedSplashes -= 1;
      // After the commit, before the browser paints; StrictMode's immediate re-mount in
      // development leaves it up.
      queueMicrotask(() => {
        if (mountedSplashes === 0) staticSplash()?.remove();
      });
    };
  }, []);
  if (staticSplash()) return null;
  return (
    <main className="splash" aria-busy="true">
      <div className="splash-brand">
        <LogoMark size={56} />
        <p className="splash-name">TrackThatMoney</p>
        <p className="splash-message">{message}</p>
      </div>
    </main>
  );
}
