import { LogoMark } from './icons.js';

/**
 * What shows while the app starts or opens the local store. index.html holds the same markup in
 * #root, so a phone paints it from the HTML and CSS alone, before any script has arrived; React
 * then renders this component over it without a visible change.
 */
export function Splash({ message }: { readonly message: string }) {
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
